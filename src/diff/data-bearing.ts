import { logClass } from '../compliance/rules/monitoring/LogRetention';

/**
 * Resource types that hold data the platform cannot rebuild from code: replacing one starts an empty resource,
 * deleting one (without a Retain or Snapshot policy) loses what it held.
 */
const DATA_TYPES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'database',
  'AWS::RDS::DBCluster': 'database',
  'AWS::RDS::GlobalCluster': 'database',
  'AWS::DocDB::DBCluster': 'database',
  'AWS::Neptune::DBCluster': 'database',
  'AWS::DynamoDB::Table': 'database',
  'AWS::DynamoDB::GlobalTable': 'database',
  'AWS::OpenSearchService::Domain': 'database',
  'AWS::S3::Bucket': 'bucket',
  'AWS::EFS::FileSystem': 'file system',
  'AWS::ElastiCache::ReplicationGroup': 'cache',
  'AWS::ElastiCache::CacheCluster': 'cache',
  'AWS::ElastiCache::ServerlessCache': 'cache',
  // Data encrypted under a key is unreadable once the key is gone.
  'AWS::KMS::Key': 'encryption key',
  'AWS::Backup::BackupVault': 'backup vault',
};

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** What kind of data the resource holds (`database`, `bucket`, `audit log group`…), or undefined when it holds none. */
export function dataKind(resource: TemplateResource): string | undefined {
  if (resource.Type === 'AWS::Logs::LogGroup') {
    // Only audit logs are evidence that must survive; application logs are rebuilt by running the application.
    return logClass(resource.Properties?.LogGroupName, resource.Metadata) === 'audit' ? 'audit log group' : undefined;
  }
  return DATA_TYPES[resource.Type];
}

/** What CloudFormation does with the old physical resource when it deletes or replaces it, from its policy. */
export type OldResourceFate = 'deleted' | 'retained' | 'snapshot';

/**
 * DeletionPolicy governs removal, UpdateReplacePolicy governs replacement; both default to Delete.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html
 */
export function oldResourceFate(policy: string | undefined): OldResourceFate {
  if (policy === 'Retain' || policy === 'RetainExceptOnCreate') return 'retained';
  if (policy === 'Snapshot') return 'snapshot';
  return 'deleted';
}
