import { z } from 'zod';
import { days, resourceName } from '../common';

export const BACKUP_SCHEDULES = ['hourly', 'daily', 'weekly', 'monthly'] as const;

export const backupPlanSchema = z.strictObject({
  name: resourceName,
  schedule: z
    .union([z.enum(BACKUP_SCHEDULES), z.string().regex(/^cron\(.+\)$/, 'expected hourly, daily, weekly, monthly or cron(...)')])
    .optional()
    .describe('When backups run, UTC (default daily).'),
  retentionDays: days.describe('Days recovery points are kept; beyond RDS\'s 35-day automated limit this is where long retention lives.'),
  coldAfterDays: days.optional().describe('Days before moving to cold storage; retention must be at least 90 days more.'),
  continuous: z.boolean().optional().describe('Point-in-time recovery (retention at most 35 days).'),
  copyToDr: z.boolean().optional().describe('Copy recovery points to the DR region vault (default true when a DR region is set).'),
});
export type BackupPlanSpec = z.infer<typeof backupPlanSchema>;

export const backupSchema = z.strictObject({
  enabled: z.boolean().optional().describe('AWS Backup vault and plans (default true).'),
  plans: z.array(backupPlanSchema).min(1).optional().describe('Default by tier: development daily/7 days; staging continuous 35 days; production continuous 35 days plus monthly kept 1 year (7 years under HIPAA).'),
  vaultLock: z
    .union([
      z.boolean(),
      z.strictObject({
        minRetentionDays: days,
        maxRetentionDays: days.optional(),
        changeableForDays: z.number().int().min(3).optional().describe('Grace period before the lock becomes immutable (compliance mode).'),
      }),
    ])
    .optional()
    .describe('Vault lock (default on in production: min 7 days, max = longest plan, changeable for 3 days).'),
  selection: z
    .strictObject({
      tags: z.record(z.string().min(1), z.string()).optional().describe('Resources with any of these tags are backed up (default haven:backup = true).'),
      dataStores: z.boolean().optional().describe('Back up every database and file system Haven creates (default true).'),
    })
    .optional(),
});
export type BackupSpec = z.infer<typeof backupSchema>;
