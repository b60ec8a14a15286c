import * as fs from 'node:fs';
import { BackupClient, DescribeBackupVaultCommand, ListBackupPlansCommand } from '@aws-sdk/client-backup';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeDBInstancesCommand, DescribeDBParametersCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetHealthCheckCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import {
  GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketReplicationCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client,
} from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/ops/aws';
import { redact, redactString } from '../../../src/ops/redact';
import { isModernTlsPolicy, verifyEnvironment } from '../../../src/ops/verify';
import { ACCOUNT, DR, PRIMARY, awsError, fakeClock, target, throttle, tmpDir } from '../fixtures';

const m = {
  backup: mockClient(BackupClient), cfn: mockClient(CloudFormationClient), trail: mockClient(CloudTrailClient), cw: mockClient(CloudWatchClient),
  config: mockClient(ConfigServiceClient), ec2: mockClient(EC2Client), ec: mockClient(ElastiCacheClient), elb: mockClient(ElasticLoadBalancingV2Client), gd: mockClient(GuardDutyClient),
  kms: mockClient(KMSClient), rds: mockClient(RDSClient), r53: mockClient(Route53Client), s3: mockClient(S3Client), sns: mockClient(SNSClient), sts: mockClient(STSClient),
};
const clients = () => new AwsClients({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
const NOW = Date.parse('2026-11-23T18:00:00Z');
const topic = `arn:aws:sns:${PRIMARY}:${ACCOUNT}:berthcare-prod-alarms`;
const nestedArn = `arn:aws:cloudformation:${PRIMARY}:${ACCOUNT}:stack/berthcare-prod-primary-Monitoring-1ABC/0f1e2d3c`;

/** A compliant environment; individual tests break one thing. */
function compliant() {
  for (const x of Object.values(m)) x.reset();
  m.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
  m.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 's', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: [
    { OutputKey: 'HavenDbMainEndpoint', OutputValue: 'berthcare-prod-main.c9akciq32.ca-central-1.rds.amazonaws.com' },
    { OutputKey: 'HavenDbMainSecretArn', OutputValue: `arn:aws:secretsmanager:${PRIMARY}:${ACCOUNT}:secret:berthcare-prod-main-AbCdEf` },
  ] }] });
  m.rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'berthcare-prod-main' }).resolves({ DBInstances: [{
    DBInstanceIdentifier: 'berthcare-prod-main', DBInstanceStatus: 'available', StorageEncrypted: true, KmsKeyId: `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/1111-2222`,
    DeletionProtection: true, BackupRetentionPeriod: 35, LatestRestorableTime: new Date(NOW - 5 * 60_000), DBParameterGroups: [{ DBParameterGroupName: 'berthcare-prod-pg' }],
  }] });
  m.rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'berthcare-prod-main-dr' }).resolves({ DBInstances: [{ DBInstanceStatus: 'available', StorageEncrypted: true, ReadReplicaSourceDBInstanceIdentifier: 'arn:x' }] });
  m.rds.on(DescribeDBParametersCommand).resolvesOnce({ Parameters: [{ ParameterName: 'log_connections', ParameterValue: '1' }], Marker: 'p2' }).resolves({ Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1' }] });
  m.s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/3333` } }] } });
  m.s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  m.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
  m.s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) });
  m.s3.on(GetBucketReplicationCommand).resolves({ ReplicationConfiguration: { Role: 'r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::berthcare-prod-photos-dr' } }] } });
  m.ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, SnapshotRetentionLimit: 7 }] });
  m.elb.on(DescribeListenersCommand).resolves({ Listeners: [
    { Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
    { Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }] },
  ] });
  m.kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
  // The primary stack created the alarm (in a nested stack); the DR stack none.
  m.cfn.on(ListStackResourcesCommand, { StackName: 'berthcare-prod-primary' }).resolves({ StackResourceSummaries: [
    { LogicalResourceId: 'Monitoring', ResourceType: 'AWS::CloudFormation::Stack', PhysicalResourceId: nestedArn, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(NOW) },
  ] });
  m.cfn.on(ListStackResourcesCommand, { StackName: nestedArn }).resolves({ StackResourceSummaries: [
    { LogicalResourceId: 'DbCpu', ResourceType: 'AWS::CloudWatch::Alarm', PhysicalResourceId: 'berthcare-prod-db-cpu', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(NOW) },
  ] });
  m.cfn.on(ListStackResourcesCommand, { StackName: 'berthcare-prod-dr' }).resolves({ StackResourceSummaries: [] });
  m.cw.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Timestamp: new Date(NOW - 60_000), Maximum: 3 }] });
  m.elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ SecurityGroups: ['sg-alb'] }] });
  m.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-alb', IpPermissions: [
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
  ] }] });
  m.cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'berthcare-prod-db-cpu', ActionsEnabled: true, AlarmActions: [topic], StateValue: 'OK' }] });
  m.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ Protocol: 'email', SubscriptionArn: `${topic}:abcd` }] });
  m.trail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'berthcare-prod-trail', TrailARN: `arn:aws:cloudtrail:${PRIMARY}:${ACCOUNT}:trail/berthcare-prod-trail`, IsMultiRegionTrail: true, LogFileValidationEnabled: true, KmsKeyId: 'k' }] });
  m.trail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  m.config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
  m.gd.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
  m.gd.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'r', FindingPublishingFrequency: 'FIFTEEN_MINUTES' });
  m.backup.on(DescribeBackupVaultCommand).resolves({ EncryptionKeyArn: 'k', NumberOfRecoveryPoints: 12, Locked: true });
  m.backup.on(ListBackupPlansCommand).resolves({ BackupPlansList: [{ BackupPlanName: 'berthcare-prod-daily' }] });
  m.r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [
    { Name: 'api.berthcare.ca.', Type: 'A', Failover: 'PRIMARY', SetIdentifier: 'primary', HealthCheckId: 'hc-primary' },
    { Name: 'api.berthcare.ca.', Type: 'A', Failover: 'SECONDARY', SetIdentifier: 'secondary' },
  ] });
  m.r53.on(GetHealthCheckCommand).resolves({ HealthCheck: { Id: 'hc-primary', CallerReference: 'c', HealthCheckVersion: 1, HealthCheckConfig: { Type: 'HTTPS', Inverted: false } } });
}

let outDir: string;
beforeEach(() => {
  compliant();
  outDir = tmpDir();
});

const run = (opts: Record<string, unknown> = {}) => verifyEnvironment(target(), { outDir, ...opts }, { clients: clients(), clock: fakeClock(NOW), out: () => {} });
const status = async (id: string) => (await run({ write: false })).report.results.find((r) => r.id === id);

describe('haven verify', () => {
  it('passes every check of a compliant environment and writes redacted JSON + Markdown evidence', async () => {
    const { report, files } = await run();
    expect(report.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => r.id)).toEqual(expect.arrayContaining([
      'rds.main.encryption', 'rds.main.deletion-protection', 'rds.main.backups', 'rds.main.tls', 'rds.main.dr-replica',
      's3.photos.encryption', 's3.photos.versioning', 's3.photos.public-access-block', 's3.photos.tls', 's3.photos.replication',
      'elasticache.sessions.encryption', 'elasticache.sessions.backups', 'kms.1111-2222.rotation', 'cloudwatch.alarms', 'sns.alarm-topic.subscriptions',
      'cloudtrail.logging', 'config.recording', 'guardduty.enabled', 'backup.vault', 'route53.failover-records',
    ]));
    expect(files.json).toMatch(/prod-20261123-180000\.json$/);
    const json = fs.readFileSync(files.json!, 'utf8');
    const md = fs.readFileSync(files.markdown!, 'utf8');
    for (const text of [json, md]) {
      expect(text).not.toContain(ACCOUNT);
      expect(text).not.toContain('c9akciq32');
    }
    expect(json).toContain('[REDACTED-ACCOUNT]');
    expect(md).toMatch(/\| Database main requires TLS \(`rds.main.tls`\) \| PASS \|/);
    expect(md).toMatch(/## Stack outputs[\s\S]*HavenDbMainEndpoint \| berthcare-prod-main.\[REDACTED\].ca-central-1.rds.amazonaws.com/);
    expect(JSON.parse(json).results.find((r: { id: string }) => r.id === 'rds.main.tls').evidence).toEqual({ parameterGroup: 'berthcare-prod-pg', 'rds.force_ssl': '1' });
  });

  it('--no-redact keeps identifiers and says so', async () => {
    const { report, files } = await run({ redact: false });
    expect(report.account).toBe(ACCOUNT);
    expect(fs.readFileSync(files.markdown!, 'utf8')).toMatch(/Redacted: NO/);
  });

  it('fails an unencrypted, unversioned, public bucket', async () => {
    m.s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    m.s3.on(GetBucketVersioningCommand).resolves({});
    m.s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
    m.s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy'));
    const { report } = await run({ write: false });
    const by = (id: string) => report.results.find((r) => r.id === id)!;
    expect(by('s3.photos.encryption')).toMatchObject({ status: 'fail', message: 'default encryption AES256 (aws:kms expected)' });
    expect(by('s3.photos.versioning')).toMatchObject({ status: 'fail', message: 'versioning never enabled' });
    expect(by('s3.photos.public-access-block')).toMatchObject({ status: 'fail', message: 'no public access block configured' });
    expect(by('s3.photos.tls').status).toBe('fail');
    expect(report.ok).toBe(false);
  });

  it('fails a database without TLS enforcement, deletion protection or fresh PITR', async () => {
    m.rds.on(DescribeDBParametersCommand).resolves({ Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '0' }] });
    m.rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'berthcare-prod-main' }).resolves({ DBInstances: [{
      StorageEncrypted: false, DeletionProtection: false, BackupRetentionPeriod: 35, LatestRestorableTime: new Date(NOW - 3 * 3_600_000), DBParameterGroups: [{ DBParameterGroupName: 'pg' }],
    }] });
    const { report } = await run({ write: false });
    const by = (id: string) => report.results.find((r) => r.id === id)!;
    expect(by('rds.main.tls')).toMatchObject({ status: 'fail', message: 'rds.force_ssl is 0: plaintext connections allowed' });
    expect(by('rds.main.encryption').status).toBe('fail');
    expect(by('rds.main.deletion-protection')).toMatchObject({ status: 'fail', message: 'deletion protection is OFF' });
    expect(by('rds.main.backups').message).toMatch(/point-in-time recovery stale/);
  });

  it('fails outdated TLS policies, plaintext HTTP listeners, unwired alarms, a silent trail, Config and GuardDuty off, inverted failover', async () => {
    m.elb.on(DescribeListenersCommand).resolves({ Listeners: [{ Protocol: 'HTTPS', Port: 443, SslPolicy: 'ELBSecurityPolicy-2016-08' }, { Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward' }] }] });
    m.cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'berthcare-prod-db-cpu', ActionsEnabled: true, AlarmActions: [] }] });
    m.trail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    m.config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    m.gd.on(GetDetectorCommand).resolves({ Status: 'DISABLED', ServiceRole: 'r' });
    m.r53.on(GetHealthCheckCommand).resolves({ HealthCheck: { Id: 'h', CallerReference: 'c', HealthCheckVersion: 2, HealthCheckConfig: { Type: 'HTTPS', Inverted: true } } });
    const { report } = await run({ write: false });
    const msg = (prefix: string) => report.results.find((r) => r.id.startsWith(prefix))!;
    expect(msg('elbv2.').message).toBe('443: policy ELBSecurityPolicy-2016-08; 80: plaintext HTTP served');
    expect(msg('cloudwatch.alarms').message).toBe('0 missing, 1 not wired to the alarm topic');
    expect(msg('cloudtrail.logging').message).toBe('not logging');
    expect(msg('config.recording').message).toBe('no recorder is recording');
    expect(msg('guardduty.enabled').message).toBe('detector DISABLED');
    expect(msg('route53.failover-records').message).toMatch(/INVERTED/);
    expect(report.summary.fail).toBe(6);
  });

  it('a check that errors is reported as error and the others still run; throttling is retried', async () => {
    m.gd.on(ListDetectorsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform guardduty:ListDetectors'));
    m.kms.on(GetKeyRotationStatusCommand).rejectsOnce(throttle()).resolves({ KeyRotationEnabled: true });
    const { report } = await run({ write: false });
    expect(report.results.find((r) => r.id === 'guardduty.enabled')).toMatchObject({ status: 'error', message: expect.stringContaining('not authorized') });
    expect(report.results.find((r) => r.id === 'kms.1111-2222.rotation')!.status).toBe('pass');
    expect(report.summary).toMatchObject({ error: 1, fail: 0 });
    expect(report.ok).toBe(false);
  });

  it('resolves names from stack outputs and fails clearly when one is missing', async () => {
    const t = target();
    const bare = { ...t, resources: { ...t.resources, trailName: undefined } };
    const { report } = await verifyEnvironment(bare, { write: false }, { clients: clients(), clock: fakeClock(NOW), out: () => {} });
    expect(report.results.find((r) => r.id === 'cloudtrail.logging')!.message).toMatch(/output HavenTrailName missing/);
    expect(await status('rds.main.dr-replica')).toMatchObject({ status: 'pass', region: DR });
  });

  it('stops with a clear message when credentials are missing', async () => {
    m.sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    await expect(run()).rejects.toThrow(/AWS credentials are missing.*AWS_PROFILE/s);
  });
});

describe('redaction', () => {
  it('redacts account ids (also inside ARNs), access keys, secret fields and endpoint ids, keeping structure', () => {
    expect(redactString(`arn:aws:iam::${ACCOUNT}:role/x`)).toBe('arn:aws:iam::[REDACTED-ACCOUNT]:role/x');
    expect(redactString('key AKIAIOSFODNN7EXAMPLE')).toBe('key [REDACTED-ACCESS-KEY]');
    expect(redactString('db.cluster-abc.eu-west-1.rds.amazonaws.com')).toBe('db.[REDACTED].eu-west-1.rds.amazonaws.com');
    expect(redactString('1234567890123 is not an account')).toBe('1234567890123 is not an account');
    expect(redact({ password: 'hunter2', nested: [{ SecretString: '{"a":1}', KmsKeyId: 'alias/x' }], when: new Date(0) }))
      .toEqual({ password: '[REDACTED]', nested: [{ SecretString: '[REDACTED]', KmsKeyId: 'alias/x' }], when: '1970-01-01T00:00:00.000Z' });
  });

  it('recognizes TLS 1.2+ ELB policies only', () => {
    expect(isModernTlsPolicy('ELBSecurityPolicy-TLS13-1-2-2021-06')).toBe(true);
    expect(isModernTlsPolicy('ELBSecurityPolicy-TLS-1-2-Ext-2018-06')).toBe(true);
    expect(isModernTlsPolicy('ELBSecurityPolicy-FS-1-2-Res-2020-10')).toBe(true);
    expect(isModernTlsPolicy('ELBSecurityPolicy-2016-08')).toBe(false);
    expect(isModernTlsPolicy('ELBSecurityPolicy-TLS-1-1-2017-01')).toBe(false);
  });
});
