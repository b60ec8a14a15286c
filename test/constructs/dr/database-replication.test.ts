/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation JSON and raw spec documents are untyped here */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { AuroraGlobalDatabase, AuroraGlobalSecondary, CrossRegionBackupCopy, CrossRegionReadReplica } from '../../../src/constructs/dr';

const SOURCE = 'arn:aws:rds:ca-central-1:111111111111:db:estate-kit-production-main';

function drStack() {
  const stack = new Stack(new App(), 'Dr', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16'), maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const key = new kms.Key(stack, 'Key');
  return { stack, vpc, key };
}

describe('CrossRegionReadReplica', () => {
  it('creates an encrypted, private, protected replica of the source ARN with its own subnet group and closed SG', () => {
    const { stack, vpc, key } = drStack();
    const replica = new CrossRegionReadReplica(stack, 'Replica', { sourceDbInstanceArn: SOURCE, sourceRegion: 'ca-central-1', instanceClass: 'db.r6g.large', vpc, encryptionKey: key, instanceIdentifier: 'estate-kit-production-main-dr' });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        SourceDBInstanceIdentifier: SOURCE,
        SourceRegion: 'ca-central-1',
        DBInstanceClass: 'db.r6g.large',
        StorageEncrypted: Match.absent(),
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Key'), 'Arn'] },
        PubliclyAccessible: false,
        DeletionProtection: true,
        DBSubnetGroupName: { Ref: Match.stringLikeRegexp('ReplicaSubnetGroup') },
      }),
    });
    // A replica inherits credentials and the database from its source: no master user here.
    const props = (Object.values(t.findResources('AWS::RDS::DBInstance'))[0] as any).Properties;
    expect(props.MasterUsername).toBeUndefined();
    t.resourceCountIs('AWS::RDS::DBSubnetGroup', 1);
    t.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })] });
    expect(replica.connections.defaultPort?.toString()).toBe('5432');
  });
});

describe('CrossRegionBackupCopy', () => {
  it('backs up on the interval and copies each recovery point to the DR vault', () => {
    const stack = new Stack(new App(), 'P', { env: { account: '111111111111', region: 'ca-central-1' } });
    new CrossRegionBackupCopy(stack, 'Copy', { resourceArns: [SOURCE], destinationVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:acme-dr', encryptionKey: new kms.Key(stack, 'K'), intervalHours: 4 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 */4 * * ? *)', CopyActions: [Match.objectLike({ DestinationBackupVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:acme-dr' })] })] },
    });
    t.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ Resources: [SOURCE] }) });
    t.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
  });
});

describe('Aurora Global Database', () => {
  it('global cluster from the primary cluster, secondary cluster with its own key in the DR region', () => {
    const p = new Stack(new App(), 'P', { env: { account: '111111111111', region: 'ca-central-1' } });
    new AuroraGlobalDatabase(p, 'Global', { globalClusterIdentifier: 'acme-prod-main-global', sourceDbClusterArn: 'arn:aws:rds:ca-central-1:111111111111:cluster:acme-prod-main' });
    Template.fromStack(p).hasResource('AWS::RDS::GlobalCluster', { DeletionPolicy: 'Retain', Properties: { GlobalClusterIdentifier: 'acme-prod-main-global', SourceDBClusterIdentifier: 'arn:aws:rds:ca-central-1:111111111111:cluster:acme-prod-main', DeletionProtection: true } });
    const { stack, vpc, key } = drStack();
    new AuroraGlobalSecondary(stack, 'Secondary', { globalClusterIdentifier: 'acme-prod-main-global', engineVersion: '16.4', vpc, encryptionKey: key, serverless: { minCapacity: 0.5, maxCapacity: 4 }, removalPolicy: RemovalPolicy.SNAPSHOT });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ GlobalClusterIdentifier: 'acme-prod-main-global', StorageEncrypted: true, ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 } }) });
    t.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless', PubliclyAccessible: false });
  });
});
