import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CopyDBSnapshotCommand, CopyDBSnapshotCommandInput, CreateDBSnapshotCommand, DBCluster, DescribeDBClustersCommand, DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand, GlobalCluster, SwitchoverGlobalClusterCommand, DBInstance, DBSnapshot, DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, PromoteReadReplicaCommand, RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { GetHealthCheckCommand, GetHealthCheckStatusCommand, UpdateHealthCheckCommand } from '@aws-sdk/client-route-53';
import { GetBucketVersioningCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, StopReplicationToReplicaCommand } from '@aws-sdk/client-secrets-manager';
import { AwsClients, Clock, call, isNotFound, poll } from '../aws';
import { OpsError, errorMessage } from '../errors';
import { OpsBucket, OpsDatabase, OpsStandbyService, OpsTarget } from '../target';
import { DrStep, StepContext } from './engine';

/** Wait limits per kind of asynchronous operation (overridable; tests shrink them). */
export interface DrTimeouts {
  readonly database: number;
  readonly snapshot: number;
  readonly service: number;
  readonly dns: number;
  readonly secret: number;
}

export const DEFAULT_TIMEOUTS: DrTimeouts = {
  database: 60 * 60_000, // promotion / restore of a large instance can take most of an hour
  snapshot: 2 * 60 * 60_000, // cross-region copies scale with size
  service: 20 * 60_000,
  dns: 10 * 60_000,
  secret: 2 * 60_000,
};

export interface DrSettings {
  readonly clients: AwsClients;
  readonly target: OpsTarget;
  readonly clock: Clock;
  readonly timeouts: DrTimeouts;
  /** Seconds of replica lag tolerated before failing over (the RPO). @default 900 */
  readonly maxReplicaLagSeconds: number;
  /** Age of the newest replicated backup/snapshot tolerated. @default 24 */
  readonly maxBackupAgeHours: number;
  /** Fail over even though the primary region answers (planned drill). */
  readonly force: boolean;
  /** Where `outputs.record` writes the active endpoints. */
  readonly stateDir: string;
}

function regions(s: DrSettings): { primary: string; dr: string } {
  const dr = s.target.regions.dr;
  if (!dr) throw new OpsError(`Environment ${s.target.environment} has no DR region (regions.dr).`);
  return { primary: s.target.regions.primary, dr };
}

const opt = (s: DrSettings) => ({ clock: s.clock, profile: s.clients.profile });

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined || v === null || v === '') {
    throw new OpsError(`${what} is unknown.`, 'Set it in the target, or make sure the stack output that carries it is deployed (see docs/operations.md, output names).');
  }
  return v;
}

async function describeInstance(s: DrSettings, region: string, id: string): Promise<DBInstance | undefined> {
  try {
    const r = await call<{ DBInstances?: DBInstance[] }>(s.clients.rds(region), new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), opt(s));
    return r.DBInstances?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

async function describeCluster(s: DrSettings, region: string, id: string): Promise<DBCluster | undefined> {
  try {
    const r = await call<{ DBClusters?: DBCluster[] }>(s.clients.rds(region), new DescribeDBClustersCommand({ DBClusterIdentifier: id }), opt(s));
    return r.DBClusters?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Status of a primary data store, for the "is the primary down" probe. */
async function primaryDbStatus(s: DrSettings, region: string, db: OpsDatabase): Promise<string | undefined> {
  const id = need(db.identifier, `Primary identifier of database ${db.name}`);
  return db.kind === 'cluster' ? (await describeCluster(s, region, id))?.Status : (await describeInstance(s, region, id))?.DBInstanceStatus;
}

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

const endpointKey = (db: OpsDatabase) => `db.${db.name}.endpoint`;

// ---------------------------------------------------------------- preconditions

/** Is the primary really down? (Seed 003 pre-check 1, plus the databases themselves.) */
export function primaryUnavailable(s: DrSettings): DrStep {
  const { primary } = regions(s);
  const probe = async (): Promise<{ healthy: boolean; detail: string }> => {
    const problems: string[] = [];
    try {
      const az = await call<{ AvailabilityZones?: { ZoneName?: string; State?: string }[] }>(s.clients.ec2(primary), new DescribeAvailabilityZonesCommand({}), { ...opt(s), maxAttempts: 2 });
      const bad = (az.AvailabilityZones ?? []).filter((z) => z.State !== 'available').map((z) => `${z.ZoneName}:${z.State}`);
      if (bad.length) problems.push(`zones impaired (${bad.join(', ')})`);
    } catch (e) {
      if (e instanceof OpsError) throw e;
      problems.push(`EC2 API unreachable (${errorMessage(e)})`);
    }
    for (const db of s.target.resources.databases.filter((d) => d.drStrategy !== 'none')) {
      try {
        const st = await primaryDbStatus(s, primary, db);
        if (!st) problems.push(`${db.identifier} not found`);
        else if (st !== 'available') problems.push(`${db.identifier} is ${st}`);
      } catch (e) {
        if (e instanceof OpsError) throw e;
        problems.push(`RDS API unreachable (${errorMessage(e)})`);
      }
    }
    return problems.length ? { healthy: false, detail: `primary ${primary} degraded: ${problems.join('; ')}` } : { healthy: true, detail: `primary ${primary} answers and its databases are available` };
  };
  return {
    id: 'preconditions.primary-unavailable',
    describe: () => `confirm ${primary} is really down (EC2 zones, primary databases)`,
    check: async () => ({ state: 'todo', detail: (await probe()).detail }),
    run: async (ctx) => {
      const p = await probe();
      if (p.healthy && !s.force) {
        throw new OpsError(`Refusing to fail over: ${p.detail}. Failing over a healthy primary splits writes between regions.`, 'For a planned DR drill pass --force.');
      }
      ctx.out(`  ${p.detail}${p.healthy ? ' (--force: drill)' : ''}`);
    },
  };
}

/** Is the primary healthy again? (Seed 003 rollback prerequisites.) */
export function primaryHealthy(s: DrSettings): DrStep {
  const { primary } = regions(s);
  const probe = async () => {
    const az = await call<{ AvailabilityZones?: { ZoneName?: string; State?: string }[] }>(s.clients.ec2(primary), new DescribeAvailabilityZonesCommand({}), opt(s));
    const zones = az.AvailabilityZones ?? [];
    const bad = zones.filter((z) => z.State !== 'available');
    return { ok: zones.length > 0 && bad.length === 0, detail: `${zones.length - bad.length}/${zones.length} zones available in ${primary}` };
  };
  return {
    id: 'preconditions.primary-healthy',
    describe: () => `confirm ${primary} is healthy again before failing back`,
    check: async () => ({ state: 'todo', detail: (await probe()).detail }),
    run: async () => {
      const p = await probe();
      if (!p.ok) throw new OpsError(`Primary region not healthy: ${p.detail}`);
    },
  };
}

/** Are replicas / replicated backups / snapshots current enough (within the RPO)? */
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
        // Aurora global replication lag is typically under a second; its RPO metric is not read here.
        else notes.push(`${id}: secondary cluster available`);
      } else if (db.drStrategy === 'replica') {
        const id = need(db.drIdentifier, `DR replica of database ${db.name}`);
        const i = await describeInstance(s, dr, id);
        if (!i) { problems.push(`replica ${id} not found in ${dr}`); continue; }
        if (!i.ReadReplicaSourceDBInstanceIdentifier) { notes.push(`${id} already standalone`); continue; }
        if (i.DBInstanceStatus !== 'available') problems.push(`replica ${id} is ${i.DBInstanceStatus}`);
        const m = await call<{ Datapoints?: { Timestamp?: Date; Maximum?: number }[] }>(s.clients.cloudwatch(dr), new GetMetricStatisticsCommand({
          Namespace: 'AWS/RDS', MetricName: 'ReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: id }],
          StartTime: new Date(now - 15 * 60_000), EndTime: new Date(now), Period: 60, Statistics: ['Maximum'],
        }), opt(s));
        const latest = [...(m.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
        if (!latest || latest.Maximum === undefined || latest.Maximum < 0) {
          // With the primary gone the replica stops reporting lag: data written after the last datapoint may be lost.
          notes.push(`${id}: replica lag unknown (no recent datapoint; primary unreachable?)`);
        } else if (latest.Maximum > s.maxReplicaLagSeconds) {
          problems.push(`${id}: replica lag ${latest.Maximum}s exceeds ${s.maxReplicaLagSeconds}s`);
        } else notes.push(`${id}: lag ${latest.Maximum}s`);
      } else if (db.drStrategy === 'backup-replication') {
        const b = await latestReplicatedBackup(s, db);
        const age = (now - (b?.latest?.getTime() ?? 0)) / 3_600_000;
        if (!b) problems.push(`no replicated automated backup of ${db.identifier} in ${dr}`);
        else if (age > s.maxBackupAgeHours) problems.push(`${db.identifier}: latest restorable time ${b.latest?.toISOString()} is ${age.toFixed(1)}h old`);
        else notes.push(`${db.identifier}: restorable to ${b.latest?.toISOString()}`);
      } else if (db.drStrategy === 'snapshot-copy') {
        const snap = await latestDrSnapshot(s, db);
        const age = (now - (snap?.SnapshotCreateTime?.getTime() ?? 0)) / 3_600_000;
        if (!snap) problems.push(`no snapshot of ${db.identifier} in ${dr}`);
        else if (age > s.maxBackupAgeHours) problems.push(`${snap.DBSnapshotIdentifier} is ${age.toFixed(1)}h old`);
        else notes.push(`${snap.DBSnapshotIdentifier} (${age.toFixed(1)}h old)`);
      }
    }
    for (const b of s.target.resources.buckets) {
      if (!b.replicaBucketName) continue;
      const v = await call<{ Status?: string }>(s.clients.s3(dr), new GetBucketVersioningCommand({ Bucket: b.replicaBucketName }), opt(s));
      if (v.Status !== 'Enabled') problems.push(`replica bucket ${b.replicaBucketName} versioning is ${v.Status ?? 'off'}`);
    }
    return { problems, notes };
  };
  return {
    id: 'preconditions.dr-data-current',
    describe: () => `confirm replicas / replicated backups in ${dr} are within the RPO`,
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

async function latestReplicatedBackup(s: DrSettings, db: OpsDatabase): Promise<{ arn: string; latest?: Date } | undefined> {
  const { dr } = regions(s);
  const r = await call<{ DBInstanceAutomatedBackups?: { DBInstanceIdentifier?: string; DBInstanceAutomatedBackupsArn?: string; RestoreWindow?: { LatestTime?: Date } }[] }>(
    s.clients.rds(dr), new DescribeDBInstanceAutomatedBackupsCommand({ DBInstanceIdentifier: need(db.identifier, `Identifier of database ${db.name}`) }), opt(s),
  );
  const best = (r.DBInstanceAutomatedBackups ?? []).filter((b) => b.DBInstanceAutomatedBackupsArn)
    .sort((a, b) => (b.RestoreWindow?.LatestTime?.getTime() ?? 0) - (a.RestoreWindow?.LatestTime?.getTime() ?? 0))[0];
  return best ? { arn: best.DBInstanceAutomatedBackupsArn!, latest: best.RestoreWindow?.LatestTime } : undefined;
}

async function latestDrSnapshot(s: DrSettings, db: OpsDatabase): Promise<DBSnapshot | undefined> {
  const { dr } = regions(s);
  const r = await call<{ DBSnapshots?: DBSnapshot[] }>(s.clients.rds(dr), new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: need(db.identifier, `Identifier of database ${db.name}`) }), opt(s));
  return (r.DBSnapshots ?? []).filter((x) => x.Status === 'available')
    .sort((a, b) => (b.SnapshotCreateTime?.getTime() ?? 0) - (a.SnapshotCreateTime?.getTime() ?? 0))[0];
}

// ---------------------------------------------------------------- databases

function recordEndpoint(ctx: StepContext, db: OpsDatabase, i: DBInstance | undefined): void {
  if (i?.Endpoint?.Address) ctx.record(endpointKey(db), i.Endpoint.Address);
}

/** Promote the cross-region read replica (strategy `replica`) and wait until it is a writable, available instance. */
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
        recordEndpoint(ctx, db, i);
        return { state: 'done', detail: `${id()} is standalone and available` };
      }
      // Status other than available on a replica means a promotion is under way: only wait.
      if (i.DBInstanceStatus !== 'available') return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
      return { state: 'todo', detail: `${id()} replicates ${i.ReadReplicaSourceDBInstanceIdentifier}` };
    },
    run: async () => {
      await call(s.clients.rds(dr), new PromoteReadReplicaCommand({ DBInstanceIdentifier: id(), BackupRetentionPeriod: db.backupRetentionDays }), opt(s));
    },
    waitFor: async (ctx) => {
      await waitInstance(s, dr, id(), `promotion of ${id()}`, standalone);
      recordEndpoint(ctx, db, await describeInstance(s, dr, id()));
    },
  };
}

/**
 * Aurora global database: move the writer to the cluster in `to`'s region. In a real outage the
 * writer is gone, so the DR side uses FailoverGlobalCluster with AllowDataLoss (loss bounded by the
 * sub-second replication lag); a drill (`--force`) and failback use a switchover, which loses nothing.
 */
export function globalClusterSwitch(s: DrSettings, db: OpsDatabase, to: 'dr' | 'primary'): DrStep {
  const { primary, dr } = regions(s);
  const region = to === 'dr' ? dr : primary;
  const gid = () => need(db.globalClusterIdentifier, `Global cluster of database ${db.name} (HavenDb…GlobalClusterIdentifier)`);
  const cid = () => need(to === 'dr' ? db.drIdentifier : db.identifier, `${to === 'dr' ? 'DR' : 'Primary'} cluster of database ${db.name}`);
  const state = async () => {
    const c = await describeCluster(s, region, cid());
    if (!c?.DBClusterArn) throw new OpsError(`Cluster ${cid()} not found in ${region}.`);
    const g = await call<{ GlobalClusters?: GlobalCluster[] }>(s.clients.rds(region), new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: gid() }), opt(s));
    const global = g.GlobalClusters?.[0];
    const writer = global?.GlobalClusterMembers?.find((m) => m.IsWriter)?.DBClusterArn;
    return { c, global, isWriter: writer === c.DBClusterArn, writer };
  };
  const unplanned = to === 'dr' && !s.force;
  return {
    id: `db.${db.name}.global-${to === 'dr' ? 'failover' : 'failback'}`,
    describe: () => `${unplanned ? 'fail over' : 'switch over'} global database ${db.globalClusterIdentifier} to ${cid()} in ${region}`,
    check: async (ctx) => {
      const st = await state();
      const detail = `writer ${st.writer ?? 'none'}, global ${st.global?.Status}, cluster ${st.c.Status}`;
      if (st.isWriter && st.global?.Status === 'available' && st.c.Status === 'available') {
        if (st.c.Endpoint) ctx.record(endpointKey(db), st.c.Endpoint);
        return { state: 'done', detail };
      }
      return { state: st.global?.Status !== 'available' || st.isWriter ? 'pending' : 'todo', detail };
    },
    run: async () => {
      const arn = (await state()).c.DBClusterArn!;
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
      const c = await describeCluster(s, region, cid());
      if (c?.Endpoint) ctx.record(endpointKey(db), c.Endpoint);
    },
  };
}

/** Restore into the DR region (strategy `backup-replication` or `snapshot-copy`) and wait until available. */
export function restoreInDr(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  const common = () => ({
    DBSubnetGroupName: db.restore?.dbSubnetGroupName,
    VpcSecurityGroupIds: db.restore?.vpcSecurityGroupIds ? [...db.restore.vpcSecurityGroupIds] : undefined,
    DBInstanceClass: db.restore?.instanceClass,
    DeletionProtection: db.deletionProtection,
    CopyTagsToSnapshot: true,
    MultiAZ: s.target.tier === 'production',
  });
  return {
    id: `db.${db.name}.restore`,
    describe: () => db.drStrategy === 'backup-replication'
      ? `restore ${db.drIdentifier} in ${dr} from the latest replicated automated backup of ${db.identifier}`
      : `restore ${db.drIdentifier} in ${dr} from the latest snapshot copied there`,
    check: async (ctx) => {
      const i = await describeInstance(s, dr, id());
      if (!i) return { state: 'todo', detail: `${id()} does not exist yet` };
      if (i.DBInstanceStatus === 'available') { recordEndpoint(ctx, db, i); return { state: 'done', detail: `${id()} available` }; }
      return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async (ctx) => {
      if (db.drStrategy === 'backup-replication') {
        const b = await latestReplicatedBackup(s, db);
        if (!b) throw new OpsError(`No replicated automated backup of ${db.identifier} in ${dr}.`);
        ctx.record(`db.${db.name}.restoredFrom`, b.arn);
        await call(s.clients.rds(dr), new RestoreDBInstanceToPointInTimeCommand({
          SourceDBInstanceAutomatedBackupsArn: b.arn, TargetDBInstanceIdentifier: id(), UseLatestRestorableTime: true, ...common(),
        }), opt(s));
      } else {
        const snap = await latestDrSnapshot(s, db);
        if (!snap?.DBSnapshotIdentifier) throw new OpsError(`No available snapshot of ${db.identifier} in ${dr}.`);
        ctx.record(`db.${db.name}.restoredFrom`, snap.DBSnapshotArn ?? snap.DBSnapshotIdentifier);
        await call(s.clients.rds(dr), new RestoreDBInstanceFromDBSnapshotCommand({
          DBSnapshotIdentifier: snap.DBSnapshotArn ?? snap.DBSnapshotIdentifier, DBInstanceIdentifier: id(), ...common(),
        }), opt(s));
      }
    },
    waitFor: async (ctx) => {
      await waitInstance(s, dr, id(), `restore of ${id()}`);
      recordEndpoint(ctx, db, await describeInstance(s, dr, id()));
    },
  };
}

/** Failback step 1 (seed 003): final snapshot of the DR database, so nothing written in DR is lost. */
export function finalSnapshot(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const snapId = (ctx: StepContext) => `${need(db.drIdentifier, `DR identifier of database ${db.name}`)}-failback-${ctx.runId}`;
  return {
    id: `db.${db.name}.final-snapshot`,
    describe: () => `take a final snapshot of ${db.drIdentifier} in ${dr}`,
    check: async (ctx) => {
      const snap = await describeSnapshot(s, dr, snapId(ctx));
      if (!snap) return { state: 'todo', detail: `${snapId(ctx)} not taken yet` };
      if (snap.Status === 'available') { ctx.record(`db.${db.name}.finalSnapshotArn`, snap.DBSnapshotArn ?? snapId(ctx)); return { state: 'done', detail: `${snapId(ctx)} available` }; }
      return { state: 'pending', detail: `${snapId(ctx)} ${snap.Status}` };
    },
    run: async (ctx) => {
      await call(s.clients.rds(dr), new CreateDBSnapshotCommand({ DBInstanceIdentifier: db.drIdentifier, DBSnapshotIdentifier: snapId(ctx) }), opt(s));
    },
    waitFor: async (ctx) => {
      await waitSnapshot(s, dr, snapId(ctx), `final snapshot ${snapId(ctx)}`);
      const snap = await describeSnapshot(s, dr, snapId(ctx));
      ctx.record(`db.${db.name}.finalSnapshotArn`, snap?.DBSnapshotArn ?? snapId(ctx));
    },
  };
}

/** Failback step 2: copy the final snapshot back to the primary region (re-encrypted with the primary key). */
export function copySnapshotToPrimary(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary, dr } = regions(s);
  const copyId = (ctx: StepContext) => `${need(db.identifier, `Identifier of database ${db.name}`)}-failback-${ctx.runId}`;
  return {
    id: `db.${db.name}.copy-to-primary`,
    describe: () => `copy the final snapshot from ${dr} to ${primary}`,
    check: async (ctx) => {
      const snap = await describeSnapshot(s, primary, copyId(ctx));
      if (!snap) return { state: 'todo', detail: `${copyId(ctx)} not in ${primary} yet` };
      return snap.Status === 'available' ? { state: 'done', detail: `${copyId(ctx)} available` } : { state: 'pending', detail: `${copyId(ctx)} ${snap.Status}` };
    },
    run: async (ctx) => {
      const source = need(ctx.outputs[`db.${db.name}.finalSnapshotArn`], `Final snapshot of database ${db.name}`);
      // SourceRegion makes the SDK presign the source-region request an encrypted cross-region copy needs.
      const input = { SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: copyId(ctx), SourceRegion: dr, KmsKeyId: db.restore?.kmsKeyId, CopyTags: true };
      await call(s.clients.rds(primary), new CopyDBSnapshotCommand(input as CopyDBSnapshotCommandInput), opt(s));
    },
    waitFor: (ctx) => waitSnapshot(s, primary, copyId(ctx), `snapshot copy ${copyId(ctx)} in ${primary}`),
  };
}

/** Failback step 4: restore the primary database from the copied snapshot. Never deletes a stale primary. */
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
      if (i.DBInstanceStatus === 'available') { recordEndpoint(ctx, db, i); return { state: 'done', detail: `${id()} restored and available` }; }
      return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async (ctx) => {
      await call(s.clients.rds(primary), new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: id(), DBSnapshotIdentifier: `${id()}-failback-${ctx.runId}`,
        DBSubnetGroupName: db.restore?.dbSubnetGroupName,
        VpcSecurityGroupIds: db.restore?.vpcSecurityGroupIds ? [...db.restore.vpcSecurityGroupIds] : undefined,
        DeletionProtection: db.deletionProtection, MultiAZ: s.target.tier === 'production', CopyTagsToSnapshot: true,
      }), opt(s));
      ctx.record(issuedKey, new Date(s.clock.now()).toISOString());
    },
    waitFor: async (ctx) => {
      await waitInstance(s, primary, id(), `restore of ${id()} in ${primary}`);
      recordEndpoint(ctx, db, await describeInstance(s, primary, id()));
    },
  };
}

// ---------------------------------------------------------------- storage, compute, secrets, DNS

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

/** Seed 003: "verify S3 object parity" by object counts and total sizes, source → destination. */
export function bucketParity(s: DrSettings, b: OpsBucket, direction: 'to-dr' | 'to-primary'): DrStep {
  const { primary, dr } = regions(s);
  const src = direction === 'to-dr' ? { region: primary, name: b.bucketName } : { region: dr, name: b.replicaBucketName };
  const dst = direction === 'to-dr' ? { region: dr, name: b.replicaBucketName } : { region: primary, name: b.bucketName };
  const compare = async () => {
    const d = await bucketTotals(s, dst.region, need(dst.name, `Bucket ${b.name} in ${dst.region}`));
    let sTotals: { count: number; bytes: number } | undefined;
    try {
      sTotals = await bucketTotals(s, src.region, need(src.name, `Bucket ${b.name} in ${src.region}`));
    } catch (e) {
      // During a real outage the source is unreachable: the destination totals are still worth recording.
      if (e instanceof OpsError || direction === 'to-primary') throw e;
    }
    return { s: sTotals, d };
  };
  const fmt = (t?: { count: number; bytes: number }) => (t ? `${t.count} objects/${t.bytes} bytes` : 'unreachable');
  return {
    id: `s3.${b.name}.parity${direction === 'to-primary' ? '-primary' : ''}`,
    describe: () => `compare object counts and sizes ${src.name} (${src.region}) → ${dst.name} (${dst.region})`,
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
      ctx.out(`  ${dst.name}: ${fmt(c.d)}${c.s ? ' (matches source)' : ' (source unreachable, not compared)'}`);
    },
  };
}

/** Scale an ECS service in the DR region (up on failover, back to standby on failback) and wait for tasks. */
export function scaleService(s: DrSettings, svc: OpsStandbyService, mode: 'active' | 'standby'): DrStep {
  const { dr } = regions(s);
  const want = mode === 'active' ? svc.activeCount : svc.standbyCount;
  const describe = async () => {
    const r = await call<{ services?: { desiredCount?: number; runningCount?: number; status?: string }[]; failures?: { reason?: string }[] }>(
      s.clients.ecs(dr), new DescribeServicesCommand({ cluster: need(svc.drCluster, `DR cluster of service ${svc.name}`), services: [need(svc.drService, `DR service ${svc.name}`)] }), opt(s),
    );
    const x = r.services?.[0];
    if (!x) throw new OpsError(`ECS service ${svc.drService} not found in ${svc.drCluster} (${dr}): ${r.failures?.[0]?.reason ?? 'missing'}`);
    return { desired: x.desiredCount ?? 0, running: x.runningCount ?? 0 };
  };
  const reached = (d: { desired: number; running: number }) => d.desired === want && (mode === 'active' ? d.running >= want : d.running <= want);
  return {
    id: `ecs.${svc.name}.${mode === 'active' ? 'scale-up' : 'scale-down'}`,
    describe: () => `set ${svc.drCluster}/${svc.drService} in ${dr} to ${want} task(s)`,
    check: async () => {
      const d = await describe();
      const detail = `desired ${d.desired}, running ${d.running}`;
      if (reached(d)) return { state: 'done', detail };
      return { state: d.desired === want ? 'pending' : 'todo', detail };
    },
    run: async () => {
      await call(s.clients.ecs(dr), new UpdateServiceCommand({ cluster: svc.drCluster, service: svc.drService, desiredCount: want }), opt(s));
    },
    waitFor: () => poll(async () => {
      const d = await describe();
      return { done: reached(d), state: `desired ${d.desired}, running ${d.running}` };
    }, { what: `${svc.drService} reaching ${want} running task(s)`, timeoutMs: s.timeouts.service, clock: s.clock, initialDelayMs: 10_000 }),
  };
}

/**
 * Re-point the database secret's `host` at the now-active endpoint. A replica secret is read-only,
 * so it is first promoted to a standalone secret (StopReplicationToReplica). Values are never printed.
 */
export function repointSecret(s: DrSettings, db: OpsDatabase, to: 'dr' | 'primary'): DrStep {
  const { primary, dr } = regions(s);
  const region = to === 'dr' ? dr : primary;
  const secretId = () => need(to === 'dr' ? db.drSecretId ?? db.secretId : db.secretId, `Secret of database ${db.name}`);
  const host = (ctx: StepContext) => need(ctx.outputs[endpointKey(db)], `New endpoint of database ${db.name} (recorded by the database step)`);
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
    describe: () => `point secret ${secretId()} (${region}) at the ${to === 'dr' ? 'DR' : 'primary'} endpoint of ${db.name}`,
    check: async (ctx) => {
      const want = ctx.outputs[endpointKey(db)];
      const j = await current();
      if (want && j.host === want) return { state: 'done', detail: 'host already points at the active endpoint' };
      return { state: 'todo', detail: want ? 'host points elsewhere' : 'endpoint known after the database step' };
    },
    run: async (ctx) => {
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
 * Route 53 failover: inverting the PRIMARY record's health check makes Route 53 answer with the
 * SECONDARY record (what it does on its own in a real outage) and keeps it there if the primary
 * flaps back half-recovered. Failback restores the health check.
 */
export function flipDns(s: DrSettings, to: 'dr' | 'primary'): DrStep {
  const dns = s.target.resources.dns;
  const hc = () => need(dns?.primaryHealthCheckId, 'Primary health check id (HavenDnsPrimaryHealthCheckId)');
  const invert = to === 'dr';
  const observations = async () => {
    const r = await call<{ HealthCheckObservations?: { StatusReport?: { Status?: string } }[] }>(s.clients.route53(), new GetHealthCheckStatusCommand({ HealthCheckId: hc() }), opt(s));
    const obs = r.HealthCheckObservations ?? [];
    const failing = obs.filter((o) => /^Failure/i.test(o.StatusReport?.Status ?? '')).length;
    return { failing, total: obs.length };
  };
  return {
    id: to === 'dr' ? 'dns.failover' : 'dns.failback',
    describe: () => `${invert ? 'invert' : 'restore'} health check ${dns?.primaryHealthCheckId} so ${dns?.recordName} answers from the ${to === 'dr' ? 'SECONDARY (DR)' : 'PRIMARY'} record`,
    check: async () => {
      const r = await call<{ HealthCheck?: { HealthCheckConfig?: { Inverted?: boolean } } }>(s.clients.route53(), new GetHealthCheckCommand({ HealthCheckId: hc() }), opt(s));
      const inverted = Boolean(r.HealthCheck?.HealthCheckConfig?.Inverted);
      return { state: inverted === invert ? 'pending' : 'todo', detail: `health check ${inverted ? 'inverted' : 'normal'}` };
    },
    run: async () => {
      const r = await call<{ HealthCheck?: { HealthCheckVersion?: number } }>(s.clients.route53(), new GetHealthCheckCommand({ HealthCheckId: hc() }), opt(s));
      await call(s.clients.route53(), new UpdateHealthCheckCommand({ HealthCheckId: hc(), HealthCheckVersion: r.HealthCheck?.HealthCheckVersion, Inverted: invert }), opt(s));
    },
    // Route 53 serves the secondary once most checkers report failure (primary healthy for failback).
    waitFor: () => poll(async () => {
      const o = await observations();
      const done = invert ? o.failing * 2 > o.total : o.total > 0 && o.failing * 2 < o.total;
      return { done, state: `${o.failing}/${o.total} checkers report failure` };
    }, { what: `Route 53 health check ${hc()} to report ${invert ? 'unhealthy' : 'healthy'}`, timeoutMs: s.timeouts.dns, clock: s.clock, initialDelayMs: 10_000 }),
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

/** Seed 003 "Complete Region Failure" failover, as steps. */
export function failoverSteps(s: DrSettings): DrStep[] {
  const r = s.target.resources;
  const steps: DrStep[] = [primaryUnavailable(s), drDataCurrent(s)];
  for (const db of r.databases) {
    if (db.kind === 'cluster' && db.drStrategy !== 'none') {
      if (db.drStrategy !== 'replica') {
        throw new OpsError(`Database ${db.name} is an Aurora cluster: only the global-database strategy (drStrategy replica) is automated.`, 'Restore the cluster from its snapshot by hand, then run `haven dr failover` with that database set to drStrategy none.');
      }
      steps.push(globalClusterSwitch(s, db, 'dr'));
    } else if (db.drStrategy === 'replica') steps.push(promoteReplica(s, db));
    else if (db.drStrategy !== 'none') steps.push(restoreInDr(s, db));
  }
  for (const b of r.buckets) if (b.replicaBucketName) steps.push(bucketParity(s, b, 'to-dr'));
  for (const db of r.databases) if (db.drStrategy !== 'none' && (db.drSecretId ?? db.secretId)) steps.push(repointSecret(s, db, 'dr'));
  for (const svc of r.standbyServices) steps.push(scaleService(s, svc, 'active'));
  // DNS last: traffic moves only once data, secrets and compute are ready in DR.
  if (r.dns?.primaryHealthCheckId) steps.push(flipDns(s, 'dr'));
  steps.push(recordOutputs(s, 'dr'));
  return steps;
}

/** Seed 003 rollback procedure, as steps (final DR snapshot first; nothing is deleted). */
export function failbackSteps(s: DrSettings): DrStep[] {
  const r = s.target.resources;
  const dbs = r.databases.filter((d) => d.drStrategy !== 'none');
  const steps: DrStep[] = [primaryHealthy(s)];
  for (const db of dbs) {
    // A global database re-adds the recovered primary cluster as a secondary: switching back loses nothing.
    if (db.kind === 'cluster') steps.push(globalClusterSwitch(s, db, 'primary'));
    else steps.push(finalSnapshot(s, db), copySnapshotToPrimary(s, db), restorePrimary(s, db));
  }
  for (const b of r.buckets) if (b.replicaBucketName) steps.push(bucketParity(s, b, 'to-primary'));
  for (const db of dbs) if (db.secretId) steps.push(repointSecret(s, db, 'primary'));
  if (r.dns?.primaryHealthCheckId) steps.push(flipDns(s, 'primary'));
  for (const svc of r.standbyServices) steps.push(scaleService(s, svc, 'standby'));
  steps.push(recordOutputs(s, 'primary'));
  return steps;
}
