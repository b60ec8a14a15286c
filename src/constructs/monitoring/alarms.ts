import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALARM_DEFAULTS, type AlarmId } from '../../spec/sections/monitoring';

/** Override for one alarm; anything left out keeps the default in `ALARM_DEFAULTS`. */
export interface AlarmOverride {
  /** @default - the alarm's default (most are on) */
  readonly enabled?: boolean;
  /** Threshold in the unit `ALARM_DEFAULTS[id].unit` names (MB, GB, ms, %, count). @default - per alarm */
  readonly threshold?: number;
  /** @default - per alarm */
  readonly period?: Duration;
  /** @default - per alarm */
  readonly evaluationPeriods?: number;
}

export type AlarmOverrides = Partial<Record<AlarmId, AlarmOverride>>;

/** Props every resource alarm set shares. */
export interface ResourceAlarmsBaseProps {
  /** Topic receiving ALARM and OK notifications. */
  readonly topic: sns.ITopic;
  /** Prefix of alarm names, e.g. `berthcare-staging`. @default - generated names */
  readonly alarmNamePrefix?: string;
  /** Per-alarm overrides. @default - Haven defaults */
  readonly overrides?: AlarmOverrides;
}

interface AlarmDefinition {
  readonly id: AlarmId;
  readonly title: string;
  /** Builds the metric (or metric math) for the given period. */
  readonly metric: (period: Duration) => cloudwatch.IMetric;
  /** Converts the threshold from the spec unit to the metric's unit (MB to bytes, ms to seconds...). */
  readonly scale?: (threshold: number) => number;
  readonly treatMissingData?: cloudwatch.TreatMissingData;
  /** For `above` alarms, whether reaching the threshold counts (">= 1 unhealthy host"). */
  readonly inclusive?: boolean;
}

/** Base of the per-resource alarm sets: applies defaults and overrides, wires ALARM and OK actions, collects widgets. */
export abstract class ResourceAlarmsBase extends Construct {
  /** Alarms created (disabled ones are skipped). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** One graph per alarm with the threshold as annotation, for dashboards. */
  public readonly widgets: cloudwatch.IWidget[] = [];

  constructor(scope: Construct, id: string, protected readonly base: ResourceAlarmsBaseProps, protected readonly resourceName: string) {
    super(scope, id);
  }

  /** Whether an alarm is on: its override, else on when the override sets a threshold, else Haven's default. */
  protected isEnabled(id: AlarmId): boolean {
    const override = this.base.overrides?.[id] ?? {};
    // Setting a threshold on an alarm that is off by default (absolute DB connections) switches it on.
    return override.enabled ?? (override.threshold !== undefined ? true : ALARM_DEFAULTS[id].enabled);
  }

  protected addAlarm(def: AlarmDefinition): cloudwatch.Alarm | undefined {
    const defaults = ALARM_DEFAULTS[def.id];
    const override = this.base.overrides?.[def.id] ?? {};
    if (!this.isEnabled(def.id)) return undefined;
    const threshold = override.threshold ?? defaults.threshold;
    const period = override.period ?? Duration.minutes(defaults.periodMinutes);
    const evaluationPeriods = override.evaluationPeriods ?? defaults.evaluationPeriods;
    const metric = def.metric(period);
    const comparisonOperator = defaults.direction === 'below'
      ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD
      : def.inclusive ? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const scaled = def.scale ? def.scale(threshold) : threshold;
    const alarm = new cloudwatch.Alarm(this, def.id, {
      alarmName: this.base.alarmNamePrefix ? `${this.base.alarmNamePrefix}-${this.resourceName}-${def.id}` : undefined,
      alarmDescription: `${def.title} ${defaults.direction} ${threshold} ${defaults.unit} for ${evaluationPeriods} x ${period.toMinutes()} min (${this.resourceName}).`,
      metric,
      threshold: scaled,
      comparisonOperator,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      treatMissingData: def.treatMissingData ?? cloudwatch.TreatMissingData.MISSING,
    });
    // OK actions too, so on-call sees recovery without opening the console.
    const action = new actions.SnsAction(this.base.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    this.widgets.push(new cloudwatch.GraphWidget({
      title: `${this.resourceName}: ${def.title}`,
      left: [metric],
      leftAnnotations: [{ value: scaled, label: `${def.id} threshold` }],
      width: 8,
    }));
    return alarm;
  }
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

function metricOf(namespace: string, metricName: string, dimensionsMap: Record<string, string>, statistic: string, period: Duration, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace, metricName, dimensionsMap, statistic, period, label });
}

// ---------------------------------------------------------------------------------------------------------------
// RDS / Aurora

export interface DatabaseAlarmsProps extends ResourceAlarmsBaseProps {
  /** DBInstanceIdentifier (instance) or DBClusterIdentifier (Aurora cluster). */
  readonly identifier: string;
  /** Whether `identifier` names an Aurora cluster (cluster-level metrics; FreeLocalStorage instead of FreeStorageSpace). @default false */
  readonly aurora?: boolean;
  /**
   * The engine's max_connections, for the percent-of-max alarm (RDS exposes no metric for it). Per instance: for Aurora
   * the alarm compares it with the busiest instance. See `postgresDefaultMaxConnections` (RDS and provisioned Aurora)
   * and `auroraServerlessV2MaxConnections`.
   * @default - no percent-of-max alarm
   */
  readonly maxConnections?: number;
  /** Whether the database has read replicas (Aurora: reader instances) whose lag matters. @default false */
  readonly hasReplicas?: boolean;
  /** Name used in alarm names and widget titles. @default identifier */
  readonly displayName?: string;
}

/** CPU, freeable memory, free storage (Aurora: free local storage), connections (absolute and % of max) and replica lag for RDS or Aurora. */
export class DatabaseAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: DatabaseAlarmsProps) {
    super(scope, id, props, props.displayName ?? props.identifier);
    const dims: Record<string, string> = props.aurora ? { DBClusterIdentifier: props.identifier } : { DBInstanceIdentifier: props.identifier };
    const m = (name: string, stat: string) => (period: Duration) => metricOf('AWS/RDS', name, dims, stat, period);
    this.addAlarm({ id: 'rdsCpu', title: 'CPU utilisation', metric: m('CPUUtilization', 'Average') });
    this.addAlarm({ id: 'rdsFreeableMemoryMb', title: 'Freeable memory', metric: m('FreeableMemory', 'Minimum'), scale: (mb) => mb * MB });
    if (!props.aurora) {
      this.addAlarm({ id: 'rdsFreeStorageGb', title: 'Free storage', metric: m('FreeStorageSpace', 'Minimum'), scale: (gb) => gb * GB });
    } else {
      // Aurora has no FreeStorageSpace: the cluster volume grows by itself to 128 TiB. What fills up is each
      // instance's local disk (temporary files of sorts, hash joins, temp tables; logs), and a full one fails queries.
      // Minimum over the cluster dimension is the worst instance, so one alarm covers writer and readers.
      this.addAlarm({ id: 'auroraFreeLocalStorageGb', title: 'Free local storage', metric: m('FreeLocalStorage', 'Minimum'), scale: (gb) => gb * GB });
    }
    // Connections: Maximum over the cluster dimension is the busiest instance, the one that hits its own max_connections first.
    this.addAlarm({ id: 'rdsConnections', title: 'Connections', metric: m('DatabaseConnections', 'Maximum') });
    if (props.maxConnections !== undefined) {
      const max = props.maxConnections;
      if (max <= 0) throw new Error(`maxConnections must be positive, got ${max}`);
      this.addAlarm({ id: 'rdsConnectionsPercent', title: `Connections (% of ${max})`, metric: m('DatabaseConnections', 'Maximum'), scale: (pct) => Math.floor((pct / 100) * max) });
    }
    if (props.hasReplicas) {
      this.addAlarm(props.aurora
        // Readers publish AuroraReplicaLag (milliseconds; the spec threshold is seconds); Maximum over the cluster is
        // the furthest-behind reader.
        ? { id: 'rdsReplicaLagSeconds', title: 'Replica lag', metric: m('AuroraReplicaLag', 'Maximum'), scale: (s) => s * 1000, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING }
        : { id: 'rdsReplicaLagSeconds', title: 'Replica lag', metric: m('ReplicaLag', 'Maximum'), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
    }
  }
}

/**
 * PostgreSQL's RDS default max_connections: LEAST(DBInstanceClassMemory / 9531392, 5000).
 * DBInstanceClassMemory is the class memory less what the OS reserves; the 0.9 factor approximates that reservation,
 * which keeps the alarm conservative.
 */
export function postgresDefaultMaxConnections(memoryGiB: number): number {
  return Math.min(Math.floor((memoryGiB * 0.9 * GB) / 9531392), 5000);
}

// ---------------------------------------------------------------------------------------------------------------
// ElastiCache Redis

export interface RedisAlarmsProps extends ResourceAlarmsBaseProps {
  /** Member cache cluster ids (nodes) of the replication group, e.g. `app-cache-001`. At most 10. */
  readonly cacheClusterIds: readonly string[];
  /**
   * CPU metric: EngineCPUUtilization (the single Redis thread, what saturates first) or host CPUUtilization.
   * @default 'EngineCPUUtilization'
   */
  readonly cpuMetric?: 'EngineCPUUtilization' | 'CPUUtilization';
  /** @default - first cluster id */
  readonly displayName?: string;
}

/** Engine CPU, memory usage % and evictions for a Redis replication group (worst node). */
export class RedisAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: RedisAlarmsProps) {
    if (props.cacheClusterIds.length === 0 || props.cacheClusterIds.length > 10) {
      throw new Error(`RedisAlarms needs 1-10 cache cluster ids (metric math limit), got ${props.cacheClusterIds.length}`);
    }
    super(scope, id, props, props.displayName ?? props.cacheClusterIds[0]);
    // ElastiCache publishes per node; the alarm watches the worst node via MAX() so one alarm covers the group.
    const worst = (name: string, stat: string) => (period: Duration): cloudwatch.IMetric => {
      const metrics = props.cacheClusterIds.map((cid) => metricOf('AWS/ElastiCache', name, { CacheClusterId: cid }, stat, period));
      if (metrics.length === 1) return metrics[0];
      return new cloudwatch.MathExpression({
        expression: `MAX([${metrics.map((_, i) => `m${i}`).join(',')}])`,
        usingMetrics: Object.fromEntries(metrics.map((metric, i) => [`m${i}`, metric])),
        period,
        label: `${name} (worst node)`,
      });
    };
    this.addAlarm({ id: 'redisCpu', title: props.cpuMetric ?? 'EngineCPUUtilization', metric: worst(props.cpuMetric ?? 'EngineCPUUtilization', 'Average') });
    this.addAlarm({ id: 'redisMemoryPercent', title: 'Memory usage', metric: worst('DatabaseMemoryUsagePercentage', 'Average') });
    this.addAlarm({ id: 'redisEvictions', title: 'Evictions', metric: worst('Evictions', 'Sum'), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Application Load Balancer

export interface LoadBalancerAlarmsProps extends ResourceAlarmsBaseProps {
  /** `loadBalancerFullName` (app/name/id). */
  readonly loadBalancerFullName: string;
  /** `targetGroupFullName`s whose unhealthy hosts to watch. @default - none */
  readonly targetGroupFullNames?: readonly string[];
  /** @default 'alb' */
  readonly displayName?: string;
}

/** Target response time (p95), 5xx count or rate (ELB + targets; the rate when the spec sets `alb5xxRate`) and unhealthy hosts per target group. */
export class LoadBalancerAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id, props, props.displayName ?? 'alb');
    const lb = { LoadBalancer: props.loadBalancerFullName };
    this.addAlarm({
      id: 'albTargetResponseMs', title: 'Target response time p95',
      metric: (p) => metricOf('AWS/ApplicationELB', 'TargetResponseTime', lb, 'p95', p), scale: (ms) => ms / 1000,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const errors = (p: Duration) => ({
      elb: metricOf('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', lb, 'Sum', p),
      target: metricOf('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', lb, 'Sum', p),
    });
    if (this.isEnabled('alb5xxRate')) {
      // The rate form replaces the count: 5xx (ELB + targets) per 100 requests, by metric math
      // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html; metric names:
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
      // A period without requests has no RequestCount datapoint, so the rate is missing there, not breaching.
      this.addAlarm({
        id: 'alb5xxRate', title: '5xx rate (% of requests)',
        metric: (p) => new cloudwatch.MathExpression({
          expression: '100 * (FILL(elb,0) + FILL(target,0)) / requests',
          usingMetrics: { ...errors(p), requests: metricOf('AWS/ApplicationELB', 'RequestCount', lb, 'Sum', p) },
          period: p,
          label: '5xx rate (%)',
        }),
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    } else {
      this.addAlarm({
        id: 'alb5xx', title: '5xx responses',
        // FILL(...,0): either series is absent when it has no errors.
        metric: (p) => new cloudwatch.MathExpression({ expression: 'FILL(elb,0) + FILL(target,0)', usingMetrics: errors(p), period: p, label: '5xx (ELB + target)' }),
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    (props.targetGroupFullNames ?? []).forEach((tg, i) => {
      const sub = new TargetGroupAlarms(this, `TargetGroup${i}`, { ...props, targetGroupFullName: tg, displayName: `${props.displayName ?? 'alb'}-tg${i}` });
      this.alarms.push(...sub.alarms);
      this.widgets.push(...sub.widgets);
    });
  }
}

export interface TargetGroupAlarmsProps extends ResourceAlarmsBaseProps {
  /** `loadBalancerFullName` (app/name/id) of the load balancer routing to the group: ALB target metrics carry both. */
  readonly loadBalancerFullName: string;
  /** `targetGroupFullName` (targetgroup/name/id). */
  readonly targetGroupFullName: string;
  /** @default targetGroupFullName */
  readonly displayName?: string;
}

/**
 * Unhealthy targets of one ALB target group. Create it next to the target group (a service's nested stack) so the
 * names resolve there, not in the load balancer's stack.
 */
export class TargetGroupAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: TargetGroupAlarmsProps) {
    super(scope, id, props, props.displayName ?? props.targetGroupFullName);
    this.addAlarm({
      id: 'albUnhealthyHosts', title: 'Unhealthy hosts', inclusive: false,
      metric: (p) => metricOf('AWS/ApplicationELB', 'UnHealthyHostCount', { LoadBalancer: props.loadBalancerFullName, TargetGroup: props.targetGroupFullName }, 'Maximum', p),
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// ECS service

export interface EcsServiceAlarmsProps extends ResourceAlarmsBaseProps {
  readonly clusterName: string;
  readonly serviceName: string;
  /**
   * Fewest running tasks that is healthy; the alarm fires below it. Overrides the `ecsRunningTasks` threshold.
   * RunningTaskCount comes from Container Insights, which must be enabled on the cluster.
   * @default - `ALARM_DEFAULTS.ecsRunningTasks.threshold` (1)
   */
  readonly minimumTasks?: number;
  /** @default serviceName */
  readonly displayName?: string;
}

/** CPU, memory and running task count of an ECS service. */
export class EcsServiceAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: EcsServiceAlarmsProps) {
    const overrides: AlarmOverrides = props.minimumTasks === undefined
      ? props.overrides ?? {}
      : { ...props.overrides, ecsRunningTasks: { ...props.overrides?.ecsRunningTasks, threshold: props.minimumTasks } };
    super(scope, id, { ...props, overrides }, props.displayName ?? props.serviceName);
    const dims = { ClusterName: props.clusterName, ServiceName: props.serviceName };
    this.addAlarm({ id: 'ecsCpu', title: 'CPU utilisation', metric: (p) => metricOf('AWS/ECS', 'CPUUtilization', dims, 'Average', p) });
    this.addAlarm({ id: 'ecsMemory', title: 'Memory utilisation', metric: (p) => metricOf('AWS/ECS', 'MemoryUtilization', dims, 'Average', p) });
    // No data means the service (or Container Insights) is gone: that is worth waking someone for.
    this.addAlarm({ id: 'ecsRunningTasks', title: 'Running tasks', metric: (p) => metricOf('ECS/ContainerInsights', 'RunningTaskCount', dims, 'Minimum', p), treatMissingData: cloudwatch.TreatMissingData.BREACHING });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// NAT gateway

export interface NatGatewayAlarmsProps extends ResourceAlarmsBaseProps {
  readonly natGatewayId: string;
  /** @default natGatewayId */
  readonly displayName?: string;
}

/** Port allocation errors (connection exhaustion) and dropped packets of a NAT gateway. */
export class NatGatewayAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: NatGatewayAlarmsProps) {
    super(scope, id, props, props.displayName ?? props.natGatewayId);
    const dims = { NatGatewayId: props.natGatewayId };
    this.addAlarm({ id: 'natPortAllocationErrors', title: 'Port allocation errors', metric: (p) => metricOf('AWS/NATGateway', 'ErrorPortAllocation', dims, 'Sum', p), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
    this.addAlarm({ id: 'natPacketsDropped', title: 'Packets dropped', metric: (p) => metricOf('AWS/NATGateway', 'PacketsDropCount', dims, 'Sum', p), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// WAF

export interface WebAclAlarmsProps extends ResourceAlarmsBaseProps {
  readonly webAclName: string;
  /**
   * Region dimension of a REGIONAL web ACL. Leave out for a CLOUDFRONT-scope ACL (its metrics have no Region and live in us-east-1).
   * @default - CLOUDFRONT scope
   */
  readonly region?: string;
}

/** Blocked requests of a WAFv2 web ACL: a spike is an attack or a rule blocking real users. */
export class WebAclAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: WebAclAlarmsProps) {
    super(scope, id, props, props.webAclName);
    const dims: Record<string, string> = { WebACL: props.webAclName, Rule: 'ALL' };
    if (props.region) dims.Region = props.region;
    this.addAlarm({ id: 'wafBlockedRequests', title: 'Blocked requests', metric: (p) => metricOf('AWS/WAFV2', 'BlockedRequests', dims, 'Sum', p), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CloudFront

export interface DistributionAlarmsProps extends ResourceAlarmsBaseProps {
  readonly distributionId: string;
  /** @default distributionId */
  readonly displayName?: string;
}

/** 5xx error rate of a CloudFront distribution. CloudFront metrics exist only in us-east-1, so the stack must be there. */
export class DistributionAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: DistributionAlarmsProps) {
    super(scope, id, props, props.displayName ?? props.distributionId);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== 'us-east-1') {
      throw new Error(`CloudFront alarms must be created in a us-east-1 stack (CloudFront publishes metrics only there); this stack is in ${region}`);
    }
    this.addAlarm({
      id: 'cloudfront5xxRate', title: '5xx error rate',
      metric: (p) => metricOf('AWS/CloudFront', '5xxErrorRate', { DistributionId: props.distributionId, Region: 'Global' }, 'Average', p),
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lambda

export interface LambdaAlarmsProps extends ResourceAlarmsBaseProps {
  readonly functionName: string;
  /** @default functionName */
  readonly displayName?: string;
}

/** Errors and throttles of a Lambda function. */
export class LambdaAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: LambdaAlarmsProps) {
    super(scope, id, props, props.displayName ?? props.functionName);
    const dims = { FunctionName: props.functionName };
    this.addAlarm({ id: 'lambdaErrors', title: 'Errors', metric: (p) => metricOf('AWS/Lambda', 'Errors', dims, 'Sum', p), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
    this.addAlarm({ id: 'lambdaThrottles', title: 'Throttles', metric: (p) => metricOf('AWS/Lambda', 'Throttles', dims, 'Sum', p), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// EFS

export interface FileSystemAlarmsProps extends ResourceAlarmsBaseProps {
  readonly fileSystemId: string;
  /** Burst credits only matter (and the alarm is only made) in bursting mode. @default efs.ThroughputMode.ELASTIC */
  readonly throughputMode?: efs.ThroughputMode;
  /** PercentIOLimit is only published in General Purpose mode. @default efs.PerformanceMode.GENERAL_PURPOSE */
  readonly performanceMode?: efs.PerformanceMode;
  /** @default fileSystemId */
  readonly displayName?: string;
}

/** Burst credits running out (bursting throughput) and the General Purpose I/O limit being reached, for an EFS file system. */
export class FileSystemAlarms extends ResourceAlarmsBase {
  constructor(scope: Construct, id: string, props: FileSystemAlarmsProps) {
    super(scope, id, props, props.displayName ?? props.fileSystemId);
    const dims = { FileSystemId: props.fileSystemId };
    if (props.throughputMode === efs.ThroughputMode.BURSTING) {
      // At zero credits throughput falls to the baseline (50 KiB/s per GiB stored): alarm while there is time to act.
      this.addAlarm({ id: 'efsBurstCreditBalanceGb', title: 'Burst credit balance', metric: (p) => metricOf('AWS/EFS', 'BurstCreditBalance', dims, 'Minimum', p), scale: (gb) => gb * GB });
    }
    if ((props.performanceMode ?? efs.PerformanceMode.GENERAL_PURPOSE) === efs.PerformanceMode.GENERAL_PURPOSE) {
      // Idle file systems publish nothing: no data is not a problem.
      this.addAlarm({ id: 'efsPercentIOLimit', title: 'I/O limit used', metric: (p) => metricOf('AWS/EFS', 'PercentIOLimit', dims, 'Average', p), treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// VPC flow logs

/**
 * Fields of the default VPC flow-log format (version 2), in order. `action` is ACCEPT or REJECT; NODATA and SKIPDATA
 * records carry '-' there and never match.
 */
export const FLOW_LOG_DEFAULT_FIELDS = [
  'version', 'account', 'eni', 'source', 'destination', 'srcport', 'destport', 'protocol', 'packets', 'bytes', 'windowstart', 'windowend', 'action', 'flowlogstatus',
] as const;

export interface FlowLogAlarmsProps extends ResourceAlarmsBaseProps {
  /** Log group receiving the VPC's flow logs in the default format. */
  readonly flowLogGroup: logs.ILogGroup;
  /** @default 'Haven/VPC' */
  readonly metricNamespace?: string;
  /** Metric the filter writes; give each VPC its own when several share an account and region. @default 'RejectedFlows' */
  readonly metricName?: string;
  /** @default 'vpc' */
  readonly displayName?: string;
}

/**
 * A metric filter counting REJECT records in the flow-log group, and an alarm on the count: a burst of refused
 * connections is a scan or probe, or a security group / network ACL now refusing traffic the application needs.
 */
export class FlowLogAlarms extends ResourceAlarmsBase {
  public readonly metricFilter: logs.MetricFilter;

  constructor(scope: Construct, id: string, props: FlowLogAlarmsProps) {
    super(scope, id, props, props.displayName ?? 'vpc');
    this.metricFilter = new logs.MetricFilter(this, 'RejectFilter', {
      logGroup: props.flowLogGroup,
      filterPattern: logs.FilterPattern.spaceDelimited(...FLOW_LOG_DEFAULT_FIELDS).whereString('action', '=', 'REJECT'),
      metricNamespace: props.metricNamespace ?? 'Haven/VPC',
      metricName: props.metricName ?? 'RejectedFlows',
      metricValue: '1',
      // Zero for log events that do not match, so quiet periods read 0 rather than no data.
      defaultValue: 0,
    });
    const filter = this.metricFilter;
    this.addAlarm({
      id: 'flowLogRejects', title: 'Rejected flows',
      metric: (p) => filter.metric({ statistic: 'Sum', period: p }),
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
