/** Preconditions: is the primary healthy (drill, failback) or declared lost (outage); is the DR data within the RPO. */
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { GetBucketVersioningCommand } from '@aws-sdk/client-s3';
import { call } from '../../aws';
import { OpsError, errorMessage } from '../../errors';
import { OpsDatabase } from '../../target';
import { DrStep } from '../engine';
import { describeCluster, describeInstance, latestReplicaLag } from './rds';
import { latestRecoveryPoint, latestReplicatedBackup } from './restore';
import { DrSettings, need, opt, regions } from './shared';

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

/** What the DR-data precondition found: `problems` block a failover, `notes` are reported. */
interface Assessment {
  readonly problems: string[];
  readonly notes: string[];
}

/** Aurora global database: the secondary cluster in DR must be available. */
async function assessSecondaryCluster(s: DrSettings, db: OpsDatabase, dr: string, a: Assessment): Promise<void> {
  const id = need(db.drIdentifier, `DR cluster of database ${db.name}`);
  const c = await describeCluster(s, dr, id);
  if (!c) a.problems.push(`secondary cluster ${id} not found in ${dr}`);
  else if (c.Status !== 'available') a.problems.push(`secondary cluster ${id} is ${c.Status}`);
  else a.notes.push(`${id}: secondary cluster available`);
}

/** Cross-region read replica: available, and its last reported lag within the RPO. */
async function assessReplica(s: DrSettings, db: OpsDatabase, dr: string, a: Assessment): Promise<void> {
  const id = need(db.drIdentifier, `DR replica of database ${db.name}`);
  const i = await describeInstance(s, dr, id);
  if (!i) { a.problems.push(`replica ${id} not found in ${dr}`); return; }
  if (!i.ReadReplicaSourceDBInstanceIdentifier) { a.notes.push(`${id} already standalone`); return; }
  if (i.DBInstanceStatus !== 'available') a.problems.push(`replica ${id} is ${i.DBInstanceStatus}`);
  const lag = await latestReplicaLag(s, dr, id);
  // With the primary gone the replica stops reporting lag: data written after the last datapoint may be lost.
  if (lag.seconds === undefined) a.notes.push(`${id}: replica lag unknown (no recent datapoint; primary unreachable?)`);
  else if (lag.seconds > s.maxReplicaLagSeconds) a.problems.push(`${id}: replica lag ${lag.seconds}s exceeds ${s.maxReplicaLagSeconds}s`);
  else a.notes.push(`${id}: lag ${lag.seconds}s`);
}

/** Replicated automated backup or AWS Backup recovery point: one exists in DR and is recent enough. */
async function assessRestorePoint(s: DrSettings, db: OpsDatabase, dr: string, now: number, a: Assessment): Promise<void> {
  const src = db.drStrategy === 'backup-replication' ? await latestReplicatedBackup(s, db) : await latestRecoveryPoint(s, db);
  if (!src) { a.problems.push(`no ${db.drStrategy === 'backup-replication' ? 'replicated automated backup' : `recovery point in vault ${s.target.resources.drBackupVaultName}`} of ${db.identifier} in ${dr}`); return; }
  const age = (now - src.time.getTime()) / 3_600_000;
  if (age > s.maxBackupAgeHours) a.problems.push(`${db.identifier}: newest restorable point ${src.time.toISOString()} is ${age.toFixed(1)}h old`);
  else a.notes.push(`${db.identifier}: restorable to ${src.time.toISOString()} (${age.toFixed(1)}h old)`);
}

/** Replica buckets must keep versioning on (S3 replication requires it). */
async function assessReplicaBuckets(s: DrSettings, dr: string, a: Assessment): Promise<void> {
  for (const b of s.target.resources.buckets) {
    if (!b.replicaBucketName) continue;
    // S3 GetBucketVersioning: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html
    const v = await call<{ Status?: string }>(s.clients.s3(dr), new GetBucketVersioningCommand({ Bucket: b.replicaBucketName }), opt(s));
    if (v.Status !== 'Enabled') a.problems.push(`replica bucket ${b.replicaBucketName} versioning is ${v.Status ?? 'off'}`);
  }
}

/** Looks only at the DR region: databases in target order, then replica buckets. */
async function assessDrData(s: DrSettings, dr: string): Promise<Assessment> {
  const a: Assessment = { problems: [], notes: [] };
  const now = s.clock.now();
  for (const db of s.target.resources.databases) {
    if (db.drStrategy === 'replica' && db.kind === 'cluster') await assessSecondaryCluster(s, db, dr, a);
    else if (db.drStrategy === 'replica') await assessReplica(s, db, dr, a);
    else if (db.drStrategy === 'backup-replication' || db.drStrategy === 'snapshot-copy') await assessRestorePoint(s, db, dr, now, a);
  }
  await assessReplicaBuckets(s, dr, a);
  return a;
}

/** Are replicas / replicated backups / recovery points in the DR region current enough (within the RPO)? DR region only. */
export function drDataCurrent(s: DrSettings): DrStep {
  const { dr } = regions(s);
  const assess = () => assessDrData(s, dr);
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
