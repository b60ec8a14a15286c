import type { EnvironmentPlan } from '../resolve';
import { ALARM_DEFAULTS, ALARM_IDS } from '../sections/monitoring';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/** The only retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * Production log groups keep at least a year: the floor of AWS Control Tower's CT.CLOUDWATCH.PR.2
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/cloudwatch-rules.html#ct-cloudwatch-pr-2-description).
 */
export const PRODUCTION_MIN_LOG_RETENTION_DAYS = 365;

/** Days a log group of this environment keeps: the requested days, raised to the floor in production. */
export function logRetentionDaysFor(plan: Pick<EnvironmentPlan, 'tier'>, days: number): number {
  return plan.tier === 'production' ? Math.max(days, PRODUCTION_MIN_LOG_RETENTION_DAYS) : days;
}

export const logRetentionRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  const check = (environment: string, production: boolean, path: (string | number)[], value: number | undefined) => {
    if (value !== undefined && !LOG_RETENTION_DAYS.includes(value)) {
      const nearest = LOG_RETENTION_DAYS.find((d) => d >= value) ?? 3653;
      issues.push({ environment, path, message: `CloudWatch Logs keeps logs for one of ${LOG_RETENTION_DAYS.join(', ')} days; got ${value} (nearest above: ${nearest})` });
    } else if (value !== undefined && production && value < PRODUCTION_MIN_LOG_RETENTION_DAYS) {
      issues.push({ environment, path, severity: 'warning', message: `production log groups keep at least ${PRODUCTION_MIN_LOG_RETENTION_DAYS} days (CT.CLOUDWATCH.PR.2): ${value} is raised to ${PRODUCTION_MIN_LOG_RETENTION_DAYS} in this environment` });
    }
  };
  for (const plan of Object.values(plans)) {
    const production = plan.tier === 'production';
    check(plan.name, production, ['network', 'flowLogs', 'retentionDays'], plan.network.flowLogs?.retentionDays);
    check(plan.name, production, ['access', 'clientVpn', 'logRetentionDays'], plan.access?.clientVpn?.logRetentionDays);
    for (const [cls, value] of Object.entries(plan.monitoring?.logRetentionDays ?? {})) {
      check(plan.name, production, ['monitoring', 'logRetentionDays', cls], value);
    }
  }
  return issues;
};

/**
 * Alarm tuning that synthesizes but can never work as meant: a percentage threshold outside 0-100 (the alarm never
 * fires, or always does), and a tuned 5xx count next to the 5xx rate that replaces it.
 */
export const alarmTuningRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const plan of Object.values(plans)) {
    const alarms = plan.monitoring?.alarms ?? {};
    for (const id of ALARM_IDS) {
      const threshold = alarms[id]?.threshold;
      if (threshold !== undefined && ALARM_DEFAULTS[id].unit.startsWith('%') && (threshold < 0 || threshold > 100)) {
        issues.push({ environment: plan.name, path: ['monitoring', 'alarms', id, 'threshold'], message: `${id} is a percentage (${ALARM_DEFAULTS[id].unit}); expected 0 to 100, got ${threshold}` });
      }
    }
    const rateOn = alarms.alb5xxRate?.enabled ?? alarms.alb5xxRate?.threshold !== undefined;
    if (rateOn && alarms.alb5xx !== undefined) {
      issues.push({ environment: plan.name, path: ['monitoring', 'alarms', 'alb5xx'], severity: 'warning', message: 'alb5xxRate replaces the 5xx count alarm on each load balancer, so this alb5xx tuning has no effect; remove it or turn alb5xxRate off' });
    }
  }
  return issues;
};
