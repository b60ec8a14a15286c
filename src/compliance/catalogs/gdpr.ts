import type { ControlCatalog } from './types';

const TLS = ['HAVEN-S3-TLS', 'HAVEN-DB-TLS', 'HAVEN-CACHE-TLS', 'HAVEN-LISTENER-TLS'];

/** GDPR articles that the platform's infrastructure can evidence. */
export const GDPR: ControlCatalog = {
  framework: 'gdpr',
  title: 'GDPR',
  version: 'Regulation (EU) 2016/679',
  controls: [
    { id: 'Art.5(1)(e)', title: 'Storage limitation', kind: 'technical', rules: ['HAVEN-LOG-RETENTION', 'HAVEN-BACKUP-RETENTION'] },
    { id: 'Art.5(1)(f)', title: 'Integrity and confidentiality', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', ...TLS, 'HAVEN-IAM-NO-WILDCARD'] },
    { id: 'Art.25', title: 'Data protection by design and by default', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', 'HAVEN-IAM-NO-WILDCARD', 'AwsSolutions-S2', 'AwsSolutions-EC23'] },
    { id: 'Art.30', title: 'Records of processing activities', kind: 'organizational', rules: [] },
    { id: 'Art.32(1)(a)', title: 'Pseudonymisation and encryption of personal data', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', ...TLS] },
    { id: 'Art.32(1)(b)', title: 'Ongoing confidentiality, integrity, availability and resilience', kind: 'technical', rules: ['HAVEN-IAM-NO-WILDCARD', 'HAVEN-SECRET-ROTATION', 'HAVEN-PGAUDIT', 'HAVEN-AUDIT-SERVICES', 'HAVEN-ALARM-COVERAGE'] },
    { id: 'Art.32(1)(c)', title: 'Restore availability and access in a timely manner after an incident', kind: 'technical', rules: ['HAVEN-BACKUP-COVERAGE', 'HAVEN-BACKUP-RETENTION', 'HAVEN-DR-OBJECTIVES', 'HAVEN-DELETION-PROTECTION'] },
    { id: 'Art.32(1)(d)', title: 'Regularly testing and evaluating the effectiveness of measures', kind: 'organizational', rules: [] },
    { id: 'Art.44-49', title: 'Transfers to third countries (adequacy, appropriate safeguards, derogations)', kind: 'technical', rules: ['HAVEN-RESIDENCY'] },
  ],
};
