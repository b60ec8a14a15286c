import * as logs from 'aws-cdk-lib/aws-logs';

/** Classes of log with their own retention: audit trails, application output, system/platform, access logs. */
export type LogRetentionClass = 'audit' | 'application' | 'system' | 'access';

/** Values CloudWatch Logs accepts for retention, ascending. */
const VALID_DAYS: readonly number[] = Object.values(logs.RetentionDays)
  .filter((v): v is number => typeof v === 'number' && v !== logs.RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/**
 * The CloudWatch retention for a number of days, rounded UP to the next value CloudWatch accepts
 * (rounding down would keep logs shorter than a framework requires).
 */
export function toRetentionDays(days: number): logs.RetentionDays {
  if (!Number.isFinite(days) || days < 1) throw new Error(`log retention must be at least 1 day, got ${days}`);
  const match = VALID_DAYS.find((v) => v >= days);
  if (match === undefined) throw new Error(`log retention ${days} days exceeds CloudWatch's maximum of ${VALID_DAYS[VALID_DAYS.length - 1]}`);
  return match as logs.RetentionDays;
}

/** Maps each log class to a retention, from per-class days (e.g. tier defaults merged with spec overrides). */
export class LogRetentionPolicy {
  constructor(private readonly days: Readonly<Record<LogRetentionClass, number>>) {}

  /** Retention for a log class, as a CloudWatch-accepted value. */
  public retentionFor(logClass: LogRetentionClass): logs.RetentionDays {
    return toRetentionDays(this.days[logClass]);
  }
}
