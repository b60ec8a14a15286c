import { describe, expect, it } from 'vitest';
import { builtinAcknowledgementFor } from '../../src/compliance/acknowledgements';
import type { Evidence } from '../../src/compliance/types';

/** Which built-in reason (if any) covers an unreplicated bucket: the DR region's, no DR region's, or the pipeline's. */
describe('S3BucketReplicationEnabled: the built-in acknowledgement covers only what stays unreplicated', () => {
  const bucket = (logicalId: string, stack = 'app-production-us-east-1'): Evidence => ({ stack, logicalId, resourceType: 'AWS::S3::Bucket', resource: logicalId, property: 'Properties', value: null });
  const reason = (rule: string, logicalId: string, properties: Record<string, unknown> = {}) => builtinAcknowledgementFor(rule, bucket(logicalId), undefined, properties);
  const loggingTo = (logBucket: string) => ({ LoggingConfiguration: { DestinationBucketName: { Ref: logBucket }, LogFilePrefix: 'config-bucket/' } });

  it.each(['HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'])('%s: DR-region buckets rest on the replication requirements page', (rule) => {
    for (const [id, props] of [['BucketlogsdrBucketCFD3020C', {}], ['DrReplicadocumentsAB40C425', {}], ['DrReplicaconfig7695FF3C', {}], ['SecurityBaselineConfigBucketDAF218C3', loggingTo('BucketlogsdrBucketCFD3020C')]] as const) {
      const ack = reason(rule, id, props);
      expect(ack?.docs, id).toBe('https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html');
      expect(ack?.reason, id).toMatch(/^Bucket in the DR region.*destination bucket exists and has versioning enabled.*DR stack is created first/);
    }
  });

  it('primary-region access-log, CloudTrail and Config buckets: only for want of a DR region', () => {
    for (const [id, props] of [['BucketlogsBucketD3506BC8', {}], ['SecurityBaselineAuditTrailBucket0750EB98', loggingTo('BucketlogsBucketD3506BC8')], ['SecurityBaselineConfigBucketDAF218C3', loggingTo('BucketlogsBucketD3506BC8')]] as const) {
      expect(reason('HIPAA.Security-S3BucketReplicationEnabled', id, props)?.reason, id).toMatch(/^The environment names no DR region/);
    }
  });

  it('pipeline artifacts: CodePipeline keeps its artifact store in its own Region', () => {
    expect(reason('HIPAA.Security-S3BucketReplicationEnabled', 'ServicesDeliveryArtifacts227985B3')?.docs).toBe('https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codepipeline-pipeline-artifactstoremap.html');
  });

  it('data buckets are not covered: they replicate, or the spec acknowledges why not', () => {
    expect(reason('HIPAA.Security-S3BucketReplicationEnabled', 'BucketdocumentsBucket40E9481E')).toBeUndefined();
    expect(reason('HIPAA.Security-S3BucketReplicationEnabled', 'BucketaccesslogsBucket12345678')).toBeUndefined();
  });
});
