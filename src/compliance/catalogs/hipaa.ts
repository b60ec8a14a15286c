import type { ControlCatalog } from './types';

const TLS = ['HAVEN-S3-TLS', 'HAVEN-DB-TLS', 'HAVEN-CACHE-TLS', 'HAVEN-LISTENER-TLS'];

/** HIPAA Security Rule safeguards that infrastructure can evidence (45 CFR §164.308–§164.316). */
export const HIPAA: ControlCatalog = {
  framework: 'hipaa',
  title: 'HIPAA Security Rule',
  version: '45 CFR Part 164 Subpart C',
  nagPack: 'HIPAA.Security',
  controls: [
    { id: '164.308(a)(1)', title: 'Security management process (risk analysis, information system activity review)', kind: 'technical', rules: ['HAVEN-AUDIT-SERVICES', 'HAVEN-ALARM-COVERAGE'], nagControls: ['164.308(a)(1)'] },
    { id: '164.308(a)(3)', title: 'Workforce security (authorization, clearance, termination)', kind: 'technical', rules: ['HAVEN-IAM-NO-WILDCARD'], nagControls: ['164.308(a)(3)'] },
    { id: '164.308(a)(4)', title: 'Information access management (access authorization, establishment and modification)', kind: 'technical', rules: ['HAVEN-IAM-NO-WILDCARD'], nagControls: ['164.308(a)(4)'] },
    { id: '164.308(a)(5)', title: 'Security awareness and training (log-in monitoring, password management)', kind: 'technical', rules: ['HAVEN-SECRET-ROTATION'], nagControls: ['164.308(a)(5)'] },
    { id: '164.308(a)(6)', title: 'Security incident procedures (identify and respond to incidents)', kind: 'technical', rules: ['HAVEN-ALARM-COVERAGE', 'HAVEN-AUDIT-SERVICES'], nagControls: ['164.308(a)(6)'] },
    { id: '164.308(a)(7)', title: 'Contingency plan (data backup, disaster recovery, emergency mode)', kind: 'technical', rules: ['HAVEN-BACKUP-COVERAGE', 'HAVEN-BACKUP-RETENTION', 'HAVEN-DR-OBJECTIVES', 'HAVEN-DELETION-PROTECTION'], nagControls: ['164.308(a)(7)'] },
    { id: '164.308(a)(8)', title: 'Evaluation (periodic technical and non-technical evaluation)', kind: 'organizational', rules: [] },
    { id: '164.308(b)(1)', title: 'Business associate contracts (including the AWS BAA)', kind: 'organizational', rules: [] },
    { id: '164.310(a)(1)', title: 'Facility access controls (AWS data centres, inherited)', kind: 'organizational', rules: [] },
    { id: '164.310(d)(1)', title: 'Device and media controls (disposal, re-use, backup before movement)', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', 'HAVEN-BACKUP-COVERAGE', 'HAVEN-DELETION-PROTECTION'], nagControls: ['164.310(d)'] },
    { id: '164.312(a)(1)', title: 'Access control (unique user, emergency access, automatic logoff, encryption and decryption)', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', 'HAVEN-IAM-NO-WILDCARD', 'HAVEN-SECRET-ROTATION'], nagControls: ['164.312(a)'] },
    { id: '164.312(b)', title: 'Audit controls (record and examine activity in systems containing ePHI)', kind: 'technical', rules: ['HAVEN-PGAUDIT', 'HAVEN-LOG-RETENTION', 'HAVEN-AUDIT-SERVICES'], nagControls: ['164.312(b)'] },
    { id: '164.312(c)(1)', title: 'Integrity (protect ePHI from improper alteration or destruction)', kind: 'technical', rules: ['HAVEN-DELETION-PROTECTION', 'HAVEN-BACKUP-COVERAGE', 'HAVEN-S3-TLS'], nagControls: ['164.312(c)'] },
    { id: '164.312(d)', title: 'Person or entity authentication', kind: 'organizational', rules: [], nagControls: ['164.312(d)'] },
    { id: '164.312(e)(1)', title: 'Transmission security (integrity controls, encryption in transit)', kind: 'technical', rules: TLS, nagControls: ['164.312(e)'] },
    { id: '164.316(b)(1)', title: 'Documentation, retained six years (§164.316(b)(2))', kind: 'technical', rules: ['HAVEN-LOG-RETENTION'] },
  ],
};
