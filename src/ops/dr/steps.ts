import * as fs from 'node:fs';
import * as path from 'node:path';
import { ListRecoveryPointsByBackupVaultCommand, RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CopyDBSnapshotCommand, CopyDBSnapshotCommandInput, CreateDBInstanceReadReplicaCommand, CreateDBInstanceReadReplicaCommandInput, CreateDBSnapshotCommand,
  DBCluster, DBInstance, DBSnapshot, DescribeDBClustersCommand, DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand, DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, GlobalCluster, ModifyDBInstanceCommand,
  PromoteReadReplicaCommand, RestoreDBInstanceFromDBSnapshotCommand, RestoreDBInstanceToPointInTimeCommand, SwitchoverGlobalClusterCommand,
} from '@aws-sdk/client-rds';
import { GetBucketVersioningCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ReplicateSecretToRegionsCommand, StopReplicationToReplicaCommand,
} from '@aws-sdk/client-secrets-manager';
import { AwsClients, Clock, call, isNotFound, poll } from '../aws';
import { OpsError, errorMessage } from '../errors';
import { OpsBucket, OpsDatabase, OpsDbPlacement, OpsStandbyService, OpsTarget } from '../target';
import { DrStep, StepContext } from './engine';
import { switchDns } from './dns';

/** Wait limits per kind of asynchronous operation (overridable; tests shrink them). */
export interface DrTimeouts {
  readonly database: number;
  readonly snapshot: number;
  readonly service: number;
  readonly dns: number;
  readonly secret: number;
  /** Drill: replica lag reaching 0 once writes stopped. */
  readonly catchUp: number;
}

export const DEFAULT_TIMEOUTS: DrTimeouts = {
  database: 60 * 60_000, // promotion / restore of a large instance can take most of an hour
  snapshot: 2 * 60 * 60_000, // cross-region copies scale with size
  service: 20 * 60_000,
  dns: 10 * 60_000,
  secret: 2 * 60_000,
  catchUp: 15 * 60_000,
};

/**
 * - `drill`: planned switchover while the primary is healthy; writes stop first, nothing is lost.
 * - `outage`: the primary region is gone; no step calls its APIs; data not yet replicated is lost (bounded by the RPO).
 */
export type DrMode = 'drill' | 'outage';

export interface DrSettings {
  readonly clients: AwsClients;
  readonly target: OpsTarget;
  readonly clock: Clock;
  readonly timeouts: DrTimeouts;
  /** Seconds of replica lag tolerated before failing over (the RPO). @default 900 */
  readonly maxReplicaLagSeconds: number;
  /** Age of the newest replicated backup/recovery point tolerated. @default 24 */
  readonly maxBackupAgeHours: number;
  /** Failover mode; failback always runs with the primary reachable. */
  readonly mode: DrMode;
  /** Journals and state files (`.haven`). */
  readonly stateDir: string;
}

export function regions(s: DrSettings): { primary: string; dr: string } {
  const dr = s.target.regions.dr;
  if (!dr) throw new OpsError(`Environment ${s.target.environment} has no DR region (regions.dr).`);
  return { primary: s.target.regions.primary, dr };
}

export const opt = (s: DrSettings) => ({ clock: s.clock, profile: s.clients.profile });

export function need<T>(v: T | undefined, what: string): T {
  if (v === undefined || v === null || v === '') {
    throw new OpsError(`${what} is unknown.`, 'Set it in the target, or make sure the stack output that carries it is deployed (see docs/operations.md, output names).');
  }
  return v;
}

const endpointKey = (db: OpsDatabase) => `db.${db.name}.endpoint`;
/** Journal keys of the drill evidence: data-loss bound observed when the DR copy became the writer. */
export const rpoKey = (db: OpsDatabase) => `rpo.${db.name}.seconds`;
export const rpoBasisKey = (db: OpsDatabase) => `rpo.${db.name}.basis`;
const WRITES_STOPPED = 'writesStoppedAt';

// RDS DescribeDBInstances: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html
async function describeInstance(s: DrSettings, region: string, id: string): Promise<DBInstance | undefined> {
  try {
    const r = await call<{ DBInstances?: DBInstance[] }>(s.clients.rds(region), new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), opt(s));
    return r.DBInstances?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

// RDS DescribeDBClusters: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html
export async function describeCluster(s: Pick<DrSettings, 'clients' | 'clock'>, region: string, id: string): Promise<DBCluster | undefined> {
  try {
    const r = await call<{ DBClusters?: DBCluster[] }>(s.clients.rds(region), new DescribeDBClustersCommand({ DBClusterIdentifier: id }), { clock: s.clock, profile: s.clients.profile });
    return r.DBClusters?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

// RDS DescribeDBSnapshots (manual snapshots by id): https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
async function describeSnapshot(s: DrSettings, region: string, id: string): Promise<DBSnapshot | undefined> {
  try {
    const r = await call<{ DBSnapshots?: DBSnapshot[] }>(s.clients.rds(region), new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }), opt(s));
    return r.DBSnapshots?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

function waitInstance(s: DrSettings, region: string, id: string, what: string, extra: (i: DBInstance) => boolean = () => true): Promise<void> {
  return poll(async () => {
    const i = await describeInstance(s, region, id);
    return { done: i?.DBInstanceStatus === 'available' && extra(i), state: i ? `${i.DBInstanceStatus}${i.ReadReplicaSourceDBInstanceIdentifier ? ' (still a replica)' : ''}` : 'not found' };
  }, { what, timeoutMs: s.timeouts.database, clock: s.clock, initialDelayMs: 15_000 });
}

function waitSnapshot(s: DrSettings, region: string, id: string, what: string): Promise<void> {
  return poll(async () => {
    const snap = await describeSnapshot(s, region, id);
    return { done: snap?.Status === 'available', state: snap ? `${snap.Status} ${snap.PercentProgress ?? 0}%` : 'not found' };
  }, { what, timeoutMs: s.timeouts.snapshot, clock: s.clock, initialDelayMs: 15_000 });
}

/**
 * Create parameters that keep a database the runbook creates inside Haven's network: never the default VPC
 * (RDS places an instance without DBSubnetGroupName in the default VPC — CreateDBInstance/Restore* docs), never public.
 */
function placementParams(p: OpsDbPlacement | undefined, what: string) {
  const subnets = need(p?.dbSubnetGroupName, `DB subnet group for ${what} (HavenDb…DrSubnetGroup)`);
  const sgs = p?.vpcSecurityGroupIds?.length ? [...p.vpcSecurityGroupIds] : need(undefined, `Security group for ${what} (HavenDb…DrSecurityGroupId)`);
  return {
    DBSubnetGroupName: subnets,
    VpcSecurityGroupIds: sgs,
    DBParameterGroupName: need(p?.dbParameterGroupName, `Parameter group for ${what} (HavenDb…DrParameterGroup)`),
    PubliclyAccessible: false,
    ...(p?.instanceClass ? { DBInstanceClass: p.instanceClass } : {}),
  };
}

// CloudWatch GetMetricStatistics, AWS/RDS ReplicaLag (seconds, per replica):
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
async function latestReplicaLag(s: DrSettings, region: string, id: string): Promise<{ seconds?: number; at?: Date }> {
  const now = s.clock.now();
  const m = await call<{ Datapoints?: { Timestamp?: Date; Maximum?: number }[] }>(s.clients.cloudwatch(region), new GetMetricStatisticsCommand({
    Namespace: 'AWS/RDS', MetricName: 'ReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: id }],
    StartTime: new Date(now - 15 * 60_000), EndTime: new Date(now), Period: 60, Statistics: ['Maximum'],
  }), opt(s));
  const latest = [...(m.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
  return latest && latest.Maximum !== undefined && latest.Maximum >= 0 ? { seconds: latest.Maximum, at: latest.Timestamp } : {};
}

// ---------------------------------------------------------------- preconditions

async function probePrimary(s: DrSettings): Promise<{ healthy: boolean; detail: string }> {
  const { primary } = regions(s);
  const problems: string[] = [];
  try {
    // EC2 DescribeAvailabilityZones: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
    const az = await call<{ AvailabilityZones?: { ZoneName?: string; State?: string }[] }>(s.clients.ec2(primary), new DescribeAvailabilityZonesCommand({}), { ...opt(s), maxAttempts: 2 });
    const zones = az.AvailabilityZones ?? [];
    const bad = zones.filter((z) => z.State !== 'available').map((z) => `${z.ZoneName}:${z.State}`);
    if (!zones.length) problems.push('no availability zones reported');
    if (bad.length) problems.push(`zones impaired (${bad.join(', ')})`);
  } catch (e) {
    if (e instanceof OpsError) throw e;
    problems.push(`EC2 API unreachable (${errorMessage(e)})`);
  }
  return problems.length ? { healthy: false, detail: `primary ${primary} degraded: ${problems.join('; ')}` } : { healthy: true, detail: `primary ${primary} answers, all zones available` };
}

/**
 * Drill: the primary must be healthy (a switchover needs it). Outage: the operator declared the region lost; the
 * runbook does not probe it (no step may depend on the failed region) and says so in the journal.
 */
export function failoverPrecondition(s: DrSettings): DrStep {
  const { primary } = regions(s);
  if (s.mode === 'outage') {
    return {
      id: 'preconditions.outage-declared',
      describe: () => `outage declared for ${primary}: no call is made to it; unreplicated data is lost (bounded by the RPO)`,
      check: async () => ({ state: 'todo', detail: `${primary} not probed (outage mode)` }),
      run: async (ctx) => { ctx.record('mode', 'outage'); ctx.out(`  ${primary} declared lost by the operator; not probed`); },
    };
  }
  return {
    id: 'preconditions.primary-healthy-for-drill',
    describe: () => `confirm ${primary} is healthy (a drill is a planned switchover)`,
    check: async () => ({ state: 'todo', detail: (await probePrimary(s)).detail }),
    run: async (ctx) => {
      const p = await probePrimary(s);
      if (!p.healthy) throw new OpsError(`A drill needs a healthy primary: ${p.detail}.`, 'If the region is really lost, run `haven dr failover --mode outage`.');
      ctx.record('mode', 'drill');
      ctx.out(`  ${p.detail}`);
    },
  };
}

/** Is the primary healthy again? (Seed 003 rollback prerequisites.) */
export function primaryHealthy(s: DrSettings): DrStep {
  const { primary } = regions(s);
  return {
    id: 'preconditions.primary-healthy',
    describe: () => `confirm ${primary} is healthy again before failing back`,
    check: async () => ({ state: 'todo', detail: (await probePrimary(s)).detail }),
    run: async () => {
      const p = await probePrimary(s);
      if (!p.healthy) throw new OpsError(`Primary region not healthy: ${p.detail}`);
    },
  };
}

/** Are replicas / replicated backups / recovery points in the DR region current enough (within the RPO)? DR region only. */
export function drDataCurrent(s: DrSettings): DrStep {
  const { dr } = regions(s);
  const assess = async (): Promise<{ problems: string[]; notes: string[] }> => {
    const problems: string[] = [];
    const notes: string[] = [];
    const now = s.clock.now();
    for (const db of s.target.resources.databases) {
      if (db.drStrategy === 'replica' && db.kind === 'cluster') {
        const id = need(db.drIdentifier, `DR cluster of database ${db.name}`);
        const c = await describeCluster(s, dr, id);
        if (!c) problems.push(`secondary cluster ${id} not found in ${dr}`);
        else if (c.Status !== 'available') problems.push(`secondary cluster ${id} is ${c.Status}`);
        else notes.push(`${id}: secondary cluster available`);
      } else if (db.drStrategy === 'replica') {
        const id = need(db.drIdentifier, `DR replica of database ${db.name}`);
        const i = await describeInstance(s, dr, id);
        if (!i) { problems.push(`replica ${id} not found in ${dr}`); continue; }
        if (!i.ReadReplicaSourceDBInstanceIdentifier) { notes.push(`${id} already standalone`); continue; }
        if (i.DBInstanceStatus !== 'available') problems.push(`replica ${id} is ${i.DBInstanceStatus}`);
        const lag = await latestReplicaLag(s, dr, id);
        // With the primary gone the replica stops reporting lag: data written after the last datapoint may be lost.
        if (lag.seconds === undefined) notes.push(`${id}: replica lag unknown (no recent datapoint; primary unreachable?)`);
        else if (lag.seconds > s.maxReplicaLagSeconds) problems.push(`${id}: replica lag ${lag.seconds}s exceeds ${s.maxReplicaLagSeconds}s`);
        else notes.push(`${id}: lag ${lag.seconds}s`);
      } else if (db.drStrategy === 'backup-replication' || db.drStrategy === 'snapshot-copy') {
        const src = db.drStrategy === 'backup-replication' ? await latestReplicatedBackup(s, db) : await latestRecoveryPoint(s, db);
        if (!src) { problems.push(`no ${db.drStrategy === 'backup-replication' ? 'replicated automated backup' : `recovery point in vault ${s.target.resources.drBackupVaultName}`} of ${db.identifier} in ${dr}`); continue; }
        const age = (now - src.time.getTime()) / 3_600_000;
        if (age > s.maxBackupAgeHours) problems.push(`${db.identifier}: newest restorable point ${src.time.toISOString()} is ${age.toFixed(1)}h old`);
        else notes.push(`${db.identifier}: restorable to ${src.time.toISOString()} (${age.toFixed(1)}h old)`);
      }
    }
    for (const b of s.target.resources.buckets) {
      if (!b.replicaBucketName) continue;
      // S3 GetBucketVersioning: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html
      const v = await call<{ Status?: string }>(s.clients.s3(dr), new GetBucketVersioningCommand({ Bucket: b.replicaBucketName }), opt(s));
      if (v.Status !== 'Enabled') problems.push(`replica bucket ${b.replicaBucketName} versioning is ${v.Status ?? 'off'}`);
    }
    return { problems, notes };
  };
  return {
    id: 'preconditions.dr-data-current',
    describe: () => `confirm replicas / replicated backups / recovery points in ${dr} are within the RPO`,
    check: async () => {
      const a = await assess();
      return { state: 'todo', detail: [...a.problems.map((p) => `PROBLEM ${p}`), ...a.notes].join('; ') || 'nothing to check' };
    },
    run: async (ctx) => {
      const a = await assess();
      if (a.problems.length) throw new OpsError(`DR data not ready: ${a.problems.join('; ')}`);
      for (const n of a.notes) ctx.out(`  ${n}`);
    },
  };
}

/**
 * RDS automated backup replication: the replicated backup lives in the DR region under the source instance's identifier.
 * DescribeDBInstanceAutomatedBackups: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstanceAutomatedBackups.html
 */
async function latestReplicatedBackup(s: DrSettings, db: OpsDatabase): Promise<{ arn: string; time: Date } | undefined> {
  const { dr } = regions(s);
  const r = await call<{ DBInstanceAutomatedBackups?: { DBInstanceAutomatedBackupsArn?: string; RestoreWindow?: { LatestTime?: Date } }[] }>(
    s.clients.rds(dr), new DescribeDBInstanceAutomatedBackupsCommand({ DBInstanceIdentifier: need(db.identifier, `Identifier of database ${db.name}`) }), opt(s),
  );
  const best = (r.DBInstanceAutomatedBackups ?? []).filter((b) => b.DBInstanceAutomatedBackupsArn && b.RestoreWindow?.LatestTime)
    .sort((a, b) => b.RestoreWindow!.LatestTime!.getTime() - a.RestoreWindow!.LatestTime!.getTime())[0];
  return best ? { arn: best.DBInstanceAutomatedBackupsArn!, time: best.RestoreWindow!.LatestTime! } : undefined;
}

/**
 * AWS Backup copies (the platform's snapshot-copy mode) are recovery points in the DR vault; DescribeDBSnapshots does not
 * list them by default. ListRecoveryPointsByBackupVault: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html
 * For RDS the recovery point ARN is the DB snapshot's ARN (`arn:aws:rds:…:snapshot:awsbackup:…`), which
 * RestoreDBInstanceFromDBSnapshot accepts: https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html
 */
async function latestRecoveryPoint(s: DrSettings, db: OpsDatabase): Promise<{ arn: string; time: Date } | undefined> {
  const { dr } = regions(s);
  const vault = need(s.target.resources.drBackupVaultName, 'DR backup vault (HavenDrBackupVaultName)');
  const suffix = `:db:${need(db.identifier, `Identifier of database ${db.name}`)}`;
  const points: RecoveryPointByBackupVault[] = [];
  let token: string | undefined;
  do {
    const r = await call<{ RecoveryPoints?: RecoveryPointByBackupVault[]; NextToken?: string }>(
      s.clients.backup(dr), new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vault, ByResourceType: 'RDS', NextToken: token }), opt(s),
    );
    points.push(...(r.RecoveryPoints ?? []));
    token = r.NextToken;
  } while (token);
  const best = points.filter((p) => p.Status === 'COMPLETED' && p.RecoveryPointArn && p.CreationDate && p.ResourceArn?.endsWith(suffix))
    .sort((a, b) => b.CreationDate!.getTime() - a.CreationDate!.getTime())[0];
  return best ? { arn: best.RecoveryPointArn!, time: best.CreationDate! } : undefined;
}

// ---------------------------------------------------------------- compute (maintenance and scaling)

// ECS DescribeServices / UpdateService: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
async function serviceCounts(s: DrSettings, region: string, cluster: string, service: string): Promise<{ desired: number; running: number }> {
  const r = await call<{ services?: { desiredCount?: number; runningCount?: number }[]; failures?: { reason?: string }[] }>(
    s.clients.ecs(region), new DescribeServicesCommand({ cluster, services: [service] }), opt(s),
  );
  const x = r.services?.[0];
  if (!x) throw new OpsError(`ECS service ${service} not found in ${cluster} (${region}): ${r.failures?.[0]?.reason ?? 'missing'}`);
  return { desired: x.desiredCount ?? 0, running: x.runningCount ?? 0 };
}

function stoppedServicesFile(s: DrSettings): string {
  return path.join(s.stateDir, 'dr', `${s.target.environment}-stopped-services.json`);
}

/** Desired counts a maintenance step found before stopping services, so failback can restore them. */
function readStopped(s: DrSettings): Record<string, number> {
  const f = stoppedServicesFile(s);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, number> : {};
}

/**
 * Set an ECS service's desired count and wait for the tasks. `id` names the step; `remember` stores the count it
 * replaces (a maintenance stop) in a state file, so a later run can put it back.
 */
export function scaleService(s: DrSettings, o: { id: string; region: string; cluster?: string; service?: string; svc: OpsStandbyService; want: number | (() => number); what: string; remember?: boolean; leaveRunning?: boolean }): DrStep {
  const cluster = () => need(o.cluster, `${o.what} cluster of service ${o.svc.name}`);
  const service = () => need(o.service, `${o.what} service ${o.svc.name}`);
  const want = () => (typeof o.want === 'function' ? o.want() : o.want);
  const reached = (d: { desired: number; running: number }) => d.desired === want() && (d.running === want() || (want() > 0 && d.running >= want()));
  return {
    id: o.id,
    describe: () => `set ${o.cluster}/${o.service} in ${o.region} to ${typeof o.want === 'number' ? o.want : 'its recorded'} task(s)`,
    check: async () => {
      const d = await serviceCounts(s, o.region, cluster(), service());
      const detail = `desired ${d.desired}, running ${d.running}`;
      if (reached(d)) return { state: 'done', detail };
      if (o.leaveRunning && d.desired > 0) return { state: 'done', detail: `${detail} (not stopped by haven; left as is)` };
      return { state: d.desired === want() ? 'pending' : 'todo', detail };
    },
    run: async () => {
      if (o.remember) {
        const d = await serviceCounts(s, o.region, cluster(), service());
        const f = stoppedServicesFile(s);
        const prev = readStopped(s);
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, JSON.stringify({ ...prev, [`${o.region}/${cluster()}/${service()}`]: d.desired }, null, 2) + '\n');
      }
      await call(s.clients.ecs(o.region), new UpdateServiceCommand({ cluster: cluster(), service: service(), desiredCount: want() }), opt(s));
    },
    waitFor: () => poll(async () => {
      const d = await serviceCounts(s, o.region, cluster(), service());
      return { done: reached(d), state: `desired ${d.desired}, running ${d.running}` };
    }, { what: `${o.service} reaching ${want()} running task(s)`, timeoutMs: s.timeouts.service, clock: s.clock, initialDelayMs: 10_000 }),
  };
}

/** Marks the moment writes stopped (after the maintenance steps), for the catch-up wait and the evidence. */
function writesStopped(s: DrSettings, where: string): DrStep {
  return {
    id: 'maintenance.writes-stopped',
    describe: () => `record that application writes to ${where} have stopped`,
    check: async () => ({ state: 'todo' }),
    run: async (ctx) => { ctx.record(WRITES_STOPPED, new Date(s.clock.now()).toISOString()); },
  };
}

export function primaryServiceStop(s: DrSettings, svc: OpsStandbyService): DrStep {
  const { primary } = regions(s);
  return scaleService(s, { id: `maintenance.${svc.name}.primary-stop`, region: primary, cluster: svc.primaryCluster, service: svc.primaryService, svc, want: 0, what: 'Primary', remember: true });
}

export function drServiceStop(s: DrSettings, svc: OpsStandbyService): DrStep {
  const { dr } = regions(s);
  return scaleService(s, { id: `maintenance.${svc.name}.dr-stop`, region: dr, cluster: svc.drCluster, service: svc.drService, svc, want: 0, what: 'DR' });
}

export function primaryServiceResume(s: DrSettings, svc: OpsStandbyService): DrStep {
  const { primary } = regions(s);
  const recorded = () => readStopped(s)[`${primary}/${svc.primaryCluster}/${svc.primaryService}`];
  // A service haven stopped goes back to the count it had; one it did not stop is left alone unless it is at zero.
  return scaleService(s, {
    id: `ecs.${svc.name}.primary-resume`, region: primary, cluster: svc.primaryCluster, service: svc.primaryService, svc,
    want: () => recorded() ?? svc.activeCount, what: 'Primary', leaveRunning: recorded() === undefined,
  });
}

export function drServiceScale(s: DrSettings, svc: OpsStandbyService, mode: 'active' | 'standby'): DrStep {
  const { dr } = regions(s);
  return scaleService(s, {
    id: `ecs.${svc.name}.${mode === 'active' ? 'scale-up' : 'scale-down'}`, region: dr, cluster: svc.drCluster, service: svc.drService, svc,
    want: mode === 'active' ? svc.activeCount : svc.standbyCount, what: 'DR',
  });
}

// ---------------------------------------------------------------- databases

function recordEndpoint(ctx: StepContext, db: OpsDatabase, address: string | undefined): void {
  if (address) ctx.record(endpointKey(db), address);
}

/** Drill: wait until the replica has applied everything the primary wrote before writes stopped (lag 0 after the stop). */
export function replicaCaughtUp(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR replica of database ${db.name}`);
  const caughtUp = async (ctx: StepContext) => {
    const since = Date.parse(need(ctx.outputs[WRITES_STOPPED], 'Time writes stopped (maintenance.writes-stopped)'));
    const lag = await latestReplicaLag(s, dr, id());
    return { done: lag.seconds === 0 && (lag.at?.getTime() ?? 0) >= since, state: lag.seconds === undefined ? 'no datapoint' : `lag ${lag.seconds}s at ${lag.at?.toISOString()}` };
  };
  return {
    id: `db.${db.name}.caught-up`,
    describe: () => `wait until replica ${db.drIdentifier} reports lag 0 after writes stopped`,
    check: async () => ({ state: 'todo' }),
    run: async () => {},
    waitFor: async (ctx) => {
      await poll(() => caughtUp(ctx), { what: `replica ${id()} catching up (ReplicaLag 0)`, timeoutMs: s.timeouts.catchUp, clock: s.clock, initialDelayMs: 30_000 });
      ctx.record(rpoKey(db), '0');
      ctx.record(rpoBasisKey(db), 'replica lag 0 after writes stopped');
    },
  };
}

/**
 * Promote the cross-region read replica (strategy `replica`) and wait until it is a writable, available instance.
 * RDS PromoteReadReplica: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_PromoteReadReplica.html
 */
export function promoteReplica(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR replica of database ${db.name}`);
  const standalone = (i: DBInstance) => !i.ReadReplicaSourceDBInstanceIdentifier;
  return {
    id: `db.${db.name}.promote`,
    describe: () => `promote read replica ${db.drIdentifier} in ${dr} to a standalone primary`,
    check: async (ctx) => {
      const i = await describeInstance(s, dr, id());
      if (!i) throw new OpsError(`Replica ${id()} does not exist in ${dr}.`);
      if (standalone(i) && i.DBInstanceStatus === 'available') {
        recordEndpoint(ctx, db, i.Endpoint?.Address);
        return { state: 'done', detail: `${id()} is standalone and available` };
      }
      // Status other than available on a replica means a promotion is under way: only wait.
      if (i.DBInstanceStatus !== 'available') return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
      return { state: 'todo', detail: `${id()} replicates ${i.ReadReplicaSourceDBInstanceIdentifier}` };
    },
    run: async (ctx) => {
      if (!ctx.outputs[rpoKey(db)]) {
        // Outage: the last lag the replica reported bounds what was lost.
        const lag = await latestReplicaLag(s, dr, id());
        if (lag.seconds !== undefined) ctx.record(rpoKey(db), String(lag.seconds));
        ctx.record(rpoBasisKey(db), lag.seconds !== undefined ? `last ReplicaLag datapoint (${lag.at?.toISOString()})` : 'replica lag unknown at promotion');
      }
      await call(s.clients.rds(dr), new PromoteReadReplicaCommand({ DBInstanceIdentifier: id(), BackupRetentionPeriod: db.backupRetentionDays }), opt(s));
    },
    waitFor: async (ctx) => {
      await waitInstance(s, dr, id(), `promotion of ${id()}`, standalone);
      recordEndpoint(ctx, db, (await describeInstance(s, dr, id()))?.Endpoint?.Address);
    },
  };
}

/**
 * Aurora global database: move the writer to the cluster in `to`'s region. Outage: FailoverGlobalCluster with
 * AllowDataLoss (the writer is gone; loss bounded by the replication lag), called in the DR region only.
 * Drill and failback: SwitchoverGlobalCluster, which waits for the secondary to catch up and loses nothing.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_FailoverGlobalCluster.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_SwitchoverGlobalCluster.html
 */
export function globalClusterSwitch(s: DrSettings, db: OpsDatabase, to: 'dr' | 'primary'): DrStep {
  const { primary, dr } = regions(s);
  const region = to === 'dr' ? dr : primary;
  const gid = () => need(db.globalClusterIdentifier, `Global cluster of database ${db.name} (HavenDb…GlobalClusterIdentifier)`);
  const cid = () => need(to === 'dr' ? db.drIdentifier : db.identifier, `${to === 'dr' ? 'DR' : 'Primary'} cluster of database ${db.name}`);
  const state = async () => {
    const c = await describeCluster(s, region, cid());
    if (!c?.DBClusterArn) throw new OpsError(`Cluster ${cid()} not found in ${region}.`);
    // DescribeGlobalClusters: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeGlobalClusters.html
    const g = await call<{ GlobalClusters?: GlobalCluster[] }>(s.clients.rds(region), new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: gid() }), opt(s));
    const global = g.GlobalClusters?.[0];
    const writer = global?.GlobalClusterMembers?.find((m) => m.IsWriter)?.DBClusterArn;
    return { c, global, isWriter: writer === c.DBClusterArn, writer };
  };
  const unplanned = to === 'dr' && s.mode === 'outage';
  return {
    id: `db.${db.name}.global-${to === 'dr' ? 'failover' : 'failback'}`,
    describe: () => `${unplanned ? 'fail over (AllowDataLoss)' : 'switch over'} global database ${db.globalClusterIdentifier} to ${cid()} in ${region}`,
    check: async (ctx) => {
      const st = await state();
      const detail = `writer ${st.writer ?? 'none'}, global ${st.global?.Status}, cluster ${st.c.Status}`;
      if (st.isWriter && st.global?.Status === 'available' && st.c.Status === 'available') {
        recordEndpoint(ctx, db, st.c.Endpoint);
        return { state: 'done', detail };
      }
      return { state: st.global?.Status !== 'available' || st.isWriter ? 'pending' : 'todo', detail };
    },
    run: async (ctx) => {
      const arn = (await state()).c.DBClusterArn!;
      if (to === 'dr') {
        ctx.record(rpoBasisKey(db), unplanned ? 'Aurora global failover with AllowDataLoss: storage lag not measurable with the primary gone' : 'switchover: Aurora waits for the secondary to catch up');
        if (!unplanned) ctx.record(rpoKey(db), '0');
      }
      if (unplanned) {
        await call(s.clients.rds(region), new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: gid(), TargetDbClusterIdentifier: arn, AllowDataLoss: true }), opt(s));
      } else {
        await call(s.clients.rds(region), new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: gid(), TargetDbClusterIdentifier: arn }), opt(s));
      }
    },
    waitFor: async (ctx) => {
      await poll(async () => {
        const st = await state();
        return { done: st.isWriter && st.global?.Status === 'available' && st.c.Status === 'available', state: `global ${st.global?.Status}, cluster ${st.c.Status}` };
      }, { what: `global database ${gid()} writer moving to ${cid()}`, timeoutMs: s.timeouts.database, clock: s.clock, initialDelayMs: 15_000 });
      recordEndpoint(ctx, db, (await describeCluster(s, region, cid()))?.Endpoint);
    },
  };
}

/**
 * Restore into the DR region, inside Haven's DR network (subnet group, security group, parameter group from the DR
 * stack's outputs; never public):
 * - `backup-replication`: RestoreDBInstanceToPointInTime from the replicated automated backup (SourceDBInstanceAutomatedBackupsArn):
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceToPointInTime.html
 * - `snapshot-copy`: the newest AWS Backup recovery point in the DR vault, restored with RestoreDBInstanceFromDBSnapshot:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
 * Both keep the encryption of their source (the DR-region key of the replication / copy).
 */
export function restoreInDr(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  const common = () => ({
    ...placementParams(db.drPlacement, `the DR restore of ${db.name}`),
    DeletionProtection: db.deletionProtection,
    CopyTagsToSnapshot: true,
    MultiAZ: s.target.tier === 'production',
  });
  return {
    id: `db.${db.name}.restore`,
    describe: () => db.drStrategy === 'backup-replication'
      ? `restore ${db.drIdentifier} in ${dr} from the latest replicated automated backup of ${db.identifier}`
      : `restore ${db.drIdentifier} in ${dr} from the newest recovery point in ${s.target.resources.drBackupVaultName}`,
    check: async (ctx) => {
      const i = await describeInstance(s, dr, id());
      if (!i) return { state: 'todo', detail: `${id()} does not exist yet` };
      if (!ctx.outputs[`db.${db.name}.restoredFrom`]) {
        throw new OpsError(`${id()} already exists in ${dr} but this run did not restore it (left over from an earlier failover?).`, `Rename it (aws rds modify-db-instance --db-instance-identifier ${id()} --new-db-instance-identifier ${id()}-old --apply-immediately --region ${dr}) and re-run; haven never deletes databases.`);
      }
      if (i.DBInstanceStatus === 'available') { recordEndpoint(ctx, db, i.Endpoint?.Address); return { state: 'done', detail: `${id()} available` }; }
      return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async (ctx) => {
      const params = common();
      const src = db.drStrategy === 'backup-replication' ? await latestReplicatedBackup(s, db) : await latestRecoveryPoint(s, db);
      if (!src) throw new OpsError(`Nothing to restore ${db.identifier} from in ${dr}.`);
      ctx.record(`db.${db.name}.restoredFrom`, src.arn);
      ctx.record(rpoKey(db), String(Math.round((s.clock.now() - src.time.getTime()) / 1000)));
      ctx.record(rpoBasisKey(db), `age of the restore point ${src.time.toISOString()} at restore`);
      if (db.drStrategy === 'backup-replication') {
        await call(s.clients.rds(dr), new RestoreDBInstanceToPointInTimeCommand({
          SourceDBInstanceAutomatedBackupsArn: src.arn, TargetDBInstanceIdentifier: id(), UseLatestRestorableTime: true, ...params,
        }), opt(s));
      } else {
        await call(s.clients.rds(dr), new RestoreDBInstanceFromDBSnapshotCommand({ DBSnapshotIdentifier: src.arn, DBInstanceIdentifier: id(), ...params }), opt(s));
      }
    },
    waitFor: async (ctx) => {
      await waitInstance(s, dr, id(), `restore of ${id()}`);
      recordEndpoint(ctx, db, (await describeInstance(s, dr, id()))?.Endpoint?.Address);
    },
  };
}

/**
 * Failback: final snapshot of the DR database, taken after the maintenance steps stopped writes, so it holds every
 * write DR accepted. RDS CreateDBSnapshot: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSnapshot.html
 */
export function finalSnapshot(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const snapId = (ctx: StepContext) => `${need(db.drIdentifier, `DR identifier of database ${db.name}`)}-failback-${ctx.runId}`;
  return {
    id: `db.${db.name}.final-snapshot`,
    describe: () => `take the final snapshot of ${db.drIdentifier} in ${dr} (writes stopped)`,
    check: async (ctx) => {
      const snap = await describeSnapshot(s, dr, snapId(ctx));
      if (!snap) return { state: 'todo', detail: `${snapId(ctx)} not taken yet` };
      if (snap.Status === 'available') { ctx.record(`db.${db.name}.finalSnapshotArn`, snap.DBSnapshotArn ?? snapId(ctx)); return { state: 'done', detail: `${snapId(ctx)} available` }; }
      return { state: 'pending', detail: `${snapId(ctx)} ${snap.Status}` };
    },
    run: async (ctx) => {
      need(ctx.outputs[WRITES_STOPPED], 'Time writes stopped (maintenance.writes-stopped)');
      await call(s.clients.rds(dr), new CreateDBSnapshotCommand({ DBInstanceIdentifier: db.drIdentifier, DBSnapshotIdentifier: snapId(ctx) }), opt(s));
    },
    waitFor: async (ctx) => {
      await waitSnapshot(s, dr, snapId(ctx), `final snapshot ${snapId(ctx)}`);
      const snap = await describeSnapshot(s, dr, snapId(ctx));
      ctx.record(`db.${db.name}.finalSnapshotArn`, snap?.DBSnapshotArn ?? snapId(ctx));
    },
  };
}

/**
 * Where failback restores the primary: the target's `primaryPlacement`, else the settings of the primary instance being
 * replaced (`<id>` or its `-stale` rename), recorded in the journal before anything changes.
 */
export function primaryPlacement(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary } = regions(s);
  const key = `db.${db.name}.primaryPlacement`;
  const discover = async (): Promise<OpsDbPlacement | undefined> => {
    if (db.primaryPlacement?.dbSubnetGroupName) return db.primaryPlacement;
    const id = need(db.identifier, `Identifier of database ${db.name}`);
    const i = (await describeInstance(s, primary, id)) ?? (await describeInstance(s, primary, `${id}-stale`));
    if (!i?.DBSubnetGroup?.DBSubnetGroupName) return undefined;
    return {
      dbSubnetGroupName: i.DBSubnetGroup.DBSubnetGroupName,
      vpcSecurityGroupIds: (i.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId!).filter(Boolean),
      dbParameterGroupName: i.DBParameterGroups?.[0]?.DBParameterGroupName,
      kmsKeyId: db.primaryPlacement?.kmsKeyId ?? i.KmsKeyId,
      instanceClass: db.primaryPlacement?.instanceClass ?? i.DBInstanceClass,
    };
  };
  return {
    id: `db.${db.name}.primary-placement`,
    describe: () => `record where ${db.identifier} is restored in ${primary} (subnet group, security groups, parameter group, key)`,
    check: async (ctx) => (ctx.outputs[key] ? { state: 'done', detail: 'recorded' } : { state: 'todo' }),
    run: async (ctx) => {
      const p = await discover();
      if (!p) {
        throw new OpsError(`Cannot tell where to restore ${db.identifier} in ${primary}: no primaryPlacement in the target and no ${db.identifier}(-stale) instance to copy it from.`, 'Set databases[].primaryPlacement in the ops target (subnet group, security groups, parameter group, KMS key) and re-run.');
      }
      ctx.record(key, JSON.stringify(p));
    },
  };
}

/**
 * Failback: copy the final snapshot to the primary region, re-encrypted with the primary region's key (an encrypted
 * snapshot copied across regions needs a KmsKeyId of the destination region).
 * RDS CopyDBSnapshot: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html
 */
export function copySnapshotToPrimary(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary, dr } = regions(s);
  const copyId = (ctx: StepContext) => `${need(db.identifier, `Identifier of database ${db.name}`)}-failback-${ctx.runId}`;
  return {
    id: `db.${db.name}.copy-to-primary`,
    describe: () => `copy the final snapshot from ${dr} to ${primary} with the primary region's key`,
    check: async (ctx) => {
      const snap = await describeSnapshot(s, primary, copyId(ctx));
      if (!snap) return { state: 'todo', detail: `${copyId(ctx)} not in ${primary} yet` };
      return snap.Status === 'available' ? { state: 'done', detail: `${copyId(ctx)} available` } : { state: 'pending', detail: `${copyId(ctx)} ${snap.Status}` };
    },
    run: async (ctx) => {
      const source = need(ctx.outputs[`db.${db.name}.finalSnapshotArn`], `Final snapshot of database ${db.name}`);
      const placement = JSON.parse(need(ctx.outputs[`db.${db.name}.primaryPlacement`], `Primary placement of ${db.name}`)) as OpsDbPlacement;
      // SourceRegion makes the SDK presign the source-region request an encrypted cross-region copy needs.
      const input = { SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: copyId(ctx), SourceRegion: dr, KmsKeyId: need(placement.kmsKeyId, `Primary-region KMS key for ${db.name}`), CopyTags: true };
      await call(s.clients.rds(primary), new CopyDBSnapshotCommand(input as CopyDBSnapshotCommandInput), opt(s));
    },
    waitFor: (ctx) => waitSnapshot(s, primary, copyId(ctx), `snapshot copy ${copyId(ctx)} in ${primary}`),
  };
}

/**
 * Failback: restore the primary database from the copied snapshot, under the identifier the primary stack owns (so
 * CloudFormation, which tracks the instance by that physical id, manages it again). Never deletes a stale primary.
 */
export function restorePrimary(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary } = regions(s);
  const id = () => need(db.identifier, `Identifier of database ${db.name}`);
  const issuedKey = `db.${db.name}.primaryRestoreIssued`;
  return {
    id: `db.${db.name}.restore-primary`,
    describe: () => `restore ${db.identifier} in ${primary} from the copied snapshot`,
    check: async (ctx) => {
      const i = await describeInstance(s, primary, id());
      if (!i) return { state: 'todo', detail: `${id()} absent in ${primary}` };
      if (!ctx.outputs[issuedKey]) {
        throw new OpsError(
          `${id()} still exists in ${primary} and holds pre-failover data; haven does not delete databases.`,
          `Snapshot it and rename it (aws rds modify-db-instance --db-instance-identifier ${id()} --new-db-instance-identifier ${id()}-stale --apply-immediately), then re-run failback: it resumes here.`,
        );
      }
      if (i.DBInstanceStatus === 'available') { recordEndpoint(ctx, db, i.Endpoint?.Address); return { state: 'done', detail: `${id()} restored and available` }; }
      return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async (ctx) => {
      const placement = JSON.parse(need(ctx.outputs[`db.${db.name}.primaryPlacement`], `Primary placement of ${db.name}`)) as OpsDbPlacement;
      await call(s.clients.rds(primary), new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: id(), DBSnapshotIdentifier: `${id()}-failback-${ctx.runId}`,
        ...placementParams(placement, `the primary restore of ${db.name}`),
        DeletionProtection: db.deletionProtection, MultiAZ: s.target.tier === 'production', CopyTagsToSnapshot: true,
      }), opt(s));
      ctx.record(issuedKey, new Date(s.clock.now()).toISOString());
    },
    waitFor: async (ctx) => {
      await waitInstance(s, primary, id(), `restore of ${id()} in ${primary}`);
      recordEndpoint(ctx, db, (await describeInstance(s, primary, id()))?.Endpoint?.Address);
    },
  };
}

/**
 * Failback: move the DR instance that served during the failover out of the way, keeping it (haven never deletes
 * databases): renamed to `<id>-retired-<run>`. Its identifier is free again for the replica the DR stack expects, and
 * a later failover never mistakes it for a fresh restore.
 * RDS ModifyDBInstance NewDBInstanceIdentifier: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
 */
export function retireDrInstance(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  const retired = (ctx: StepContext) => `${id()}-retired-${ctx.runId}`;
  return {
    id: `db.${db.name}.retire-dr`,
    describe: () => `rename ${db.drIdentifier} in ${dr} to ${db.drIdentifier}-retired-<run> (kept, not deleted)`,
    check: async (ctx) => {
      const old = await describeInstance(s, dr, retired(ctx));
      if (old?.DBInstanceStatus === 'available') return { state: 'done', detail: `${retired(ctx)} available` };
      if (old) return { state: 'pending', detail: `${retired(ctx)} is ${old.DBInstanceStatus}` };
      const cur = await describeInstance(s, dr, id());
      if (!cur) return { state: 'done', detail: `${id()} absent` };
      if (cur.ReadReplicaSourceDBInstanceIdentifier) return { state: 'done', detail: `${id()} is already a replica again` };
      return { state: cur.DBInstanceStatus === 'renaming' ? 'pending' : 'todo', detail: `${id()} is standalone (served the failover)` };
    },
    run: async (ctx) => {
      await call(s.clients.rds(dr), new ModifyDBInstanceCommand({ DBInstanceIdentifier: id(), NewDBInstanceIdentifier: retired(ctx), ApplyImmediately: true }), opt(s));
    },
    waitFor: (ctx) => waitInstance(s, dr, retired(ctx), `rename of ${id()} to ${retired(ctx)}`),
  };
}

/**
 * Failback: re-create the cross-region read replica of the restored primary under the identifier the DR stack's
 * replica resource has. CloudFormation tracks an AWS::RDS::DBInstance by that physical id and does not notice an
 * out-of-band promotion: re-deploying an unchanged template would not bring the replica back. The replica gets the
 * DR network, parameter group and DR key from the DR stack's outputs.
 * RDS CreateDBInstanceReadReplica (cross-region: source ARN + SourceRegion presigning, KmsKeyId of the destination):
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
 */
export function recreateReplica(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary, dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  return {
    id: `db.${db.name}.recreate-replica`,
    describe: () => `re-create read replica ${db.drIdentifier} in ${dr} from ${db.identifier} (DR network, DR key)`,
    check: async () => {
      const i = await describeInstance(s, dr, id());
      if (!i) return { state: 'todo', detail: `${id()} absent` };
      if (!i.ReadReplicaSourceDBInstanceIdentifier) throw new OpsError(`${id()} exists in ${dr} and is not a replica.`, 'Run the retire-dr step first (re-run failback).');
      return i.DBInstanceStatus === 'available' ? { state: 'done', detail: `${id()} replicates ${i.ReadReplicaSourceDBInstanceIdentifier}` } : { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async () => {
      const src = await describeInstance(s, primary, need(db.identifier, `Identifier of database ${db.name}`));
      const sourceArn = need(src?.DBInstanceArn, `ARN of ${db.identifier} in ${primary}`);
      const input = {
        DBInstanceIdentifier: id(), SourceDBInstanceIdentifier: sourceArn, SourceRegion: primary,
        ...placementParams(db.drPlacement, `the DR replica of ${db.name}`),
        KmsKeyId: src?.StorageEncrypted ? need(db.drPlacement?.kmsKeyId, `DR KMS key of ${db.name} (HavenDb…DrKmsKeyArn)`) : undefined,
        CopyTagsToSnapshot: true, DeletionProtection: db.deletionProtection,
      };
      await call(s.clients.rds(dr), new CreateDBInstanceReadReplicaCommand(input as CreateDBInstanceReadReplicaCommandInput), opt(s));
    },
    waitFor: () => waitInstance(s, dr, id(), `replica ${id()} in ${dr}`),
  };
}

// ---------------------------------------------------------------- storage and secrets

// S3 ListObjectsV2: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
export async function bucketTotals(s: DrSettings, region: string, bucket: string): Promise<{ count: number; bytes: number }> {
  let token: string | undefined;
  let count = 0;
  let bytes = 0;
  do {
    const r = await call<{ Contents?: { Size?: number }[]; NextContinuationToken?: string; IsTruncated?: boolean }>(
      s.clients.s3(region), new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }), opt(s),
    );
    for (const o of r.Contents ?? []) { count++; bytes += o.Size ?? 0; }
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return { count, bytes };
}

/** Seed 003: "verify S3 object parity" by object counts and total sizes. In an outage only the DR side is counted. */
export function bucketParity(s: DrSettings, b: OpsBucket, direction: 'to-dr' | 'to-primary'): DrStep {
  const { primary, dr } = regions(s);
  const src = direction === 'to-dr' ? { region: primary, name: b.bucketName } : { region: dr, name: b.replicaBucketName };
  const dst = direction === 'to-dr' ? { region: dr, name: b.replicaBucketName } : { region: primary, name: b.bucketName };
  const compareSource = !(direction === 'to-dr' && s.mode === 'outage');
  const compare = async () => {
    const d = await bucketTotals(s, dst.region, need(dst.name, `Bucket ${b.name} in ${dst.region}`));
    const sTotals = compareSource ? await bucketTotals(s, src.region, need(src.name, `Bucket ${b.name} in ${src.region}`)) : undefined;
    return { s: sTotals, d };
  };
  const fmt = (t?: { count: number; bytes: number }) => (t ? `${t.count} objects/${t.bytes} bytes` : 'not compared (outage)');
  return {
    id: `s3.${b.name}.parity${direction === 'to-primary' ? '-primary' : ''}`,
    describe: () => compareSource ? `compare object counts and sizes ${src.name} (${src.region}) → ${dst.name} (${dst.region})` : `count objects in ${dst.name} (${dst.region})`,
    check: async () => {
      const c = await compare();
      return { state: 'todo', detail: `source ${fmt(c.s)}, destination ${fmt(c.d)}` };
    },
    run: async (ctx) => {
      const c = await compare();
      if (c.s && (c.s.count !== c.d.count || c.s.bytes !== c.d.bytes)) {
        throw new OpsError(
          `S3 parity mismatch: ${src.name} has ${fmt(c.s)}, ${dst.name} has ${fmt(c.d)}.`,
          `Check replication metrics, or run \`aws s3 sync s3://${src.name} s3://${dst.name} --source-region ${src.region} --region ${dst.region}\` and re-run.`,
        );
      }
      ctx.out(`  ${dst.name}: ${fmt(c.d)}${c.s ? ' (matches source)' : ''}`);
    },
  };
}

/**
 * Re-point a database secret's `host` at the active endpoint, in the region of `to`. In the DR region this is the
 * replica secret (DR stack output HavenDb…DrSecretName): read-only while it replicates, so it is first promoted to a
 * standalone secret with StopReplicationToReplica, called in the DR region — the primary is never needed.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/standalone-secret.html
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_StopReplicationToReplica.html
 * Values are never printed.
 */
export function repointSecret(s: DrSettings, db: OpsDatabase, to: 'dr' | 'primary'): DrStep {
  const { primary, dr } = regions(s);
  const region = to === 'dr' ? dr : primary;
  const secretId = () => need(to === 'dr' ? db.drSecretId : db.secretId, `${to === 'dr' ? 'DR replica secret (HavenDb…DrSecretName)' : 'Secret'} of database ${db.name}`);
  const host = (ctx: StepContext) => need(ctx.outputs[endpointKey(db)], `New endpoint of database ${db.name} (recorded by the database step)`);
  // GetSecretValue / PutSecretValue: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
  const current = async () => {
    const v = await call<{ SecretString?: string }>(s.clients.secrets(region), new GetSecretValueCommand({ SecretId: secretId() }), opt(s));
    try {
      return JSON.parse(v.SecretString ?? '{}') as Record<string, unknown>;
    } catch {
      throw new OpsError(`Secret ${secretId()} is not JSON; cannot re-point its host.`);
    }
  };
  return {
    id: `secrets.${db.name}.repoint${to === 'primary' ? '-primary' : ''}`,
    describe: () => `point secret ${to === 'dr' ? db.drSecretId : db.secretId} (${region}) at the ${to === 'dr' ? 'DR' : 'primary'} endpoint of ${db.name}`,
    check: async (ctx) => {
      const want = ctx.outputs[endpointKey(db)];
      const j = await current();
      if (want && j.host === want) return { state: 'done', detail: 'host already points at the active endpoint' };
      return { state: 'todo', detail: want ? 'host points elsewhere' : 'endpoint known after the database step' };
    },
    run: async (ctx) => {
      // DescribeSecret PrimaryRegion: set (to another region) while this is a replica.
      const d = await call<{ PrimaryRegion?: string }>(s.clients.secrets(region), new DescribeSecretCommand({ SecretId: secretId() }), opt(s));
      if (d.PrimaryRegion && d.PrimaryRegion !== region) {
        await call(s.clients.secrets(region), new StopReplicationToReplicaCommand({ SecretId: secretId() }), opt(s));
      }
      const j = await current();
      await call(s.clients.secrets(region), new PutSecretValueCommand({ SecretId: secretId(), SecretString: JSON.stringify({ ...j, host: host(ctx) }) }), opt(s));
    },
    waitFor: (ctx) => poll(async () => ({ done: (await current()).host === host(ctx) }), { what: `secret ${secretId()} to show the new host`, timeoutMs: s.timeouts.secret, clock: s.clock, initialDelayMs: 2000 }),
  };
}

/**
 * Failback: make the DR secret a replica of the primary secret again (it was promoted to standalone on failover).
 * ReplicateSecretToRegions with ForceOverwriteReplicaSecret replaces the standalone secret of the same name.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ReplicateSecretToRegions.html
 */
export function reReplicateSecret(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary, dr } = regions(s);
  const secretId = () => need(db.secretId, `Secret of database ${db.name}`);
  return {
    id: `secrets.${db.name}.re-replicate`,
    describe: () => `replicate secret ${db.secretId} to ${dr} again (overwrites the standalone DR copy)`,
    check: async () => {
      const d = await call<{ ReplicationStatus?: { Region?: string; Status?: string }[] }>(s.clients.secrets(primary), new DescribeSecretCommand({ SecretId: secretId() }), opt(s));
      const st = d.ReplicationStatus?.find((r) => r.Region === dr)?.Status;
      return st === 'InSync' ? { state: 'done', detail: `replica in ${dr} in sync` } : { state: st === 'InProgress' ? 'pending' : 'todo', detail: `replica in ${dr}: ${st ?? 'none'}` };
    },
    run: async () => {
      await call(s.clients.secrets(primary), new ReplicateSecretToRegionsCommand({
        SecretId: secretId(), AddReplicaRegions: [{ Region: dr, KmsKeyId: db.drPlacement?.kmsKeyId }], ForceOverwriteReplicaSecret: true,
      }), opt(s));
    },
    waitFor: () => poll(async () => {
      const d = await call<{ ReplicationStatus?: { Region?: string; Status?: string }[] }>(s.clients.secrets(primary), new DescribeSecretCommand({ SecretId: secretId() }), opt(s));
      const st = d.ReplicationStatus?.find((r) => r.Region === dr)?.Status;
      return { done: st === 'InSync', state: st ?? 'none' };
    }, { what: `secret ${secretId()} replicating to ${dr}`, timeoutMs: s.timeouts.secret, clock: s.clock, initialDelayMs: 2000 }),
  };
}

/** Record the active endpoints (the seed's "terraform output" table) under the state directory. */
export function recordOutputs(s: DrSettings, active: 'dr' | 'primary'): DrStep {
  const file = path.join(s.stateDir, 'dr', `${s.target.environment}-active.json`);
  return {
    id: 'outputs.record',
    describe: () => `record the active region and endpoints in ${file}`,
    check: async () => ({ state: 'todo' }),
    run: async (ctx) => {
      const { primary, dr } = regions(s);
      const endpoints: Record<string, string> = {};
      for (const db of s.target.resources.databases) if (ctx.outputs[endpointKey(db)]) endpoints[db.name] = ctx.outputs[endpointKey(db)];
      const body = {
        project: s.target.project, environment: s.target.environment, activeRegion: active === 'dr' ? dr : primary,
        recordedAt: new Date(s.clock.now()).toISOString(), runId: ctx.runId, databaseEndpoints: endpoints,
        buckets: Object.fromEntries(s.target.resources.buckets.map((b) => [b.name, active === 'dr' ? b.replicaBucketName : b.bucketName])),
      };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
      ctx.record('activeRegion', body.activeRegion);
    },
  };
}

/** Seed 003 "Complete Region Failure" failover, as steps; `s.mode` chooses the drill or the outage path. */
export function failoverSteps(s: DrSettings): DrStep[] {
  const r = s.target.resources;
  const drill = s.mode === 'drill';
  const steps: DrStep[] = [failoverPrecondition(s), drDataCurrent(s)];
  if (drill) {
    // Writes stop before any promotion: the replica can then catch up completely (no data loss).
    for (const svc of r.standbyServices) steps.push(primaryServiceStop(s, svc));
    steps.push(writesStopped(s, s.target.regions.primary));
  }
  for (const db of r.databases) {
    if (db.kind === 'cluster' && db.drStrategy !== 'none') {
      if (db.drStrategy !== 'replica') {
        throw new OpsError(`Database ${db.name} is an Aurora cluster: only the global-database strategy (drStrategy replica) is automated.`, 'Restore the cluster from its recovery point by hand, then run `haven dr failover` with that database set to drStrategy none.');
      }
      steps.push(globalClusterSwitch(s, db, 'dr'));
    } else if (db.drStrategy === 'replica') {
      if (drill) steps.push(replicaCaughtUp(s, db));
      steps.push(promoteReplica(s, db));
    } else if (db.drStrategy !== 'none') steps.push(restoreInDr(s, db));
  }
  for (const b of r.buckets) if (b.replicaBucketName) steps.push(bucketParity(s, b, 'to-dr'));
  for (const db of r.databases) if (db.drStrategy !== 'none') steps.push(repointSecret(s, db, 'dr'));
  for (const svc of r.standbyServices) steps.push(drServiceScale(s, svc, 'active'));
  // DNS last: traffic moves only once data, secrets and compute are ready in DR.
  if (r.dns) steps.push(switchDns(s, 'dr'));
  steps.push(recordOutputs(s, 'dr'));
  return steps;
}

/**
 * Seed 003 rollback, without data loss: writes stop in DR (maintenance) before the final snapshot; nothing is deleted;
 * the DR replica is re-created under the identifier its stack expects.
 */
export function failbackSteps(s: DrSettings): DrStep[] {
  const r = s.target.resources;
  const dbs = r.databases.filter((d) => d.drStrategy !== 'none');
  const steps: DrStep[] = [primaryHealthy(s)];
  for (const svc of r.standbyServices) steps.push(drServiceStop(s, svc));
  steps.push(writesStopped(s, `${s.target.regions.dr} (DR)`));
  for (const db of dbs) {
    // A global database switches back (SwitchoverGlobalCluster waits for the secondary): nothing is lost.
    if (db.kind === 'cluster') steps.push(globalClusterSwitch(s, db, 'primary'));
    else {
      steps.push(finalSnapshot(s, db), primaryPlacement(s, db), copySnapshotToPrimary(s, db), restorePrimary(s, db), retireDrInstance(s, db));
      if (db.drStrategy === 'replica') steps.push(recreateReplica(s, db));
    }
  }
  for (const b of r.buckets) if (b.replicaBucketName) steps.push(bucketParity(s, b, 'to-primary'));
  for (const db of dbs) {
    if (!db.secretId) continue;
    steps.push(repointSecret(s, db, 'primary'));
    if (db.drSecretId) steps.push(reReplicateSecret(s, db));
  }
  for (const svc of r.standbyServices) if (svc.primaryCluster && svc.primaryService) steps.push(primaryServiceResume(s, svc));
  if (r.dns) steps.push(switchDns(s, 'primary'));
  for (const svc of r.standbyServices) if (svc.standbyCount > 0) steps.push(drServiceScale(s, svc, 'standby'));
  steps.push(recordOutputs(s, 'primary'));
  return steps;
}
