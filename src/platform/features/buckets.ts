import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { HAVEN_CLASS_METADATA } from '../../compliance/template';
import { markLogDestination, SecureBucket } from '../../constructs/storage';
import type { BucketSpec } from '../../spec/sections/buckets';
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
