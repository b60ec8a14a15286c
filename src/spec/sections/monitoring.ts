import { z } from 'zod';

/** One alarm's tuning; any field left out keeps Haven's default for that alarm. */
export const alarmTuningSchema = z.strictObject({
  enabled: z.boolean().optional(),
  threshold: z.number().optional(),
  periodMinutes: z.number().int().min(1).max(1440).optional(),
  evaluationPeriods: z.number().int().min(1).max(100).optional(),
});
export type AlarmTuning = z.infer<typeof alarmTuningSchema>;

/**
 * Alarm ids Haven knows. Thresholds are in the metric's natural unit (percent, MB, GB, count, ms).
 * Kept as data so docs, cost and compliance can enumerate them.
 */
export const ALARM_IDS = [
  'rdsCpu', 'rdsFreeableMemoryMb', 'rdsFreeStorageGb', 'rdsConnections', 'rdsConnectionsPercent', 'rdsReplicaLagSeconds',
  'redisCpu', 'redisMemoryPercent', 'redisEvictions',
  'albTargetResponseMs', 'alb5xx', 'albUnhealthyHosts',
  'ecsCpu', 'ecsMemory', 'ecsRunningTasks',
  'natPortAllocationErrors', 'natPacketsDropped',
  'wafBlockedRequests', 'cloudfront5xxRate', 'lambdaErrors', 'lambdaThrottles',
] as const;
export type AlarmId = (typeof ALARM_IDS)[number];

export const LOG_CLASSES = ['audit', 'application', 'system', 'access'] as const;
export type LogClass = (typeof LOG_CLASSES)[number];

export const monitoringSchema = z.strictObject({
  dashboard: z.boolean().optional().describe('One CloudWatch dashboard per environment (default true).'),
  alarms: z.partialRecord(z.enum(ALARM_IDS), alarmTuningSchema).optional(),
  logRetentionDays: z.partialRecord(z.enum(LOG_CLASSES), z.number().int().min(1).max(3653)).optional().describe('Retention per log class; tier defaults when absent.'),
});
export type MonitoringSpec = z.infer<typeof monitoringSchema>;
