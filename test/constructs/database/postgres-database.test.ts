import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PostgresDatabase, type PostgresDatabaseProps } from '../../../src/constructs/database';
import { testStack } from '../../helpers';

function build(props: Partial<PostgresDatabaseProps> = {}) {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, { name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
  const key = new kms.Key(stack, 'Key');
  const db = new PostgresDatabase(stack, 'Db', { vpc, subnets: { subnetGroupName: 'data' }, version: '15', storageKey: key, secretKey: key, ...props });
  return { stack, vpc, db, t: () => Template.fromStack(stack) };
}

describe('PostgresDatabase (RDS instance)', () => {
  it('matches the BerthCare staging database: PostgreSQL 15, db.t4g.medium, 100→500 GB gp3, Multi-AZ, 7-day backups, PI', () => {
    const { t } = build({ instanceClass: 'db.t4g.medium', allocatedStorageGb: 100, maxAllocatedStorageGb: 500, multiAz: true, backupRetention: Duration.days(7) });
    t().hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: '15',
      DBInstanceClass: 'db.t4g.medium',
      AllocatedStorage: '100',
      MaxAllocatedStorage: 500,
      StorageType: 'gp3',
      MultiAZ: true,
      BackupRetentionPeriod: 7,
      StorageEncrypted: true,
      KmsKeyId: Match.anyValue(),
      EnablePerformanceInsights: true,
      PerformanceInsightsKMSKeyId: Match.anyValue(),
      MonitoringInterval: 60,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      DeletionProtection: true,
      PubliclyAccessible: false,
      EnableIAMDatabaseAuthentication: true,
    });
  });

  it('forces TLS, loads pgAudit and logs slow queries through its parameter group', () => {
    const { t } = build({ slowQueryMs: 500 });
    t().hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'postgres15',
      Parameters: Match.objectLike({ 'rds.force_ssl': '1', shared_preload_libraries: 'pgaudit,pg_stat_statements', 'pgaudit.log': 'ddl,role,write', log_min_duration_statement: '500' }),
    });
  });

  it('keeps a final snapshot by default and on replacement', () => {
    build().t().hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });

  it('can be deleted outright only when asked (development)', () => {
    build({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }).t().hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtection: false }) });
  });

  it('replicates automated backups to another region through the instance\'s own properties (no custom resource)', () => {
    const { t } = build({ automatedBackupReplication: { region: 'us-east-1', kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:alias/x-dr-backup', retentionDays: 7 } });
    const template = t();
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      AutomaticBackupReplicationRegion: 'us-east-1',
      AutomaticBackupReplicationKmsKeyId: 'arn:aws:kms:us-east-1:111111111111:alias/x-dr-backup',
      AutomaticBackupReplicationRetentionPeriod: 7,
    });
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('AWS'))).toEqual([]);
    expect(() => build({ automatedBackupReplication: { region: 'us-east-1', kmsKeyArn: 'k', retentionDays: 36 } })).toThrow(/1-35/);
  });

  it('keeps credentials in a KMS-encrypted secret with rotation', () => {
    const { t } = build({ rotation: Duration.days(30), username: 'berthcare_admin' });
    t().hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue(), GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"berthcare_admin"}' }) });
    t().hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(30 days)' } });
  });

  for (const engine of ['postgres', 'aurora-postgresql'] as const) {
    it(`${engine}: the rotation function is admitted on the literal port 5432, not the endpoint's port token`, () => {
      const { t } = build({ engine, rotation: Duration.days(30) });
      const ingress = Object.entries(t().findResources('AWS::EC2::SecurityGroupIngress'));
      expect(ingress).toHaveLength(1);
      const [logicalId, rule] = ingress[0];
      expect(logicalId).toMatch(/RotationSingleUserSecurityGroup/);
      expect(logicalId).not.toMatch(/IndirectPort/);
      expect(rule.Properties).toMatchObject({ FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/RotationSingleUserSecurityGroup/), 'GroupId'] } });
    });
  }

  it('admits nobody until a client is allowed, then only that client on 5432', () => {
    expect(Object.keys(build().t().findResources('AWS::EC2::SecurityGroupIngress'))).toHaveLength(0);
    const { stack, vpc, db, t } = build();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    db.allowFrom(client);
    const ingress = Object.values(t().findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^Client/), 'GroupId'] } });
    const dbGroup = Object.entries(t().findResources('AWS::EC2::SecurityGroup')).find(([id]) => id.startsWith('DbSecurityGroup'))![1];
    expect(dbGroup.Properties.SecurityGroupIngress).toBeUndefined();
    expect(JSON.stringify(dbGroup)).not.toContain('0.0.0.0/0');
  });
});

describe('PostgresDatabase (Aurora)', () => {
  it('builds an encrypted Aurora Serverless v2 cluster with writer and reader', () => {
    const { t } = build({ engine: 'aurora-postgresql-serverless', version: '16.4', serverlessCapacity: { min: 0.5, max: 8 }, multiAz: true });
    t().hasResourceProperties('AWS::RDS::DBCluster', { Engine: 'aurora-postgresql', StorageEncrypted: true, DeletionProtection: true, ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 } });
    t().resourceCountIs('AWS::RDS::DBInstance', 2);
    t().hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' });
    t().hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot' });
    t().hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-postgresql16', Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
  });

  it('builds a provisioned Aurora cluster from an instance class', () => {
    const { t } = build({ engine: 'aurora-postgresql', version: '16.4', instanceClass: 'db.r6g.large', instances: 3 });
    t().resourceCountIs('AWS::RDS::DBInstance', 3);
    t().hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r6g.large' });
  });
});
