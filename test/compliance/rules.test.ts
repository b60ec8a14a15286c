import { describe, expect, it } from 'vitest';
import {
  AlarmCoverage, AuditServices, BackupCoverage, BackupRetention, CacheTls, DatabaseTls, DeletionProtection, DrObjectives,
  EncryptionAtRest, ListenerTls, LogRetention, NoWildcardIam, PgAudit, Residency, S3Tls, SecretRotation,
} from '../../src/compliance/rules';
import { scheduleIntervalMinutes } from '../../src/compliance/rules/resilience/DrObjectives';
import { SHARED_ACCOUNT_SERVICES_OUTPUT } from '../../src/compliance/rules/audit/AuditServices';
import { BASELINE, KMS_ENCRYPTION, ctx, stack, tlsPolicy } from './fixtures';

const pg = (extra: Record<string, unknown> = {}, params?: Record<string, string>) => ({
  Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', EngineVersion: '14.10', StorageEncrypted: true, DBParameterGroupName: { Ref: 'Params' }, BackupRetentionPeriod: 7, DeletionProtection: true, ...extra }, DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' },
  Params: { Type: 'AWS::RDS::DBParameterGroup', Properties: { Family: 'postgres14', Parameters: params ?? { 'rds.force_ssl': '1', shared_preload_libraries: 'pg_stat_statements,pgaudit', 'pgaudit.log': 'ddl,role' } } },
});

describe('HAVEN-RESIDENCY', () => {
  it('passes PIPEDA data in ca-central-1', () => {
    const r = Residency.evaluate(ctx([stack({ B: { Type: 'AWS::S3::Bucket' } })]));
    expect(r).toEqual({ findings: [], checked: 1 });
  });
  it('fails PIPEDA data in us-east-1 with the region as evidence', () => {
    const r = Residency.evaluate(ctx([stack({ B: { Type: 'AWS::S3::Bucket', Metadata: { 'haven:resource': 'buckets.records' } } }, 'us-east-1')]));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].evidence).toMatchObject({ logicalId: 'B', resource: 'buckets.records', property: 'region', value: 'us-east-1' });
    expect(r.findings[0].severity).toBe('error');
  });
  it('downgrades to a warning when the spec acknowledges the transfer, and does not apply without residency frameworks', () => {
    const s = [stack({ B: { Type: 'AWS::S3::Bucket' } }, 'us-east-1')];
    expect(Residency.evaluate(ctx(s, { residencyAcknowledged: true })).findings[0].severity).toBe('warning');
    expect(Residency.evaluate(ctx(s, {}, ['hipaa']))).toEqual({ findings: [], checked: 0 });
  });
  it('accepts EEA regions for GDPR and rejects Canada-only data there', () => {
    expect(Residency.evaluate(ctx([stack({ B: { Type: 'AWS::S3::Bucket' } }, 'eu-west-1')], {}, ['gdpr'])).findings).toHaveLength(0);
    expect(Residency.evaluate(ctx([stack({ B: { Type: 'AWS::S3::Bucket' } }, 'eu-west-1')], {}, ['pipeda'])).findings).toHaveLength(1);
  });
});

describe('HAVEN-ENCRYPTION-AT-REST', () => {
  it('passes KMS buckets and encrypted databases', () => {
    const r = EncryptionAtRest.evaluate(ctx([stack({ B: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: KMS_ENCRYPTION } }, ...pg() })]));
    expect(r).toEqual({ findings: [], checked: 2 });
  });
  it('fails an unencrypted bucket, database, table and cache', () => {
    const r = EncryptionAtRest.evaluate(ctx([stack({
      B: { Type: 'AWS::S3::Bucket' },
      ...pg({ StorageEncrypted: false }),
      T: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      C: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { AtRestEncryptionEnabled: false } },
    })]));
    expect(r.findings.map((f) => f.evidence.logicalId)).toEqual(['B', 'Db', 'T', 'C']);
    expect(r.findings[1].evidence).toMatchObject({ property: 'Properties.StorageEncrypted', value: false });
  });
  it('accepts SSE-S3 only on log buckets, which ELB access logging requires', () => {
    const sse = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
    expect(EncryptionAtRest.evaluate(ctx([stack({ L: { Type: 'AWS::S3::Bucket', Metadata: { 'haven:class': 'logs' }, Properties: { BucketEncryption: sse } } })])).findings).toHaveLength(0);
    expect(EncryptionAtRest.evaluate(ctx([stack({ L: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: sse } } })])).findings).toHaveLength(1);
  });
  it('accepts a read replica encrypted under its own KMS key (StorageEncrypted cannot be set beside a source)', () => {
    const replica = { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: 'arn:aws:rds:ca-central-1:111111111111:db:main', KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k' } };
    expect(EncryptionAtRest.evaluate(ctx([stack({ R: replica })])).findings).toHaveLength(0);
    const noKey = { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: 'arn:aws:rds:ca-central-1:111111111111:db:main' } };
    expect(EncryptionAtRest.evaluate(ctx([stack({ R: noKey })])).findings).toHaveLength(1);
  });
});

describe('HAVEN-S3-TLS', () => {
  it('passes a bucket whose policy denies insecure transport', () => {
    expect(S3Tls.evaluate(ctx([stack({ B: { Type: 'AWS::S3::Bucket' }, P: tlsPolicy('B') })])).findings).toHaveLength(0);
  });
  it('fails a bucket without the policy, or with a policy on another bucket', () => {
    const r = S3Tls.evaluate(ctx([stack({ B: { Type: 'AWS::S3::Bucket' }, Other: { Type: 'AWS::S3::Bucket' }, P: tlsPolicy('Other') })]));
    expect(r.findings.map((f) => f.evidence.logicalId)).toEqual(['B']);
  });
});

describe('HAVEN-DB-TLS', () => {
  it('passes rds.force_ssl=1', () => {
    expect(DatabaseTls.evaluate(ctx([stack(pg())]))).toEqual({ findings: [], checked: 1 });
  });
  it('fails rds.force_ssl=0 and a PostgreSQL 14 database on the default parameter group', () => {
    const bad = DatabaseTls.evaluate(ctx([stack(pg({}, { 'rds.force_ssl': '0' }))]));
    expect(bad.findings[0].evidence).toMatchObject({ logicalId: 'Params', property: 'Properties.Parameters.rds.force_ssl', value: '0' });
    const dflt = DatabaseTls.evaluate(ctx([stack({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', EngineVersion: '14.10' } } })]));
    expect(dflt.findings).toHaveLength(1);
  });
  it('accepts PostgreSQL 15+ defaults, which force TLS', () => {
    expect(DatabaseTls.evaluate(ctx([stack({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', EngineVersion: '16.4' } } })])).findings).toHaveLength(0);
  });
});

describe('HAVEN-CACHE-TLS', () => {
  it('passes required transit encryption and fails disabled or preferred', () => {
    const ok = { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' } };
    expect(CacheTls.evaluate(ctx([stack({ C: ok })])).findings).toHaveLength(0);
    const r = CacheTls.evaluate(ctx([stack({
      Off: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: {} },
      Pref: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { TransitEncryptionEnabled: true, TransitEncryptionMode: 'preferred' } },
    })]));
    expect(r.findings.map((f) => f.evidence.property)).toEqual(['Properties.TransitEncryptionEnabled', 'Properties.TransitEncryptionMode']);
  });
});

describe('HAVEN-LISTENER-TLS', () => {
  it('passes HTTPS and an HTTP→HTTPS redirect; fails plain HTTP forwarding', () => {
    const r = ListenerTls.evaluate(ctx([stack({
      Https: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Protocol: 'HTTPS' } },
      Redirect: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }] } },
      Plain: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Protocol: 'HTTP', DefaultActions: [{ Type: 'forward' }] } },
    })]));
    expect(r.checked).toBe(3);
    expect(r.findings.map((f) => f.evidence.logicalId)).toEqual(['Plain']);
  });
});

describe('HAVEN-IAM-NO-WILDCARD', () => {
  const policy = (Action: unknown, Resource: unknown) => ({ Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action, Resource }] } } });
  it('passes scoped actions on named resources', () => {
    expect(NoWildcardIam.evaluate(ctx([stack({ P: policy(['s3:GetObject'], { 'Fn::GetAtt': ['B', 'Arn'] }) })])).findings).toHaveLength(0);
  });
  it('fails "*" actions on "*" as errors, and warns on a named action over every resource', () => {
    const r = NoWildcardIam.evaluate(ctx([stack({ P: policy('*', '*'), Q: policy('logs:DescribeLogGroups', '*') })]));
    expect(r.findings.map((f) => [f.evidence.logicalId, f.evidence.property, f.severity ?? 'error'])).toEqual([
      ['P', 'Properties.PolicyDocument.Statement[0].Action', 'error'],
      ['P', 'Properties.PolicyDocument.Statement[0].Resource', 'error'],
      ['Q', 'Properties.PolicyDocument.Statement[0].Resource', 'warning'],
    ]);
  });
  it('accepts "*" for actions AWS only authorizes on "*" (ECR token, X-Ray), but not when mixed with scoped actions', () => {
    expect(NoWildcardIam.evaluate(ctx([stack({ P: policy('ecr:GetAuthorizationToken', '*'), X: policy(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*'), E: policy('ecs:RegisterTaskDefinition', '*') })])).findings).toHaveLength(0);
    // iam:PassRole does take a resource: on "*" it stays a warning.
    expect(NoWildcardIam.evaluate(ctx([stack({ P: policy('iam:PassRole', '*') })])).findings.map((f) => f.severity)).toEqual(['warning']);
    const mixed = NoWildcardIam.evaluate(ctx([stack({ P: policy(['ecr:GetAuthorizationToken', 's3:GetObject'], '*') })]));
    expect(mixed.findings.map((f) => f.severity)).toEqual(['warning']);
  });
  it('looks into inline role policies and service wildcards', () => {
    const r = NoWildcardIam.evaluate(ctx([stack({ R: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyName: 'x', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] } }] } } })]));
    expect(r.findings[0].evidence).toMatchObject({ property: 'Properties.Policies[0].PolicyDocument.Statement[0].Action', value: ['s3:*'] });
  });
});

describe('HAVEN-SECRET-ROTATION', () => {
  it('passes a secret with a rotation schedule and fails one without', () => {
    const r = SecretRotation.evaluate(ctx([stack({
      S: { Type: 'AWS::SecretsManager::Secret' },
      Rot: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { SecretId: { Ref: 'S' } } },
      Static: { Type: 'AWS::SecretsManager::Secret' },
    })]));
    expect(r.findings.map((f) => f.evidence.logicalId)).toEqual(['Static']);
  });
});

describe('HAVEN-PGAUDIT', () => {
  it('passes pgaudit loaded with a log setting', () => {
    expect(PgAudit.evaluate(ctx([stack(pg())]))).toEqual({ findings: [], checked: 1 });
  });
  it('fails a database without pgaudit, and one that loads it but logs nothing', () => {
    expect(PgAudit.evaluate(ctx([stack(pg({}, { 'rds.force_ssl': '1' }))])).findings[0].message).toMatch(/does not load pgaudit/);
    expect(PgAudit.evaluate(ctx([stack(pg({}, { shared_preload_libraries: 'pgaudit', 'pgaudit.log': 'none' }))])).findings[0].message).toMatch(/logs nothing/);
  });
  it('does not apply to MySQL', () => {
    expect(PgAudit.evaluate(ctx([stack({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql' } } })])).checked).toBe(0);
  });
});

describe('HAVEN-BACKUP-COVERAGE', () => {
  it('passes a database in a selection by reference and a table selected by tag', () => {
    const r = BackupCoverage.evaluate(ctx([stack({
      ...pg(),
      T: { Type: 'AWS::DynamoDB::Table', Properties: { Tags: [{ Key: 'haven:backup', Value: 'daily' }] } },
      Sel: { Type: 'AWS::Backup::BackupSelection', Properties: { BackupSelection: { Resources: [{ 'Fn::Join': ['', ['arn:aws:rds:', { Ref: 'Db' }]] }], ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'haven:backup', ConditionValue: 'daily' }] } } },
    })]));
    expect(r).toEqual({ findings: [], checked: 2 });
  });
  it('fails a database no selection covers', () => {
    const r = BackupCoverage.evaluate(ctx([stack(pg())]));
    expect(r.findings[0].evidence).toMatchObject({ logicalId: 'Db', property: 'AWS::Backup::BackupSelection' });
  });
});

describe('HAVEN-BACKUP-RETENTION', () => {
  it('passes 7–35 days in production', () => {
    expect(BackupRetention.evaluate(ctx([stack(pg({ BackupRetentionPeriod: 35 }))])).findings).toHaveLength(0);
  });
  it('fails 40 days (beyond the RDS maximum) and the 1-day default in production', () => {
    const forty = BackupRetention.evaluate(ctx([stack(pg({ BackupRetentionPeriod: 40 }))]));
    expect(forty.findings[0].evidence).toMatchObject({ property: 'Properties.BackupRetentionPeriod', value: 40 });
    expect(forty.findings[0].message).toMatch(/at most 35/);
    expect(BackupRetention.evaluate(ctx([stack({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres' } } })])).findings[0].message).toMatch(/at least 7/);
  });
  it('accepts 1 day in development', () => {
    expect(BackupRetention.evaluate(ctx([stack(pg({ BackupRetentionPeriod: 1 }))], { tier: 'development' })).findings).toHaveLength(0);
  });
});

describe('HAVEN-DR-OBJECTIVES', () => {
  const plan = (schedule: string, dest: string) => ({
    Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanName: 'p', BackupPlanRule: [{ RuleName: 'r', ScheduleExpression: schedule, CopyActions: [{ DestinationBackupVaultArn: `arn:aws:backup:${dest}:111111111111:backup-vault:dr` }] }] } } },
  });
  const primaryDb = { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'acme-prod-main' } } };
  const replica = { Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:ca-central-1:', { Ref: 'AWS::AccountId' }, ':db:acme-prod-main']] } } } };
  const drEnv = (rpoMinutes?: number) => ({ drRegion: 'ca-west-1', ...(rpoMinutes ? { rpoMinutes } : {}) });

  it('counts a Backup copy as its schedule interval plus the copy time, as validate does', () => {
    expect(DrObjectives.evaluate(ctx([stack(plan('cron(0 * ? * * *)', 'ca-west-1'))], drEnv(120))).findings).toHaveLength(0);
    expect(DrObjectives.evaluate(ctx([stack(plan('cron(0 * ? * * *)', 'ca-west-1'))], drEnv(60))).findings[0].message).toMatch(/within 120 minutes \(slowest: AWS Backup copy/);
    expect(DrObjectives.evaluate(ctx([stack(plan('cron(0 5 ? * * *)', 'ca-west-1'))], drEnv(60))).findings[0].message).toMatch(/within 1500 minutes.*the RPO is 60/);
  });
  it('fails when nothing reaches the DR region, naming a database no mechanism carries', () => {
    expect(DrObjectives.evaluate(ctx([stack(plan('cron(0 5 ? * * *)', 'us-west-2'))], drEnv())).findings[0].message).toMatch(/Nothing copies/);
    const r = DrObjectives.evaluate(ctx([stack(primaryDb)], drEnv(15)));
    expect(r.findings.map((f) => f.evidence.logicalId)).toEqual(['Db']);
  });
  it('a cross-region read replica of the database meets a 15-minute RPO with no Backup copy (the RPO validate prints)', () => {
    const stacks = [stack(primaryDb), stack(replica, 'ca-west-1', 'Dr')];
    expect(DrObjectives.evaluate(ctx(stacks, drEnv(15))).findings).toHaveLength(0);
    expect(DrObjectives.evaluate(ctx(stacks, drEnv(4))).findings[0].message).toMatch(/within 5 minutes \(slowest: cross-region read replica\)/);
    // A replica of another database carries nothing for this one.
    const other = { Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: 'arn:aws:rds:ca-central-1:1:db:acme-prod-other' } } };
    expect(DrObjectives.evaluate(ctx([stack(primaryDb), stack(other, 'ca-west-1', 'Dr')], drEnv(15))).findings).toHaveLength(1);
  });
  it('an Aurora global secondary carries its cluster; a bucket without RTC bounds the RPO at the no-SLA hour', () => {
    const primary = {
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { DBClusterIdentifier: 'acme-prod-main' } },
      Global: { Type: 'AWS::RDS::GlobalCluster', Properties: { GlobalClusterIdentifier: 'acme-prod-main-global', SourceDBClusterIdentifier: 'arn:aws:rds:ca-central-1:1:cluster:acme-prod-main' } },
      Notes: { Type: 'AWS::S3::Bucket', Properties: { ReplicationConfiguration: { Rules: [{ Destination: { Bucket: 'arn:aws:s3:::notes-dr' } }] } } },
    };
    const secondary = { Secondary: { Type: 'AWS::RDS::DBCluster', Properties: { GlobalClusterIdentifier: 'acme-prod-main-global' } } };
    const r = DrObjectives.evaluate(ctx([stack(primary), stack(secondary, 'ca-west-1', 'Dr')], drEnv(15)));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/within 60 minutes \(slowest: S3 replication without RTC \(Notes\)\)/)]);
    expect(DrObjectives.evaluate(ctx([stack(primary)], drEnv(15))).findings[0].evidence.logicalId).toBe('Cluster');
  });
  it('does not apply without a DR region; parses schedules', () => {
    expect(DrObjectives.evaluate(ctx([stack({})])).checked).toBe(0);
    expect([scheduleIntervalMinutes('rate(15 minutes)'), scheduleIntervalMinutes('cron(0 */4 ? * * *)'), scheduleIntervalMinutes('cron(0 5 ? * SUN *)')]).toEqual([15, 240, 10080]);
  });
});

describe('HAVEN-DELETION-PROTECTION', () => {
  it('passes Snapshot + deletion protection in production', () => {
    expect(DeletionProtection.evaluate(ctx([stack(pg())])).findings).toHaveLength(0);
  });
  it('fails a production database that would be deleted and is unprotected', () => {
    const r = DeletionProtection.evaluate(ctx([stack({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres' }, DeletionPolicy: 'Delete' } })]));
    expect(r.findings.map((f) => f.evidence.property)).toEqual(['DeletionPolicy', 'UpdateReplacePolicy', 'Properties.DeletionProtection']);
  });
  it('does not apply outside production', () => {
    expect(DeletionProtection.evaluate(ctx([stack({ Db: { Type: 'AWS::RDS::DBInstance', Properties: {} } })], { tier: 'staging' })).checked).toBe(0);
  });
});

describe('HAVEN-ALARM-COVERAGE', () => {
  it('passes a database named by an alarm and fails a queue nobody watches', () => {
    const r = AlarmCoverage.evaluate(ctx([stack({
      ...pg(),
      Q: { Type: 'AWS::SQS::Queue' },
      A: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: 'Db' } }] } },
    })]));
    expect(r.checked).toBe(2);
    expect(r.findings.map((f) => f.evidence.logicalId)).toEqual(['Q']);
  });
  it('counts a replication group watched through its member clusters, not through another group\'s members', () => {
    const group = (id: string) => ({ Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupId: id } });
    const alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: [{ Id: 'm0', MetricStat: { Metric: { Dimensions: [{ Name: 'CacheClusterId', Value: 'app-prod-sessions-001' }] } } }] } };
    const r = AlarmCoverage.evaluate(ctx([stack({ S: group('app-prod-sessions'), O: group('app-prod-other'), A: alarm })]));
    expect(r.findings.map((f) => f.evidence.logicalId)).toEqual(['O']);
  });
  it('counts a named function watched by its literal FunctionName from another stack of the same region', () => {
    const fnStack = stack({ F: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'app-prod-ingest' } }, G: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'app-prod-other' } } }, 'ca-central-1', 'Fns');
    const mon = stack({ A: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'FunctionName', Value: 'app-prod-ingest' }] } } }, 'ca-central-1', 'Mon');
    expect(AlarmCoverage.evaluate(ctx([fnStack, mon])).findings.map((f) => f.evidence.logicalId)).toEqual(['G']);
  });
  it('counts an alarm in another stack only through an import', () => {
    const data = stack(pg(), 'ca-central-1', 'Data');
    const viaRef = stack({ A: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Value: { Ref: 'Db' } }] } } }, 'ca-central-1', 'Mon');
    const viaImport = stack({ A: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Value: { 'Fn::ImportValue': 'Data:ExportsOutputRefDb1234' } }] } } }, 'ca-central-1', 'Mon');
    expect(AlarmCoverage.evaluate(ctx([data, viaRef])).findings).toHaveLength(1);
    expect(AlarmCoverage.evaluate(ctx([data, viaImport])).findings).toHaveLength(0);
  });
});

describe('HAVEN-LOG-RETENTION', () => {
  it('passes application logs with a retention and audit logs kept six years under HIPAA', () => {
    const r = LogRetention.evaluate(ctx([stack({
      App: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
      Audit: { Type: 'AWS::Logs::LogGroup', Metadata: { 'haven:logClass': 'audit' }, Properties: { RetentionInDays: 2192 } },
    })]));
    expect(r).toEqual({ findings: [], checked: 2 });
  });
  it('fails logs kept forever, and audit logs shorter than the strictest framework', () => {
    const r = LogRetention.evaluate(ctx([stack({
      Forever: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      Audit: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/haven/prod/audit', RetentionInDays: 365 } },
    })]));
    expect(r.findings.map((f) => [f.evidence.logicalId, f.evidence.value])).toEqual([['Forever', null], ['Audit', 365]]);
    // Without HIPAA, a year is enough.
    expect(LogRetention.evaluate(ctx([stack({ Audit: { Type: 'AWS::Logs::LogGroup', Metadata: { 'haven:logClass': 'audit' }, Properties: { RetentionInDays: 365 } } })], {}, ['pci'])).findings).toHaveLength(0);
  });
});

describe('HAVEN-AUDIT-SERVICES', () => {
  it('passes when every region has the baseline (a multi-region trail covers the DR region)', () => {
    const r = AuditServices.evaluate(ctx([stack(BASELINE), stack({ Recorder: BASELINE.Recorder, Detector: BASELINE.Detector }, 'ca-west-1', 'Dr')]));
    expect(r).toEqual({ findings: [], checked: 6 });
  });
  it('fails a region without Config and GuardDuty', () => {
    const r = AuditServices.evaluate(ctx([stack(BASELINE), stack({}, 'ca-west-1', 'Dr')]));
    expect(r.findings.map((f) => f.evidence.property)).toEqual(['AWS::Config::ConfigurationRecorder', 'AWS::GuardDuty::Detector']);
    expect(r.findings[0].evidence).toMatchObject({ stack: 'Dr', value: 'ca-west-1' });
  });
  it('accepts Config and GuardDuty created by the environment that owns them for the account and region, not CloudTrail', () => {
    const shared = { Resources: {}, Outputs: { [SHARED_ACCOUNT_SERVICES_OUTPUT]: { Value: 'production' } } };
    const r = AuditServices.evaluate(ctx([{ name: 'Staging', region: 'ca-central-1', template: shared }]));
    expect(r.findings.map((f) => f.evidence.property)).toEqual(['AWS::CloudTrail::Trail']);
  });
});
