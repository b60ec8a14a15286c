import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DescribeDBClustersCommand, DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand, DescribeGlobalClustersCommand, type DBInstance, RDSClient,
} from '@aws-sdk/client-rds';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/ops/aws';
import { registerOpsCommands } from '../../../src/ops/cli';
import type { Journal } from '../../../src/ops/dr/engine';
import type { DrillEvidence } from '../../../src/ops/dr/evidence';
import type { OpsTarget } from '../../../src/ops/target';
import { failoverSwitch } from '../../../src/platform/outputs';
import { type World, simulateAccount } from '../sim';
import { type SimResource } from '../sim';
import { alarmState, injectFault, nodegroupScaling } from '../sim/services/dr-state';
import { awsError } from '../sim/service';
import { copyExampleFiles } from '../../helpers';

/**
 * `haven dr` through every seam: the CLI's own target loading (loadOpsTarget: spec → plan → synthesized assembly),
 * the runbook reading the outputs the platform really emits, and every AWS call answered by a simulated account built
 * from that assembly. main() takes no clock, so the commands run through registerOpsCommands (what main registers)
 * with the same loadTarget main passes and a fast clock: the runbook's waits advance the world's time, not the test's.
 */
const DATE = '2026-12-02';
const START = Date.parse(`${DATE}T09:00:00Z`);
const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');

/** A private copy of a spec, so the CLI writes its assembly next to the copy and never into examples/. */
function copySpec(file: string, edit: (text: string) => string = (t) => t): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-dr-seams-'));
  fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')));
  copyExampleFiles(dir);
  return path.join(dir, file);
}

/** The CLI's loader, synthesizing once per spec and environment (synthesis is the cost; its answer does not change). */
const targets = new Map<string, Promise<OpsTarget>>();
function loadTarget(spec: string, env: string, purpose: string): Promise<OpsTarget> {
  const key = `${spec}|${env}|${purpose}`;
  if (!targets.has(key)) {
    targets.set(key, import('../../../src/cli/ops-target').then((m) => m.loadOpsTarget(spec, env, { drFoundation: purpose === 'deploy', date: DATE })));
  }
  return targets.get(key)!;
}

interface Account { readonly world: World; readonly clock: Clock; readonly stateDir: string; readonly restore: () => void }

let account: Account | undefined;
afterEach(() => account?.restore());

/** A fresh simulated account whose clock is the runbook's: sleeping advances the world's time. */
function openAccount(target: OpsTarget): Account {
  let now = START;
  const clock: Clock = { now: () => now, sleep: async (ms) => { now += ms; } };
  const sim = simulateAccount(target.assemblyDir!, { now: () => now });
  account = { world: sim.world, clock, stateDir: fs.mkdtempSync(path.join(os.tmpdir(), 'haven-dr-state-')), restore: sim.install() };
  return account;
}

async function haven(a: Account, args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  let code = 0;
  const program = new Command().exitOverride();
  registerOpsCommands(program, {
    loadTarget, clock: a.clock, out: (l) => lines.push(l), err: (l) => lines.push(l), setExitCode: (c) => { code = c; },
    prompt: { interactive: false, ask: () => Promise.reject(new Error('no prompt in tests')) },
  });
  try {
    await program.parseAsync([...args, '--state-dir', a.stateDir], { from: 'user' });
  } catch (e) {
    // What main() turns into exit 70: a bug, not an operational failure.
    lines.push(`uncaught: ${(e as Error).stack}`);
    code = 70;
  }
  return { code, out: lines.join('\n') };
}

function journal(a: Account, env: string, operation: 'failover' | 'failback' = 'failover'): Journal {
  return JSON.parse(fs.readFileSync(path.join(a.stateDir, 'dr', `${env}-${operation}.json`), 'utf8')) as Journal;
}

async function describeDr(target: OpsTarget, id: string): Promise<DBInstance | undefined> {
  const r = await new RDSClient({ region: target.regions.dr }).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
  return r.DBInstances?.[0];
}

/** The DR side is the writer: every DR database is writable (standalone instance / global writer) and its secret points at it. */
async function expectDrWritable(target: OpsTarget): Promise<void> {
  const rds = new RDSClient({ region: target.regions.dr });
  for (const db of target.resources.databases.filter((d) => d.drStrategy !== 'none')) {
    let endpoint: string | undefined;
    if (db.kind === 'cluster') {
      const c = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: db.drIdentifier }))).DBClusters?.[0];
      if (db.globalClusterIdentifier) {
        const g = (await rds.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: db.globalClusterIdentifier }))).GlobalClusters?.[0];
        expect(g?.Status, db.name).toBe('available');
        expect(g?.GlobalClusterMembers?.find((m) => m.IsWriter)?.DBClusterArn, db.name).toBe(c?.DBClusterArn);
      } else {
        // Restored from a recovery point: a cluster in the DR network with a writer that is not public.
        expect(c?.Status, db.name).toBe('available');
        expect(c?.KmsKeyId, db.name).toMatch(new RegExp(`^arn:aws:kms:${target.regions.dr}:`));
        const writer = c?.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier;
        expect(writer, db.name).toBeDefined();
        expect((await describeDr(target, writer!))?.PubliclyAccessible, db.name).toBe(false);
      }
      endpoint = c?.Endpoint;
    } else {
      const i = await describeDr(target, db.drIdentifier!);
      expect(i?.DBInstanceStatus, db.name).toBe('available');
      expect(i?.ReadReplicaSourceDBInstanceIdentifier, db.name).toBeUndefined();
      endpoint = i?.Endpoint?.Address;
    }
    expect(endpoint, db.name).toBeDefined();
    const secret = await new SecretsManagerClient({ region: target.regions.dr }).send(new GetSecretValueCommand({ SecretId: db.drSecretId }));
    expect((JSON.parse(secret.SecretString!) as { host?: string }).host, `secret of ${db.name}`).toBe(endpoint);
  }
}

/**
 * A drill stops every writer in the primary region before promoting: ECS services at 0 tasks, EKS managed node groups
 * at 0 nodes (their sizes before remembered for failback), and the journal orders those steps before the first
 * database step.
 */
function expectPrimaryWritersStopped(a: Account, target: OpsTarget, j: Journal): void {
  const order = Object.keys(j.steps);
  const firstDb = order.findIndex((id) => id.startsWith('db.'));
  const stopped = order.indexOf('maintenance.writes-stopped');
  expect(stopped, order.join(', ')).toBeGreaterThan(-1);
  expect(stopped).toBeLessThan(firstDb);
  for (const id of order.filter((x) => x.endsWith('-stop'))) expect(order.indexOf(id), id).toBeLessThan(stopped);
  const groups = a.world.resources('AWS::EKS::Nodegroup', target.regions.primary);
  for (const c of target.resources.clusters ?? []) expect(order).toContain(`maintenance.${c.name}.primary-eks-stop`);
  if ((target.resources.clusters ?? []).length) expect(groups.length, 'managed node groups in the primary').toBeGreaterThan(0);
  const remembered = JSON.parse(fs.existsSync(path.join(a.stateDir, 'dr', `${target.environment}-stopped-nodegroups.json`))
    ? fs.readFileSync(path.join(a.stateDir, 'dr', `${target.environment}-stopped-nodegroups.json`), 'utf8') : '{}') as Record<string, { DesiredSize: number }>;
  for (const g of groups) {
    expect(nodegroupScaling(a.world, g).nodes, g.ref).toBe(0);
    expect(remembered[`${target.regions.primary}/${g.ref}`]?.DesiredSize, g.ref).toBe(nodegroupDesired(g));
  }
}

const nodegroupDesired = (g: SimResource) => Number((g.properties.ScalingConfig as { DesiredSize?: number }).DesiredSize);

/** Scaling configuration of every managed node group of a region, sorted: [desired, min, max] and the nodes running. */
function nodegroupSizes(w: World, region: string): string[] {
  return w.resources('AWS::EKS::Nodegroup', region).map((g) => {
    const n = nodegroupScaling(w, g);
    return `${n.scaling.DesiredSize}/${n.scaling.MinSize}/${n.scaling.MaxSize} running ${n.nodes}`;
  }).sort();
}

/**
 * Failover scaled the DR cluster's node groups (where the strategy builds one) up to the primary's production sizes
 * (the primary template's, read from the world directly: the runbook itself never asked the primary), and waited
 * until they ran.
 */
function expectDrNodegroupsAtProduction(a: Account, target: OpsTarget, j: Journal): void {
  // Backup-restore builds no compute in DR: nothing to scale.
  if (!(target.resources.clusters ?? []).length || !a.world.resources('AWS::EKS::Cluster', target.regions.dr!).length) return;
  const production = a.world.resources('AWS::EKS::Nodegroup', target.regions.primary).map((g) => {
    const c = g.properties.ScalingConfig as { MinSize: number; MaxSize: number; DesiredSize: number };
    return `${c.DesiredSize}/${c.MinSize}/${c.MaxSize} running ${c.DesiredSize}`;
  }).sort();
  expect(production.length, 'managed node groups in the primary template').toBeGreaterThan(0);
  expect(nodegroupSizes(a.world, target.regions.dr!)).toEqual(production);
  for (const c of target.resources.clusters!) expect(Object.keys(j.steps)).toContain(`eks.${c.name}.dr-active`);
}

function switchAlarm(w: World, target: OpsTarget) {
  const name = failoverSwitch(target.project, target.environment).alarmName;
  return w.find('AWS::CloudWatch::Alarm', target.regions.dr, (a) => a.physicalId === name);
}

interface Case {
  readonly name: string;
  readonly file: string;
  readonly env: string;
  readonly edit?: (text: string) => string;
}

/** estate-kit with an Aurora PostgreSQL cluster: warm standby then makes it an Aurora Global Database (secondary in DR). */
const auroraEstateKit = (text: string) => text
  .replace(/engine: postgres .*\n(\s+)version: "16"/, 'engine: aurora-postgresql\n$1version: "16.6"')
  .replace(/\n {2}database:\n {4}replication: read-replica.*/, '');

/** The Aurora variant with backup-restore: recovery points copied to the DR vault (snapshot-copy), no DNS failover. */
const auroraBackupRestore = (text: string) => auroraEstateKit(text)
  .replace('strategy: warm-standby', 'strategy: backup-restore')
  .replace('objectives: { rpoMinutes: 15, rtoMinutes: 60 }', 'objectives: { rpoMinutes: 1500, rtoMinutes: 240 }')
  .replace(/\n {2}failover:\n(?: {4}.*\n)+/, '\n');

/** estate-kit as pilot light: the DR cluster's node groups are defined at 0 nodes. */
const pilotLightEstateKit = (text: string) => text.replace('strategy: warm-standby', 'strategy: pilot-light');

const CASES: Case[] = [
  { name: 'estate-kit production (warm standby, read replica, DNS switch)', file: 'estate-kit.yaml', env: 'production' },
  { name: 'estate-kit production on Aurora (warm standby, global database)', file: 'estate-kit.yaml', env: 'production', edit: auroraEstateKit },
  { name: 'berthcare production (backup-restore, replicated automated backups)', file: 'berthcare.yaml', env: 'production' },
  { name: 'techcorp production (pilot light, read replica, ECS)', file: 'techcorp.yaml', env: 'production' },
  { name: 'techcorp eu (DR inside the EU)', file: 'techcorp.yaml', env: 'eu' },
  { name: 'estate-kit production on Aurora, backup-restore (AWS Backup copies restored as a cluster)', file: 'estate-kit.yaml', env: 'production', edit: auroraBackupRestore },
  { name: 'estate-kit production as pilot light (EKS node groups at 0 in DR)', file: 'estate-kit.yaml', env: 'production', edit: pilotLightEstateKit },
];

describe.each(CASES)('haven dr on $name', ({ file, env, edit }) => {
  let spec: string;
  let target: OpsTarget;
  const dr = (a: Account, ...args: string[]) => haven(a, ['dr', ...args.slice(0, 1), spec, '--env', env, ...args.slice(1)]);

  beforeAll(async () => {
    spec = copySpec(file, edit);
    target = await loadTarget(spec, env, 'dr');
    expect(target.regions.dr, 'the environment has a DR region').toBeDefined();
  }, 120_000);

  it('status: exit 0 and shows the DR side', async () => {
    const a = openAccount(target);
    // Before any failover the DR cluster runs below production (pilot light: no nodes; warm standby: the minimum).
    if (target.resources.clusters?.length) expect(nodegroupSizes(a.world, target.regions.dr!)).not.toEqual(nodegroupSizes(a.world, target.regions.primary));
    const r = await dr(a, 'status');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`DR ${target.regions.dr}`);
    for (const db of target.resources.databases) expect(r.out).toMatch(new RegExp(`database ${db.name}: primary available(, global \\S+)?; DR (available, (replica of|global )|absent)`));
    if (target.resources.dns) expect(r.out).toContain('DNS PRIMARY record: healthy (traffic on primary)');
  });

  it('failover --mode outage with the primary region unreachable: every step done, no call to the primary, DR writable', async () => {
    const a = openAccount(target);
    a.world.unreachable(target.regions.primary);
    const r = await dr(a, 'failover', '--mode', 'outage', '--execute', '--yes');
    expect(r.code, r.out).toBe(0);
    const j = journal(a, env);
    expect(j.status).toBe('completed');
    expect(Object.entries(j.steps).filter(([, s]) => s.status !== 'completed'), r.out).toEqual([]);
    expect(Object.keys(j.steps)).toContain('outputs.record');
    expect(a.world.attempted.filter((c) => c.startsWith(`${target.regions.primary} `))).toEqual([]);
    await expectDrWritable(target);
    expectDrNodegroupsAtProduction(a, target, j);
    const alarm = switchAlarm(a.world, target);
    if (target.resources.dns) expect(alarm && alarmState(a.world, alarm)).toBe('ALARM');
  });

  it('drill: exit 0 and evidence whose measured RTO and RPO are numbers', async () => {
    const a = openAccount(target);
    const evidence = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-dr-evidence-'));
    const r = await dr(a, 'drill', '--execute', '--yes', '--out', evidence);
    expect(r.code, r.out).toBe(0);
    const j = journal(a, env);
    expect(j.status).toBe('completed');
    expectPrimaryWritersStopped(a, target, j);
    // Control for the outage tests' "no call to the primary": the call log does see the primary when it is asked.
    expect(a.world.attempted).toContain(`${target.regions.primary} DescribeAvailabilityZones`);
    const json = fs.readdirSync(evidence).find((f) => f.endsWith('.json'));
    const report = JSON.parse(fs.readFileSync(path.join(evidence, json!), 'utf8')) as DrillEvidence;
    expect(typeof report.achieved.rtoMinutes, r.out).toBe('number');
    expect(typeof report.achieved.rpoMinutes, r.out).toBe('number');
    await expectDrWritable(target);
    expectDrNodegroupsAtProduction(a, target, j);
  });

  it('one step failing halfway exits non-zero; the re-run resumes and completes', async () => {
    const a = openAccount(target);
    a.world.unreachable(target.regions.primary);
    injectFault(a.world, 'PutSecretValue', awsError('InternalServiceError', 'An error occurred on the server side.', 500));
    const first = await dr(a, 'failover', '--mode', 'outage', '--execute', '--yes');
    expect(first.code, first.out).toBe(1);
    const failed = journal(a, env);
    expect(failed.status).toBe('failed');
    const failedStep = Object.entries(failed.steps).find(([, s]) => s.status === 'failed')?.[0];
    expect(failedStep).toMatch(/^secrets\..+\.repoint$/);
    const done = Object.entries(failed.steps).filter(([, s]) => s.status === 'completed').map(([id]) => id);
    expect(done.length).toBeGreaterThan(0);

    const again = await dr(a, 'failover', '--mode', 'outage', '--execute', '--yes');
    expect(again.code, again.out).toBe(0);
    const j = journal(a, env);
    expect(j.status).toBe('completed');
    expect(j.runId).toBe(failed.runId);
    // Steps finished before the fault were not run again.
    for (const id of done) expect(j.steps[id].attempts, id).toBe(failed.steps[id].attempts);
    expect(a.world.attempted.filter((c) => c.startsWith(`${target.regions.primary} `))).toEqual([]);
    await expectDrWritable(target);
  });
});

/** The primary side is the writer again: each database writable there, its DR copy re-established, secrets back. */
async function expectFailedBack(a: Account, target: OpsTarget, j: Journal): Promise<void> {
  const { primary } = target.regions;
  const dr = target.regions.dr!;
  const rds = (region: string) => new RDSClient({ region });
  const instance = async (region: string, id: string) => (await rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances![0];
  for (const db of target.resources.databases.filter((d) => d.drStrategy !== 'none')) {
    let endpoint: string | undefined;
    if (db.kind === 'cluster') {
      const c = (await rds(primary).send(new DescribeDBClustersCommand({ DBClusterIdentifier: db.identifier }))).DBClusters![0];
      const g = (await rds(primary).send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: db.globalClusterIdentifier }))).GlobalClusters![0];
      expect(g.GlobalClusterMembers?.find((m) => m.IsWriter)?.DBClusterArn, db.name).toBe(c.DBClusterArn);
      expect(g.GlobalClusterMembers?.filter((m) => !m.IsWriter).map((m) => m.SynchronizationStatus), db.name).toEqual(['connected']);
      endpoint = c.Endpoint;
    } else {
      const p = await instance(primary, db.identifier!);
      expect(p.DBInstanceStatus, db.name).toBe('available');
      expect(p.ReadReplicaSourceDBInstanceIdentifier, db.name).toBeUndefined();
      expect(p.PubliclyAccessible, db.name).toBe(false);
      endpoint = p.Endpoint?.Address;
      // Nothing deleted: the old primary and the DR instance that served are kept under new names.
      expect((await instance(primary, `${db.identifier}-stale-${j.runId}`)).DBInstanceStatus).toBe('available');
      expect((await instance(dr, `${db.drIdentifier}-retired-${j.runId}`)).DBInstanceStatus).toBe('available');
      if (db.drStrategy === 'replica') {
        const replica = await instance(dr, db.drIdentifier!);
        expect(replica.ReadReplicaSourceDBInstanceIdentifier, db.name).toBe(p.DBInstanceArn);
        expect(replica.KmsKeyId, db.name).toMatch(new RegExp(`^arn:aws:kms:${dr}:`));
      }
      if (db.drStrategy === 'backup-replication') {
        const b = await rds(dr).send(new DescribeDBInstanceAutomatedBackupsCommand({ DbiResourceId: p.DbiResourceId }));
        expect(b.DBInstanceAutomatedBackups?.[0]?.Status, db.name).toBe('replicating');
      }
    }
    const sm = (region: string) => new SecretsManagerClient({ region });
    const value = await sm(primary).send(new GetSecretValueCommand({ SecretId: db.secretId }));
    expect((JSON.parse(value.SecretString!) as { host?: string }).host, `secret of ${db.name}`).toBe(endpoint);
    expect((await sm(dr).send(new DescribeSecretCommand({ SecretId: db.drSecretId }))).PrimaryRegion, `DR secret of ${db.name} is a replica again`).toBe(primary);
  }
  const alarm = switchAlarm(a.world, target);
  if (target.resources.dns) expect(alarm && alarmState(a.world, alarm)).toBe('OK');
}

/** Writes stop in DR before any database step of the failback, and every stop comes before the mark. */
function expectWritesStoppedFirst(j: Journal): void {
  const order = Object.keys(j.steps);
  const stopped = order.indexOf('maintenance.writes-stopped');
  const firstChange = order.findIndex((id) => /^db\.[^.]+\.(final-snapshot|global-failback)$/.test(id));
  expect(stopped, order.join(', ')).toBeGreaterThan(-1);
  expect(firstChange, order.join(', ')).toBeGreaterThan(stopped);
  for (const id of order.filter((x) => x.startsWith('maintenance.') && x.endsWith('-stop'))) expect(order.indexOf(id), id).toBeLessThan(stopped);
  for (const [id, step] of Object.entries(j.steps)) {
    if (id === 'maintenance.writes-stopped' || !/^db\..+\.(final-snapshot|global-failback)$/.test(id)) continue;
    expect(Date.parse(step.startedAt), id).toBeGreaterThanOrEqual(Date.parse(j.steps['maintenance.writes-stopped'].finishedAt!));
  }
}

const FAILBACK_CASES: Case[] = [
  CASES[0], // estate-kit: read replica re-created, EKS writers stopped in DR and resumed
  CASES[1], // estate-kit on Aurora: global database switched back once the old primary re-synchronized
  CASES[2], // berthcare: restored in DR, automated backup replication re-started for the restored primary
  CASES[6], // estate-kit pilot light: DR node groups back at 0 nodes after failback
];

describe.each(FAILBACK_CASES)('haven dr failback on $name', ({ file, env, edit }) => {
  let spec: string;
  let target: OpsTarget;
  const dr = (a: Account, ...args: string[]) => haven(a, ['dr', ...args.slice(0, 1), spec, '--env', env, ...args.slice(1)]);

  beforeAll(async () => {
    spec = copySpec(file, edit);
    target = await loadTarget(spec, env, 'dr');
  }, 120_000);

  it('after an outage failover and the region\'s return: writes stop in DR first, the primary serves again, DR copies re-established', async () => {
    const a = openAccount(target);
    a.world.unreachable(target.regions.primary);
    const failover = await dr(a, 'failover', '--mode', 'outage', '--execute', '--yes');
    expect(failover.code, failover.out).toBe(0);
    a.world.reachable(target.regions.primary);
    const r = await dr(a, 'failback', '--execute', '--yes');
    expect(r.code, r.out).toBe(0);
    const j = journal(a, env, 'failback');
    expect(j.status).toBe('completed');
    expectWritesStoppedFirst(j);
    await expectFailedBack(a, target, j);
    // The DR cluster's node groups were stopped for the failback and are back at their standby sizes.
    for (const g of a.world.resources('AWS::EKS::Nodegroup', target.regions.dr)) expect(nodegroupScaling(a.world, g).nodes, g.ref).toBe(nodegroupDesired(g));
    if ((target.resources.clusters ?? []).length) expect(Object.keys(j.steps)).toContain(`maintenance.${target.resources.clusters![0].name}.dr-eks-stop`);
    if ((target.resources.clusters ?? []).length) expect(Object.keys(j.steps)).toContain(`eks.${target.resources.clusters![0].name}.dr-standby`);
  });

  it('a drill then a failback: the primary\'s EKS node groups and services come back to their sizes', async () => {
    const a = openAccount(target);
    const evidence = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-dr-evidence-'));
    expect((await dr(a, 'drill', '--execute', '--yes', '--out', evidence)).code).toBe(0);
    const r = await dr(a, 'failback', '--execute', '--yes');
    expect(r.code, r.out).toBe(0);
    const j = journal(a, env, 'failback');
    expectWritesStoppedFirst(j);
    await expectFailedBack(a, target, j);
    for (const g of a.world.resources('AWS::EKS::Nodegroup', target.regions.primary)) expect(nodegroupScaling(a.world, g).nodes, g.ref).toBe(nodegroupDesired(g));
  });
});

describe('haven dr failback of an Aurora cluster restored from a recovery point', () => {
  it('is refused up front with the manual path, before any change', async () => {
    const spec = copySpec('estate-kit.yaml', auroraBackupRestore);
    const target = await loadTarget(spec, 'production', 'dr');
    const a = openAccount(target);
    const r = await haven(a, ['dr', 'failback', spec, '--env', 'production', '--execute', '--yes']);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/Failback of Aurora cluster main, restored in DR from a recovery point, is not automated/);
    expect(a.world.calls.filter((c) => /Create|Restore|Modify|Update|Put/.test(c))).toEqual([]);
  }, 120_000);
});
