import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { toRetentionDays } from '../monitoring/log-retention';

/** Data events to record besides management events. */
export interface AuditTrailDataEvents {
  /**
   * S3 object-level events: `true` for every bucket in the account, or specific buckets.
   * @default - none
   */
  readonly s3?: boolean | readonly s3.IBucket[];
  /** Lambda invoke events for every function. @default false */
  readonly lambda?: boolean;
}

export interface AuditTrailProps {
  /** @default - CloudFormation-generated */
  readonly trailName?: string;
  /** Key encrypting log files and the CloudWatch log group. CloudTrail and CloudWatch Logs are granted its use. */
  readonly encryptionKey: kms.IKey;
  /**
   * Days log files are kept in the bucket before expiry. Use 2557 (7 years) where HIPAA documentation retention applies.
   * @default 2557
   */
  readonly retentionDays?: number;
  /**
   * Days before log files move to Glacier Flexible Retrieval.
   * @default 90
   */
  readonly glacierAfterDays?: number;
  /** CloudWatch Logs retention of the delivered events, rounded up to a CloudWatch value. @default 365 */
  readonly cloudWatchRetentionDays?: number;
  /** @default - management events only */
  readonly dataEvents?: AuditTrailDataEvents;
  /** Bucket receiving the trail bucket's own server access logs. @default - none */
  readonly accessLogBucket?: s3.IBucket;
  /**
   * Removal policy for the bucket and log group. Audit evidence should outlive the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** @default true */
  readonly multiRegion?: boolean;
}

/**
 * How an audit-trail bucket (and its DR replica) keeps records: write-once for `retentionDays` through a default
 * Object Lock retention in COMPLIANCE mode, which nobody (the root user included) can shorten or lift
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes), archived to
 * Glacier after `glacierAfterDays` and expired when the lock ends (lifecycle never removes a locked version:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-lifecycle).
 */
export function auditRecordRetention(retentionDays: number, glacierAfterDays: number): Pick<s3.BucketProps, 'objectLockEnabled' | 'objectLockDefaultRetention' | 'lifecycleRules'> {
  return {
    objectLockEnabled: true,
    objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
    lifecycleRules: [{
      id: 'archive-then-expire',
      transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(glacierAfterDays) }],
      expiration: Duration.days(retentionDays),
      noncurrentVersionExpiration: Duration.days(30),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    }],
  };
}

/**
 * Multi-region CloudTrail with log file validation, KMS encryption, a dedicated hardened bucket with
 * Object Lock (COMPLIANCE for the retention period), Glacier transition and expiry, and delivery to an encrypted CloudWatch log group for queries and metric filters.
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.Trail;
  public readonly bucket: s3.Bucket;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 2557;
    const glacierAfterDays = props.glacierAfterDays ?? 90;
    if (glacierAfterDays >= retentionDays) {
      throw new Error(`glacierAfterDays (${glacierAfterDays}) must be less than retentionDays (${retentionDays})`);
    }
    // Glacier Flexible Retrieval bills a 90-day minimum; expiring earlier than that after transition costs more than keeping.
    if (retentionDays - glacierAfterDays < 90) {
      throw new Error(`objects must stay at least 90 days in Glacier: retentionDays (${retentionDays}) - glacierAfterDays (${glacierAfterDays}) < 90`);
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const stack = Stack.of(this);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: props.accessLogBucket ? 'cloudtrail-bucket/' : undefined,
      removalPolicy,
      autoDeleteObjects: false,
      ...auditRecordRetention(retentionDays, glacierAfterDays),
    });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: toRetentionDays(props.cloudWatchRetentionDays ?? 365),
      encryptionKey: props.encryptionKey,
      removalPolicy,
    });

    // CloudTrail encrypts with the key under the trail's source ARN; CloudWatch Logs encrypts the log group.
    props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailEncrypt',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` } },
    }));
    props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsEncrypt',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
    }));

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: props.trailName,
      bucket: this.bucket,
      encryptionKey: props.encryptionKey,
      isMultiRegionTrail: props.multiRegion ?? true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });

    const s3Events = props.dataEvents?.s3;
    if (s3Events === true) {
      this.trail.logAllS3DataEvents();
    } else if (Array.isArray(s3Events) && s3Events.length > 0) {
      this.trail.addS3EventSelector(s3Events.map((bucket) => ({ bucket })));
    }
    if (props.dataEvents?.lambda) this.trail.logAllLambdaDataEvents();
  }
}
