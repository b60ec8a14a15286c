/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation JSON and raw spec documents are untyped here */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { multiRegionIssues } from '../../../src/dr/multi-region';
import { replicaBackupsSupported } from '../../../src/dr/strategy';
import { DR_PHASE_CONTEXT, drFeature } from '../../../src/platform/features/dr';
import { backupFeature } from '../../../src/platform/features/backup';
import { edgeFeature } from '../../../src/platform/features/edge';
import { databasesFeature } from '../../../src/platform/features/data-stores';
import { OUTPUTS } from '../../../src/platform/outputs';
import { berthCareRaw, estateKitRaw, load, techCorpRaw, variant } from '../../dr/fixtures';
import { registerPrimaryData, testContext } from './context-fixture';

/** ARNs Haven builds for other regions keep the stack's partition token. */
const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

function build(raw: Record<string, unknown>, env: string, opts: { context?: Record<string, unknown> } = {}) {
  const app = new App({ context: opts.context });
  const { plans } = load(raw);
  const primaryCtx = testContext(app, plans[env], 'primary');
  registerPrimaryData(primaryCtx);
  drFeature.apply(primaryCtx);
  // Both stacks are built before either is synthesized (one App, as the integrator builds them).
  const hasDr = Boolean(plans[env].regions.dr) && plans[env].dr?.strategy !== 'none';
  const drCtx = hasDr ? testContext(app, plans[env], 'dr') : undefined;
  // The edge feature builds the failover pair (and the DR load balancer) in the DR stack, after the DR data.
  if (drCtx) {
    drFeature.apply(drCtx);
    edgeFeature.apply(drCtx);
  }
  return { primary: Template.fromStack(primaryCtx.stack), dr: drCtx ? Template.fromStack(drCtx.stack) : undefined, primaryCtx, drCtx };
}

describe('DR feature: Estate Kit (ca-central-1 → us-east-1, warm standby)', () => {
  const { primary, dr, drCtx } = build(estateKitRaw, 'production');

  it('primary: documents bucket replicates to the deterministic us-east-1 replica with KMS and RTC', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'estate-kit-documents-production',
      ReplicationConfiguration: { Rules: [Match.objectLike({
        Destination: Match.objectLike({
          Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::estate-kit-documents-production-us-east-1']] },
          EncryptionConfiguration: { ReplicaKmsKeyID: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-east-1:111111111111:alias/estate-kit-production-dr-data']] } },
          ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
        }),
        DeleteMarkerReplication: { Status: 'Enabled' },
      })] },
    });
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OperationsFailedReplication', Namespace: 'AWS/S3' });
  });

  it('primary: no failover record (the pair lives in the DR stack); the computed objectives as evidence', () => {
    primary.resourceCountIs('AWS::Route53::RecordSet', 0);
    primary.resourceCountIs('AWS::Route53::HealthCheck', 0);
    primary.hasOutput('DrRpoMinutes', { Value: '15' });
    primary.hasOutput('DrRtoMinutes', { Value: '28' });
  });

  it('dr: replica bucket named as the primary expects, encrypted with the DR key behind the alias, retained', () => {
    dr!.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'estate-kit-documents-production-us-east-1',
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keydata'), 'Arn'] } } })] },
      }),
    });
    dr!.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/estate-kit-production-dr-data', TargetKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keydata'), 'Arn'] } });
  });

  it('dr: the replica ages and expires like its source (S3 does not replicate lifecycle actions)', () => {
    const raw = variant(estateKitRaw, (c) => {
      c.buckets.documents = { ...c.buckets.documents, transitions: [{ storageClass: 'GLACIER', afterDays: 365 }], expireAfterDays: 2555, noncurrentExpiryDays: 90 };
    });
    const { dr: replicaStack } = build(raw, 'production');
    const replica = Object.values(replicaStack!.findResources('AWS::S3::Bucket', { Properties: { BucketName: 'estate-kit-documents-production-us-east-1' } }))[0] as any;
    expect(replica.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'archive', Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 365 }], ExpirationInDays: 2555 },
      { Id: 'noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } },
      { Id: 'abort-incomplete-uploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ]);
  });

  it('dr: PostgreSQL read replica of the ca-central-1 instance in the 10.1.0.0/16 VPC, registered for workloads', () => {
    dr!.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' });
    dr!.hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: arn(':rds:ca-central-1:111111111111:db:estate-kit-production-main'),
      DBInstanceIdentifier: 'estate-kit-production-main-dr',
      // Encrypted under the DR data key; StorageEncrypted is inherited, and CloudFormation wants it unset on a replica.
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keydata'), 'Arn'] },
      StorageEncrypted: Match.absent(),
      DeletionProtection: true,
    });
    dr!.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ReplicaLag', Threshold: 300 });
    expect(drCtx!.registry.dataStores.get('main')?.kind).toBe('rds-instance');
    expect(drCtx!.registry.buckets.has('documents')).toBe(true);
  });

  it('dr: PRIMARY and SECONDARY alias A records in the DR stack, the PRIMARY guarded by the calculated check', () => {
    dr!.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.estatekit.com.', Type: 'A', Failover: 'PRIMARY', AliasTarget: Match.objectLike({ DNSName: 'ca.app.estatekit.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' }), HealthCheckId: { Ref: Match.stringLikeRegexp('PrimaryHealth') } });
    dr!.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.estatekit.com.', Type: 'A', Failover: 'SECONDARY', AliasTarget: Match.objectLike({ DNSName: 'us.app.estatekit.com' }) });
    dr!.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', HealthThreshold: 2 }) });
    dr!.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTPS', FullyQualifiedDomainName: 'ca.app.estatekit.com', ResourcePath: '/health' }) });
    // The switch: an alarm in the DR region (us-east-1 here) over Haven/DR FailoverEngaged.
    dr!.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: 'estate-kit-production-dr-failover-switch', Region: 'us-east-1' }, InsufficientDataHealthStatus: 'Healthy' } });
    dr!.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'estate-kit-production-dr-failover-switch', Namespace: 'Haven/DR', MetricName: 'FailoverEngaged', TreatMissingData: 'ignore', Threshold: 1 });
    // Route 53 health-check metrics exist only in us-east-1, which this DR region is: the PRIMARY's status alarms here.
    dr!.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Route53', MetricName: 'HealthCheckStatus' });
    dr!.hasOutput(OUTPUTS.dnsHostedZoneId, { Value: 'Z0123456789ABCDEFGHIJ' });
    dr!.hasOutput(OUTPUTS.dnsRecordName, { Value: 'app.estatekit.com' });
    dr!.hasOutput(OUTPUTS.dnsPrimaryHealthCheckId, { Value: { Ref: Match.stringLikeRegexp('PrimaryHealth') } });
    // Production backup plans copy to the DR region, so the backup feature builds that vault (one per region).
    dr!.resourceCountIs('AWS::Backup::BackupVault', 0);
    dr!.hasOutput(OUTPUTS.drBackupVaultName, { Value: 'estate-kit-production-backup' });
  });

  it('dr: the credentials secret replica is readable here: DR secrets key alias, replica name output', () => {
    dr!.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/estate-kit-production-dr-secrets', TargetKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keysecrets'), 'Arn'] } });
    dr!.hasOutput(OUTPUTS.dbDrSecretName('main'), { Value: 'estate-kit-production-main/credentials' });
  });

  it('dr: the replica has the DR identifier, the primary\'s parameter settings and enhanced monitoring', () => {
    dr!.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: 'estate-kit-production-main-dr',
      DBParameterGroupName: { Ref: Match.stringLikeRegexp('DrParametersmain') },
      MonitoringInterval: 30, // the production tier's enhanced monitoring, as the primary runs it
      MonitoringRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DrMonitoringRolemain'), 'Arn'] },
    });
    dr!.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres16', Parameters: Match.objectLike({ 'rds.force_ssl': '1', shared_preload_libraries: 'pgaudit,pg_stat_statements', 'pgaudit.log': 'ddl,role,write', log_min_duration_statement: '1000' }) });
    dr!.hasOutput(OUTPUTS.dbReplicaIdentifier('main'), { Value: { Ref: Match.stringLikeRegexp('DrReplicadbmain') } });
  });

  it('primary: the credentials secret is replicated to us-east-1 under the DR stack\'s secrets key alias', () => {
    const app = new App();
    const ctx = testContext(app, load(estateKitRaw).plans.production, 'primary');
    databasesFeature.apply(ctx);
    Template.fromStack(ctx.stack).hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'estate-kit-production-main/credentials',
      ReplicaRegions: [{ Region: 'us-east-1', KmsKeyId: arn(':kms:us-east-1:111111111111:alias/estate-kit-production-dr-secrets') }],
    });
  });

  it('Redis is not replicated: no ElastiCache resources or global datastore anywhere', () => {
    primary.resourceCountIs('AWS::ElastiCache::GlobalReplicationGroup', 0);
    dr!.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 0);
  });
});

describe('DR feature: TechCorp (us-east-1 → us-west-2, EU deployment stays in the EU)', () => {
  it('us-west-2 read replica and customer-data replication', () => {
    const { primary, dr } = build(techCorpRaw, 'production');
    primary.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'techcorp-customer-data-production', ReplicationConfiguration: Match.objectLike({ Rules: [Match.objectLike({ Destination: Match.objectLike({ Bucket: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':s3:::techcorp-customer-data-production-us-west-2'])] }) }) })] }) });
    dr!.hasResourceProperties('AWS::RDS::DBInstance', { SourceDBInstanceIdentifier: arn(':rds:us-east-1:111111111111:db:techcorp-production-main'), SourceRegion: 'us-east-1' });
  });

  it('replica backups only from PostgreSQL 14.1 (RDS): older sources (which validate refuses) leave BackupRetentionPeriod unset', () => {
    expect(['13.7', '14.0', '14', '14.1', '16'].map(replicaBackupsSupported)).toEqual([false, false, true, true, true]);
    const { dr } = build(variant(techCorpRaw, (r) => { r.databases.main.version = '13.7'; }), 'production');
    dr!.hasResourceProperties('AWS::RDS::DBInstance', { SourceDBInstanceIdentifier: Match.anyValue(), BackupRetentionPeriod: Match.absent() });
  });

  it('the read replica runs as the primary does: Multi-AZ, logs exported, IAM auth, and (PostgreSQL 15) its own backups', () => {
    const { dr } = build(techCorpRaw, 'production');
    dr!.hasResourceProperties('AWS::RDS::DBInstance', {
      SourceDBInstanceIdentifier: Match.anyValue(), MultiAZ: true, EnableCloudwatchLogsExports: ['postgresql', 'upgrade'], EnableIAMDatabaseAuthentication: true,
      BackupRetentionPeriod: 35, MonitoringInterval: 30, KmsKeyId: Match.anyValue(), StorageEncrypted: Match.absent(),
    });
  });

  it('the read replica is in the DR region\'s backup plan, which writes to the DR vault', () => {
    const { plans } = load(techCorpRaw);
    const drCtx = testContext(new App(), plans.production, 'dr');
    drFeature.apply(drCtx);
    backupFeature.apply(drCtx);
    const t = Template.fromStack(drCtx.stack);
    const [replicaId] = Object.keys(t.findResources('AWS::RDS::DBInstance', { Properties: { SourceDBInstanceIdentifier: Match.anyValue() } }));
    expect(replicaId).toMatch(/^DrReplicadbmain/);
    const selections = Object.values(t.findResources('AWS::Backup::BackupSelection')) as any[];
    expect(selections).toHaveLength(1);
    expect(JSON.stringify(selections[0].Properties.BackupSelection.Resources)).toContain(`{"Ref":"${replicaId}"}`);
    t.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: Match.objectLike({ BackupPlanName: 'techcorp-production-backup-plan-dr' }) });
  });

  it('the EU deployment replicates only to eu-central-1', () => {
    const { primary, dr } = build(techCorpRaw, 'production-eu');
    const rules = Object.values(primary.findResources('AWS::S3::Bucket')).flatMap((b: any) => b.Properties.ReplicationConfiguration?.Rules ?? []);
    expect(rules.length).toBe(3);
    // Data replicas carry their region in their name; the access logs go to the DR stack's own log bucket
    // (built in eu-central-1 under this name: test/platform/features/access-log-replication.test.ts).
    const logs = rules.filter((r: any) => JSON.stringify(r.Destination.Bucket).includes(':s3:::techcorp-logs-dr-production-eu'));
    expect(logs).toHaveLength(1);
    for (const r of rules.filter((x: any) => !logs.includes(x))) expect(JSON.stringify(r.Destination)).toMatch(/eu-central-1/);
    expect(JSON.stringify(primary.toJSON())).not.toMatch(/us-(east|west)-\d/);
    expect(JSON.stringify(dr!.toJSON())).not.toMatch(/us-(east|west)-\d/);
  });

  it('an EU deployment with DR off builds nothing DR in either region', () => {
    const raw = variant(techCorpRaw, (r) => { r.environments['production-eu'].dr = { strategy: 'none' }; });
    const { primary } = build(raw, 'production-eu');
    const rules = Object.values(primary.findResources('AWS::S3::Bucket')).filter((b: any) => b.Properties.ReplicationConfiguration);
    expect(rules).toHaveLength(0);
  });
});

describe('DR feature: BerthCare production (backup-restore to us-east-1 under a PIPEDA acknowledgement)', () => {
  const { primary, dr } = build(berthCareRaw, 'production');

  it('every data bucket replicates to us-east-1 (photos by the spec, documents by the DR default); the access-log bucket into the DR log bucket', () => {
    const destinations = Object.fromEntries(Object.values(primary.findResources('AWS::S3::Bucket')).filter((b: any) => b.Properties.ReplicationConfiguration)
      .map((b: any) => [b.Properties.BucketName ?? 'access-logs', b.Properties.ReplicationConfiguration.Rules[0].Destination.Bucket['Fn::Join'][1][2]]));
    expect(destinations).toEqual({
      'berthcare-documents-production': ':s3:::berthcare-documents-production-us-east-1',
      'berthcare-photos-production': ':s3:::berthcare-photos-production-us-east-1',
      // The fixture's log bucket has no name; the DR stack names its own log bucket this (no replica bucket of its own).
      'access-logs': ':s3:::berthcare-logs-dr-production',
    });
    dr!.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'berthcare-photos-production-us-east-1' });
  });

  it('database automated backups are replicated to us-east-1 with the DR backup key, natively; no replica instance', () => {
    const ctx = testContext(new App(), load(berthCareRaw).plans.production, 'primary');
    databasesFeature.apply(ctx);
    Template.fromStack(ctx.stack).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceIdentifier: 'berthcare-production-main',
      AutomaticBackupReplicationRegion: 'us-east-1',
      AutomaticBackupReplicationKmsKeyId: arn(':kms:us-east-1:111111111111:alias/berthcare-production-dr-backup'),
      AutomaticBackupReplicationRetentionPeriod: Match.anyValue(),
    });
    dr!.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/berthcare-production-dr-backup', TargetKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keybackup'), 'Arn'] } });
    expect(Object.keys(dr!.findResources('Custom::RdsAutomatedBackupsReplication'))).toHaveLength(0);
    dr!.resourceCountIs('AWS::RDS::DBInstance', 0);
  });

  it('restore landing in us-east-1: subnet group in the DR data subnets, a closed security group, primary settings, DR key', () => {
    dr!.hasResourceProperties('AWS::RDS::DBSubnetGroup', { DBSubnetGroupDescription: Match.stringLikeRegexp('restore of databases.main') });
    dr!.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: 'Restored databases.main: admits only the DR clients', SecurityGroupIngress: Match.absent() });
    dr!.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres15', Parameters: Match.objectLike({ 'rds.force_ssl': '1', 'pgaudit.log': 'ddl,role,write' }) });
    dr!.hasOutput(OUTPUTS.dbDrSubnetGroup('main'), { Value: { Ref: Match.stringLikeRegexp('DrRestoreSubnetsmain') } });
    dr!.hasOutput(OUTPUTS.dbDrSecurityGroupId('main'), { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('DrRestoreSecurityGroupmain'), 'GroupId'] } });
    dr!.hasOutput(OUTPUTS.dbDrParameterGroup('main'), { Value: { Ref: Match.stringLikeRegexp('DrParametersmain') } });
    dr!.hasOutput(OUTPUTS.dbDrKmsKeyArn('main'), { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keydata'), 'Arn'] } });
    dr!.hasOutput(OUTPUTS.dbDrSecretName('main'), { Value: 'berthcare-production-main/credentials' });
  });

  it('staging has no DR: nothing replicates', () => {
    const { primary: staging, dr: none } = build(berthCareRaw, 'staging');
    expect(none).toBeUndefined();
    expect(Object.values(staging.findResources('AWS::S3::Bucket')).some((b: any) => b.Properties.ReplicationConfiguration)).toBe(false);
  });
});

describe('DR feature: phases and fallbacks', () => {
  it('foundation phase builds destinations only (no replica until the primary exists)', () => {
    const { dr } = build(estateKitRaw, 'production', { context: { [DR_PHASE_CONTEXT]: 'foundation' } });
    dr!.resourceCountIs('AWS::RDS::DBInstance', 0);
    dr!.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'estate-kit-documents-production-us-east-1' });
  });

  it('snapshot-copy mode adds an AWS Backup copy to the DR vault in the primary stack', () => {
    const { primary } = build(variant(berthCareRaw, (r) => { r.environments.production.dr.database = { replication: 'snapshot-copy', snapshotIntervalHours: 12 }; r.environments.production.dr.objectives = { rpoMinutes: 900, rtoMinutes: 180 }; }), 'production');
    primary.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanRule: [Match.objectLike({ CopyActions: [Match.objectLike({ DestinationBackupVaultArn: arn(':backup:us-east-1:111111111111:backup-vault:berthcare-production-backup') })] })] } });
  });

  it('foundation phase: no failover pair yet (the PRIMARY aliases a record the primary stack creates first)', () => {
    const { dr } = build(estateKitRaw, 'production', { context: { [DR_PHASE_CONTEXT]: 'foundation' } });
    dr!.resourceCountIs('AWS::Route53::RecordSet', 0);
    // ... but the secrets key alias the primary's secret replica names exists from the first phase.
    dr!.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/estate-kit-production-dr-secrets' });
  });

  it('no way to make a SECONDARY: no half pair is built (validation reports it, src/spec/rules/dns.ts)', () => {
    const { dr } = build(variant(estateKitRaw, (r) => { delete r.dr.failover.drTarget; }), 'production');
    dr!.resourceCountIs('AWS::Route53::RecordSet', 0);
    dr!.resourceCountIs('AWS::Route53::HealthCheck', 0);
  });
});

describe('DR feature: Aurora Global Database and multi-region safety', () => {
  it('aurora-global: global cluster from the primary cluster, encrypted secondary in the DR region', () => {
    const raw = variant(estateKitRaw, (r) => { r.databases.main = { engine: 'aurora-postgresql-serverless', version: '16.4', serverless: { minCapacity: 0.5, maxCapacity: 8 } }; r.dr.strategy = 'aurora-global'; });
    const app = new App();
    const { plans } = load(raw);
    const p = testContext(app, plans.production, 'primary');
    registerPrimaryData(p);
    p.registry.dataStores.set('main', { ...p.registry.dataStores.get('main')!, kind: 'aurora-cluster', arn: 'arn:aws:rds:ca-central-1:111111111111:cluster:estate-kit-production-main' });
    drFeature.apply(p);
    const d = testContext(app, plans.production, 'dr');
    drFeature.apply(d);
    Template.fromStack(p.stack).hasResourceProperties('AWS::RDS::GlobalCluster', { GlobalClusterIdentifier: 'estate-kit-production-main-global', SourceDBClusterIdentifier: 'arn:aws:rds:ca-central-1:111111111111:cluster:estate-kit-production-main' });
    const dr = Template.fromStack(d.stack);
    dr.hasResourceProperties('AWS::RDS::DBCluster', { DBClusterIdentifier: 'estate-kit-production-main-dr', GlobalClusterIdentifier: 'estate-kit-production-main-global', StorageEncrypted: true, EngineVersion: '16.4', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 }, DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('DrParametersmain') } });
    dr.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1', 'pgaudit.log': 'ddl,role,write' }) });
    dr.hasResourceProperties('AWS::RDS::DBInstance', { MonitoringInterval: 30, MonitoringRoleArn: Match.anyValue(), EnablePerformanceInsights: true, PerformanceInsightsKMSKeyId: Match.anyValue() });
    // The primary's retention (production: 35 days), logs and IAM authentication, not RDS's 1-day default.
    dr.hasResourceProperties('AWS::RDS::DBCluster', { BackupRetentionPeriod: 35, EnableCloudwatchLogsExports: ['postgresql'], EnableIAMDatabaseAuthentication: true });
    dr.hasOutput(OUTPUTS.dbReplicaIdentifier('main'), { Value: { Ref: Match.stringLikeRegexp('DrGlobalSecondarymain') } });
    Template.fromStack(p.stack).hasOutput(OUTPUTS.dbGlobalClusterIdentifier('main'), { Value: { Ref: Match.stringLikeRegexp('DrGlobalmain') } });
    expect(d.registry.dataStores.get('main')?.kind).toBe('aurora-cluster');
  });

  it('the two-region app synthesizes with no cross-stack exports or imports between the regions', () => {
    const app = new App();
    const { plans } = load(estateKitRaw);
    const p = testContext(app, plans.production, 'primary');
    registerPrimaryData(p);
    drFeature.apply(p);
    const d = testContext(app, plans.production, 'dr');
    drFeature.apply(d);
    edgeFeature.apply(d);
    const assembly = app.synth();
    for (const stack of assembly.stacks) {
      const text = JSON.stringify(stack.template);
      expect(text).not.toContain('Fn::ImportValue');
      expect(text).not.toContain('Custom::CrossRegionExportWriter');
      // Only asset manifests, never the other region's stack.
      expect(stack.dependencies.map((x) => x.id).filter((id) => !id.endsWith('.assets'))).toEqual([]);
    }
    // Global resources once: three health checks (endpoint, switch, calculated), one record per side, no named IAM roles.
    const all = assembly.stacks.map((s) => JSON.stringify(s.template));
    expect(all.join().match(/AWS::Route53::HealthCheck"/g)).toHaveLength(3);
    expect(all.join().match(/"Failover":"PRIMARY"/g)).toHaveLength(1);
    expect(all.join().match(/"Failover":"SECONDARY"/g)).toHaveLength(1);
    expect(all.join()).not.toContain('"RoleName"');
    expect(multiRegionIssues(assembly.stacks.map((s) => ({ name: s.stackName, region: s.environment.region, template: s.template })))).toEqual([]);
  });
});
