import { Token, type IAspect } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/** Metadata key marking a bucket as a log-delivery destination (S3 server access logs, ELB access logs). */
export const LOG_DESTINATION_METADATA = 'haven:log-destination';

/** Marks a bucket as the destination of S3 server access logs or ELB access logs (no Object Lock, see BucketBaseline). */
export function markLogDestination(bucket: s3.IBucket): void {
  const cfn = bucket.node.defaultChild;
  if (cfn instanceof s3.CfnBucket) cfn.addMetadata(LOG_DESTINATION_METADATA, true);
}

function versioningEnabled(cfn: s3.CfnBucket): boolean {
  const v = cfn.versioningConfiguration;
  return v !== undefined && !Token.isUnresolved(v) && (v as s3.CfnBucket.VersioningConfigurationProperty).status === 'Enabled';
}

/**
 * Every bucket in scope, whoever made it (Haven's constructs, CDK's own, DR replicas):
 * - object-level events go to Amazon EventBridge through the bucket's own NotificationConfiguration
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-eventbridgeconfiguration.html),
 *   not CDK's notifications custom resource; rules can subscribe without a change to the bucket;
 * - versioned buckets have S3 Object Lock enabled. Without a default retention it locks nothing by itself, so
 *   objects stay deletable (erasure requests, lifecycle expiry); a bucket that sets a default retention (the
 *   audit trail) makes its records WORM. Buckets that receive server access logs are left out: S3 refuses a
 *   bucket with Object Lock as a server access log destination
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html). Object Lock needs versioning.
 */
export class BucketBaseline implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof s3.CfnBucket)) return;
    if (node.notificationConfiguration === undefined) {
      node.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    }
    const logDestination = node.getMetadata(LOG_DESTINATION_METADATA) === true;
    if (node.objectLockEnabled === undefined && !logDestination && versioningEnabled(node)) node.objectLockEnabled = true;
  }
}
