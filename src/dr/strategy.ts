import type { EnvironmentPlan } from '../spec/resolve';
import type { DatabaseEngine } from '../spec/sections/databases';
import type { DbReplicationMode, DrStrategy } from '../spec/sections/dr';
import { expandServices } from '../spec/sections/services';

/** What one strategy deploys in the DR region ahead of time (the rest is deployed at failover). */
export interface StrategyProfile {
  /** VPC with its own non-overlapping CIDR (network.drCidr). */
  readonly vpc: boolean;
  /** Customer-managed keys in the DR region: replicas are re-encrypted there, never with a primary-region key. */
  readonly keys: boolean;
  readonly replicaBuckets: boolean;
  /** Backup vault receiving copies (AWS Backup copy actions, snapshot-copy mode). */
  readonly backupVault: boolean;
  /** Database replication used when the spec does not choose one. */
  readonly defaultDatabaseReplication: DbReplicationMode | 'aurora-global';
  /** Compute in the DR region: not deployed, deployed at zero, or running at minimum size. */
  readonly compute: 'none' | 'zero' | 'minimum';
}

export const STRATEGY_PROFILES: Readonly<Record<DrStrategy, StrategyProfile>> = {
  'none': { vpc: false, keys: false, replicaBuckets: false, backupVault: false, defaultDatabaseReplication: 'none', compute: 'none' },
  'backup-restore': { vpc: true, keys: true, replicaBuckets: true, backupVault: true, defaultDatabaseReplication: 'backup-replication', compute: 'none' },
  'pilot-light': { vpc: true, keys: true, replicaBuckets: true, backupVault: true, defaultDatabaseReplication: 'read-replica', compute: 'zero' },
  'warm-standby': { vpc: true, keys: true, replicaBuckets: true, backupVault: true, defaultDatabaseReplication: 'read-replica', compute: 'minimum' },
  'aurora-global': { vpc: true, keys: true, replicaBuckets: true, backupVault: true, defaultDatabaseReplication: 'aurora-global', compute: 'minimum' },
};

/**
 * RDS for PostgreSQL keeps automated backups on a read replica from 14.1 on; earlier versions allow only manual
 * snapshots of it (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Overview.Differences.html).
 * A bare major (`14`) gets the current minor, which is later than 14.1.
 */
export function replicaBackupsSupported(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 14 || (major === 14 && (minor === undefined || minor >= 1));
}

/** One database's path to the DR region. */
export interface DatabaseDrPlan {
  readonly name: string;
  readonly engine: DatabaseEngine;
  readonly mode: DbReplicationMode | 'aurora-global';
  readonly allocatedGb: number;
}

/** The resolved DR design of one environment: everything the feature, the calculator and the rules read. */
export interface DrDesign {
  readonly environment: string;
  readonly strategy: DrStrategy;
  readonly primaryRegion: string;
  readonly drRegion?: string;
  readonly profile: StrategyProfile;
  readonly databases: readonly DatabaseDrPlan[];
  /** Bucket names (spec keys) marked replicate: true. */
  readonly replicatedBuckets: readonly string[];
  readonly replicationTimeControl: boolean;
  readonly deleteMarkerReplication: boolean;
  /** Buckets holding data that are not replicated (logs and access-log buckets excluded). */
  readonly unreplicatedBuckets: readonly string[];
  /** Cache names: rebuilt in the DR region, never replicated. */
  readonly caches: readonly string[];
  /** Tasks/nodes per workload running in the DR region ahead of time (0 when compute is not running). */
  readonly standbyMinCapacity: number;
  /**
   * What the DR region actually holds for compute, from what is built: a warm standby kept at zero
   * (`dr.standby.minCapacity: 0`) is defined at zero, like a pilot light.
   */
  readonly standbyCompute: StrategyProfile['compute'];
  /** Workloads (ECS services, EKS clusters) the DR region must run; none means no compute to recover. */
  readonly computeWorkloads: readonly string[];
  readonly snapshotIntervalHours: number;
  readonly replicatedBackupRetentionDays: number;
  readonly failover: boolean;
  /** TTL of the failover records (dr.failover.ttlSeconds); the calculator's default when absent. */
  readonly failoverTtlSeconds?: number;
}

const AURORA_ENGINES: readonly DatabaseEngine[] = ['aurora-postgresql', 'aurora-postgresql-serverless'];
export function isAurora(engine: DatabaseEngine): boolean {
  return AURORA_ENGINES.includes(engine);
}

/** Strategy in force: the stated one, else backup-restore when a DR region is set, else none. */
export function drStrategy(plan: Pick<EnvironmentPlan, 'dr' | 'regions'>): DrStrategy {
  return plan.dr?.strategy ?? (plan.regions.dr ? 'backup-restore' : 'none');
}

/**
 * With DR, every bucket holding data replicates unless the spec says `replicate: false`; log buckets (the access-log
 * bucket, data class `logs`) get no replica bucket of their own (the access-log bucket replicates into the DR region's
 * access-log bucket instead, see features/audit-replication.ts) and an unversioned bucket cannot
 * replicate (S3 replication requires versioning on source and destination:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html).
 */
function replicatedByDefault(b: { readonly replicate?: boolean; readonly accessLogs?: boolean; readonly dataClass?: string; readonly versioned?: boolean }): boolean {
  return b.replicate ?? (!b.accessLogs && b.dataClass !== 'logs' && b.versioned !== false);
}

export function drDesign(plan: EnvironmentPlan): DrDesign {
  const strategy = drStrategy(plan);
  const profile = STRATEGY_PROFILES[strategy];
  const dr = plan.dr ?? {};
  const databases = Object.entries(plan.databases ?? {}).map(([name, db]): DatabaseDrPlan => {
    let mode: DatabaseDrPlan['mode'] = dr.database?.replication ?? profile.defaultDatabaseReplication;
    // A global database only exists for Aurora; other engines in an aurora-global environment use a read replica.
    if (mode === 'aurora-global' && !isAurora(db.engine)) mode = 'read-replica';
    // Strategy defaults translated for Aurora (an explicit RDS-instance mode on Aurora is a validation error instead):
    // its cross-region replica is a global database secondary, and its backups cross regions by AWS Backup copy.
    if (!dr.database?.replication && isAurora(db.engine)) {
      if (mode === 'read-replica') mode = 'aurora-global';
      if (mode === 'backup-replication') mode = 'snapshot-copy';
    }
    if (strategy === 'none') mode = 'none';
    return { name, engine: db.engine, mode, allocatedGb: db.storage?.allocatedGb ?? 20 };
  });
  const replicatedBuckets = strategy === 'none' ? [] : Object.entries(plan.buckets ?? {}).filter(([, b]) => replicatedByDefault(b)).map(([n]) => n);
  const unreplicatedBuckets = Object.entries(plan.buckets ?? {})
    .filter(([n, b]) => !replicatedBuckets.includes(n) && b.dataClass !== 'logs' && b.dataClass !== 'public' && !b.accessLogs)
    .map(([n]) => n);
  const standbyDefault = profile.compute === 'minimum' ? 1 : 0;
  const standbyMinCapacity = profile.compute === 'none' ? 0 : (dr.standby?.minCapacity ?? standbyDefault);
  const computeWorkloads = [
    ...expandServices(plan.services).map((svc) => `services.${svc.name}`),
    ...Object.keys(plan.clusters ?? {}).map((c) => `clusters.${c}`),
  ];
  return {
    environment: plan.name,
    strategy,
    primaryRegion: plan.regions.primary,
    drRegion: strategy === 'none' ? undefined : plan.regions.dr,
    profile,
    databases,
    replicatedBuckets,
    unreplicatedBuckets,
    replicationTimeControl: dr.buckets?.replicationTimeControl ?? true,
    deleteMarkerReplication: dr.buckets?.deleteMarkerReplication ?? true,
    caches: Object.keys(plan.caches ?? {}),
    standbyMinCapacity,
    standbyCompute: profile.compute === 'minimum' && standbyMinCapacity === 0 ? 'zero' : profile.compute,
    computeWorkloads,
    snapshotIntervalHours: dr.database?.snapshotIntervalHours ?? 24,
    replicatedBackupRetentionDays: dr.database?.backupRetentionDays ?? 7,
    failover: strategy !== 'none' && dr.failover !== undefined,
    failoverTtlSeconds: dr.failover?.ttlSeconds,
  };
}

/**
 * What compute features deploy in the DR region: nothing, the workload at zero (pilot light) or at minimum size
 * (warm standby). Services, functions and clusters owners read this in their 'dr' role.
 */
export function drStandbyCompute(plan: EnvironmentPlan): { readonly deploy: boolean; readonly minCapacity: number } {
  const design = drDesign(plan);
  return { deploy: design.profile.compute !== 'none', minCapacity: design.standbyMinCapacity };
}
