import type { ControlCatalog } from './types';

/** CIS AWS Foundations Benchmark recommendations that a platform's templates can evidence. */
export const CIS: ControlCatalog = {
  framework: 'cis',
  title: 'CIS AWS Foundations Benchmark',
  version: 'v3.0.0',
  controls: [
    { id: '1.1-1.15', title: 'Account and identity hygiene (root account, MFA, password policy, access keys)', kind: 'organizational', rules: [] },
    { id: '1.16', title: 'IAM policies that allow full "*:*" administrative privileges are not attached', kind: 'technical', rules: ['HAVEN-IAM-NO-WILDCARD', 'AwsSolutions-IAM5'] },
    { id: '2.1.1', title: 'S3 bucket policy denies HTTP requests', kind: 'technical', rules: ['HAVEN-S3-TLS', 'AwsSolutions-S10'] },
    { id: '2.1.4', title: 'S3 buckets are configured with Block Public Access', kind: 'technical', rules: ['AwsSolutions-S2'] },
    { id: '2.3.1', title: 'Encryption-at-rest is enabled for RDS instances', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', 'AwsSolutions-RDS2'] },
    { id: '2.4.1', title: 'Encryption is enabled for EFS file systems', kind: 'technical', rules: ['HAVEN-ENCRYPTION-AT-REST', 'AwsSolutions-EFS1'] },
    { id: '3.1', title: 'CloudTrail is enabled in all regions', kind: 'technical', rules: ['HAVEN-AUDIT-SERVICES'] },
    { id: '3.3', title: 'AWS Config is enabled in all regions', kind: 'technical', rules: ['HAVEN-AUDIT-SERVICES'] },
    { id: '3.7', title: 'VPC flow logging is enabled in all VPCs', kind: 'technical', rules: ['AwsSolutions-VPC7'] },
    { id: '5.2', title: 'No security groups allow ingress from 0.0.0.0/0 to remote administration ports', kind: 'technical', rules: ['AwsSolutions-EC23'] },
    { id: '4.1-4.16', title: 'Monitoring: metric filters and alarms on CloudTrail events', kind: 'technical', rules: ['HAVEN-ALARM-COVERAGE'] },
  ],
};
