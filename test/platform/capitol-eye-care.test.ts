import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/platform/app';
import { loadSpec } from '../../src/spec/loader';
import { EXAMPLES } from '../helpers';

/** Capitol Eye Care (seed 004): three environments whose sizing and protection differ as the seed's table says. */
describe('Capitol Eye Care (seed 004)', () => {
  const t: Record<string, Template> = {};
  let dr: Template;
  beforeAll(() => {
    const { environments } = buildApp(loadSpec(path.join(EXAMPLES, 'capitol-eye-care.yaml')));
    for (const env of environments) {
      // HIPAA-eligible regions, no edge stacks; production's cross-region backup goes to the seed's other region.
      expect(env.stacks.map((s) => s.region)).toEqual(env.plan.name === 'production' ? ['us-east-1', 'us-west-2'] : ['us-east-1']);
      t[env.plan.name] = Template.fromStack(env.stacks[0]);
      if (env.plan.name === 'production') dr = Template.fromStack(env.stacks[1]);
    }
  });

  it('development: single AZ, smaller instances, shorter backups, no deletion protection', () => {
    t.development.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ MultiAZ: false, DBInstanceClass: 'db.t3.medium', BackupRetentionPeriod: 7, DeletionProtection: false }) });
    t.development.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheNodeType: 'cache.t3.micro', NumCacheClusters: 1, MultiAZEnabled: false });
    t.development.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  it('production: Multi-AZ r5 instances, deletion protection, Snapshot/Retain, dual NAT, enhanced monitoring', () => {
    t.production.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: Match.objectLike({ MultiAZ: true, DBInstanceClass: 'db.r5.large', DeletionProtection: true, MonitoringInterval: 15, BackupRetentionPeriod: 35 }) });
    t.production.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheNodeType: 'cache.r5.large', MultiAZEnabled: true });
    t.production.resourceCountIs('AWS::EC2::NatGateway', 2);
    t.production.allResources('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  it('production keeps backups 7 years in AWS Backup (RDS automated backups stop at 35 days)', () => {
    t.production.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ Lifecycle: { DeleteAfterDays: 2557, MoveToColdStorageAfterDays: 90 } })]) },
    });
    t.production.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.anyValue() });
    t.development.resourcePropertiesCountIs('AWS::Backup::BackupVault', { LockConfiguration: Match.anyValue() }, 0);
  });

  it("alarms with the seed's thresholds: RDS CPU > 80% for 10 min, connections > 50, storage < 10 GB; Redis CPU > 80% for 10 min, memory > 90%", () => {
    const prod = t.production;
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Namespace: 'AWS/RDS', Threshold: 80, Period: 300, EvaluationPeriods: 2, ComparisonOperator: 'GreaterThanThreshold' });
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 50, ComparisonOperator: 'GreaterThanThreshold' });
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeStorageSpace', Threshold: 10 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold' });
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('redisCpu$'), Threshold: 80, EvaluationPeriods: 2 });
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('redisMemoryPercent$'), Threshold: 90 });
    // Every alarm notifies the topic.
    for (const alarm of Object.values(prod.findResources('AWS::CloudWatch::Alarm'))) expect(alarm.Properties.AlarmActions ?? [], alarm.Properties.AlarmName).not.toHaveLength(0);
  });

  it('saved Logs Insights queries, slow-query log export, CloudTrail and Config HIPAA pack', () => {
    for (const name of ['rejected-flows', 'root-activity', 'failed-console-logins', 'iam-changes']) {
      t.production.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: Match.stringLikeRegexp(name) });
    }
    t.production.hasResourceProperties('AWS::RDS::DBInstance', { EnableCloudwatchLogsExports: Match.arrayWith(['postgresql']) });
    t.production.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ log_min_duration_statement: '1000' }) });
    t.production.hasResourceProperties('AWS::CloudTrail::Trail', { IsMultiRegionTrail: true, EnableLogFileValidation: true, KMSKeyId: Match.anyValue() });
    t.production.resourceCountIs('AWS::Config::ConformancePack', 1);
    t.production.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true });
  });

  it('production cross-region backup (backup-restore to us-west-2): database backups, CloudTrail, Config history and access logs', () => {
    const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    const prod = t.production;
    prod.hasResourceProperties('AWS::RDS::DBInstance', { AutomaticBackupReplicationRegion: 'us-west-2' });
    prod.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'monthly', CopyActions: [Match.objectLike({ DestinationBackupVaultArn: arn(':backup:us-west-2:111111111111:backup-vault:capitol-eye-care-production-backup') })] })]) } });
    dr.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'capitol-eye-care-production-backup' });
    // Every primary bucket replicates, each to a bucket the us-west-2 stack builds.
    const destinations = Object.values(prod.findResources('AWS::S3::Bucket')).map((b) => b.Properties.ReplicationConfiguration?.Rules[0].Destination.Bucket['Fn::Join'][1][2]);
    expect(destinations.sort()).toEqual([':s3:::capitol-eye-care-logs-dr-production', ':s3:::capitol-eye-care-production-audit-trail-us-west-2', ':s3:::capitol-eye-care-production-config-us-west-2']);
    for (const name of ['capitol-eye-care-logs-dr-production', 'capitol-eye-care-production-audit-trail-us-west-2', 'capitol-eye-care-production-config-us-west-2']) {
      dr.hasResourceProperties('AWS::S3::Bucket', { BucketName: name, VersioningConfiguration: { Status: 'Enabled' } });
    }
    // No compute or database runs in us-west-2 ahead of a failover.
    for (const type of ['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ECS::Service']) dr.resourceCountIs(type, 0);
  });
});
