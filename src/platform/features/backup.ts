import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { BackupPlan, SecureBackupVault, type BackupRule, type BackupVaultLockOptions } from '../../constructs/backup';
import type { BackupPlanSpec } from '../../spec/sections/backup';
import type { EnvironmentPlan } from '../../spec/resolve';
import type { PlatformContext, PlatformFeature } from '../context';
import { HIPAA_AUDIT_RETENTION_DAYS } from './security';
import { OUTPUTS } from '../outputs';

/** The backup section with tier defaults filled in. */
export interface ResolvedBackup {
  readonly enabled: boolean;
  readonly plans: readonly BackupPlanSpec[];
  readonly vaultLock?: BackupVaultLockOptions;
  readonly tags: Readonly<Record<string, string>>;
  readonly dataStores: boolean;
  /** EKS clusters backed up on their own schedule (`clusters.<name>.backup`), each in a plan of its own. */
  readonly clusterPlans: readonly ClusterBackup[];
}

/** One cluster's backup: AWS Backup's composite recovery point of cluster state and persistent volumes. */
export interface ClusterBackup {
  readonly cluster: string;
  readonly schedule?: BackupPlanSpec['schedule'];
  readonly retentionDays: number;
}

/** Tag that puts any resource into the environment's backup plan. */
export const BACKUP_TAG = { key: 'haven:backup', value: 'true' } as const;

/** Data store kinds AWS Backup can protect (ElastiCache is not one; its snapshots are the cache's own). */
const BACKUP_KINDS = new Set(['rds-instance', 'aurora-cluster', 'efs']);

export function resolveBackup(plan: EnvironmentPlan): ResolvedBackup {
  const spec = plan.backup ?? {};
  const hipaa = plan.compliance.frameworks.includes('hipaa');
  const hasDr = plan.regions.dr !== undefined;
  let plans: BackupPlanSpec[];
  if (spec.plans) {
    plans = spec.plans.map((p) => ({ ...p, copyToDr: p.copyToDr ?? hasDr }));
  } else if (plan.tier === 'development') {
    // An environment that names a DR region asked for recovery there, whatever its tier: its copies go to that region.
    plans = [{ name: 'daily', schedule: 'daily', retentionDays: 7, copyToDr: hasDr }];
  } else if (plan.tier === 'staging') {
    plans = [{ name: 'daily', schedule: 'daily', retentionDays: 35, continuous: true, copyToDr: hasDr }];
  } else {
    plans = [
      // PITR within RDS's 35-day window, plus monthly points kept long-term: 7 years where HIPAA applies.
      { name: 'daily', schedule: 'daily', retentionDays: 35, continuous: true, copyToDr: hasDr },
      { name: 'monthly', schedule: 'monthly', retentionDays: hipaa ? HIPAA_AUDIT_RETENTION_DAYS : 365, coldAfterDays: 90, copyToDr: hasDr },
    ];
  }
  const clusterPlans: ClusterBackup[] = Object.entries(plan.clusters ?? {}).flatMap(([cluster, c]) => (c.backup ? [{ cluster, ...c.backup }] : []));
  // The vault lock bounds every plan in the vault, the clusters' too.
  const retentions = [...plans, ...clusterPlans].map((p) => p.retentionDays);
  const longest = Math.max(...retentions);
  const shortest = Math.min(...retentions);
  let vaultLock: BackupVaultLockOptions | undefined;
  const lockSpec = spec.vaultLock ?? plan.tier === 'production';
  if (lockSpec === true) vaultLock = { minRetentionDays: Math.min(7, shortest), maxRetentionDays: longest, changeableForDays: 3 };
  else if (lockSpec !== false) vaultLock = lockSpec;
  return {
    enabled: spec.enabled ?? true,
    plans,
    vaultLock,
    tags: spec.selection?.tags ?? { [BACKUP_TAG.key]: BACKUP_TAG.value },
    dataStores: spec.selection?.dataStores ?? true,
    clusterPlans,
  };
}

function scheduleOf(schedule: BackupPlanSpec['schedule']): events.Schedule {
  switch (schedule ?? 'daily') {
    case 'hourly': return events.Schedule.cron({ minute: '0' });
    case 'daily': return events.Schedule.cron({ minute: '0', hour: '5' });
    case 'weekly': return events.Schedule.cron({ minute: '0', hour: '5', weekDay: 'SUN' });
    case 'monthly': return events.Schedule.cron({ minute: '0', hour: '5', day: '1' });
    default: return events.Schedule.expression(schedule!);
  }
}

/** Vault name shared by the primary and DR stacks, so the primary can address the DR vault by ARN. */
export function backupVaultName(ctx: PlatformContext): string {
  return ctx.name('backup');
}

/**
 * Data stores running in the DR region that AWS Backup protects there, each promoted on failover: Aurora global
 * secondary clusters (their own storage) and RDS for PostgreSQL read replicas, of which RDS takes manual snapshots
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Overview.Differences.html); where AWS
 * Backup cannot run a continuous backup it takes a snapshot instead
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html).
 */
const DR_BACKUP_KINDS = new Set(['aurora-cluster', 'rds-instance', 'efs']);

/**
 * DR region: the vault receiving the primary's copies and, for the data stores running here, the environment's
 * plans (without copies) writing to that vault, so a promoted secondary already has its recovery points.
 */
function applyDr(ctx: PlatformContext, resolved: ResolvedBackup, removalPolicy: RemovalPolicy): void {
  const stores = resolved.dataStores ? [...ctx.registry.dataStores.values()].filter((d) => DR_BACKUP_KINDS.has(d.kind)) : [];
  if (!resolved.plans.some((p) => p.copyToDr) && stores.length === 0) return;
  const vault = new SecureBackupVault(ctx.stack, 'BackupDrVault', {
    encryptionKey: ctx.key('backup'), vaultName: backupVaultName(ctx), vaultLock: resolved.vaultLock, removalPolicy,
  });
  ctx.evidence('BackupDrVaultArn', vault.vault.backupVaultArn, 'DR-region backup vault receiving cross-region copies');
  if (stores.length === 0) return;
  const plan = new BackupPlan(ctx.stack, 'Backup', {
    encryptionKey: ctx.key('backup'),
    vault: vault.vault,
    planName: ctx.name('backup-plan-dr'),
    rules: resolved.plans.map((p) => ({ name: p.name, schedule: scheduleOf(p.schedule), retentionDays: p.retentionDays, coldAfterDays: p.coldAfterDays, continuous: p.continuous })),
    vaultLock: resolved.vaultLock,
    selection: { resourceArns: stores.map((d) => d.arn) },
    removalPolicy,
  });
  ctx.evidence('BackupDrPlanId', plan.plan.backupPlanId, `DR-region backup plan of ${stores.map((d) => d.name).join(', ')}`);
}

/**
 * AWS Backup: in the primary region a vault, the plans and a selection of every database and file system;
 * in the DR region the vault that receives copies.
 */
export const backupFeature: PlatformFeature = {
  name: 'backup',
  roles: ['primary', 'dr'],
  apply(ctx: PlatformContext): void {
    const resolved = resolveBackup(ctx.plan);
    if (!resolved.enabled) return;
    const removalPolicy = ctx.plan.defaults.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    if (ctx.role === 'dr') {
      applyDr(ctx, resolved, removalPolicy);
      return;
    }

    const stack = Stack.of(ctx.stack);
    const drRegion = ctx.plan.regions.dr;
    const drVaultArn = drRegion ? `arn:${stack.partition}:backup:${drRegion}:${stack.account}:backup-vault:${backupVaultName(ctx)}` : undefined;
    const rules: BackupRule[] = resolved.plans.map((p) => {
      if (p.copyToDr && !drVaultArn) throw new Error(`backup plan ${p.name} copies to DR but regions.dr is not set`);
      return {
        name: p.name,
        schedule: scheduleOf(p.schedule),
        retentionDays: p.retentionDays,
        coldAfterDays: p.coldAfterDays,
        continuous: p.continuous,
        copyTo: p.copyToDr ? { vaultArn: drVaultArn! } : undefined,
      };
    });
    const resourceArns = resolved.dataStores
      ? [...ctx.registry.dataStores.values()].filter((d) => BACKUP_KINDS.has(d.kind)).map((d) => d.arn)
      : [];
    const plan = new BackupPlan(ctx.stack, 'Backup', {
      encryptionKey: ctx.key('backup'),
      vaultName: backupVaultName(ctx),
      planName: ctx.name('backup-plan'),
      rules,
      vaultLock: resolved.vaultLock,
      selection: { resourceArns, tags: resolved.tags },
      removalPolicy,
    });
    for (const c of resolved.clusterPlans) {
      const arn = ctx.registry.workloads.get(`clusters.${c.cluster}`)?.backupArn;
      if (!arn) continue;
      // AWS Backup backs up EKS clusters (https://docs.aws.amazon.com/aws-backup/latest/devguide/eks-backups.html):
      // the cluster ARN in a selection; the cluster's API authentication mode lets AWS Backup add its access entry.
      const ruleName = c.schedule === undefined ? 'daily' : c.schedule.startsWith('cron(') ? 'scheduled' : c.schedule;
      plan.addResourcePlan(`Cluster-${c.cluster}`, {
        planName: ctx.name(`${c.cluster}-backup-plan`),
        rules: [{ name: ruleName, schedule: scheduleOf(c.schedule), retentionDays: c.retentionDays }],
        resourceArns: [arn],
      });
    }
    ctx.evidence(OUTPUTS.backupVaultName, plan.vault.backupVaultName, 'AWS Backup vault name (haven verify checks it)');
    ctx.evidence('BackupVaultArn', plan.vault.backupVaultArn, `Backup vault${resolved.vaultLock ? ' (locked)' : ''}; longest retention ${Math.max(...rules.map((r) => r.retentionDays))} days`);
    ctx.evidence('BackupPlanId', plan.plan.backupPlanId, `Backup plan rules: ${rules.map((r) => `${r.name}/${r.retentionDays}d`).join(', ')}`);
  },
};
