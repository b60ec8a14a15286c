import { pick, type ConformancePackDefinition } from './rules';

/**
 * Haven's privacy baseline for frameworks AWS publishes no conformance pack for as such (GDPR art. 32, PIPEDA
 * principle 4.7, SOC 2 CC6/CC7): encryption, no public data, audit logging, backups.
 */
export const BASELINE_PACK: ConformancePackDefinition = {
  name: 'privacy-baseline',
  description: 'Security of processing: encryption at rest and in transit, no public exposure, audit logging, recoverability.',
  rules: pick([
    'CLOUD_TRAIL_ENABLED', 'MULTI_REGION_CLOUD_TRAIL_ENABLED', 'CLOUD_TRAIL_ENCRYPTION_ENABLED', 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
    'CLOUDWATCH_LOG_GROUP_ENCRYPTED', 'VPC_FLOW_LOGS_ENABLED', 'GUARDDUTY_ENABLED_CENTRALIZED',
    'RDS_STORAGE_ENCRYPTED', 'ENCRYPTED_VOLUMES', 'EFS_ENCRYPTED_CHECK', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', 'SNS_ENCRYPTED_KMS', 'CMK_BACKING_KEY_ROTATION_ENABLED',
    'S3_BUCKET_SSL_REQUESTS_ONLY', 'ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK',
    'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED',
    'IAM_ROOT_ACCESS_KEY_CHECK', 'ROOT_ACCOUNT_MFA_ENABLED', 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
    'DB_INSTANCE_BACKUP_ENABLED', 'RDS_IN_BACKUP_PLAN', 'S3_BUCKET_VERSIONING_ENABLED',
  ]),
};
