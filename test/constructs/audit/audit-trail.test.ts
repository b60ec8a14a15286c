import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../src/constructs/audit';

function setup() {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const key = new kms.Key(stack, 'Key');
  return { stack, key };
}

describe('AuditTrail', () => {
  it('is multi-region with validation, KMS and CloudWatch delivery', () => {
    const { stack, key } = setup();
    new AuditTrail(stack, 'A', { encryptionKey: key, trailName: 'cec-production' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'cec-production', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      CloudWatchLogsLogGroupArn: Match.anyValue(),
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
  });

  it('keeps log files 7 years by default with Glacier after 90 days, in a hardened retained bucket', () => {
    const { stack, key } = setup();
    new AuditTrail(stack, 'A', { encryptionKey: key });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2557, Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] })] },
        // Write-once for the whole retention: COMPLIANCE mode cannot be shortened or lifted by anyone.
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } } },
      }),
    });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudTrailEncrypt', Principal: { Service: 'cloudtrail.amazonaws.com' } })]) },
    });
  });

  it('applies custom retention and data events', () => {
    const { stack, key } = setup();
    const photos = new s3.Bucket(stack, 'Photos');
    new AuditTrail(stack, 'A', { encryptionKey: key, retentionDays: 730, glacierAfterDays: 180, cloudWatchRetentionDays: 2557, dataEvents: { s3: [photos], lambda: true }, removalPolicy: RemovalPolicy.DESTROY });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 730, Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 180 }] })] } });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 2557 });
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: Match.arrayWith([
        Match.objectLike({ DataResources: [Match.objectLike({ Type: 'AWS::S3::Object' })] }),
        Match.objectLike({ DataResources: [Match.objectLike({ Type: 'AWS::Lambda::Function' })] }),
      ]),
    });
  });

  it('records management events only by default', () => {
    const { stack, key } = setup();
    new AuditTrail(stack, 'A', { encryptionKey: key });
    const trail = Object.values(Template.fromStack(stack).findResources('AWS::CloudTrail::Trail'))[0];
    const selectors = (trail.Properties.EventSelectors ?? []) as { DataResources?: unknown[] }[];
    expect(selectors.every((s) => (s.DataResources ?? []).length === 0)).toBe(true);
  });

  it('rejects a Glacier transition too close to expiry', () => {
    const { stack, key } = setup();
    expect(() => new AuditTrail(stack, 'A', { encryptionKey: key, retentionDays: 365, glacierAfterDays: 300 })).toThrow(/90 days/);
    expect(() => new AuditTrail(stack, 'B', { encryptionKey: key, retentionDays: 365, glacierAfterDays: 400 })).toThrow(/less than/);
  });
});
