/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation JSON and raw spec documents are untyped here */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { BucketReplication } from '../../../src/constructs/dr';

function setup() {
  const stack = new Stack(new App(), 'Primary', { env: { account: '111111111111', region: 'ca-central-1' } });
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Docs', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
  return { stack, key, bucket };
}

describe('BucketReplication', () => {
  it('configures KMS re-encryption, RTC with metrics and delete-marker replication on the source bucket', () => {
    const { stack, bucket } = setup();
    new BucketReplication(stack, 'Repl', {
      source: bucket,
      destinationBucketName: 'docs-us-east-1',
      replicaKeyAlias: { aliasName: 'alias/acme-prod-dr-data', region: 'us-east-1' },
      replicationTimeControl: true,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      ReplicationConfiguration: {
        Role: Match.anyValue(),
        Rules: [Match.objectLike({
          Status: 'Enabled',
          Priority: 1,
          Filter: { Prefix: '' },
          DeleteMarkerReplication: { Status: 'Enabled' },
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
          Destination: Match.objectLike({
            Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::docs-us-east-1']] },
            EncryptionConfiguration: { ReplicaKmsKeyID: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-east-1:111111111111:alias/acme-prod-dr-data']] } },
            ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
            Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
          }),
        })],
      },
    });
  });

  it('grants least privilege: decrypt the source key via S3 here, encrypt only the aliased key via S3 there', () => {
    const { stack, bucket } = setup();
    new BucketReplication(stack, 'Repl', { source: bucket, destinationBucketName: 'docs-us-east-1', replicaKeyAlias: { aliasName: 'alias/dr', region: 'us-east-1' } });
    const t = Template.fromStack(stack);
    const policies = t.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.some((s: any) => JSON.stringify(s.Action).includes('*'))).toBe(false);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'kms:Decrypt', Condition: { StringLike: { 'kms:ViaService': 's3.ca-central-1.amazonaws.com' } } }));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'kms:Encrypt',
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/dr' }, 'StringLike': { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'] }));
    t.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] } });
  });

  it('without RTC has no replication time or metrics; delete markers can be kept local', () => {
    const { stack, bucket } = setup();
    new BucketReplication(stack, 'Repl', { source: bucket, destinationBucketName: 'd', replicaKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/abc', deleteMarkerReplication: false });
    const t = Template.fromStack(stack);
    const rule = (Object.values(t.findResources('AWS::S3::Bucket'))[0] as any).Properties.ReplicationConfiguration.Rules[0];
    expect(rule.Destination.ReplicationTime).toBeUndefined();
    expect(rule.Destination.Metrics).toBeUndefined();
    expect(rule.DeleteMarkerReplication).toEqual({ Status: 'Disabled' });
    expect(rule.Destination.EncryptionConfiguration).toEqual({ ReplicaKmsKeyID: 'arn:aws:kms:us-east-1:111111111111:key/abc' });
  });

  it('rejects an imported bucket and ambiguous keys', () => {
    const { stack } = setup();
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'someone-elses');
    expect(() => new BucketReplication(stack, 'R1', { source: imported, destinationBucketName: 'd' })).toThrow(/not an s3.Bucket/);
    const { stack: s2, bucket } = setup();
    expect(() => new BucketReplication(s2, 'R2', { source: bucket, destinationBucketName: 'd', replicaKeyArn: 'arn', replicaKeyAlias: { aliasName: 'alias/x', region: 'us-east-1' } })).toThrow(/not both/);
  });
});
