import type { HavenRule, RuleFinding } from '../../types';
import { evidence, isClusterMember, prop, resourcesOfType } from '../../template';

/** RDS keeps automated backups for at most 35 days; longer retention belongs in AWS Backup. */
export const RDS_MAX_BACKUP_RETENTION_DAYS = 35;
/** The shortest point-in-time window Haven accepts per tier. */
export const MIN_BACKUP_RETENTION_DAYS = { development: 1, staging: 7, production: 7 } as const;

/** Database automated-backup retention is within what RDS accepts and at least the tier minimum. */
export const BackupRetention: HavenRule = {
  id: 'HAVEN-BACKUP-RETENTION',
  severity: 'error',
  title: 'Database backup retention within limits',
  description: `RDS/Aurora BackupRetentionPeriod is between the tier minimum (production: ${MIN_BACKUP_RETENTION_DAYS.production} days) and the service maximum of ${RDS_MAX_BACKUP_RETENTION_DAYS} days.`,
  remediation: 'Keep automated backups at 7–35 days and put longer (e.g. yearly) retention in an AWS Backup plan.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const min = MIN_BACKUP_RETENTION_DAYS[ctx.environment.tier];
    const dbs = resourcesOfType(ctx, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster').filter((r) => !isClusterMember(r.resource));
    for (const ref of dbs) {
      const raw = prop(ref.resource, 'BackupRetentionPeriod');
      // CloudFormation's default is 1 day.
      const days = raw === undefined ? 1 : Number(raw);
      if (!Number.isFinite(days)) continue;
      if (days > RDS_MAX_BACKUP_RETENTION_DAYS) {
        findings.push({ message: `${ref.logicalId} asks for ${days} days of automated backups; RDS accepts at most ${RDS_MAX_BACKUP_RETENTION_DAYS} and the deployment would fail`, evidence: evidence(ref, 'Properties.BackupRetentionPeriod', raw) });
      } else if (days < min) {
        findings.push({ message: `${ref.logicalId} keeps ${days} day(s) of backups; ${ctx.environment.tier} requires at least ${min}`, evidence: evidence(ref, 'Properties.BackupRetentionPeriod', raw ?? null) });
      }
    }
    return { findings, checked: dbs.length };
  },
};
