import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { markLogDestination } from './bucket-baseline';

export interface BucketTransition {
  readonly storageClass: 'STANDARD_IA' | 'ONEZONE_IA' | 'INTELLIGENT_TIERING' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';
  readonly afterDays: number;
}

export interface SecureBucketProps {
  /** Physical name. @default - generated */
  readonly bucketName?: string;
  /** Customer-managed key; SSE-S3 (AES-256) when absent. @default - SSE-S3 */
  readonly encryptionKey?: kms.IKey;
  /** @default true */
  readonly versioned?: boolean;
  /** Server access logs go to this bucket. @default - no access logs (only for the log bucket itself) */
  readonly accessLogBucket?: s3.IBucket;
  /** @default `${id}/` */
  readonly accessLogPrefix?: string;
  /** Lifecycle transitions of current versions. @default - none */
  readonly transitions?: readonly BucketTransition[];
  /** Delete current versions after this many days. @default - never */
  readonly expireAfterDays?: number;
  /** Delete noncurrent versions after this many days. @default - never */
  readonly noncurrentExpiryDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Let another account's log delivery write ACL-based logs (CloudFront standard logs). @default false */
  readonly allowAclLogDelivery?: boolean;
  readonly cors?: s3.CorsRule[];
}

const STORAGE_CLASSES: Record<BucketTransition['storageClass'], s3.StorageClass> = {
  STANDARD_IA: s3.StorageClass.INFREQUENT_ACCESS,
  ONEZONE_IA: s3.StorageClass.ONE_ZONE_INFREQUENT_ACCESS,
  INTELLIGENT_TIERING: s3.StorageClass.INTELLIGENT_TIERING,
  GLACIER_IR: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
  GLACIER: s3.StorageClass.GLACIER,
  DEEP_ARCHIVE: s3.StorageClass.DEEP_ARCHIVE,
};

/**
 * Haven's lifecycle for a bucket: archive transitions and expiry, expiry of noncurrent versions, and removal of
 * abandoned multipart uploads. Exported so a DR replica can age and expire exactly like its source (S3 does not
 * replicate lifecycle actions, so a replica without them would keep what the source has long deleted).
 */
export function secureLifecycleRules(props: Pick<SecureBucketProps, 'transitions' | 'expireAfterDays' | 'noncurrentExpiryDays'>): s3.LifecycleRule[] {
  const transitions = (props.transitions ?? []).map((t) => ({ storageClass: STORAGE_CLASSES[t.storageClass], transitionAfter: Duration.days(t.afterDays) }));
  const rules: s3.LifecycleRule[] = [];
  if (transitions.length > 0 || props.expireAfterDays !== undefined) {
    rules.push({ id: 'archive', enabled: true, transitions, expiration: props.expireAfterDays !== undefined ? Duration.days(props.expireAfterDays) : undefined });
  }
  if (props.noncurrentExpiryDays !== undefined) {
    rules.push({ id: 'noncurrent-versions', enabled: true, noncurrentVersionExpiration: Duration.days(props.noncurrentExpiryDays) });
  }
  rules.push({ id: 'abort-incomplete-uploads', enabled: true, abortIncompleteMultipartUploadAfter: Duration.days(7) });
  return rules;
}

/**
 * Object read, write and delete, listing and multipart-upload cleanup, as explicit actions instead of the wildcard
 * groups of `grantReadWrite` (`s3:GetObject*`, `s3:List*`, `s3:DeleteObject*`, `kms:GenerateDataKey*`). ACL and
 * Object Lock actions are left out: buckets enforce bucket-owner ownership and the lock is the bucket's default.
 * Actions: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html; SSE-KMS needs
 * kms:GenerateDataKey to write and kms:Decrypt to read (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms).
 */
export const OBJECT_READ_WRITE_ACTIONS: readonly string[] = [
  's3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject', 's3:DeleteObjectVersion',
  's3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketLocation', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:ListBucketMultipartUploads',
  'kms:Decrypt', 'kms:GenerateDataKey',
];

/** Read-write access to a bucket's objects with only the actions named in `OBJECT_READ_WRITE_ACTIONS` (key actions on its key). */
export function grantObjectReadWrite(bucket: s3.IBucket, grantee: iam.IGrantable): iam.Grant {
  return s3.BucketGrants.fromBucket(bucket).actionsOnBucketAndObjectKeys(grantee, '*', ...OBJECT_READ_WRITE_ACTIONS);
}

/**
 * An S3 bucket that cannot be made public, refuses non-TLS (and pre-TLS 1.2) requests, is versioned and encrypted,
 * logs access to the log bucket, and ages data into archive classes.
 */
export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id);
    // Grant S3 log delivery through the bucket policy, never through ACLs (which BUCKET_OWNER_ENFORCED disables).
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const rules = secureLifecycleRules(props);
    // S3 refuses an Object Lock bucket as a server access log destination; BucketBaseline reads this mark.
    if (props.accessLogBucket) markLogDestination(props.accessLogBucket);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      // S3 Bucket Keys cut KMS request costs by ~99% for busy buckets without weakening the key boundary.
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      versioned: props.versioned ?? true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: props.allowAclLogDelivery ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: props.accessLogBucket ? (props.accessLogPrefix ?? `${id}/`) : undefined,
      lifecycleRules: rules,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      cors: props.cors,
    });
  }
}
