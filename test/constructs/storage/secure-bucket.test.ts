import * as kms from 'aws-cdk-lib/aws-kms';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SecureBucket } from '../../../src/constructs/storage';
import { testStack } from '../../helpers';

describe('SecureBucket', () => {
  it('is KMS-encrypted, versioned, private, TLS-only and logs access', () => {
    const stack = testStack();
    const logs = new SecureBucket(stack, 'Logs');
    new SecureBucket(stack, 'Photos', {
      bucketName: 'berthcare-photos-staging',
      encryptionKey: new kms.Key(stack, 'Key'),
      accessLogBucket: logs.bucket,
      transitions: [{ storageClass: 'GLACIER', afterDays: 365 }, { storageClass: 'DEEP_ARCHIVE', afterDays: 2555 }],
      noncurrentExpiryDays: 90,
    });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'berthcare-photos-staging',
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true })] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'Photos/' },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Id: 'archive', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 365 }, { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 2555 }] }),
            Match.objectLike({ Id: 'noncurrent-versions', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
          ]),
        },
      }),
    });
    // TLS-only: deny any request without SecureTransport, and any below TLS 1.2.
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]) },
    });
  });

  it('uses SSE-S3 (AES-256) without a key, as S3 access-log targets require', () => {
    const stack = testStack();
    new SecureBucket(stack, 'Logs', { allowAclLogDelivery: true });
    const bucket = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'))[0];
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.OwnershipControls.Rules[0].ObjectOwnership).toBe('BucketOwnerPreferred');
  });
});
