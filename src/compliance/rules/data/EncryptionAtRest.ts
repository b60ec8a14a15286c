import type { HavenRule, RuleFinding } from '../../types';
import { DATA_STORE_TYPES, HAVEN_CLASS_METADATA, at, evidence, isClusterMember, isTrue, prop, resourcesOfType } from '../../template';

/** Every data store encrypts at rest; buckets with a KMS key so key use is auditable. */
export const EncryptionAtRest: HavenRule = {
  id: 'HAVEN-ENCRYPTION-AT-REST',
  severity: 'error',
  title: 'Data stores encrypted at rest',
  description: 'Buckets use KMS default encryption; databases, tables, caches, file systems and search domains are encrypted at rest.',
  remediation: 'Enable KMS encryption on the resource (Haven constructs do this by default); the key gives a key policy and a CloudTrail record of every decrypt.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const refs = resourcesOfType(ctx, ...DATA_STORE_TYPES).filter((r) => !isClusterMember(r.resource));
    for (const ref of refs) {
      const r = ref.resource;
      switch (r.Type) {
        case 'AWS::S3::Bucket': {
          const rules = prop(r, 'BucketEncryption.ServerSideEncryptionConfiguration');
          const algos = Array.isArray(rules) ? rules.map((x) => at(x, 'ServerSideEncryptionByDefault.SSEAlgorithm')) : [];
          // Access-log buckets must use SSE-S3: ELB and S3 server access logging cannot write with a KMS key.
          const ok = algos.some((a) => a === 'aws:kms' || a === 'aws:kms:dsse') || (r.Metadata?.[HAVEN_CLASS_METADATA] === 'logs' && algos.includes('AES256'));
          if (!ok) findings.push({ message: `Bucket ${ref.logicalId} has no KMS default encryption`, evidence: evidence(ref, 'Properties.BucketEncryption', prop(r, 'BucketEncryption')) });
          break;
        }
        case 'AWS::RDS::DBInstance':
        case 'AWS::RDS::DBCluster':
          // A read replica cannot set StorageEncrypted: it inherits encryption from its source, and a cross-region
          // replica of an encrypted source must name a KMS key in its own region.
          if (!isTrue(prop(r, 'StorageEncrypted')) && !(r.Type === 'AWS::RDS::DBInstance' && prop(r, 'SourceDBInstanceIdentifier') !== undefined && prop(r, 'KmsKeyId') !== undefined)
            && !(r.Type === 'AWS::RDS::DBCluster' && prop(r, 'Engine') === 'aurora-postgresql' && prop(r, 'EngineMode') === 'serverless')) {
            findings.push({ message: `Database ${ref.logicalId} storage is not encrypted`, evidence: evidence(ref, 'Properties.StorageEncrypted', prop(r, 'StorageEncrypted')) });
          }
          break;
        case 'AWS::DynamoDB::Table':
        case 'AWS::DynamoDB::GlobalTable':
          if (!isTrue(prop(r, 'SSESpecification.SSEEnabled'))) findings.push({ message: `Table ${ref.logicalId} does not use a KMS key`, evidence: evidence(ref, 'Properties.SSESpecification.SSEEnabled', prop(r, 'SSESpecification.SSEEnabled')) });
          break;
        case 'AWS::ElastiCache::ReplicationGroup':
          if (!isTrue(prop(r, 'AtRestEncryptionEnabled'))) findings.push({ message: `Cache ${ref.logicalId} is not encrypted at rest`, evidence: evidence(ref, 'Properties.AtRestEncryptionEnabled', prop(r, 'AtRestEncryptionEnabled')) });
          break;
        case 'AWS::EFS::FileSystem':
          if (!isTrue(prop(r, 'Encrypted'))) findings.push({ message: `File system ${ref.logicalId} is not encrypted`, evidence: evidence(ref, 'Properties.Encrypted', prop(r, 'Encrypted')) });
          break;
        case 'AWS::OpenSearchService::Domain':
          if (!isTrue(prop(r, 'EncryptionAtRestOptions.Enabled'))) findings.push({ message: `Search domain ${ref.logicalId} is not encrypted at rest`, evidence: evidence(ref, 'Properties.EncryptionAtRestOptions.Enabled', prop(r, 'EncryptionAtRestOptions.Enabled')) });
          break;
        default:
          // Memcached clusters and serverless caches: ServerlessCache is always encrypted; memcached cannot be.
          if (r.Type === 'AWS::ElastiCache::CacheCluster' && prop(r, 'Engine') === 'memcached') {
            findings.push({ message: `Memcached cluster ${ref.logicalId} cannot encrypt at rest`, evidence: evidence(ref, 'Properties.Engine', 'memcached') });
          }
      }
    }
    return { findings, checked: refs.length };
  },
};
