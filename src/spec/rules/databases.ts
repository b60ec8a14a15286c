import type { CrossFieldIssue, CrossFieldRule } from './types';

/** RDS keeps automated backups 0-35 days; longer retention is AWS Backup's job. */
export const MAX_AUTOMATED_BACKUP_DAYS = 35;
/** Performance Insights retention: 7 days free tier, or whole months up to 24. */
const PI_RETENTION = new Set([7, ...Array.from({ length: 24 }, (_, i) => (i + 1) * 31), 731]);

export const databaseRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const plan of Object.values(plans)) {
    const environment = plan.name;
    for (const [name, db] of Object.entries(plan.databases ?? {})) {
      const at = (...rest: string[]) => ['databases', name, ...rest];
      const retention = db.backupRetentionDays;
      if (retention !== undefined && (retention < 0 || retention > MAX_AUTOMATED_BACKUP_DAYS)) {
        issues.push({ environment, path: at('backupRetentionDays'), message: `RDS keeps automated backups 0-${MAX_AUTOMATED_BACKUP_DAYS} days, got ${retention}; keep longer retention with the backup section (AWS Backup)` });
      }
      if (retention === 0 && plan.tier === 'production') {
        issues.push({ environment, path: at('backupRetentionDays'), message: 'production databases need automated backups (at least 1 day); 0 disables them and point-in-time recovery' });
      }
      if (db.storage?.maxGb !== undefined && db.storage.maxGb < db.storage.allocatedGb) {
        issues.push({ environment, path: at('storage', 'maxGb'), message: `storage autoscaling ceiling ${db.storage.maxGb} GB is below the allocated ${db.storage.allocatedGb} GB` });
      }
      if (db.performanceInsightsRetentionDays !== undefined && !PI_RETENTION.has(db.performanceInsightsRetentionDays)) {
        issues.push({ environment, path: at('performanceInsightsRetentionDays'), message: 'Performance Insights keeps 7 days or a whole number of months (31 x n up to 731)' });
      }
      const serverless = db.engine === 'aurora-postgresql-serverless';
      if (serverless && !db.serverless) {
        issues.push({ environment, path: at('serverless'), message: 'aurora-postgresql-serverless needs serverless.minCapacity and serverless.maxCapacity (ACUs)' });
      }
      if (!serverless && db.serverless) {
        issues.push({ environment, path: at('serverless'), message: `serverless capacity applies only to engine aurora-postgresql-serverless, not ${db.engine}` });
      }
      if (db.serverless && db.serverless.minCapacity > db.serverless.maxCapacity) {
        issues.push({ environment, path: at('serverless', 'minCapacity'), message: `minCapacity ${db.serverless.minCapacity} exceeds maxCapacity ${db.serverless.maxCapacity}` });
      }
      if (db.engine === 'postgres' && db.instances !== undefined) {
        issues.push({ environment, path: at('instances'), message: 'instances applies to Aurora clusters; an RDS instance uses multiAz for its standby' });
      }
      if (db.engine !== 'postgres' && db.storage) {
        issues.push({ environment, path: at('storage'), message: 'Aurora storage grows automatically; storage applies to engine postgres only' });
      }
      const major = Number(db.version.split('.')[0]);
      if (major < 13) {
        issues.push({ environment, path: at('version'), message: `PostgreSQL ${db.version} is past RDS standard support; use 13 or later (16 recommended)` });
      }
      if (db.deletionProtection === false && plan.tier === 'production') {
        issues.push({ environment, path: at('deletionProtection'), message: 'production databases keep deletion protection; Haven never lets a production data store be deleted by a stack operation' });
      }
    }
  }
  return issues;
};
