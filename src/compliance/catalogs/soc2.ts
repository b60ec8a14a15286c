import type { ControlCatalog } from './types';

const TLS = ['HAVEN-S3-TLS', 'HAVEN-DB-TLS', 'HAVEN-CACHE-TLS', 'HAVEN-LISTENER-TLS'];

/** SOC 2 Trust Services Criteria (2017, revised points of focus 2022) that infrastructure can evidence. */
export const SOC2: ControlCatalog = {
  framework: 'soc2',
  title: 'SOC 2',
  version: 'TSC 2017 (rev. 2022)',
  controls: [
    { id: 'CC1-CC5', title: 'Control environment, communication, risk assessment, monitoring and control activities', kind: 'organizational', rules: [] },
    { id: 'CC6.1', title: 'Logical access security software, infrastructure and architectures', kind: 'technical', rules: ['HAVEN-IAM-NO-WILDCARD', 'HAVEN-ENCRYPTION-AT-REST', 'HAVEN-SECRET-ROTATION', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5'] },
    { id: 'CC6.6', title: 'Logical access security measures against threats from outside system boundaries', kind: 'technical', rules: ['HAVEN-LISTENER-TLS', 'AwsSolutions-EC23', 'AwsSolutions-VPC7'] },
    { id: 'CC6.7', title: 'Restriction of transmission, movement and removal of information', kind: 'technical', rules: [...TLS, 'AwsSolutions-S10'] },
    { id: 'CC7.2', title: 'Monitoring of system components for anomalies', kind: 'technical', rules: ['HAVEN-ALARM-COVERAGE', 'HAVEN-AUDIT-SERVICES', 'HAVEN-PGAUDIT', 'HAVEN-LOG-RETENTION'] },
    { id: 'CC8.1', title: 'Changes to infrastructure are authorized, tested, approved and recorded', kind: 'technical', rules: ['HAVEN-AUDIT-SERVICES'] },
    { id: 'A1.2', title: 'Environmental protections, backup and recovery infrastructure', kind: 'technical', rules: ['HAVEN-BACKUP-COVERAGE', 'HAVEN-BACKUP-RETENTION', 'HAVEN-DR-OBJECTIVES', 'HAVEN-DELETION-PROTECTION'] },
    { id: 'A1.3', title: 'Recovery plan procedures are tested', kind: 'organizational', rules: [] },
    { id: 'C1.2', title: 'Disposal of confidential information', kind: 'technical', rules: ['HAVEN-LOG-RETENTION'] },
  ],
};
