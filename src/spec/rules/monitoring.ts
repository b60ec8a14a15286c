import type { CrossFieldIssue, CrossFieldRule } from './types';

/** The only retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const logRetentionRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  const check = (environment: string, path: (string | number)[], value: number | undefined) => {
    if (value !== undefined && !LOG_RETENTION_DAYS.includes(value)) {
      const nearest = LOG_RETENTION_DAYS.find((d) => d >= value) ?? 3653;
      issues.push({ environment, path, message: `CloudWatch Logs keeps logs for one of ${LOG_RETENTION_DAYS.join(', ')} days; got ${value} (nearest above: ${nearest})` });
    }
  };
  for (const plan of Object.values(plans)) {
    check(plan.name, ['network', 'flowLogs', 'retentionDays'], plan.network.flowLogs?.retentionDays);
    for (const [cls, value] of Object.entries(plan.monitoring?.logRetentionDays ?? {})) {
      check(plan.name, ['monitoring', 'logRetentionDays', cls], value);
    }
  }
  return issues;
};
