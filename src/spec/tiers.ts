import type { Tier } from './common';
import type { NatStrategy } from './sections/network';
import type { LogClass } from './sections/monitoring';
import type { Framework } from './sections/compliance';

/** What an environment tier means when the spec does not say otherwise. */
export interface TierDefaults {
  readonly azs: number;
  readonly natGateways: NatStrategy;
  readonly multiAz: boolean;
  readonly deletionProtection: boolean;
  /** Retain data resources and their keys when removed from the stack (Snapshot for databases). */
  readonly retainData: boolean;
  readonly backupRetentionDays: number;
  readonly cacheSnapshotRetentionDays: number;
  readonly performanceInsights: boolean;
  readonly monitoringIntervalSeconds: 0 | 1 | 5 | 10 | 15 | 30 | 60;
  readonly dbInstanceClass: string;
  readonly cacheNodeType: string;
  readonly logRetentionDays: Readonly<Record<LogClass, number>>;
  readonly flowLogRetentionDays: number;
}

export const TIER_DEFAULTS: Readonly<Record<Tier, TierDefaults>> = {
  development: {
    azs: 2,
    natGateways: 'single',
    multiAz: false,
    deletionProtection: false,
    retainData: false,
    backupRetentionDays: 7,
    cacheSnapshotRetentionDays: 1,
    performanceInsights: false,
    monitoringIntervalSeconds: 0,
    dbInstanceClass: 'db.t4g.medium',
    cacheNodeType: 'cache.t4g.micro',
    logRetentionDays: { audit: 365, application: 30, system: 30, access: 90 },
    flowLogRetentionDays: 30,
  },
  staging: {
    azs: 2,
    natGateways: 'per-az',
    multiAz: true,
    deletionProtection: true,
    retainData: true,
    backupRetentionDays: 7,
    cacheSnapshotRetentionDays: 5,
    performanceInsights: true,
    monitoringIntervalSeconds: 60,
    dbInstanceClass: 'db.t4g.medium',
    cacheNodeType: 'cache.t4g.small',
    logRetentionDays: { audit: 365, application: 90, system: 90, access: 365 },
    flowLogRetentionDays: 90,
  },
  production: {
    azs: 3,
    natGateways: 'per-az',
    multiAz: true,
    deletionProtection: true,
    retainData: true,
    backupRetentionDays: 35,
    // 15 days: what the HIPAA / NIST 800-53 packs ask of a Redis cluster's automatic backups (REGULATED_CACHE_SNAPSHOT_DAYS).
    cacheSnapshotRetentionDays: 15,
    performanceInsights: true,
    monitoringIntervalSeconds: 30,
    dbInstanceClass: 'db.r6g.large',
    cacheNodeType: 'cache.r6g.large',
    // Audit logs: 7 years covers HIPAA's six-year documentation rule with margin (2557 is a CloudWatch value).
    logRetentionDays: { audit: 2557, application: 365, system: 365, access: 365 },
    flowLogRetentionDays: 365,
  },
};

/** Days of Redis automatic backups the HIPAA Security and NIST 800-53 R5 packs require (ElastiCacheRedisClusterAutomaticBackup). */
export const REGULATED_CACHE_SNAPSHOT_DAYS = 15;
const CACHE_BACKUP_FRAMEWORKS: ReadonlySet<Framework> = new Set<Framework>(['hipaa', 'nist']);

/** The tier's defaults, raised where the environment's frameworks ask more of them (cache snapshots under HIPAA/NIST). */
export function defaultsFor(tier: Tier, frameworks: readonly Framework[]): TierDefaults {
  const base = TIER_DEFAULTS[tier];
  if (!frameworks.some((f) => CACHE_BACKUP_FRAMEWORKS.has(f))) return base;
  return { ...base, cacheSnapshotRetentionDays: Math.max(base.cacheSnapshotRetentionDays, REGULATED_CACHE_SNAPSHOT_DAYS) };
}
