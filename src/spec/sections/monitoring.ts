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
  'albTargetResponseMs', 'alb5xx', 'alb5xxRate', 'albUnhealthyHosts',
  'ecsCpu', 'ecsMemory', 'ecsRunningTasks',
  'natPortAllocationErrors', 'natPacketsDropped',
  'wafBlockedRequests', 'cloudfront5xxRate', 'lambdaErrors', 'lambdaThrottles',
  'auroraFreeLocalStorageGb', 'efsBurstCreditBalanceGb', 'efsPercentIOLimit', 'flowLogRejects',
] as const;
export type AlarmId = (typeof ALARM_IDS)[number];

/** Whether an alarm fires above or below its threshold. */
export type AlarmDirection = 'above' | 'below';

/** Haven's default for one alarm (the values a spec's `monitoring.alarms.<id>` overrides). */
export interface AlarmDefault {
  /** Created unless the spec disables it. Alarms off by default need a spec-given threshold to make sense. */
  readonly enabled: boolean;
  readonly threshold: number;
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly direction: AlarmDirection;
  readonly unit: string;
  readonly description: string;
}

/**
 * Defaults chosen from the seeds: "CPU > 80% for 10 minutes" is 2 x 5-minute periods; free storage < 10 GB,
 * freeable memory < 512 MB, Redis evictions > 1000 and CloudFront 5xx rate > 5% are BerthCare's and Capitol Eye
 * Care's values. The absolute connection count has no size-independent default, so it is off until a spec sets it
 * (Capitol Eye Care: 50); the percent-of-max alarm covers the general case.
 *
 * Aurora's cluster volume grows by itself (to 128 TiB), so its storage alarm watches the instance-local disk
 * (temporary files of sorts, hash joins and temp tables, and logs): below 2 GB on the worst instance, low enough that
 * small classes and low-ACU Serverless v2 instances, which have only a few GiB, stay quiet when idle. EFS: 192 GB of
 * burst credits is about half an hour of bursting at the 100 MiB/s minimum burst rate, time to act before throughput
 * drops to the baseline; PercentIOLimit near 100% for 15 minutes means General Purpose mode is the bottleneck.
 * Rejected flows: internet scanners alone produce a steady trickle of REJECT records on public ENIs (ALB, NAT), so
 * the alarm waits for 1000 in 10 minutes (one flow-log aggregation interval): a scan burst or a security group or
 * NACL refusing real traffic.
 */
export const ALARM_DEFAULTS: Readonly<Record<AlarmId, AlarmDefault>> = {
  rdsCpu: { enabled: true, threshold: 80, periodMinutes: 5, evaluationPeriods: 2, direction: 'above', unit: '%', description: 'Database CPU utilisation' },
  rdsFreeableMemoryMb: { enabled: true, threshold: 512, periodMinutes: 5, evaluationPeriods: 2, direction: 'below', unit: 'MB', description: 'Database freeable memory' },
  rdsFreeStorageGb: { enabled: true, threshold: 10, periodMinutes: 5, evaluationPeriods: 1, direction: 'below', unit: 'GB', description: 'Database free storage space' },
  rdsConnections: { enabled: false, threshold: 100, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: 'count', description: 'Database connections (absolute)' },
  rdsConnectionsPercent: { enabled: true, threshold: 80, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: '% of max_connections', description: 'Database connections as a share of max_connections' },
  rdsReplicaLagSeconds: { enabled: true, threshold: 30, periodMinutes: 5, evaluationPeriods: 2, direction: 'above', unit: 's', description: 'Replica lag' },
  redisCpu: { enabled: true, threshold: 80, periodMinutes: 5, evaluationPeriods: 2, direction: 'above', unit: '%', description: 'Redis engine CPU utilisation' },
  redisMemoryPercent: { enabled: true, threshold: 80, periodMinutes: 5, evaluationPeriods: 2, direction: 'above', unit: '%', description: 'Redis memory usage' },
  redisEvictions: { enabled: true, threshold: 1000, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: 'count', description: 'Redis evictions' },
  albTargetResponseMs: { enabled: true, threshold: 1000, periodMinutes: 5, evaluationPeriods: 3, direction: 'above', unit: 'ms (p95)', description: 'Load balancer target response time' },
  alb5xx: { enabled: true, threshold: 10, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: 'count', description: 'Load balancer and target 5xx responses' },
  // The rate form (Estate Kit's "rate of 5xx above 1% for 5 minutes"): off until a spec gives it a threshold, and
  // then it replaces the count alarm, which fires on a fixed number of errors however busy the balancer is.
  alb5xxRate: { enabled: false, threshold: 1, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: '% of requests', description: 'Load balancer and target 5xx responses as a share of requests' },
  albUnhealthyHosts: { enabled: true, threshold: 0, periodMinutes: 1, evaluationPeriods: 3, direction: 'above', unit: 'count', description: 'Unhealthy targets' },
  ecsCpu: { enabled: true, threshold: 80, periodMinutes: 5, evaluationPeriods: 2, direction: 'above', unit: '%', description: 'ECS service CPU utilisation' },
  ecsMemory: { enabled: true, threshold: 80, periodMinutes: 5, evaluationPeriods: 2, direction: 'above', unit: '%', description: 'ECS service memory utilisation' },
  ecsRunningTasks: { enabled: true, threshold: 1, periodMinutes: 1, evaluationPeriods: 3, direction: 'below', unit: 'count', description: 'ECS running task count' },
  natPortAllocationErrors: { enabled: true, threshold: 0, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: 'count', description: 'NAT gateway port allocation errors' },
  natPacketsDropped: { enabled: true, threshold: 100, periodMinutes: 5, evaluationPeriods: 2, direction: 'above', unit: 'count', description: 'NAT gateway dropped packets' },
  wafBlockedRequests: { enabled: true, threshold: 1000, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: 'count', description: 'WAF blocked requests (attack or misfiring rule)' },
  cloudfront5xxRate: { enabled: true, threshold: 5, periodMinutes: 5, evaluationPeriods: 2, direction: 'above', unit: '%', description: 'CloudFront 5xx error rate' },
  lambdaErrors: { enabled: true, threshold: 0, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: 'count', description: 'Lambda function errors' },
  lambdaThrottles: { enabled: true, threshold: 0, periodMinutes: 5, evaluationPeriods: 1, direction: 'above', unit: 'count', description: 'Lambda function throttles' },
  auroraFreeLocalStorageGb: { enabled: true, threshold: 2, periodMinutes: 5, evaluationPeriods: 2, direction: 'below', unit: 'GB', description: 'Aurora free local (temporary) storage on the worst instance' },
  efsBurstCreditBalanceGb: { enabled: true, threshold: 192, periodMinutes: 5, evaluationPeriods: 1, direction: 'below', unit: 'GB', description: 'EFS burst credit balance (bursting throughput mode)' },
  efsPercentIOLimit: { enabled: true, threshold: 95, periodMinutes: 5, evaluationPeriods: 3, direction: 'above', unit: '%', description: 'EFS General Purpose I/O limit used' },
  flowLogRejects: { enabled: true, threshold: 1000, periodMinutes: 10, evaluationPeriods: 1, direction: 'above', unit: 'count', description: 'VPC flow-log records with action REJECT' },
};

/** Haven's default merged with a spec's tuning for one alarm. */
export function resolveAlarmTuning(id: AlarmId, tuning?: AlarmTuning): AlarmDefault {
  const base = ALARM_DEFAULTS[id];
  // Giving a threshold for an alarm that is off by default (rdsConnections) turns it on.
  const enabled = tuning?.enabled ?? (tuning?.threshold !== undefined ? true : base.enabled);
  return {
    ...base,
    enabled,
    threshold: tuning?.threshold ?? base.threshold,
    periodMinutes: tuning?.periodMinutes ?? base.periodMinutes,
    evaluationPeriods: tuning?.evaluationPeriods ?? base.evaluationPeriods,
  };
}

export const LOG_CLASSES = ['audit', 'application', 'system', 'access'] as const;
export type LogClass = (typeof LOG_CLASSES)[number];

export const monitoringSchema = z.strictObject({
  dashboard: z.boolean().optional().describe('CloudWatch dashboards per environment (default true): the overview, and the operations, security, compliance, cost and DR views whose sources exist.'),
  alarms: z.partialRecord(z.enum(ALARM_IDS), alarmTuningSchema).optional(),
  logRetentionDays: z.partialRecord(z.enum(LOG_CLASSES), z.number().int().min(1).max(3653)).optional().describe('Retention per log class; tier defaults when absent.'),
  queries: z.boolean().optional().describe('Saved CloudWatch Logs Insights security queries (default true).'),
  tracing: z
    .strictObject({
      samplingRate: z.number().min(0).max(1).optional().describe('Fixed X-Ray sampling rate after the reservoir (default 0.05).'),
      reservoirPerSecond: z.number().int().min(0).optional().describe('Requests per second always traced (default 1).'),
    })
    .optional()
    .describe('X-Ray sampling rule for the environment; absent means no rule.'),
});
export type MonitoringSpec = z.infer<typeof monitoringSchema>;
