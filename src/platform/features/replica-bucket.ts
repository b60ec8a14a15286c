import * as s3 from 'aws-cdk-lib/aws-s3';
import type { PlatformContext } from '../context';

/**
 * What every bucket receiving replication in the DR region shares, data or audit: versioned (S3 replication needs it
 * on both sides), TLS only, private, owner-enforced, and access-logged to the DR region's log bucket.
 */
export function replicaBucketBase(ctx: PlatformContext, name: string): s3.BucketProps {
  return {
    versioned: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: ctx.logBucket,
    serverAccessLogsPrefix: `s3/${name}-replica/`,
  };
}
