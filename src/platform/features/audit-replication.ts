import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketReplication } from '../../constructs/dr';
import { drDesign } from '../../dr/strategy';
import { envPrefix, replicaBucketName, replicaLogsKeyAlias } from '../../dr/names';
import type { PlatformContext } from '../context';
import { accessLogBucketSpec, drAccessLogBucketName } from './buckets';
import { replicaBucketBase } from './replica-bucket';

/** An audit bucket (CloudTrail, Config history) replicated to the DR region, and how its replica keeps records. */
export interface AuditBucket {
  /** `audit-trail` or `config`: names the replica (`<project>-<env>-<name>-<drRegion>`). */
  readonly name: string;
  /** Lifecycle and Object Lock of the source, so the replica keeps records exactly as long. */
  readonly retention: Pick<s3.BucketProps, 'objectLockEnabled' | 'objectLockDefaultRetention' | 'lifecycleRules'>;
}

function replicaName(ctx: PlatformContext, bucket: AuditBucket, drRegion: string): string {
  return replicaBucketName(`${envPrefix(ctx.plan.project.name, ctx.plan.name)}-${bucket.name}`, drRegion);
}

/** The DR region of an environment whose DR design replicates, else undefined. */
function drRegionOf(ctx: PlatformContext): string | undefined {
  const design = drDesign(ctx.plan);
  return design.strategy === 'none' ? undefined : design.drRegion;
}

/**
 * Primary region of an environment with DR: replicate `source` to the bucket named `destinationBucketName` in the DR
 * region, re-encrypted under the DR key `replicaKeyAlias` names (none: the destination's SSE-S3). The one path audit
 * records take (CloudTrail, Config history, access logs). The destination is built by the DR stack, deployed first
 * (its foundation phase, see features/dr.ts): S3 accepts a replication configuration only for an existing destination
 * with versioning enabled (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html).
 */
function replicateToDr(ctx: PlatformContext, id: string, source: s3.IBucket, destinationBucketName: string, replicaKeyAlias?: string): void {
  const drRegion = drRegionOf(ctx);
  if (ctx.role !== 'primary' || !drRegion) return;
  new BucketReplication(ctx.stack, id, {
    source,
    destinationBucketName,
    replicaKeyAlias: replicaKeyAlias ? { aliasName: replicaKeyAlias, region: drRegion, account: ctx.plan.account ?? Stack.of(ctx.stack).account } : undefined,
    // Audit records count toward the RPO like the data buckets (HAVEN-DR-OBJECTIVES): the same RTC choice.
    replicationTimeControl: drDesign(ctx.plan).replicationTimeControl,
  });
}

/**
 * Primary region: replicate an audit bucket to the DR region, re-encrypted under the DR region's logs key (named
 * by alias, no cross-region reference), so audit evidence survives the loss of the primary region.
 */
export function replicateAuditBucket(ctx: PlatformContext, bucket: AuditBucket, source: s3.IBucket): void {
  const drRegion = drRegionOf(ctx);
  if (!drRegion) return;
  replicateToDr(ctx, `DrReplication-${bucket.name}`, source, replicaName(ctx, bucket, drRegion), replicaLogsKeyAlias(envPrefix(ctx.plan.project.name, ctx.plan.name)));
}

/**
 * Primary region: replicate the access-log bucket (S3 server access logs, ALB access logs) into the DR region's
 * access-log bucket, which the DR stack builds from the same spec: SSE-S3 like its source (load balancer access logs
 * require SSE-S3: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html),
 * versioned, with the same lifecycle (S3 does not replicate lifecycle actions, so each bucket expires its own copy).
 * Not when the spec keeps the log bucket unversioned or says `replicate: false`, nor when it replicates it as a data
 * bucket (the DR feature then gives it a replica of its own; a bucket has one replication configuration).
 */
export function replicateAccessLogs(ctx: PlatformContext): void {
  const [key, spec] = accessLogBucketSpec(ctx.plan);
  if (spec.versioned === false || spec.replicate === false || drDesign(ctx.plan).replicatedBuckets.includes(key)) return;
  replicateToDr(ctx, 'DrReplicationAccessLogs', ctx.logBucket, drAccessLogBucketName(ctx.plan));
}

/**
 * DR region: the replicas of the primary region's audit buckets and the logs-key alias their replication encrypts
 * with. S3 replicates Object Lock-protected objects only into a bucket with Object Lock enabled
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html, DstBucketObjectLockConfigMissing).
 */
export function auditReplicaBuckets(ctx: PlatformContext, buckets: readonly AuditBucket[]): void {
  if (ctx.role !== 'dr' || !drRegionOf(ctx) || buckets.length === 0) return;
  new kms.Alias(ctx.stack, 'DrReplicaLogsKeyAlias', { aliasName: replicaLogsKeyAlias(envPrefix(ctx.plan.project.name, ctx.plan.name)), targetKey: ctx.key('logs') });
  for (const bucket of buckets) {
    const replica = new s3.Bucket(ctx.stack, `DrReplica-${bucket.name}`, {
      bucketName: replicaName(ctx, bucket, ctx.region),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: ctx.key('logs'),
      bucketKeyEnabled: true,
      ...replicaBucketBase(ctx, bucket.name),
      // Audit evidence outlives the stack in every tier, like its source.
      removalPolicy: RemovalPolicy.RETAIN,
      ...bucket.retention,
    });
    ctx.evidence(`AuditReplica${bucket.name === 'config' ? 'Config' : 'Trail'}BucketName`, replica.bucketName, `Replica of the ${bucket.name} bucket in ${ctx.region}`);
  }
}
