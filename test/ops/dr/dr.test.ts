import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CopyDBSnapshotCommand, CreateDBInstanceReadReplicaCommand, DescribeDBClustersCommand, DescribeGlobalClustersCommand, FailoverGlobalClusterCommand,
  PromoteReadReplicaCommand, RestoreDBInstanceFromDBSnapshotCommand, RestoreDBInstanceToPointInTimeCommand, SwitchoverGlobalClusterCommand,
} from '@aws-sdk/client-rds';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/ops/aws';
import { runDr } from '../../../src/ops/dr';
import { Journal } from '../../../src/ops/dr/engine';
import { StepFailedError } from '../../../src/ops/errors';
import { ScriptedPrompt } from '../../../src/ops/prompt';
import { OpsTarget } from '../../../src/ops/target';
import { ACCOUNT, DR, PRIMARY, awsError, fakeClock, tmpDir } from '../fixtures';
import { SWITCH, World, mocks } from './world';

const clients = () => new AwsClients({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
const SECRET = 'berthcare-prod-main/credentials';
let world: World;
let stateDir: string;
let out: string[];

beforeEach(() => {
  world = new World();
  stateDir = tmpDir();
  out = [];
});

const deps = (clock = fakeClock()) => ({ clients: clients(), clock, out: (l: string) => out.push(l), prompt: new ScriptedPrompt(['berthcare', 'berthcare', 'berthcare', 'berthcare']) });
const journal = (op = 'failover'): Journal => JSON.parse(fs.readFileSync(path.join(stateDir, 'dr', `prod-${op}.json`), 'utf8'));
const mutating = ['PromoteReadReplica', 'UpdateService', 'PutSecretValue', 'PutMetricData', 'StopReplicationToReplica', 'CreateDBSnapshot', 'CopyDBSnapshot', 'RestoreDBInstanceFromDBSnapshot', 'ModifyDBInstance'];
const outage = () => ({ stateDir, execute: true, mode: 'outage' as const });

describe('the fake follows documented AWS behaviour', () => {
  it('an INVERTED health check over a failing endpoint is HEALTHY: Route 53 would keep answering with the dead primary', () => {
    world.primaryDown = true;
    expect(world.healthy('hc-endpoint')).toBe(false);
    expect(world.dnsAnswer()).toBe('secondary');
    world.healthChecks.set('hc-primary', { type: 'CALCULATED', children: ['hc-endpoint', 'hc-switch'], healthThreshold: 2, inverted: true });
    expect(world.healthy('hc-primary')).toBe(true);
    expect(world.dnsAnswer()).toBe('primary');
  });

  it('a calculated check is healthy only with threshold-many healthy children; the alarm child follows the alarm state', () => {
    world.primaryDown = false;
    expect(world.dnsAnswer()).toBe('primary');
    world.alarm.state = 'ALARM';
    expect(world.healthy('hc-switch')).toBe(false);
    expect(world.dnsAnswer()).toBe('secondary');
    world.healthChecks.set('hc-primary', { type: 'CALCULATED', children: ['hc-endpoint', 'hc-switch'], healthThreshold: 1 });
    expect(world.dnsAnswer()).toBe('primary');
  });

  it('a restore without a subnet group lands in the default VPC, publicly accessible (what Haven must never do)', async () => {
    world.primaryDown = false;
    await clients().rds(DR).send(new RestoreDBInstanceFromDBSnapshotCommand({ DBInstanceIdentifier: 'x', DBSnapshotIdentifier: 'missing' })).catch(() => undefined);
    world.snapshots.set(`${DR}/s1`, { status: 'available', arn: `arn:aws:rds:${DR}:${ACCOUNT}:snapshot:s1`, pendingPolls: 0, created: new Date(0), encrypted: true });
    await clients().rds(DR).send(new RestoreDBInstanceFromDBSnapshotCommand({ DBInstanceIdentifier: 'x', DBSnapshotIdentifier: 's1' }));
    expect(world.instances.get(`${DR}/x`)).toMatchObject({ vpc: 'default', publiclyAccessible: true });
    // And an encrypted snapshot cannot cross regions without a key of the destination.
    await expect(clients().rds(PRIMARY).send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: `arn:aws:rds:${DR}:${ACCOUNT}:snapshot:s1`, TargetDBSnapshotIdentifier: 'c' })))
      .rejects.toThrow(/KmsKeyId is required/);
  });
});

describe('haven dr failover --mode outage (the primary region answers nothing)', () => {
  it('is a dry run by default and needs a mode', async () => {
    await expect(runDr('failover', world.drTarget(), { stateDir }, deps())).rejects.toThrow(/--mode drill .* or --mode outage/);
    const r = await runDr('failover', world.drTarget(), { stateDir, mode: 'outage' }, deps());
    expect(r.executed).toBe(false);
    expect(r.plan!.map((p) => p.id)).toEqual([
      'preconditions.outage-declared', 'preconditions.dr-data-current', 'db.main.promote', 's3.photos.parity',
      'secrets.main.repoint', 'ecs.api.scale-up', 'dns.failover', 'outputs.record',
    ]);
    for (const m of mutating) expect(world.count(m)).toBe(0);
    expect(fs.existsSync(path.join(stateDir, 'dr'))).toBe(false);
  });

  it('fails over with every identifier from the DR stack outputs and never calls the primary region', async () => {
    world.throttles.set('DescribeDBInstances', 2); // retried with backoff, not fatal
    const clock = fakeClock();
    const r = await runDr('failover', world.drTarget(), outage(), deps(clock));
    expect(r.run!.executed).toHaveLength(8);
    expect(world.callsTo(PRIMARY)).toEqual([]);
    expect(world.instances.get(`${DR}/berthcare-prod-main-dr`)).toMatchObject({ status: 'available', source: undefined });
    expect(mocks.rds.commandCalls(PromoteReadReplicaCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: 'berthcare-prod-main-dr', BackupRetentionPeriod: 30 });
    // The DR replica secret was promoted in the DR region (read-only until then) and re-pointed; other fields kept.
    expect(world.secrets.get(`${DR}/${SECRET}`)).toMatchObject({ primaryRegion: DR, value: { host: 'main-dr.dr.rds.amazonaws.com', port: 5432, password: 's3cr3t-value' } });
    expect(world.services.get(`${DR}/berthcare-prod-dr/api`)).toEqual({ desired: 2, running: 2 });
    // DNS: the switch was thrown in the DR region; no health check was modified.
    expect(mocks.cw.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData![0]).toMatchObject({ MetricName: SWITCH.metricName, Value: 1 });
    expect(world.count('UpdateHealthCheck')).toBe(0);
    expect(world.alarm.state).toBe('ALARM');
    expect(world.dnsAnswer()).toBe('secondary');
    // The primary comes back half-recovered: traffic stays on DR until failback releases the switch.
    world.primaryDown = false;
    expect(world.dnsAnswer()).toBe('secondary');
    const j = journal();
    expect(j.status).toBe('completed');
    expect(j.outputs['rpo.main.basis']).toBe('replica lag unknown at promotion');
    expect(out.join('\n')).not.toContain('s3cr3t-value');
    expect(clock.sleeps.slice(0, 2)).toEqual([500, 1000]);
  });

  it('when us-east-1 is the failed primary, waits on the switch alarm in the DR region instead of Route 53 metrics', async () => {
    world = new World({ primary: 'us-east-1', dr: 'us-west-2' });
    await runDr('failover', world.drTarget(), outage(), deps());
    expect(world.callsTo('us-east-1')).toEqual([]);
    expect(world.dnsAnswer()).toBe('secondary');
    expect(journal().steps['dns.failover'].status).toBe('completed');
  });

  it('a step failing halfway stops the run; the resumed run neither repeats completed steps nor skips the failed one', async () => {
    mocks.ecs.on(UpdateServiceCommand).rejectsOnce(awsError('AccessDeniedException', 'not authorized to perform ecs:UpdateService'));
    const e = await runDr('failover', world.drTarget(), outage(), deps()).catch((x) => x);
    expect(e).toBeInstanceOf(StepFailedError);
    expect(e.stepId).toBe('ecs.api.scale-up');
    expect(world.count('PutMetricData')).toBe(0);
    expect(journal().steps['ecs.api.scale-up']).toMatchObject({ status: 'failed', attempts: 1 });
    world = Object.assign(world, {}); // same world, UpdateService answers again:
    mocks.ecs.on(UpdateServiceCommand).callsFake(async (input) => {
      world.calls.push('UpdateService');
      world.services.get(`${DR}/${input.cluster}/${input.service}`)!.desired = input.desiredCount!;
      return {};
    });
    const r = await runDr('failover', world.drTarget(), outage(), deps());
    expect(r.run!.skipped).toEqual(['preconditions.outage-declared', 'preconditions.dr-data-current', 'db.main.promote', 's3.photos.parity', 'secrets.main.repoint']);
    expect(r.run!.executed).toEqual(['ecs.api.scale-up', 'dns.failover', 'outputs.record']);
    expect(world.count('PromoteReadReplica')).toBe(1);
    expect(world.count('PutSecretValue')).toBe(1);
    expect(journal().steps['ecs.api.scale-up'].attempts).toBe(2);
    // A resumed run keeps its mode.
    expect(journal().outputs.mode).toBe('outage');
  });

  it('times out a promotion that never completes; the resumed run waits instead of promoting again', async () => {
    world.asyncPolls = Infinity;
    const e = await runDr('failover', world.drTarget(), { ...outage(), timeouts: { database: 60_000 } }, deps()).catch((x) => x);
    expect(e.stepId).toBe('db.main.promote');
    expect(e.message).toMatch(/Timed out after 60s waiting for promotion of berthcare-prod-main-dr \(last state: modifying \(still a replica\)\)/);
    world.instances.get(`${DR}/berthcare-prod-main-dr`)!.pendingPolls = 1;
    world.asyncPolls = 2;
    const r = await runDr('failover', world.drTarget(), outage(), deps());
    expect(r.run!.executed[0]).toBe('db.main.promote');
    expect(world.count('PromoteReadReplica')).toBe(1);
  });

  it('refuses to resume an unfinished run in the other mode', async () => {
    mocks.ecs.on(UpdateServiceCommand).rejectsOnce(awsError('AccessDeniedException', 'denied'));
    await runDr('failover', world.drTarget(), outage(), deps()).catch(() => undefined);
    world.primaryDown = false;
    await expect(runDr('failover', world.drTarget(), { stateDir, execute: true, mode: 'drill' }, deps())).rejects.toThrow(/unfinished outage failover.*--mode outage/s);
  });
});

describe('restores in the DR region land in Haven\'s DR network', () => {
  const withStrategy = (t: OpsTarget, drStrategy: 'backup-replication' | 'snapshot-copy'): OpsTarget => ({ ...t, resources: { ...t.resources, databases: [{ ...t.resources.databases[0], drStrategy }] } });
  const now = Date.parse('2026-11-23T18:00:00Z');

  it('backup-replication: point-in-time restore from the replicated automated backup, subnet/security/parameter group from DR outputs, not public', async () => {
    world.instances.delete(`${DR}/berthcare-prod-main-dr`);
    world.automatedBackups = [
      { region: DR, source: 'berthcare-prod-main', arn: 'arn:aws:rds:us-east-1:123456789012:auto-backup:ab-old', latest: new Date(now - 3 * 3_600_000) },
      { region: DR, source: 'berthcare-prod-main', arn: 'arn:aws:rds:us-east-1:123456789012:auto-backup:ab-new', latest: new Date(now - 600_000) },
    ];
    await runDr('failover', withStrategy(world.drTarget(), 'backup-replication'), outage(), deps());
    expect(mocks.rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0].args[0].input).toMatchObject({
      SourceDBInstanceAutomatedBackupsArn: 'arn:aws:rds:us-east-1:123456789012:auto-backup:ab-new', TargetDBInstanceIdentifier: 'berthcare-prod-main-dr', UseLatestRestorableTime: true,
      DBSubnetGroupName: 'berthcare-prod-dr-data', VpcSecurityGroupIds: ['sg-dr-db'], DBParameterGroupName: 'berthcare-prod-dr-pg', PubliclyAccessible: false, DeletionProtection: true, MultiAZ: true,
    });
    expect(world.instances.get(`${DR}/berthcare-prod-main-dr`)).toMatchObject({ vpc: 'haven', publiclyAccessible: false });
    expect(world.secrets.get(`${DR}/${SECRET}`)!.value.host).toBe('berthcare-prod-main-dr.us-east-1.rds.amazonaws.com');
    expect(journal().outputs['rpo.main.seconds']).toBe('600');
    expect(world.callsTo(PRIMARY)).toEqual([]);
  });

  it('snapshot-copy: the newest AWS Backup recovery point of this database in the DR vault (paginated), restored in place', async () => {
    world.instances.delete(`${DR}/berthcare-prod-main-dr`);
    const rp = (id: string, db: string, hoursAgo: number, status = 'COMPLETED') => ({ arn: `arn:aws:rds:${DR}:${ACCOUNT}:snapshot:awsbackup:copyjob-${id}`, resourceArn: `arn:aws:rds:${PRIMARY}:${ACCOUNT}:db:${db}`, created: new Date(now - hoursAgo * 3_600_000), status });
    world.vaults.set(`${DR}/berthcare-prod-dr-vault`, [rp('a', 'berthcare-prod-main', 20), rp('b', 'berthcare-prod-other', 1), rp('c', 'berthcare-prod-main', 2, 'PARTIAL'), rp('d', 'berthcare-prod-main', 5)]);
    await runDr('failover', withStrategy(world.drTarget(), 'snapshot-copy'), outage(), deps());
    expect(world.count('ListRecoveryPointsByBackupVault')).toBeGreaterThanOrEqual(2);
    expect(mocks.rds.commandCalls(RestoreDBInstanceFromDBSnapshotCommand)[0].args[0].input).toMatchObject({
      DBSnapshotIdentifier: `arn:aws:rds:${DR}:${ACCOUNT}:snapshot:awsbackup:copyjob-d`, DBInstanceIdentifier: 'berthcare-prod-main-dr',
      DBSubnetGroupName: 'berthcare-prod-dr-data', VpcSecurityGroupIds: ['sg-dr-db'], PubliclyAccessible: false,
    });
    expect(journal().outputs['rpo.main.seconds']).toBe(String(5 * 3600));
  });

  it('refuses to restore when the DR network is unknown rather than fall back to the default VPC', async () => {
    world.instances.delete(`${DR}/berthcare-prod-main-dr`);
    delete world.stackOutputs['berthcare-prod-dr']['HavenDbMainDrSubnetGroup'];
    world.automatedBackups = [{ region: DR, source: 'berthcare-prod-main', arn: 'arn:ab', latest: new Date(now - 60_000) }];
    await expect(runDr('failover', withStrategy(world.drTarget(), 'backup-replication'), outage(), deps())).rejects.toThrow(/db.main.restore.*DB subnet group for the DR restore of main/s);
    expect(world.count('RestoreDBInstanceToPointInTime')).toBe(0);
  });
});

describe('haven dr drill (planned switchover, primary healthy)', () => {
  beforeEach(() => { world.primaryDown = false; });

  it('stops writes, waits for lag 0, promotes, switches DNS, and writes evidence against the objectives', async () => {
    world.lagSeconds = 4;
    const evidenceDir = tmpDir();
    const r = await runDr('drill', world.drTarget(), { stateDir, execute: true, evidenceDir }, deps());
    expect(r.run!.executed).toEqual([
      'preconditions.primary-healthy-for-drill', 'preconditions.dr-data-current', 'maintenance.api.primary-stop', 'maintenance.writes-stopped',
      'db.main.caught-up', 'db.main.promote', 's3.photos.parity', 'secrets.main.repoint', 'ecs.api.scale-up', 'dns.failover', 'outputs.record',
    ]);
    expect(world.services.get(`${PRIMARY}/berthcare-prod/api`)).toEqual({ desired: 0, running: 0 });
    expect(world.dnsAnswer()).toBe('secondary');
    const e = r.evidence!.report;
    expect(e.achieved.rpoPerDatabase).toEqual([{ database: 'main', seconds: 0, basis: 'replica lag 0 after writes stopped' }]);
    expect(e.achieved.rpoMinutes).toBe(0);
    expect(e.verdict.rpo).toBe('met');
    // RTO measured through the injected clock: from the run's start to Route 53 acting on the switch.
    const j = journal();
    expect(e.achieved.rtoMinutes).toBe(Math.round(((Date.parse(j.outputs['dns.switchedAt']) - Date.parse(j.startedAt)) / 60_000) * 100) / 100);
    expect(e.achieved.rtoMinutes).toBeGreaterThan(0);
    expect(e.verdict.rto).toBe(e.achieved.rtoMinutes! <= 60 ? 'met' : 'missed');
    expect(e.steps.every((s) => s.seconds !== undefined)).toBe(true);
    expect(e.controls.map((c) => c.control)).toEqual(['§164.308(a)(7)(ii)(D)', 'A1.3']);
    const md = fs.readFileSync(r.evidence!.markdown, 'utf8');
    expect(md).toMatch(/\| RPO \| 5 min \| 0 min \| met \|/);
    expect(md).toMatch(/maintenance.api.primary-stop/);
    expect(JSON.parse(fs.readFileSync(r.evidence!.json, 'utf8')).runId).toBe(j.runId);
  });

  it('an RTO objective the drill does not meet is reported as missed', async () => {
    const r = await runDr('drill', world.drTarget({ objectives: { rpoMinutes: 5, rtoMinutes: 0.01 } }), { stateDir, execute: true, evidenceDir: tmpDir() }, deps());
    expect(r.evidence!.report.verdict.rto).toBe('missed');
  });

  it('refuses a drill against a primary that is down', async () => {
    world.primaryDown = true;
    await expect(runDr('failover', world.drTarget(), { stateDir, execute: true, force: true }, deps())).rejects.toThrow(/A drill needs a healthy primary.*--mode outage/s);
    expect(world.count('PromoteReadReplica')).toBe(0);
  });

  it('fails fast when the replica lags beyond the RPO', async () => {
    world.lagSeconds = 3600;
    await expect(runDr('failover', world.drTarget(), { stateDir, execute: true, mode: 'drill' }, deps())).rejects.toThrow(/preconditions.dr-data-current.*replica lag 3600s exceeds 900s/s);
    expect(world.count('UpdateService')).toBe(0);
  });

  it('compares S3 object counts and sizes in a drill', async () => {
    world.objects['berthcare-prod-photos-dr'].pop();
    await expect(runDr('failover', world.drTarget(), { stateDir, execute: true, mode: 'drill' }, deps()))
      .rejects.toThrow(/s3.photos.parity.*berthcare-prod-photos has 3 objects\/355 bytes, berthcare-prod-photos-dr has 2 objects\/350 bytes/s);
  });
});

describe('haven dr failback', () => {
  async function failedOver() {
    await runDr('failover', world.drTarget(), outage(), deps());
    world.primaryDown = false;
    // The region is back; the old primary database holds pre-failover data, renamed aside by the operator.
    const stale = world.instances.get(`${PRIMARY}/berthcare-prod-main`)!;
    world.instances.delete(`${PRIMARY}/berthcare-prod-main`);
    world.instances.set(`${PRIMARY}/berthcare-prod-main-stale`, stale);
  }

  it('stops DR writes before the final snapshot, restores the primary in its own network, re-creates the replica and the secret replica', async () => {
    await failedOver();
    const r = await runDr('failback', world.drTarget(), { stateDir, execute: true }, deps());
    expect(r.run!.executed).toEqual([
      'preconditions.primary-healthy', 'db.main.primary-placement', 'db.main.dr-placement', 'maintenance.api.dr-stop', 'maintenance.writes-stopped',
      'db.main.final-snapshot', 'db.main.copy-to-primary', 'db.main.set-aside-primary', 'db.main.restore-primary', 'db.main.retire-dr', 'db.main.recreate-replica',
      's3.photos.parity-primary', 'secrets.main.repoint-primary', 'secrets.main.re-replicate', 'ecs.api.primary-resume', 'dns.failback', 'outputs.record',
    ]);
    const j = journal('failback');
    // Writes stopped (journal) before the snapshot started.
    expect(Date.parse(j.steps['maintenance.writes-stopped'].finishedAt!)).toBeLessThanOrEqual(Date.parse(j.steps['db.main.final-snapshot'].startedAt));
    expect(world.services.get(`${DR}/berthcare-prod-dr/api`)).toEqual({ desired: 0, running: 0 });
    // Copied back with the primary region's key (discovered from the stale primary), restored in the primary network.
    expect(mocks.rds.commandCalls(CopyDBSnapshotCommand)[0].args[0].input).toMatchObject({ KmsKeyId: `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/primary`, SourceRegion: DR });
    expect(world.instances.get(`${PRIMARY}/berthcare-prod-main`)).toMatchObject({ status: 'available', subnetGroup: 'berthcare-prod-data', securityGroups: ['sg-primary-db'], parameterGroup: 'berthcare-prod-pg', publiclyAccessible: false });
    // Nothing deleted: the DR instance that served is kept under a retired name; the replica is back under the DR stack's identifier.
    expect(world.instances.get(`${DR}/berthcare-prod-main-dr-retired-${j.runId}`)).toMatchObject({ status: 'available', source: undefined });
    expect(world.instances.get(`${DR}/berthcare-prod-main-dr`)).toMatchObject({ source: world.dbArn(PRIMARY, 'berthcare-prod-main'), subnetGroup: 'berthcare-prod-dr-data', kmsKeyId: `arn:aws:kms:${DR}:${ACCOUNT}:key/dr`, vpc: 'haven' });
    expect(mocks.rds.commandCalls(CreateDBInstanceReadReplicaCommand)[0].args[0].input).toMatchObject({ SourceRegion: PRIMARY, PubliclyAccessible: false, DBParameterGroupName: 'berthcare-prod-dr-pg' });
    expect(world.instances.get(`${PRIMARY}/berthcare-prod-main-stale`)).toBeDefined();
    // Secrets: primary re-pointed; DR copy is a replica of it again.
    expect(world.secrets.get(`${PRIMARY}/${SECRET}`)!.value.host).toBe('berthcare-prod-main.ca-central-1.rds.amazonaws.com');
    expect(world.secrets.get(`${DR}/${SECRET}`)).toMatchObject({ primaryRegion: PRIMARY, value: { host: 'berthcare-prod-main.ca-central-1.rds.amazonaws.com' } });
    expect(world.services.get(`${PRIMARY}/berthcare-prod/api`)!.desired).toBe(3);
    expect(world.dnsAnswer()).toBe('primary');
    expect(world.alarm.state).toBe('OK');
  });

  it('a drill then a failback puts the primary services back to the count the drill stopped', async () => {
    world.primaryDown = false;
    world.services.get(`${PRIMARY}/berthcare-prod/api`)!.desired = 5;
    await runDr('drill', world.drTarget(), { stateDir, execute: true, evidenceDir: tmpDir() }, deps());
    expect(world.services.get(`${PRIMARY}/berthcare-prod/api`)!.desired).toBe(0);
    // The primary database kept its pre-drill data while DR took writes: the operator renames it aside (haven never deletes).
    world.instances.set(`${PRIMARY}/berthcare-prod-main-stale`, world.instances.get(`${PRIMARY}/berthcare-prod-main`)!);
    world.instances.delete(`${PRIMARY}/berthcare-prod-main`);
    await runDr('failback', world.drTarget(), { stateDir, execute: true }, deps());
    expect(world.services.get(`${PRIMARY}/berthcare-prod/api`)).toEqual({ desired: 5, running: 5 });
    expect(world.dnsAnswer()).toBe('primary');
  });

  it('never overwrites a primary database: the one still there is renamed aside (-stale-<run>) and kept, then the restore takes its name', async () => {
    await failedOver();
    world.instances.set(`${PRIMARY}/berthcare-prod-main`, world.instance({ endpoint: 'old', subnetGroup: 'berthcare-prod-data', securityGroups: ['sg-primary-db'], parameterGroup: 'berthcare-prod-pg', kmsKeyId: `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/primary` }));
    const r = await runDr('failback', world.drTarget(), { stateDir, execute: true }, deps());
    const j = journal('failback');
    expect(r.run!.executed.indexOf('db.main.set-aside-primary')).toBeLessThan(r.run!.executed.indexOf('db.main.restore-primary'));
    expect(world.instances.get(`${PRIMARY}/berthcare-prod-main-stale-${j.runId}`)).toMatchObject({ endpoint: 'old', status: 'available' });
    expect(world.instances.get(`${PRIMARY}/berthcare-prod-main`)).toMatchObject({ status: 'available' });
    expect(world.instances.get(`${PRIMARY}/berthcare-prod-main`)!.endpoint).not.toBe('old');
    expect(world.count('CreateDBSnapshot')).toBe(1);
    expect(world.count('RestoreDBInstanceFromDBSnapshot')).toBe(1);
  });

  it('refuses to fail back while the primary region is unreachable', async () => {
    await runDr('failover', world.drTarget(), outage(), deps());
    await expect(runDr('failback', world.drTarget(), { stateDir, execute: true }, deps())).rejects.toThrow(/preconditions.primary-healthy/);
    expect(world.count('CreateDBSnapshot')).toBe(0);
  });
});

describe('haven dr status', () => {
  it('reports databases, standby compute, the PRIMARY record and unfinished journals', async () => {
    mocks.ecs.on(UpdateServiceCommand).rejectsOnce(awsError('AccessDeniedException', 'denied'));
    await runDr('failover', world.drTarget(), outage(), deps()).catch(() => undefined);
    out = [];
    const r = await runDr('status', world.drTarget(), { stateDir }, deps());
    expect(r.status!.databases[0]).toMatchObject({ name: 'main', dr: 'available' });
    expect(r.status!.databases[0].primary).toMatch(/error: connect ETIMEDOUT/);
    expect(r.status!.journals).toEqual([expect.objectContaining({ operation: 'failover', status: 'failed', failedStep: 'ecs.api.scale-up' })]);
    expect(r.status!.dns).toMatchObject({ primaryHealthy: false });
    expect(out.join('\n')).toMatch(/DNS PRIMARY record: unhealthy \(traffic on DR\)/);
  });

  it('looks Aurora clusters up as clusters', async () => {
    world.primaryDown = false;
    mocks.rds.on(DescribeDBClustersCommand).callsFake(async (input) => ({ DBClusters: [{ DBClusterIdentifier: input.DBClusterIdentifier, Status: 'available', GlobalClusterIdentifier: 'g1' }] }));
    const t = world.drTarget();
    const db = { ...t.resources.databases[0], kind: 'cluster' as const, drIdentifier: 'berthcare-prod-aurora-dr' };
    const r = await runDr('status', { ...t, resources: { ...t.resources, databases: [db] } }, { stateDir }, deps());
    expect(r.status!.databases[0]).toMatchObject({ primary: 'available, global g1', dr: 'available, global g1' });
    expect(world.count('DescribeDBInstances')).toBe(0);
  });

  it('maps missing credentials to a clear error', async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired'));
    await expect(runDr('failover', world.drTarget(), { ...outage(), yes: true }, { ...deps(), clients: new AwsClients({ profile: 'prod-admin', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }) }))
      .rejects.toThrow(/credentials are missing or expired for profile "prod-admin".*aws sso login --profile prod-admin/s);
  });
});

describe('Aurora global database', () => {
  const primaryArn = `arn:aws:rds:${PRIMARY}:${ACCOUNT}:cluster:berthcare-prod-aurora`;
  const drArn = `arn:aws:rds:${DR}:${ACCOUNT}:cluster:berthcare-prod-aurora-dr`;
  function globalWorld() {
    const g = { writer: primaryArn, status: 'available', polls: 0 };
    const calls: { op: string; region: string; input: Record<string, unknown> }[] = [];
    const region = async (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
    mocks.rds.on(DescribeDBClustersCommand).callsFake(async (input, getClient) => {
      const r = await region(getClient);
      if (r === PRIMARY && world.primaryDown) throw awsError('TimeoutError', 'connect ETIMEDOUT');
      const dr = input.DBClusterIdentifier === 'berthcare-prod-aurora-dr';
      return { DBClusters: [{ DBClusterIdentifier: input.DBClusterIdentifier, DBClusterArn: dr ? drArn : primaryArn, Status: 'available', Endpoint: `${input.DBClusterIdentifier}.cluster-x.${dr ? DR : PRIMARY}.rds.amazonaws.com` }] };
    });
    mocks.rds.on(DescribeGlobalClustersCommand).callsFake(async (_i, getClient) => {
      if ((await region(getClient)) === PRIMARY && world.primaryDown) throw awsError('TimeoutError', 'connect ETIMEDOUT');
      if (g.status !== 'available' && g.polls-- <= 0) g.status = 'available';
      return { GlobalClusters: [{ GlobalClusterIdentifier: 'berthcare-prod-global', Status: g.status, GlobalClusterMembers: [
        { DBClusterArn: primaryArn, IsWriter: g.writer === primaryArn }, { DBClusterArn: drArn, IsWriter: g.writer === drArn },
      ] }] };
    });
    const move = (op: string) => async (input: Record<string, unknown>, getClient: () => { config: { region: () => Promise<string> } }) => {
      calls.push({ op, region: await region(getClient), input });
      g.writer = String(input.TargetDbClusterIdentifier);
      g.status = op === 'failover' ? 'failing-over' : 'switching-over';
      g.polls = 2;
      return {};
    };
    mocks.rds.on(FailoverGlobalClusterCommand).callsFake(move('failover') as never);
    mocks.rds.on(SwitchoverGlobalClusterCommand).callsFake(move('switchover') as never);
    const t = world.drTarget();
    const db = { ...t.resources.databases[0], kind: 'cluster' as const, engine: 'aurora-postgresql', identifier: 'berthcare-prod-aurora', drIdentifier: 'berthcare-prod-aurora-dr', globalClusterIdentifier: 'berthcare-prod-global' };
    return { g, calls, t: { ...t, resources: { ...t.resources, databases: [db] } } };
  }

  it('outage: FailoverGlobalCluster with AllowDataLoss, called in the DR region; failback switches over (no loss)', async () => {
    const { g, calls, t } = globalWorld();
    const r = await runDr('failover', t, outage(), deps());
    expect(r.run!.executed).toContain('db.main.global-failover');
    expect(calls).toEqual([{ op: 'failover', region: DR, input: { GlobalClusterIdentifier: 'berthcare-prod-global', TargetDbClusterIdentifier: drArn, AllowDataLoss: true } }]);
    expect(g.writer).toBe(drArn);
    expect(world.secrets.get(`${DR}/${SECRET}`)!.value.host).toBe(`berthcare-prod-aurora-dr.cluster-x.${DR}.rds.amazonaws.com`);
    expect(world.callsTo(PRIMARY)).toEqual([]);

    world.primaryDown = false;
    const b = await runDr('failback', t, { stateDir, execute: true }, deps());
    expect(b.run!.executed).toContain('db.main.global-failback');
    expect(calls[1]).toMatchObject({ op: 'switchover', input: { GlobalClusterIdentifier: 'berthcare-prod-global', TargetDbClusterIdentifier: primaryArn } });
    expect(world.count('CreateDBSnapshot')).toBe(0);
  });

  it('a drill uses a switchover, never AllowDataLoss', async () => {
    const { calls, t } = globalWorld();
    world.primaryDown = false;
    await runDr('failover', t, { stateDir, execute: true, force: true }, deps());
    expect(calls.map((c) => c.op)).toEqual(['switchover']);
  });
});
