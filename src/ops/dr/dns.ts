import { DescribeAlarmsCommand, GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { failoverSwitch } from '../../platform/outputs';
import { call, poll } from '../aws';
import { OpsError, errorMessage } from '../errors';
import { DrStep, StepContext } from './engine';
import type { DrSettings } from './steps';

/**
 * Route 53 keeps its control plane and its health-check metrics in us-east-1
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html).
 */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/** Journal keys: when the switch was thrown, and when Route 53 was seen acting on it (the drill's RTO end). */
export const SWITCH_PUBLISHED = 'dns.switchPublishedAt';
export const DNS_SWITCHED = 'dns.switchedAt';

export interface DnsObservation {
  /** State of the failover switch alarm in the DR region (ALARM: switch thrown). */
  readonly switchState?: string;
  /** Whether the PRIMARY failover record's health check is healthy (undefined: not observable). */
  readonly primaryHealthy?: boolean;
  readonly detail: string;
}

/**
 * DNS failover through the failover switch (src/platform/outputs.ts `failoverSwitch`):
 * the PRIMARY record's health check is a CALCULATED check whose children are the primary endpoint check (an HTTPS
 * probe, or, behind a CloudFront-only ALB, checks on primary-region alarms over the healthy targets, which read as
 * their last known status while that region's CloudWatch is unreachable) and a check on a CloudWatch alarm in the DR
 * region; it is healthy only while every child is healthy
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html#health-checks-creating-values-calculated).
 * A check monitoring an alarm is unhealthy while the alarm is in ALARM
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html#health-checks-creating-values-cloudwatch).
 * Failover publishes 1 to the switch metric with PutMetricData in the DR region
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html); the alarm treats missing
 * data as "ignore", so it keeps its state between publications
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data).
 * Failback publishes 0. Nothing here modifies a health check: an INVERTED check would be healthy exactly when the
 * primary endpoint fails (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-invert.html),
 * sending traffic back to a dead region.
 *
 * Waiting: GetHealthCheckStatus cannot read a calculated check (API reference, HealthCheckId), so the wait reads the
 * check's `AWS/Route53 HealthCheckStatus` metric, which CloudWatch keeps in us-east-1. When us-east-1 is the failed
 * primary (outage mode never calls it), the wait falls back to the switch alarm's state in the DR region: ALARM means
 * the alarm child is unhealthy, and with it the calculated PRIMARY check.
 */
export function switchDns(s: DrSettings, to: 'dr' | 'primary'): DrStep {
  const dr = s.target.regions.dr!;
  const sw = failoverSwitch(s.target.project, s.target.environment);
  const value = to === 'dr' ? 1 : 0;
  const wantHealthy = to === 'primary';
  const record = s.target.resources.dns?.recordName ?? '(record)';
  const route53Reachable = !(s.mode === 'outage' && s.target.regions.primary === ROUTE53_METRICS_REGION);
  const observeNow = (ctx: StepContext) => observe(s, sw.alarmName, route53Reachable, ctx.outputs[SWITCH_PUBLISHED]);
  // Done only when the switch itself is in place: in an outage the PRIMARY is already unhealthy through its endpoint,
  // but without the switch a half-recovered primary would pull traffic back.
  const reached = (o: DnsObservation) => o.switchState === (to === 'dr' ? 'ALARM' : 'OK') && o.primaryHealthy === wantHealthy;
  return {
    id: to === 'dr' ? 'dns.failover' : 'dns.failback',
    describe: () => `publish ${value} to ${sw.namespace}/${sw.metricName} in ${dr} so ${record} answers from the ${to === 'dr' ? 'SECONDARY (DR)' : 'PRIMARY'} record; wait for Route 53`,
    check: async (ctx) => {
      const o = await observeNow(ctx);
      return { state: reached(o) ? 'done' : 'todo', detail: o.detail };
    },
    run: async (ctx) => {
      ctx.record(SWITCH_PUBLISHED, new Date(s.clock.now()).toISOString());
      // Standard resolution (no StorageResolution): Route 53 alarm checks do not support high-resolution metrics.
      await call(s.clients.cloudwatch(dr), new PutMetricDataCommand({
        Namespace: sw.namespace,
        MetricData: [{ MetricName: sw.metricName, Dimensions: Object.entries(sw.dimensions).map(([Name, Value]) => ({ Name, Value })), Value: value, Unit: 'Count', Timestamp: new Date(s.clock.now()) }],
      }), { clock: s.clock, profile: s.clients.profile });
    },
    waitFor: async (ctx) => {
      await poll(async () => {
        const o = await observeNow(ctx);
        return { done: reached(o), state: o.detail };
      }, { what: `Route 53 to report the PRIMARY health check ${wantHealthy ? 'healthy' : 'unhealthy'}`, timeoutMs: s.timeouts.dns, clock: s.clock, initialDelayMs: 10_000 });
      ctx.record(DNS_SWITCHED, new Date(s.clock.now()).toISOString());
    },
  };
}

/** The switch alarm's state (DR region), and the PRIMARY record's health: its Route 53 metric when reachable, else the alarm. */
export async function observe(s: DrSettings, alarmName: string, route53Reachable: boolean, since?: string): Promise<DnsObservation> {
  const o = { clock: s.clock, profile: s.clients.profile };
  const dr = s.target.regions.dr!;
  // CloudWatch DescribeAlarms: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
  const a = await call<{ MetricAlarms?: { StateValue?: string }[] }>(s.clients.cloudwatch(dr), new DescribeAlarmsCommand({ AlarmNames: [alarmName] }), o);
  const switchState = a.MetricAlarms?.[0]?.StateValue;
  if (!switchState) throw new OpsError(`Failover switch alarm ${alarmName} not found in ${dr}.`, 'Deploy the DR stack (it creates the switch alarm and the calculated PRIMARY health check).');
  const hc = s.target.resources.dns?.primaryHealthCheckId;
  let fallbackReason = hc ? 'us-east-1 is the failed region' : 'primary health check id unknown';
  if (hc && route53Reachable) {
    try {
      const now = s.clock.now();
      const from = since ? Math.min(Date.parse(since), now - 60_000) : now - 5 * 60_000;
      // Route 53 HealthCheckStatus: 1 healthy, 0 unhealthy, per minute.
      const m = await call<{ Datapoints?: { Timestamp?: Date; Minimum?: number }[] }>(s.clients.cloudwatch(ROUTE53_METRICS_REGION), new GetMetricStatisticsCommand({
        Namespace: 'AWS/Route53', MetricName: 'HealthCheckStatus', Dimensions: [{ Name: 'HealthCheckId', Value: hc }],
        StartTime: new Date(from), EndTime: new Date(now), Period: 60, Statistics: ['Minimum'],
      }), { ...o, maxAttempts: 3 });
      const points = (m.Datapoints ?? []).filter((d) => d.Minimum !== undefined && (!since || (d.Timestamp?.getTime() ?? 0) >= Date.parse(since)));
      const latest = points.sort((x, y) => (y.Timestamp?.getTime() ?? 0) - (x.Timestamp?.getTime() ?? 0))[0];
      if (!latest) return { switchState, detail: `switch ${switchState}; no HealthCheckStatus datapoint for ${hc} yet` };
      return { switchState, primaryHealthy: latest.Minimum! >= 1, detail: `switch ${switchState}; Route 53 health check ${hc}: ${latest.Minimum! >= 1 ? 'healthy' : 'unhealthy'}` };
    } catch (e) {
      if (e instanceof OpsError) throw e;
      fallbackReason = `Route 53 metrics unreachable (${errorMessage(e)})`;
    }
  }
  // ALARM: the alarm child is unhealthy, so the calculated PRIMARY check is. OK: the switch no longer holds the
  // PRIMARY down; its endpoint child decides, which only the Route 53 metric shows.
  return { switchState, primaryHealthy: switchState === 'ALARM' ? false : switchState === 'OK' ? true : undefined, detail: `switch alarm ${alarmName} is ${switchState} (${fallbackReason})` };
}
