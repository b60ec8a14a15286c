import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface ConfigRecorderProps {
  /**
   * Record global resources (IAM users, roles, policies). Do this in exactly one region per account,
   * or every region records the same IAM changes.
   * @default true
   */
  readonly includeGlobalResources?: boolean;
  /** Key encrypting snapshots and history in the bucket (AWS Config is granted its use). */
  readonly encryptionKey: kms.IKey;
  /** Days configuration history is kept in the bucket. @default 2557 (7 years) */
  readonly retentionDays?: number;
  /** @default 'TwentyFour_Hours' */
  readonly snapshotFrequency?: 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Bucket receiving S3 server access logs of the configuration bucket. @default - no access logging */
  readonly accessLogBucket?: s3.IBucket;
}

/**
 * AWS Config recorder for all supported resource types, its delivery channel to a dedicated encrypted bucket,
 * and the recorder role (AWS managed `AWS_ConfigRole` policy). Conformance packs need this first.
 */
export class ConfigRecorder extends Construct {
  public readonly recorder: config.CfnConfigurationRecorder;
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  public readonly bucket: s3.Bucket;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 2557), noncurrentVersionExpiration: Duration.days(30) }],
      // Who read the configuration history is itself audit evidence (HIPAA/PCI bucket logging controls).
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: props.accessLogBucket ? 'config-bucket/' : undefined,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    // A custom recorder role delivers with its own identity: it needs the bucket and key, scoped to Config's prefix.
    const prefix = `AWSLogs/${stack.account}/Config/*`;
    this.bucket.grantPut(this.role, prefix);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [this.bucket.bucketArn] }));
    props.encryptionKey.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');

    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: this.role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.includeGlobalResources ?? true },
    });
    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: this.bucket.bucketName,
      s3KmsKeyArn: props.encryptionKey.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: props.snapshotFrequency ?? 'TwentyFour_Hours' },
    });
    // AWS Config refuses a delivery channel before a recorder exists, and the first delivery needs the role's grants.
    this.deliveryChannel.addResourceDependency(this.recorder);
    this.deliveryChannel.node.addDependency(this.role);
  }
}
