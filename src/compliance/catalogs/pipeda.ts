import type { ControlCatalog } from './types';

const TLS = ['HAVEN-S3-TLS', 'HAVEN-DB-TLS', 'HAVEN-CACHE-TLS', 'HAVEN-LISTENER-TLS'];

/**
 * PIPEDA Schedule 1 principles as Haven interprets them for infrastructure. PIPEDA is principle-based: it names no
 * technical control, so every mapping here is Haven's interpretation, labelled as such in reports.
 */
export const PIPEDA: ControlCatalog = {
  framework: 'pipeda',
  title: 'PIPEDA (Haven interpretation)',
  version: 'S.C. 2000, c. 5, Schedule 1',
  note: 'PIPEDA states principles, not controls. The mapping below is Haven\'s interpretation, not legal advice.',
  controls: [
    { id: '4.1.3', title: 'Accountability for information transferred to third parties for processing, including across borders', kind: 'technical', rules: ['HAVEN-RESIDENCY'], interpretation: 'Haven keeps personal data in Canadian regions (ca-central-1, ca-west-1) unless the spec acknowledges the transfer; a transfer is then reported, not hidden.' },
    { id: '4.5', title: 'Limiting use, disclosure and retention (4.5.2 retention periods, 4.5.3 destruction)', kind: 'technical', rules: ['HAVEN-LOG-RETENTION', 'HAVEN-BACKUP-RETENTION'], interpretation: 'Every log group and backup has a finite, stated retention period; nothing is kept indefinitely by default.' },
    { id: '4.7.1', title: 'Safeguards against loss, theft and unauthorized access, disclosure, copying, use or modification', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', 'HAVEN-IAM-NO-WILDCARD', 'HAVEN-BACKUP-COVERAGE', 'HAVEN-DR-OBJECTIVES', 'HAVEN-DELETION-PROTECTION', 'AwsSolutions-S2', 'AwsSolutions-EC23'], interpretation: 'Encryption at rest, least-privilege IAM, backups and deletion protection of every data store.' },
    { id: '4.7.3(c)', title: 'Technological measures (e.g. passwords and encryption)', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', ...TLS, 'HAVEN-SECRET-ROTATION'], interpretation: 'Encryption in transit everywhere and rotated credentials.' },
    { id: '4.7 (detection)', title: 'Safeguards: detecting and recording breaches of security safeguards (with s. 10.3 breach records)', kind: 'technical', rules: ['HAVEN-AUDIT-SERVICES', 'HAVEN-ALARM-COVERAGE', 'HAVEN-PGAUDIT'], interpretation: 'CloudTrail, Config and GuardDuty in every region, database audit logs and alarms make breaches detectable and recordable.' },
    { id: '4.7.3(a)(b)', title: 'Physical and organizational measures (locked premises, security clearances, need-to-know)', kind: 'organizational', rules: [] },
    { id: '4.7.4', title: 'Making employees aware of the importance of confidentiality', kind: 'organizational', rules: [] },
    { id: '4.1', title: 'Accountability: a designated individual accountable for compliance', kind: 'organizational', rules: [] },
  ],
};
