import type { EnvironmentPlan } from '../resolve';
import type { BackupPlanSpec } from '../sections/backup';
import { hint, repeats } from './suggest';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/** AWS Backup keeps continuous (point-in-time) backups at most 35 days. */
export const CONTINUOUS_BACKUP_MAX_DAYS = 35;
/** AWS Backup: a recovery point stays in cold storage at least 90 days before it may expire. */
export const COLD_STORAGE_MIN_DAYS = 90;
/** The 7-year retention the platform gives HIPAA audit trails and monthly backups (HIPAA_AUDIT_RETENTION_DAYS). */
const HIPAA_LONG_RETENTION_DAYS = 2557;
/** S3 Glacier Flexible Retrieval bills 90 days at least; the trail bucket keeps objects that long after moving them. */
const GLACIER_MIN_DAYS = 90;

/** The plans an environment runs: the spec's, or the tier defaults of src/platform/features/backup.ts. */
function backupPlans(plan: EnvironmentPlan): { plans: readonly BackupPlanSpec[]; fromSpec: boolean } {
  if (plan.backup?.plans) return { plans: plan.backup.plans, fromSpec: true };
  if (plan.tier === 'development') return { plans: [{ name: 'daily', retentionDays: 7 }], fromSpec: false };
  if (plan.tier === 'staging') return { plans: [{ name: 'daily', retentionDays: 35, continuous: true }], fromSpec: false };
  const hipaa = plan.compliance.frameworks.includes('hipaa');
  return { plans: [{ name: 'daily', retentionDays: 35, continuous: true }, { name: 'monthly', retentionDays: hipaa ? HIPAA_LONG_RETENTION_DAYS : 365, coldAfterDays: 90 }], fromSpec: false };
}

function backupIssues(plan: EnvironmentPlan): Omit<CrossFieldIssue, 'environment'>[] {
  const spec = plan.backup ?? {};
  if (spec.enabled === false) return [];
  const issues: Omit<CrossFieldIssue, 'environment'>[] = [];
  const { plans, fromSpec } = backupPlans(plan);
  const at = (i: number, key: string) => (fromSpec ? ['backup', 'plans', i, key] : ['backup']);
  plans.forEach((p, i) => {
    if (p.continuous && p.retentionDays > CONTINUOUS_BACKUP_MAX_DAYS) {
      issues.push({ path: at(i, 'retentionDays'), message: `continuous backups are kept at most ${CONTINUOUS_BACKUP_MAX_DAYS} days, got ${p.retentionDays}; add a separate snapshot plan for longer retention` });
    }
    if (p.continuous && p.coldAfterDays !== undefined) {
      issues.push({ path: at(i, 'coldAfterDays'), message: 'continuous backups cannot move to cold storage; remove coldAfterDays or continuous' });
    } else if (p.coldAfterDays !== undefined && p.retentionDays < p.coldAfterDays + COLD_STORAGE_MIN_DAYS) {
      issues.push({ path: at(i, 'retentionDays'), message: `AWS Backup keeps a recovery point at least ${COLD_STORAGE_MIN_DAYS} days in cold storage: with coldAfterDays ${p.coldAfterDays}, retentionDays must be at least ${p.coldAfterDays + COLD_STORAGE_MIN_DAYS}, got ${p.retentionDays}` });
    }
    if (p.copyToDr === true && !plan.regions.dr) {
      issues.push({ path: at(i, 'copyToDr'), message: `backup plan ${p.name} copies to the DR region, but regions.dr is not set` });
    }
  });
  for (const i of repeats(plans, (p) => p.name)) {
    issues.push({ path: at(i, 'name'), message: `backup plan name ${plans[i].name} is used twice; AWS Backup rule names are unique within a plan` });
  }
  const lock = spec.vaultLock ?? plan.tier === 'production';
  if (typeof lock === 'object') {
    if (lock.maxRetentionDays !== undefined && lock.maxRetentionDays < lock.minRetentionDays) {
      issues.push({ path: ['backup', 'vaultLock', 'maxRetentionDays'], message: `vault lock maximum ${lock.maxRetentionDays} days is below its minimum ${lock.minRetentionDays}` });
    }
    plans.forEach((p, i) => {
      if (p.retentionDays < lock.minRetentionDays) {
        issues.push({ path: at(i, 'retentionDays'), message: `backup plan ${p.name} keeps ${p.retentionDays} days, below the vault lock minimum of ${lock.minRetentionDays}; its backup jobs would fail` });
      }
      if (lock.maxRetentionDays !== undefined && p.retentionDays > lock.maxRetentionDays) {
        issues.push({ path: ['backup', 'vaultLock', 'maxRetentionDays'], message: `vault lock maximum ${lock.maxRetentionDays} days is below backup plan ${p.name}'s retention of ${p.retentionDays} days; its backup jobs would fail` });
      }
    });
  }
  return issues;
}

/** CloudTrail's bucket moves log files to Glacier and expires them later; the defaults are those of the security feature. */
function cloudTrailIssues(plan: EnvironmentPlan): Omit<CrossFieldIssue, 'environment'>[] {
  const trail = plan.security?.cloudTrail;
  if (trail?.enabled === false) return [];
  const issues: Omit<CrossFieldIssue, 'environment'>[] = [];
  const hipaa = plan.compliance.frameworks.includes('hipaa') && plan.tier !== 'development';
  const retention = trail?.retentionDays ?? Math.max(plan.defaults.logRetentionDays.audit, hipaa ? HIPAA_LONG_RETENTION_DAYS : 0);
  const glacier = trail?.glacierAfterDays ?? 90;
  const path = ['security', 'cloudTrail', trail?.glacierAfterDays !== undefined ? 'glacierAfterDays' : 'retentionDays'];
  if (retention - glacier < GLACIER_MIN_DAYS) {
    issues.push({ path, message: `CloudTrail log files move to Glacier after ${glacier} days and must stay there at least ${GLACIER_MIN_DAYS} days: retentionDays must be at least ${glacier + GLACIER_MIN_DAYS}, got ${retention}${trail?.retentionDays === undefined ? ' (the tier default)' : ''}` });
  }
  const s3 = trail?.dataEvents?.s3;
  if (Array.isArray(s3)) {
    const buckets = Object.keys(plan.buckets ?? {});
    s3.forEach((name, i) => {
      if (!buckets.includes(name)) issues.push({ path: ['security', 'cloudTrail', 'dataEvents', 's3', i], message: `unknown bucket ${name}${hint(name, buckets, 'the buckets section')}` });
    });
  }
  return issues;
}

/** AWS Backup and CloudTrail lifecycles that AWS would refuse (or that fail at the first backup job). */
export const retentionLifecycleRule: CrossFieldRule = (_spec, plans) =>
  Object.entries(plans).flatMap(([environment, plan]) => [...backupIssues(plan), ...cloudTrailIssues(plan)].map((issue) => ({ ...issue, environment })));
