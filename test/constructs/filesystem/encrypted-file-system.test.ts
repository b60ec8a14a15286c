import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { EncryptedFileSystem, type EncryptedFileSystemProps } from '../../../src/constructs/filesystem';

function build(overrides: Partial<EncryptedFileSystemProps> = {}, withClient = true): Template {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
  const key = new kms.Key(stack, 'DataKey');
  const client = new ec2.SecurityGroup(stack, 'TrainerSg', { vpc, description: 'trainer' });
  const fsys = new EncryptedFileSystem(stack, 'Training', {
    vpc,
    key,
    accessPoints: { models: { path: '/models', uid: 2000, gid: 2000 } },
    ...overrides,
  });
  if (withClient) fsys.allowClient(client, 'trainer');
  return Template.fromStack(stack);
}

describe('EncryptedFileSystem', () => {
  const template = build();

  it('encrypts with the customer key and turns on automatic backups', () => {
    template.hasResourceProperties('AWS::EFS::FileSystem', {
      Encrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
      BackupPolicy: { Status: 'ENABLED' },
    });
  });

  it('uses general purpose performance, elastic throughput and moves cold files to IA after 30 days', () => {
    template.hasResourceProperties('AWS::EFS::FileSystem', {
      PerformanceMode: 'generalPurpose',
      ThroughputMode: 'elastic',
      LifecyclePolicies: Match.arrayWith([{ TransitionToIA: 'AFTER_30_DAYS' }, { TransitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }]),
    });
  });

  it('puts a mount target in each private subnet', () => {
    template.resourceCountIs('AWS::EFS::MountTarget', 3);
    template.hasResourceProperties('AWS::EFS::MountTarget', { SubnetId: { Ref: Match.stringLikeRegexp('PrivateSubnet') } });
  });

  it('admits NFS 2049 only from the named client and nothing else', () => {
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress');
    const rules = Object.values(ingress).map((r) => r.Properties);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ FromPort: 2049, ToPort: 2049, IpProtocol: 'tcp', SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/TrainerSg/), 'GroupId'] } });
    const sgs = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^EFS') } });
    for (const sg of Object.values(sgs)) {
      expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
      expect(JSON.stringify(sg.Properties.SecurityGroupEgress)).toContain('255.255.255.255/32');
    }
  });

  it('refuses unencrypted transport in the file system policy', () => {
    template.hasResourceProperties('AWS::EFS::FileSystem', {
      FileSystemPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('creates access points with a fixed POSIX user', () => {
    template.hasResourceProperties('AWS::EFS::AccessPoint', {
      PosixUser: { Uid: '2000', Gid: '2000' },
      RootDirectory: { Path: '/models', CreationInfo: { OwnerUid: '2000', OwnerGid: '2000', Permissions: '750' } },
    });
  });

  it('retains the file system by default', () => {
    template.hasResource('AWS::EFS::FileSystem', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('EncryptedFileSystem options', () => {
  it('admits nobody without clients', () => {
    build({}, false).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  it('supports provisioned throughput and max I/O', () => {
    const t = build({ throughputMode: efs.ThroughputMode.PROVISIONED, provisionedThroughputMibps: 128, performanceMode: efs.PerformanceMode.MAX_IO, transitionToIaDays: 7 });
    t.hasResourceProperties('AWS::EFS::FileSystem', {
      ThroughputMode: 'provisioned',
      ProvisionedThroughputInMibps: 128,
      PerformanceMode: 'maxIO',
      LifecyclePolicies: Match.arrayWith([{ TransitionToIA: 'AFTER_7_DAYS' }]),
    });
  });

  it('rejects provisioned throughput without a rate', () => {
    expect(() => build({ throughputMode: efs.ThroughputMode.PROVISIONED })).toThrow(/provisionedThroughputMibps/);
  });

  it('can be destroyed outside production', () => {
    build({ removalPolicy: RemovalPolicy.DESTROY }).hasResource('AWS::EFS::FileSystem', { DeletionPolicy: 'Delete' });
  });
});
