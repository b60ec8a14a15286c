import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { HAVEN_CLASS_METADATA } from '../../compliance/template';
import { markLogDestination, SecureBucket } from '../../constructs/storage';
import type { BucketSpec } from '../../spec/sections/buckets';
import type { EnvironmentPlan } from '../../spec/resolve';
import type { PlatformContext, PlatformFeature } from '../context';
import { bucketName } from '../naming';
import { OUTPUTS } from '../outputs';
import { tagHavenResource } from './metadata';

/** Buckets the spec names, except the access-log bucket, which the stack creates first for everyone to log to. */
export const bucketsFeature: PlatformFeature = {
  name: 'buckets',
  roles: ['primary'],
  apply(ctx: PlatformContext) {
    for (const [name, spec] of Object.entries(ctx.plan.buckets ?? {})) {
      if (spec.accessLogs) continue;
      const secure = createBucket(ctx, name, spec);
      ctx.registry.buckets.set(name, secure.bucket);
      ctx.evidence(OUTPUTS.bucketName(name), secure.bucket.bucketName, `Bucket ${name}${spec.purpose ? ` (${spec.purpose})` : ''}`);
    }
  },
};

/** The spec's access-log bucket (key and spec), or Haven's default `logs` bucket when the spec names none. */
export function accessLogBucketSpec(plan: EnvironmentPlan): readonly [string, BucketSpec] {
  return Object.entries(plan.buckets ?? {}).find(([, b]) => b.accessLogs) ?? ['logs', { accessLogs: true, dataClass: 'logs' }];
}

/**
 * Key the access-log bucket is built under in a stack of this role: the DR region's is `<key>-dr`, named by Haven
 * (a spec `name` is the primary's), so the primary stack can name it without a cross-region reference.
 */
export function accessLogBucketKey(plan: EnvironmentPlan, role: 'primary' | 'dr'): string {
  const [key] = accessLogBucketSpec(plan);
  return role === 'dr' ? `${key}-dr` : key;
}

/** Physical name of the DR region's access-log bucket (the destination of the primary's access-log replication). */
export function drAccessLogBucketName(plan: EnvironmentPlan): string {
  return bucketName(plan.project.name, plan.name, accessLogBucketKey(plan, 'dr'));
}

/** Where a bucket is built; the log bucket itself is built before any log bucket exists. */
type BucketScope = Pick<PlatformContext, 'stack' | 'plan' | 'key'> & { readonly logBucket?: PlatformContext['logBucket'] };

export function createBucket(ctx: BucketScope, name: string, spec: BucketSpec): SecureBucket {
  const logs = spec.accessLogs === true;
  const secure = new SecureBucket(ctx.stack, `Bucket-${name}`, {
    bucketName: spec.name ?? bucketName(ctx.plan.project.name, ctx.plan.name, name),
    // Server access logs (and ALB logs) can only be written to SSE-S3 buckets; everything else uses the data key.
    encryptionKey: logs || spec.encryption === 's3' ? undefined : ctx.key(spec.dataClass === 'logs' ? 'logs' : 'data'),
    versioned: spec.versioned,
    accessLogBucket: logs ? undefined : ctx.logBucket,
    accessLogPrefix: `s3/${name}/`,
    transitions: spec.transitions,
    expireAfterDays: spec.expireAfterDays,
    noncurrentExpiryDays: spec.noncurrentExpiryDays,
    removalPolicy: ctx.plan.defaults.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    allowAclLogDelivery: logs,
    cors: spec.cors?.map((rule) => ({ allowedOrigins: rule.origins, allowedMethods: rule.methods as never })),
  });
  tagHavenResource(secure.bucket, `buckets.${name}`);
  // The log bucket is SSE-S3 by necessity (S3, ALB and CloudFront log delivery cannot use a customer key).
  if (logs) {
    (secure.bucket.node.defaultChild as CfnResource).addMetadata(HAVEN_CLASS_METADATA, 'logs');
    markLogDestination(secure.bucket);
  }
  return secure;
}
