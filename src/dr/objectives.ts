import type { EnvironmentPlan } from '../spec/resolve';
import { drDesign, type DrDesign } from './strategy';

/**
 * The figures Haven assumes, written down as data so every computed objective can be traced to them.
 * Conservative readings of AWS documentation; where AWS publishes no SLA the assumption says so.
 */
export const DR_ASSUMPTIONS = {
  /** S3 RTC: SLA to replicate 99.99% of new objects within 15 minutes. */
  s3ReplicationWithRtcMinutes: 15,
  /** S3 CRR without RTC: most objects within minutes, no SLA; Haven assumes an hour. */
  s3ReplicationWithoutRtcMinutes: 60,
  /** RDS cross-region read replica: asynchronous, lag typically seconds to minutes; Haven assumes 5. */
  rdsReadReplicaLagMinutes: 5,
  /** RDS automated backup replication: transaction logs uploaded every 5 minutes, then copied; Haven assumes 30. */
  rdsBackupReplicationMinutes: 30,
  /** Aurora Global Database: storage-level replication, typically under a second; Haven assumes 1 minute. */
  auroraGlobalLagMinutes: 1,
  /** AWS Backup cross-region copy: time for a completed backup to land in the DR vault. */
  backupCopyMinutes: 60,
  /** Time from region loss to a decision to fail over (detection, paging, incident commander). */
  declareDisasterMinutes: 15,
  /** Promote an RDS cross-region read replica to a standalone instance. */
  rdsPromoteMinutes: 10,
  /** Aurora Global Database unplanned failover (detach and promote the secondary). */
  auroraGlobalFailoverMinutes: 5,
  /** Restore an RDS instance from a snapshot or to a point in time: fixed part ... */
  rdsRestoreBaseMinutes: 20,
  /** ... plus this much per started 100 GB of allocated storage. */
  rdsRestorePer100GbMinutes: 10,
  /** Deploy compute from nothing (CloudFormation: ECS services, EKS control plane and nodes). */
  computeDeployMinutes: 45,
  /** Scale compute defined at zero (pilot light): nodes/tasks launched and healthy. */
  computeFromZeroMinutes: 15,
  /** Scale compute running at minimum size to production size (warm standby). */
  computeScaleUpMinutes: 5,
  /** Route 53 health check: request interval and failures before the PRIMARY record is withdrawn. */
  healthCheckIntervalSeconds: 30,
  healthCheckFailureThreshold: 3,
  /** Record TTL when dr.failover.ttlSeconds is not given; resolvers keep the old answer this long. */
  dnsTtlSeconds: 60,
  /** Someone changing DNS by hand (no dr.failover): finding the change, making it, waiting it out. */
  manualDnsChangeMinutes: 10,
} as const;
export type DrAssumptions = { -readonly [K in keyof typeof DR_ASSUMPTIONS]: number };

/** One mechanism that carries data (or traffic) to the DR region, and what it contributes. */
export interface DrMechanism {
  /** Stable id, e.g. s3-crr-rtc:photos, rds-read-replica:main. */
  readonly id: string;
  readonly description: string;
  /** Data loss bound this mechanism contributes (absent: carries no data, e.g. DNS). */
  readonly rpoMinutes?: number;
  /** Recovery time this mechanism contributes on its path. */
  readonly rtoMinutes?: number;
}

export interface DrObjectives {
  readonly environment: string;
  readonly strategy: DrDesign['strategy'];
  readonly primaryRegion: string;
  readonly drRegion?: string;
  /** Worst data loss on a region loss; null when data does not survive it (no DR region or no mechanism). */
  readonly rpoMinutes: number | null;
  /** Time to serve from the DR region; null when the environment cannot fail over. */
  readonly rtoMinutes: number | null;
  readonly mechanisms: readonly DrMechanism[];
  /** Human-readable statements of every figure used. */
  readonly assumptions: readonly string[];
  /** Data deliberately not carried over (caches are rebuilt). */
  readonly notCarried: readonly string[];
}

function restoreMinutes(gb: number, a: DrAssumptions): number {
  return a.rdsRestoreBaseMinutes + Math.ceil(gb / 100) * a.rdsRestorePer100GbMinutes;
}

/** RPO and RTO a design achieves on the loss of its primary region, from the mechanisms it uses. */
export function computeObjectives(design: DrDesign, assumptions: DrAssumptions = DR_ASSUMPTIONS): DrObjectives {
  const a = assumptions;
  const base = { environment: design.environment, strategy: design.strategy, primaryRegion: design.primaryRegion, drRegion: design.drRegion };
  const notCarried = [
    ...design.caches.map((c) => `caches.${c}: treated as a cache, rebuilt empty in the DR region (not replicated)`),
    // Not counted in the RPO (the spec chose not to replicate them), but said out loud.
    ...design.unreplicatedBuckets.map((b) => `buckets.${b}: not replicated (replicate: false); unavailable until the primary region returns`),
  ];
  if (design.strategy === 'none' || !design.drRegion) {
    return { ...base, rpoMinutes: null, rtoMinutes: null, mechanisms: [], assumptions: ['no DR region: data and service do not survive the loss of the primary region'], notCarried };
  }
  const mechanisms: DrMechanism[] = [];
  const used = new Set<string>();
  const note = (text: string) => used.add(text);

  for (const bucket of design.replicatedBuckets) {
    if (design.replicationTimeControl) {
      mechanisms.push({ id: `s3-crr-rtc:${bucket}`, description: `buckets.${bucket}: S3 cross-region replication with RTC, re-encrypted with a DR-region key`, rpoMinutes: a.s3ReplicationWithRtcMinutes, rtoMinutes: 0 });
      note(`S3 replication with RTC: ${a.s3ReplicationWithRtcMinutes} min (AWS SLA, 99.99% of objects)`);
    } else {
      mechanisms.push({ id: `s3-crr:${bucket}`, description: `buckets.${bucket}: S3 cross-region replication without RTC (no SLA)`, rpoMinutes: a.s3ReplicationWithoutRtcMinutes, rtoMinutes: 0 });
      note(`S3 replication without RTC: ${a.s3ReplicationWithoutRtcMinutes} min assumed (no AWS SLA)`);
    }
  }

  let dataRto = 0;
  let dataLost = false;
  for (const db of design.databases) {
    switch (db.mode) {
      case 'read-replica':
        mechanisms.push({ id: `rds-read-replica:${db.name}`, description: `databases.${db.name}: cross-region read replica, promoted on failover`, rpoMinutes: a.rdsReadReplicaLagMinutes, rtoMinutes: a.rdsPromoteMinutes });
        note(`RDS cross-region replica lag: ${a.rdsReadReplicaLagMinutes} min; promotion: ${a.rdsPromoteMinutes} min`);
        dataRto = Math.max(dataRto, a.rdsPromoteMinutes);
        break;
      case 'aurora-global':
        mechanisms.push({ id: `aurora-global:${db.name}`, description: `databases.${db.name}: Aurora Global Database secondary cluster`, rpoMinutes: a.auroraGlobalLagMinutes, rtoMinutes: a.auroraGlobalFailoverMinutes });
        note(`Aurora Global Database lag: ${a.auroraGlobalLagMinutes} min; unplanned failover: ${a.auroraGlobalFailoverMinutes} min`);
        dataRto = Math.max(dataRto, a.auroraGlobalFailoverMinutes);
        break;
      case 'backup-replication': {
        const restore = restoreMinutes(db.allocatedGb, a);
        mechanisms.push({ id: `rds-backup-replication:${db.name}`, description: `databases.${db.name}: automated backups and transaction logs replicated, point-in-time restore in the DR region`, rpoMinutes: a.rdsBackupReplicationMinutes, rtoMinutes: restore });
        note(`RDS automated backup replication: ${a.rdsBackupReplicationMinutes} min assumed (no AWS SLA)`);
        note(`RDS restore: ${a.rdsRestoreBaseMinutes} min + ${a.rdsRestorePer100GbMinutes} min per 100 GB (databases.${db.name}: ${db.allocatedGb} GB → ${restore} min)`);
        dataRto = Math.max(dataRto, restore);
        break;
      }
      case 'snapshot-copy': {
        const restore = restoreMinutes(db.allocatedGb, a);
        const rpo = design.snapshotIntervalHours * 60 + a.backupCopyMinutes;
        mechanisms.push({ id: `backup-copy:${db.name}`, description: `databases.${db.name}: AWS Backup every ${design.snapshotIntervalHours} h, copied to the DR vault`, rpoMinutes: rpo, rtoMinutes: restore });
        note(`AWS Backup copy: schedule interval (${design.snapshotIntervalHours} h) + ${a.backupCopyMinutes} min copy`);
        note(`RDS restore: ${a.rdsRestoreBaseMinutes} min + ${a.rdsRestorePer100GbMinutes} min per 100 GB (databases.${db.name}: ${db.allocatedGb} GB → ${restore} min)`);
        dataRto = Math.max(dataRto, restore);
        break;
      }
      case 'none':
        dataLost = true;
        mechanisms.push({ id: `none:${db.name}`, description: `databases.${db.name}: not carried to the DR region` });
        break;
    }
  }

  // From what the DR region holds (drDesign.standbyCompute): a warm standby kept at zero scales from zero.
  const mode = design.standbyCompute;
  let compute = 0;
  if (design.computeWorkloads.length > 0) {
    compute = { none: a.computeDeployMinutes, zero: a.computeFromZeroMinutes, minimum: a.computeScaleUpMinutes }[mode];
    const computeText = {
      none: 'deployed at failover',
      zero: 'defined at zero (task definitions, services at 0, load balancer), scaled from zero',
      minimum: `running at ${design.standbyMinCapacity} per workload behind the DR load balancer, scaled up`,
    }[mode];
    mechanisms.push({ id: `compute:${mode}`, description: `compute (${design.computeWorkloads.join(', ')}) ${computeText} in ${design.drRegion}`, rtoMinutes: compute });
    note(`compute ${computeText}: ${compute} min`);
  }
  note(`declaring the disaster: ${a.declareDisasterMinutes} min`);
  let rto = a.declareDisasterMinutes + Math.max(dataRto, compute);
  const ttl = design.failoverTtlSeconds ?? a.dnsTtlSeconds;
  const dns = Math.ceil((a.healthCheckIntervalSeconds * a.healthCheckFailureThreshold + ttl) / 60);
  if (design.failover) {
    mechanisms.push({ id: 'route53-failover', description: 'Route 53 health check and PRIMARY/SECONDARY failover records', rtoMinutes: dns });
    note(`DNS failover: ${dns} min (${a.healthCheckFailureThreshold} × ${a.healthCheckIntervalSeconds} s health checks + ${ttl} s TTL)`);
    rto += dns;
  } else {
    mechanisms.push({ id: 'dns-manual', description: 'DNS changed by hand (no dr.failover)', rtoMinutes: dns + a.manualDnsChangeMinutes });
    note(`manual DNS change: ${a.manualDnsChangeMinutes} min + ${dns} min to propagate (${ttl} s TTL)`);
    rto += dns + a.manualDnsChangeMinutes;
  }
  const rpos = mechanisms.map((m) => m.rpoMinutes).filter((v): v is number => v !== undefined);
  return {
    ...base,
    rpoMinutes: dataLost ? null : rpos.length ? Math.max(...rpos) : 0,
    rtoMinutes: rto,
    mechanisms,
    assumptions: [...used],
    notCarried,
  };
}

export function objectivesForPlan(plan: EnvironmentPlan, assumptions?: DrAssumptions): DrObjectives {
  return computeObjectives(drDesign(plan), assumptions);
}

/** Objectives of every environment, keyed by name: the JSON `haven synth --json` prints. */
export function objectivesReport(plans: Readonly<Record<string, EnvironmentPlan>>): Record<string, DrObjectives> {
  return Object.fromEntries(Object.entries(plans).map(([name, plan]) => [name, objectivesForPlan(plan)]));
}

function fmt(minutes: number | null): string {
  if (minutes === null) return 'not recoverable';
  return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1).replace(/\.0$/, '')} h`;
}

/** Text block `haven synth` prints: one paragraph per environment with its figures and their sources. */
export function formatObjectives(report: Readonly<Record<string, DrObjectives>>): string {
  const lines: string[] = ['Disaster recovery (loss of the primary region):'];
  for (const o of Object.values(report)) {
    const where = o.drRegion ? `${o.primaryRegion} → ${o.drRegion}` : o.primaryRegion;
    lines.push(`  ${o.environment} [${o.strategy}] ${where}: RPO ${fmt(o.rpoMinutes)}, RTO ${fmt(o.rtoMinutes)}`);
    for (const m of o.mechanisms) lines.push(`    - ${m.description}`);
    for (const n of o.notCarried) lines.push(`    - ${n}`);
    for (const a of o.assumptions) lines.push(`      assumes ${a}`);
  }
  return lines.join('\n');
}
