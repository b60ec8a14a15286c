import { z } from 'zod';
import { region } from '../common';
import { dbInstanceClass } from './databases';

/**
 * What Haven keeps running in the DR region ahead of a region loss (see src/dr/strategy.ts for the full table):
 * - none: nothing; the environment does not survive a region loss.
 * - backup-restore: keys, replica buckets, a Backup vault and replicated database backups; compute is deployed at failover.
 * - pilot-light: as backup-restore plus a running database replica; compute defined at zero (task definitions,
 *   ECS services at desired 0, target groups) behind a load balancer of its own, so the SECONDARY exists ahead.
 * - warm-standby: as pilot-light with the services running at `standby.minCapacity` (default 1).
 * - aurora-global: warm standby whose database is an Aurora Global Database secondary cluster.
 */
export const DR_STRATEGIES = ['none', 'backup-restore', 'pilot-light', 'warm-standby', 'aurora-global'] as const;
export type DrStrategy = (typeof DR_STRATEGIES)[number];

/** How the databases reach the DR region; `aurora-global` strategy implies a global database instead. */
export const DB_REPLICATION_MODES = ['read-replica', 'backup-replication', 'snapshot-copy', 'none'] as const;
export type DbReplicationMode = (typeof DB_REPLICATION_MODES)[number];

export const REPLICA_STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR'] as const;

export const drSchema = z.strictObject({
  strategy: z
    .enum(DR_STRATEGIES)
    .optional()
    .describe('none, backup-restore, pilot-light, warm-standby or aurora-global; backup-restore when regions.dr is set, none otherwise.'),
  objectives: z
    .strictObject({
      rpoMinutes: z.number().int().positive().describe('Most data (in minutes) the business accepts to lose when the primary region is lost.'),
      rtoMinutes: z.number().int().positive().describe('Longest time (in minutes) until service resumes in the DR region.'),
    })
    .optional()
    .describe('Stated objectives; validation fails when the chosen design cannot meet them.'),
  database: z
    .strictObject({
      replication: z
        .enum(DB_REPLICATION_MODES)
        .optional()
        .describe('read-replica, backup-replication (RDS automated backups replicated with transaction logs), snapshot-copy (AWS Backup copy) or none; strategy default when absent.'),
      instanceClass: dbInstanceClass.optional().describe('DR replica instance class; the primary class when absent.'),
      backupRetentionDays: z.number().int().min(1).max(35).optional().describe('Retention of replicated automated backups in the DR region (default 7).'),
      snapshotIntervalHours: z.number().int().min(1).max(24).optional().describe('snapshot-copy: hours between backups copied to the DR vault (default 24).'),
    })
    .optional(),
  buckets: z
    .strictObject({
      replicationTimeControl: z
        .boolean()
        .optional()
        .describe('S3 Replication Time Control (15-minute SLA, with metrics); default true so bucket RPO is minutes.'),
      deleteMarkerReplication: z.boolean().optional().describe('Replicate delete markers (versions stay recoverable); default true.'),
      storageClass: z.enum(REPLICA_STORAGE_CLASSES).optional().describe('Storage class of replicas (default STANDARD).'),
    })
    .optional()
    .describe('Cross-region replication of the buckets marked replicate: true.'),
  standby: z
    .strictObject({
      minCapacity: z.number().int().min(0).max(100).optional().describe('Tasks/nodes per workload kept running in the DR region (warm-standby default 1, pilot-light 0).'),
    })
    .optional(),
  failover: z
    .strictObject({
      zoneName: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}\.?$/, 'expected a DNS zone name such as example.com').describe('Route 53 public hosted zone.'),
      hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, 'expected a Route 53 hosted zone id such as Z0123456789ABC').optional(),
      recordName: z.string().min(1).describe('Record that fails over, e.g. app.example.com.'),
      healthCheckPath: z.string().startsWith('/', 'expected a path starting with /').optional().describe('Path probed on the primary (default /health).'),
      primaryTarget: z.string().optional().describe('Record in the same zone the PRIMARY aliases (and the health check probes); absent: Haven makes <primary-region>.<recordName> aliasing the ALB (or CloudFront).'),
      drTarget: z.string().optional().describe('Record in the same zone the SECONDARY aliases; absent: the DR load balancer (pilot-light, warm-standby with edge.alb). Failover with neither is a validation error.'),
      ttlSeconds: z.number().int().min(0).max(300).optional().describe('TTL of the failover records (default 60).'),
    })
    .optional()
    .describe('Route 53 failover pair (alias A records, replacing a plain record of the same name), guarded by a calculated health check: primary endpoint AND a switch alarm in the DR region (see src/constructs/dr/failover-records.ts).'),
  crossBorder: z
    .strictObject({
      reason: z.string().min(20, 'a reason of at least 20 characters is required'),
      approvedBy: z.string().min(1),
      expires: z.iso.date({ error: 'expected a date YYYY-MM-DD' }),
      regions: z.array(region).min(1).optional().describe('Regions the exception covers; any DR region when absent.'),
    })
    .optional()
    .describe('Reviewed acknowledgement that DR copies leave the residency jurisdiction (PIPEDA: outside Canada).'),
});
export type DrSpec = z.infer<typeof drSchema>;
