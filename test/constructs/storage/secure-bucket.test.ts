import { Aspects, type Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BucketBaseline, SecureBucket } from '../../../src/constructs/storage';
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

describe('BucketBaseline', () => {
  function baseline(build: (stack: Stack) => void) {
    const stack = testStack();
    build(stack);
    Aspects.of(stack).add(new BucketBaseline());
    return Template.fromStack(stack);
  }

  it('sends bucket events to EventBridge natively and enables Object Lock (no default retention) on versioned buckets', () => {
    const t = baseline((stack) => { new SecureBucket(stack, 'Photos', { encryptionKey: new kms.Key(stack, 'Key') }); });
    t.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: Match.absent(),
    });
    // Native configuration: no notifications custom resource.
    expect(Object.keys(t.findResources('Custom::S3BucketNotifications'))).toHaveLength(0);
  });

  it('leaves Object Lock off where S3 refuses it: server access log destinations and unversioned buckets', () => {
    const t = baseline((stack) => {
      const logs = new SecureBucket(stack, 'Logs');
      new SecureBucket(stack, 'Data', { accessLogBucket: logs.bucket });
      new SecureBucket(stack, 'Scratch', { versioned: false });
    });
    const buckets = Object.entries(t.findResources('AWS::S3::Bucket'));
    const lock = (prefix: string) => buckets.find(([id]) => id.startsWith(prefix))![1].Properties.ObjectLockEnabled;
    expect(lock('Logs')).toBeUndefined();
    expect(lock('Scratch')).toBeUndefined();
    expect(lock('Data')).toBe(true);
    for (const [, b] of buckets) expect(b.Properties.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
  });

  it('keeps a notification configuration a bucket already has', () => {
    const t = baseline((stack) => {
      const b = new s3.Bucket(stack, 'Own', { versioned: true });
      (b.node.defaultChild as s3.CfnBucket).notificationConfiguration = { topicConfigurations: [{ event: 's3:ObjectCreated:*', topic: 'arn:aws:sns:us-east-1:111111111111:t' }] };
    });
    t.hasResourceProperties('AWS::S3::Bucket', { NotificationConfiguration: { TopicConfigurations: Match.anyValue(), EventBridgeConfiguration: Match.absent() } });
  });
});
