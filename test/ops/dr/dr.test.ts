import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DescribeDBClustersCommand, DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, PromoteReadReplicaCommand, RestoreDBInstanceToPointInTimeCommand,
  SwitchoverGlobalClusterCommand,
} from '@aws-sdk/client-rds';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../src/ops/aws';
import { runDr } from '../../../src/ops/dr';
import { Journal } from '../../../src/ops/dr/engine';
import { StepFailedError } from '../../../src/ops/errors';
import { ScriptedPrompt } from '../../../src/ops/prompt';
import { ACCOUNT, DR, PRIMARY, awsError, fakeClock, target, tmpDir } from '../fixtures';
import { World, mocks } from './world';

const clients = () => new AwsClients({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
let world: World;
let stateDir: string;
let out: string[];

beforeEach(() => {
  world = new World();
  stateDir = tmpDir();
  out = [];
});

const deps = (clock = fakeClock()) => ({ clients: clients(), clock, out: (l: string) => out.push(l), prompt: new ScriptedPrompt(['berthcare', 'berthcare', 'berthcare']) });
const journal = (op = 'failover'): Journal => JSON.parse(fs.readFileSync(path.join(stateDir, 'dr', `prod-${op}.json`), 'utf8'));
const mutating = ['PromoteReadReplica', 'UpdateService', 'PutSecretValue', 'UpdateHealthCheck', 'StopReplicationToReplica', 'CreateDBSnapshot', 'CopyDBSnapshot', 'RestoreDBInstanceFromDBSnapshot'];

describe('haven dr failover', () => {
  it('is a dry run by default: prints the plan with the current state and changes nothing', async () => {
    const r = await runDr('failover', target(), { stateDir }, deps());
    expect(r.executed).toBe(false);
    expect(r.plan!.map((p) => p.id)).toEqual([
      'preconditions.primary-unavailable', 'preconditions.dr-data-current', 'db.main.promote', 's3.photos.parity',
      'secrets.main.repoint', 'ecs.api.scale-up', 'dns.failover', 'outputs.record',
    ]);
    expect(r.plan!.find((p) => p.id === 'db.main.promote')).toMatchObject({ state: 'todo', detail: expect.stringContaining('replicates arn:aws:rds:ca-central-1') });
    expect(r.plan!.find((p) => p.id === 'preconditions.primary-unavailable')!.detail).toMatch(/EC2 API unreachable/);
    expect(out.join('\n')).toMatch(/dry run — nothing changes; add --execute/);
    for (const m of mutating) expect(world.count(m)).toBe(0);
    expect(fs.existsSync(path.join(stateDir, 'dr'))).toBe(false);
  });

  it('executes every step in order, waiting for asynchronous results, and records the new endpoints', async () => {
    // One throttled describe on the way: retried with backoff, not fatal.
    world.throttles.set('DescribeDBInstances', 2);
    const clock = fakeClock();
    const r = await runDr('failover', target(), { stateDir, execute: true }, deps(clock));
    expect(r.run!.executed).toHaveLength(8);
    expect(world.count('PromoteReadReplica')).toBe(1);
    expect(world.instances.get(`${DR}/berthcare-prod-main-dr`)).toMatchObject({ status: 'available', source: undefined });
    expect(mocks.rds.commandCalls(PromoteReadReplicaCommand)[0].args[0].input).toEqual({ DBInstanceIdentifier: 'berthcare-prod-main-dr', BackupRetentionPeriod: 30 });
    // Replica secret promoted to standalone, then host re-pointed; other fields kept.
    expect(world.count('StopReplicationToReplica')).toBe(1);
    expect(world.secrets.get(`${DR}/berthcare-prod-main-credentials`)!.value).toEqual({ host: 'main-dr.dr.rds.amazonaws.com', port: 5432, password: 's3cr3t-value' });
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({ cluster: 'berthcare-prod-dr', service: 'api', desiredCount: 2 });
    expect(world.services.get('berthcare-prod-dr/api')).toEqual({ desired: 2, running: 2 });
    expect(world.healthCheck.inverted).toBe(true);
    const active = JSON.parse(fs.readFileSync(path.join(stateDir, 'dr', 'prod-active.json'), 'utf8'));
    expect(active).toMatchObject({ activeRegion: DR, databaseEndpoints: { main: 'main-dr.dr.rds.amazonaws.com' }, buckets: { photos: 'berthcare-prod-photos-dr' } });
    expect(journal().status).toBe('completed');
    // The secret's value never reaches the output.
    expect(out.join('\n')).not.toContain('s3cr3t-value');
    // Waited (polled) rather than assumed: sleeps happened, the first of them the throttling backoff.
    expect(clock.sleeps.slice(0, 2)).toEqual([500, 1000]);
    expect(clock.sleeps.length).toBeGreaterThan(3);
  });

  it('refuses to fail over a primary that still answers, unless --force (drill)', async () => {
    world.primaryDown = false;
    const e = await runDr('failover', target(), { stateDir, execute: true }, deps()).catch((x) => x);
    expect(e).toBeInstanceOf(StepFailedError);
    expect((e as StepFailedError).stepId).toBe('preconditions.primary-unavailable');
    expect(e.message).toMatch(/Refusing to fail over.*healthy primary.*--force/s);
    expect(world.count('PromoteReadReplica')).toBe(0);
    const r = await runDr('failover', target(), { stateDir, execute: true, force: true }, deps());
    expect(r.run!.resumed).toBe(true);
    expect(world.count('PromoteReadReplica')).toBe(1);
  });

  it('fails fast when the replica lags beyond the RPO', async () => {
    world.lagSeconds = 3600;
    await expect(runDr('failover', target(), { stateDir, execute: true }, deps())).rejects.toThrow(/preconditions.dr-data-current.*replica lag 3600s exceeds 900s/s);
    expect(world.count('PromoteReadReplica')).toBe(0);
  });

  it('times out a promotion that never completes, naming the step; the resumed run waits instead of promoting again', async () => {
    world.asyncPolls = Infinity;
    const e = await runDr('failover', target(), { stateDir, execute: true, timeouts: { database: 60_000 } }, deps()).catch((x) => x);
    expect(e).toBeInstanceOf(StepFailedError);
    expect(e.stepId).toBe('db.main.promote');
    expect(e.message).toMatch(/Timed out after 60s waiting for promotion of berthcare-prod-main-dr \(last state: modifying \(still a replica\)\)/);
    const j = journal();
    expect(j.status).toBe('failed');
    expect(j.steps['db.main.promote']).toMatchObject({ status: 'failed', attempts: 1 });
    expect(j.steps['preconditions.primary-unavailable'].status).toBe('completed');
    expect(j.steps['ecs.api.scale-up']).toBeUndefined();

    // Promotion finishes later; the resumed run skips completed steps and re-runs the failed one (waits only).
    world.instances.get(`${DR}/berthcare-prod-main-dr`)!.pendingPolls = 1;
    const before = world.count('DescribeAvailabilityZones');
    const r = await runDr('failover', target(), { stateDir, execute: true, timeouts: { database: 60_000 } }, deps());
    expect(r.run!.resumed).toBe(true);
    expect(r.run!.skipped).toEqual(['preconditions.primary-unavailable', 'preconditions.dr-data-current']);
    expect(r.run!.executed[0]).toBe('db.main.promote');
    expect(world.count('PromoteReadReplica')).toBe(1);
    expect(world.count('DescribeAvailabilityZones')).toBe(before);
    expect(journal().steps['db.main.promote']).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('a step failing halfway stops the run; the resumed run neither repeats completed steps nor skips the failed one', async () => {
    mocks.ecs.on(UpdateServiceCommand).rejectsOnce(awsError('AccessDeniedException', 'not authorized to perform ecs:UpdateService'));
    const e = await runDr('failover', target(), { stateDir, execute: true }, deps()).catch((x) => x);
    expect(e.stepId).toBe('ecs.api.scale-up');
    expect(e.message).toMatch(/Step "ecs.api.scale-up" failed: not authorized/);
    expect(world.count('UpdateHealthCheck')).toBe(0); // nothing after the failed step ran
    expect(world.count('PromoteReadReplica')).toBe(1);
    expect(world.count('PutSecretValue')).toBe(1);

    mocks.ecs.on(UpdateServiceCommand).callsFake(async (input) => {
      world.calls.push('UpdateService');
      world.services.get(`${input.cluster}/${input.service}`)!.desired = input.desiredCount;
      return {};
    });
    const r = await runDr('failover', target(), { stateDir, execute: true }, deps());
    expect(r.run!.skipped).toEqual(['preconditions.primary-unavailable', 'preconditions.dr-data-current', 'db.main.promote', 's3.photos.parity', 'secrets.main.repoint']);
    expect(r.run!.executed).toEqual(['ecs.api.scale-up', 'dns.failover', 'outputs.record']);
    expect(world.count('PromoteReadReplica')).toBe(1);
    expect(mocks.sm.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    expect(world.count('UpdateService')).toBe(1);
    expect(world.healthCheck.inverted).toBe(true);
    // A new run after completion starts fresh (the completed journal is archived).
    await runDr('failover', target(), { stateDir, execute: true }, deps());
    expect(fs.readdirSync(path.join(stateDir, 'dr')).filter((f) => f.startsWith('prod-failover-'))).toHaveLength(1);
  });

  it('a re-run against an already failed-over environment changes nothing (idempotent steps)', async () => {
    await runDr('failover', target(), { stateDir, execute: true }, deps());
    fs.rmSync(path.join(stateDir, 'dr', 'prod-failover.json'));
    const counts = mutating.map((m) => world.count(m));
    const r = await runDr('failover', target(), { stateDir, execute: true }, deps());
    expect(mutating.map((m) => world.count(m))).toEqual(counts);
    expect(r.run!.journal.steps['db.main.promote'].note).toMatch(/already in the desired state/);
  });

  it('fails the S3 parity step with counts and sizes when a drill finds the replica behind', async () => {
    world.primaryDown = false;
    world.objects['berthcare-prod-photos-dr'].pop();
    await expect(runDr('failover', target(), { stateDir, execute: true, force: true }, deps()))
      .rejects.toThrow(/s3.photos.parity.*berthcare-prod-photos has 3 objects\/355 bytes, berthcare-prod-photos-dr has 2 objects\/350 bytes/s);
    expect(world.count('PutSecretValue')).toBe(0);
  });

  it('asks for the typed project name, and refuses non-interactively without --yes', async () => {
    await expect(runDr('failover', target(), { stateDir, execute: true }, { ...deps(), prompt: new ScriptedPrompt([], false) })).rejects.toThrow(/non-interactive.*--yes/s);
    await expect(runDr('failover', target(), { stateDir, execute: true }, { ...deps(), prompt: new ScriptedPrompt(['prod']) })).rejects.toThrow(/did not match "berthcare"/);
    expect(world.count('PromoteReadReplica')).toBe(0);
    expect(fs.existsSync(path.join(stateDir, 'dr', 'prod-failover.json'))).toBe(false);
  });

  it('restores from the latest replicated automated backup when the strategy says so', async () => {
    world.instances.delete(`${DR}/berthcare-prod-main-dr`);
    const now = Date.parse('2026-11-23T18:00:00Z');
    world.automatedBackups = [
      { arn: 'arn:aws:rds:us-east-1:123456789012:auto-backup:ab-old', latest: new Date(now - 3 * 3_600_000) },
      { arn: 'arn:aws:rds:us-east-1:123456789012:auto-backup:ab-new', latest: new Date(now - 600_000) },
    ];
    const t = target();
    const db = { ...t.resources.databases[0], drStrategy: 'backup-replication' as const, restore: { dbSubnetGroupName: 'dr-data', vpcSecurityGroupIds: ['sg-1'] } };
    await runDr('failover', { ...t, resources: { ...t.resources, databases: [db] } }, { stateDir, execute: true }, deps());
    expect(mocks.rds.commandCalls(RestoreDBInstanceToPointInTimeCommand)[0].args[0].input).toMatchObject({
      SourceDBInstanceAutomatedBackupsArn: 'arn:aws:rds:us-east-1:123456789012:auto-backup:ab-new', TargetDBInstanceIdentifier: 'berthcare-prod-main-dr',
      UseLatestRestorableTime: true, DeletionProtection: true, DBSubnetGroupName: 'dr-data', VpcSecurityGroupIds: ['sg-1'], MultiAZ: true,
    });
    expect(world.secrets.get(`${DR}/berthcare-prod-main-credentials`)!.value.host).toBe('berthcare-prod-main-dr.us-east-1.rds.amazonaws.com');
  });

  it('reads physical names from stack outputs when the target does not name them', async () => {
    mocks.cfn.on(DescribeStacksCommand, { StackName: 'berthcare-prod-dr' }).resolves({ Stacks: [{ StackName: 'berthcare-prod-dr', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: [
      { OutputKey: 'HavenDbMainReplicaIdentifier', OutputValue: 'berthcare-prod-main-dr' },
      { OutputKey: 'HavenServiceApiCluster', OutputValue: 'berthcare-prod-dr' },
      { OutputKey: 'HavenServiceApiService', OutputValue: 'api' },
    ] }] });
    const t = target();
    const r = t.resources;
    const bare = { ...t, resources: { ...r, databases: [{ ...r.databases[0], drIdentifier: undefined }], standbyServices: [{ ...r.standbyServices[0], drCluster: undefined, drService: undefined }] } };
    const res = await runDr('failover', bare, { stateDir }, deps());
    expect(res.plan!.find((p) => p.id === 'db.main.promote')!.state).toBe('todo');
    expect(res.plan!.find((p) => p.id === 'ecs.api.scale-up')!.detail).toBe('desired 0, running 0');
    expect(out.join('\n')).toMatch(/outputs of berthcare-prod-primary in ca-central-1 unreadable/);
  });

  it('maps missing credentials to a clear error', async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired'));
    await expect(runDr('failover', target(), { stateDir, execute: true, yes: true }, { ...deps(), clients: new AwsClients({ profile: 'prod-admin', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }) }))
      .rejects.toThrow(/credentials are missing or expired for profile "prod-admin".*aws sso login --profile prod-admin/s);
  });
});

describe('haven dr failback', () => {
  async function failedOver() {
    await runDr('failover', target(), { stateDir, execute: true }, deps());
    world.primaryDown = false;
    world.instances.delete(`${PRIMARY}/berthcare-prod-main`); // primary infrastructure re-created without the database
  }

  it('takes a final DR snapshot, copies it back, restores the primary, re-points secret and DNS, scales standby down', async () => {
    await failedOver();
    const r = await runDr('failback', target(), { stateDir, execute: true }, deps());
    expect(r.run!.executed).toEqual([
      'preconditions.primary-healthy', 'db.main.final-snapshot', 'db.main.copy-to-primary', 'db.main.restore-primary',
      's3.photos.parity-primary', 'secrets.main.repoint-primary', 'dns.failback', 'ecs.api.scale-down', 'outputs.record',
    ]);
    const runId = r.run!.journal.runId;
    expect(world.snapshots.get(`${DR}/berthcare-prod-main-dr-failback-${runId}`)!.status).toBe('available');
    const copy = world.snapshots.get(`${PRIMARY}/berthcare-prod-main-failback-${runId}`)!;
    expect(copy.status).toBe('available');
    expect(world.instances.get(`${PRIMARY}/berthcare-prod-main`)!.status).toBe('available');
    expect(world.secrets.get(`${PRIMARY}/berthcare-prod-main-credentials`)!.value.host).toBe('berthcare-prod-main.ca-central-1.rds.amazonaws.com');
    expect(world.healthCheck.inverted).toBe(false);
    expect(world.services.get('berthcare-prod-dr/api')).toEqual({ desired: 0, running: 0 });
    expect(out.join('\n')).toMatch(/re-create the cross-region replica/);
  });

  it('never overwrites a stale primary database: fails at restore-primary with instructions, resumes after the rename', async () => {
    await failedOver();
    world.instances.set(`${PRIMARY}/berthcare-prod-main`, { status: 'available', endpoint: 'old' });
    const e = await runDr('failback', target(), { stateDir, execute: true }, deps()).catch((x) => x);
    expect(e.stepId).toBe('db.main.restore-primary');
    expect(e.message).toMatch(/still exists in ca-central-1 and holds pre-failover data.*new-db-instance-identifier berthcare-prod-main-stale/s);
    expect(world.count('RestoreDBInstanceFromDBSnapshot')).toBe(0);
    world.instances.delete(`${PRIMARY}/berthcare-prod-main`);
    const snapshotsBefore = world.count('CreateDBSnapshot');
    const r = await runDr('failback', target(), { stateDir, execute: true }, deps());
    expect(r.run!.skipped).toEqual(['preconditions.primary-healthy', 'db.main.final-snapshot', 'db.main.copy-to-primary']);
    expect(world.count('CreateDBSnapshot')).toBe(snapshotsBefore);
    expect(world.count('RestoreDBInstanceFromDBSnapshot')).toBe(1);
  });

  it('refuses to fail back while the primary region is impaired', async () => {
    await runDr('failover', target(), { stateDir, execute: true }, deps());
    await expect(runDr('failback', target(), { stateDir, execute: true }, deps())).rejects.toThrow(/preconditions.primary-healthy/);
    expect(world.count('CreateDBSnapshot')).toBe(0);
  });
});

describe('haven dr status', () => {
  it('reports databases, standby compute, DNS and unfinished journals', async () => {
    mocks.ecs.on(UpdateServiceCommand).rejectsOnce(awsError('AccessDeniedException', 'denied'));
    await runDr('failover', target(), { stateDir, execute: true }, deps()).catch(() => undefined);
    out = [];
    const r = await runDr('status', target(), { stateDir }, deps());
    expect(r.status!.databases[0]).toMatchObject({ name: 'main', dr: 'available' });
    expect(r.status!.databases[0].primary).toMatch(/error: connect ETIMEDOUT/);
    expect(r.status!.journals).toEqual([expect.objectContaining({ operation: 'failover', status: 'failed', failedStep: 'ecs.api.scale-up' })]);
    expect(out.join('\n')).toMatch(/journal failover: failed \(failed at ecs.api.scale-up\)/);
    expect(out.join('\n')).toMatch(/service api \(DR\): desired 0, running 0/);
    expect(ACCOUNT).toBe('123456789012');
  });
});

describe('Aurora global database', () => {
  const primaryArn = `arn:aws:rds:${PRIMARY}:${ACCOUNT}:cluster:berthcare-prod-aurora`;
  const drArn = `arn:aws:rds:${DR}:${ACCOUNT}:cluster:berthcare-prod-aurora-dr`;
  function globalWorld() {
    const g = { writer: primaryArn, status: 'available', polls: 0 };
    const calls: { op: string; input: Record<string, unknown> }[] = [];
    mocks.rds.on(DescribeDBClustersCommand).callsFake(async (input) => {
      if (input.DBClusterIdentifier === 'berthcare-prod-aurora' && world.primaryDown) throw awsError('TimeoutError', 'connect ETIMEDOUT');
      const dr = input.DBClusterIdentifier === 'berthcare-prod-aurora-dr';
      return { DBClusters: [{ DBClusterIdentifier: input.DBClusterIdentifier, DBClusterArn: dr ? drArn : primaryArn, Status: 'available', Endpoint: `${input.DBClusterIdentifier}.cluster-x.${dr ? DR : PRIMARY}.rds.amazonaws.com` }] };
    });
    mocks.rds.on(DescribeGlobalClustersCommand).callsFake(async () => {
      if (g.status !== 'available' && g.polls-- <= 0) g.status = 'available';
      return { GlobalClusters: [{ GlobalClusterIdentifier: 'berthcare-prod-global', Status: g.status, GlobalClusterMembers: [
        { DBClusterArn: primaryArn, IsWriter: g.writer === primaryArn }, { DBClusterArn: drArn, IsWriter: g.writer === drArn },
      ] }] };
    });
    const move = (op: string) => async (input: Record<string, unknown>) => {
      calls.push({ op, input });
      g.writer = String(input.TargetDbClusterIdentifier);
      g.status = op === 'failover' ? 'failing-over' : 'switching-over';
      g.polls = 2;
      return {};
    };
    mocks.rds.on(FailoverGlobalClusterCommand).callsFake(move('failover'));
    mocks.rds.on(SwitchoverGlobalClusterCommand).callsFake(move('switchover'));
    const t = target();
    const db = { ...t.resources.databases[0], kind: 'cluster' as const, engine: 'aurora-postgresql', identifier: 'berthcare-prod-aurora', drIdentifier: 'berthcare-prod-aurora-dr', globalClusterIdentifier: 'berthcare-prod-global' };
    return { g, calls, t: { ...t, resources: { ...t.resources, databases: [db] } } };
  }

  it('fails over with AllowDataLoss in an outage, switches back (no data loss) on failback, and re-points the secret each way', async () => {
    const { g, calls, t } = globalWorld();
    const r = await runDr('failover', t, { stateDir, execute: true }, deps());
    expect(r.run!.executed).toContain('db.main.global-failover');
    expect(calls).toEqual([{ op: 'failover', input: { GlobalClusterIdentifier: 'berthcare-prod-global', TargetDbClusterIdentifier: drArn, AllowDataLoss: true } }]);
    expect(g.writer).toBe(drArn);
    expect(world.secrets.get(`${DR}/berthcare-prod-main-credentials`)!.value.host).toBe(`berthcare-prod-aurora-dr.cluster-x.${DR}.rds.amazonaws.com`);

    world.primaryDown = false;
    const b = await runDr('failback', t, { stateDir, execute: true }, deps());
    expect(b.run!.executed.slice(0, 2)).toEqual(['preconditions.primary-healthy', 'db.main.global-failback']);
    expect(calls[1]).toEqual({ op: 'switchover', input: { GlobalClusterIdentifier: 'berthcare-prod-global', TargetDbClusterIdentifier: primaryArn } });
    expect(g.writer).toBe(primaryArn);
    expect(world.count('CreateDBSnapshot')).toBe(0);
  });

  it('a drill (--force, primary healthy) uses a switchover, never AllowDataLoss', async () => {
    const { calls, t } = globalWorld();
    world.primaryDown = false;
    await runDr('failover', t, { stateDir, execute: true, force: true }, deps());
    expect(calls.map((c) => c.op)).toEqual(['switchover']);
  });
});
