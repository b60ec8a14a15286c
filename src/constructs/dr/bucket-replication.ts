import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** KMS key of the destination bucket, by ARN or (when the key lives in another stack) by alias. */
export interface ReplicaKeyAlias {
  /** Alias name, e.g. alias/acme-prod-dr-data. */
  readonly aliasName: string;
  /** Region of the destination key. */
  readonly region: string;
  /** @default - this stack's account */
  readonly account?: string;
}

export interface BucketReplicationProps {
  /** Source bucket; must be an s3.Bucket defined in this stack (its CfnBucket gets the replication configuration). */
  readonly source: s3.IBucket;
  /** Destination bucket name (bucket ARNs carry no region; the bucket must exist before this is deployed). */
  readonly destinationBucketName: string;
  /**
   * Key ARN replicas are encrypted with in the destination region.
   * @default - none; give this or `replicaKeyAlias` unless the destination uses SSE-S3
   */
  readonly replicaKeyArn?: string;
  /**
   * Alias of the destination key; the role's kms:Encrypt is scoped with kms:ResourceAliases.
   * @default - none
   */
  readonly replicaKeyAlias?: ReplicaKeyAlias;
  /**
   * S3 Replication Time Control (15-minute SLA) with replication metrics.
   * @default false
   */
  readonly replicationTimeControl?: boolean;
  /**
   * Replicate delete markers, so a deletion shows in the replica while every version stays recoverable.
   * @default true
   */
  readonly deleteMarkerReplication?: boolean;
  /**
   * Storage class of replicas.
   * @default - the source object's class
   */
  readonly storageClass?: 'STANDARD' | 'STANDARD_IA' | 'INTELLIGENT_TIERING' | 'GLACIER_IR';
  /** @default 'replicate-all' */
  readonly ruleId?: string;
}

/**
 * S3 cross-region replication of one bucket: a least-privilege role and the bucket's ReplicationConfiguration
 * (set through the CfnBucket, so it works on a bucket another construct created). Objects encrypted with the source
 * KMS key are decrypted by S3 and re-encrypted with the destination key: no key is shared across regions.
 */
export class BucketReplication extends Construct {
  public readonly role: iam.Role;
  public readonly destinationBucketArn: string;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const cfnBucket = props.source.node.defaultChild;
    if (!(cfnBucket instanceof s3.CfnBucket)) {
      throw new Error(`BucketReplication: source ${props.source.node.path} is not an s3.Bucket defined in this app (no CfnBucket to configure)`);
    }
    if (props.replicaKeyArn && props.replicaKeyAlias) throw new Error('BucketReplication: give replicaKeyArn or replicaKeyAlias, not both');
    const stack = Stack.of(this);
    const partition = stack.partition;
    this.destinationBucketArn = `arn:${partition}:s3:::${props.destinationBucketName}`;
    const sourceKey: kms.IKey | undefined = props.source.encryptionKey;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `S3 replication of ${props.source.node.path} to ${props.destinationBucketName}`,
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      resources: [props.source.bucketArn],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      // Retention and legal hold travel with Object Lock-protected versions; replication reads them with these
      // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html).
      actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold'],
      resources: [props.source.arnForObjects('*')],
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
      resources: [`${this.destinationBucketArn}/*`],
    }));
    // Decrypt only through S3 in the source region; encrypt only through S3 in the destination region.
    if (sourceKey) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [sourceKey.keyArn],
        conditions: { StringLike: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }));
    }
    let replicaKmsKeyId: string | undefined;
    if (props.replicaKeyArn) {
      replicaKmsKeyId = props.replicaKeyArn;
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Encrypt'], resources: [props.replicaKeyArn] }));
    } else if (props.replicaKeyAlias) {
      const account = props.replicaKeyAlias.account ?? stack.account;
      replicaKmsKeyId = `arn:${partition}:kms:${props.replicaKeyAlias.region}:${account}:${props.replicaKeyAlias.aliasName}`;
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:Encrypt'],
        resources: [`arn:${partition}:kms:${props.replicaKeyAlias.region}:${account}:key/*`],
        conditions: {
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': props.replicaKeyAlias.aliasName },
          'StringLike': { 'kms:ViaService': `s3.${props.replicaKeyAlias.region}.amazonaws.com` },
        },
      }));
    } else if (sourceKey) {
      Annotations.of(this).addWarningV2('haven:dr:replica-sse-s3', 'KMS-encrypted source replicated without a destination key: replicas fall back to the destination bucket default encryption');
    }

    const rtc = props.replicationTimeControl ?? false;
    cfnBucket.versioningConfiguration = { status: 'Enabled' };
    cfnBucket.replicationConfiguration = {
      role: this.role.roleArn,
      rules: [{
        id: props.ruleId ?? 'replicate-all',
        status: 'Enabled',
        priority: 1,
        filter: { prefix: '' },
        deleteMarkerReplication: { status: (props.deleteMarkerReplication ?? true) ? 'Enabled' : 'Disabled' },
        sourceSelectionCriteria: sourceKey ? { sseKmsEncryptedObjects: { status: 'Enabled' } } : undefined,
        destination: {
          bucket: this.destinationBucketArn,
          storageClass: props.storageClass,
          encryptionConfiguration: replicaKmsKeyId ? { replicaKmsKeyId } : undefined,
          replicationTime: rtc ? { status: 'Enabled', time: { minutes: 15 } } : undefined,
          metrics: rtc ? { status: 'Enabled', eventThreshold: { minutes: 15 } } : undefined,
        },
      }],
    };
  }
}
