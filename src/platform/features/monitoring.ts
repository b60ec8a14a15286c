import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_SERVERLESS_CAPACITY } from '../../constructs/database';
import {
  allowTopicPublishers, auroraServerlessV2MaxConnections, DatabaseAlarms, DistributionAlarms, FileSystemAlarms, FlowLogAlarms, instanceClassMemoryGiB, postgresDefaultMaxConnections, EcsServiceAlarms,
  EnvironmentDashboard, LambdaAlarms, LoadBalancerAlarms, LogRetentionPolicy, NatGatewayAlarms, RedisAlarms, SecurityQueries, TracingSamplingRule, WebAclAlarms, type AlarmOverrides,
  type ResourceAlarmsBase, type SlowQueryEngine,
} from '../../constructs/monitoring';
import { logRetentionDaysFor } from '../../spec/rules/monitoring';
import { ALARM_IDS, type LogClass } from '../../spec/sections/monitoring';
import type { EnvironmentPlan } from '../../spec/resolve';
import type { PlatformContext, PlatformDataStore, PlatformFeature } from '../context';
import { buildOperationalViews } from './operational-views';
import { trailLogGroupOf } from './security';

/** Spec alarm tuning (minutes) as construct overrides (Durations). */
export function alarmOverrides(plan: EnvironmentPlan): AlarmOverrides {
  const tuning = plan.monitoring?.alarms ?? {};
  const out: Record<string, unknown> = {};
  for (const id of ALARM_IDS) {
    const t = tuning[id];
    if (!t) continue;
    out[id] = {
      enabled: t.enabled,
      threshold: t.threshold,
      period: t.periodMinutes !== undefined ? Duration.minutes(t.periodMinutes) : undefined,
      evaluationPeriods: t.evaluationPeriods,
    };
  }
  return out as AlarmOverrides;
}

/** Retention per log class: tier defaults overridden by `monitoring.logRetentionDays`, at least a year in production. */
export function logRetentionPolicy(plan: EnvironmentPlan): LogRetentionPolicy {
  const days = { ...plan.defaults.logRetentionDays, ...(plan.monitoring?.logRetentionDays ?? {}) } as Record<LogClass, number>;
  return new LogRetentionPolicy(Object.fromEntries(Object.entries(days).map(([cls, d]) => [cls, logRetentionDaysFor(plan, d)])) as Record<LogClass, number>);
}

/** NAT gateway ids: registered by the network feature, else found in the VPC's public subnets (CDK names them NATGateway). */
function natGatewayIds(ctx: PlatformContext): string[] {
  if (ctx.registry.natGatewayIds) return ctx.registry.natGatewayIds;
  return ctx.vpc.publicSubnets.flatMap((subnet) => {
    const nat = subnet.node.tryFindChild('NATGateway');
    return nat instanceof ec2.CfnNatGateway ? [nat.ref] : [];
  });
}

/**
 * max_connections for the percent alarm: what the database feature registered, else PostgreSQL's default for the
 * instance class in the spec (or the tier default); RDS and provisioned Aurora PostgreSQL share the formula.
 * Serverless v2 capacity moves, but its max_connections does not: Aurora sets it once from the MAXIMUM ACU (a static
 * parameter), so DatabaseConnections against that fixed ceiling stays the right measure at any current capacity.
 */
export function estimatedMaxConnections(plan: EnvironmentPlan, store: PlatformDataStore): number | undefined {
  if (store.maxConnections !== undefined) return store.maxConnections;
  if (store.defaultPort !== 5432) return undefined;
  const db = (plan.databases as Record<string, { engine?: string; instanceClass?: string; serverless?: { minCapacity?: number; maxCapacity?: number } }> | undefined)?.[store.name];
  if (db?.engine === 'aurora-postgresql-serverless') {
    return auroraServerlessV2MaxConnections(db.serverless?.minCapacity ?? DEFAULT_SERVERLESS_CAPACITY.min, db.serverless?.maxCapacity ?? DEFAULT_SERVERLESS_CAPACITY.max);
  }
  const memory = instanceClassMemoryGiB(db?.instanceClass ?? plan.defaults.dbInstanceClass);
  return memory === undefined ? undefined : postgresDefaultMaxConnections(memory);
}

/**
 * ElastiCache member cluster ids (metrics are per node): registered ids, else derived from the caches section the way
 * ElastiCache names members (`<group>-001`, or `<group>-0001-001` per shard with cluster mode). At most 10 (alarm math limit).
 */
export function redisMemberIds(plan: EnvironmentPlan, store: PlatformDataStore): string[] {
  if (store.memberIds?.length) return store.memberIds.slice(0, 10);
  const spec = (plan.caches as Record<string, { nodes?: number; shards?: number; replicasPerShard?: number; multiAz?: boolean }> | undefined)?.[store.name];
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const ids: string[] = [];
  if (spec?.shards !== undefined) {
    for (let s = 1; s <= spec.shards; s++) for (let r = 1; r <= 1 + (spec.replicasPerShard ?? 1); r++) ids.push(`${store.metricId}-${pad(s, 4)}-${pad(r, 3)}`);
  } else {
    const nodes = spec?.nodes ?? ((spec?.multiAz ?? plan.defaults.multiAz) ? 2 : 1);
    for (let n = 1; n <= nodes; n++) ids.push(`${store.metricId}-${pad(n, 3)}`);
  }
  return ids.slice(0, 10);
}

const EFS_THROUGHPUT: Record<string, efs.ThroughputMode> = { elastic: efs.ThroughputMode.ELASTIC, bursting: efs.ThroughputMode.BURSTING, provisioned: efs.ThroughputMode.PROVISIONED };
const EFS_PERFORMANCE: Record<string, efs.PerformanceMode> = { 'general-purpose': efs.PerformanceMode.GENERAL_PURPOSE, 'max-io': efs.PerformanceMode.MAX_IO };

/** Throughput and performance modes of an EFS store from the fileSystems section (construct defaults when absent). */
export function fileSystemModes(plan: EnvironmentPlan, store: PlatformDataStore): { throughputMode?: efs.ThroughputMode; performanceMode?: efs.PerformanceMode } {
  const spec = (plan.fileSystems as Record<string, { throughputMode?: string; performanceMode?: string }> | undefined)?.[store.name];
  return {
    throughputMode: spec?.throughputMode ? EFS_THROUGHPUT[spec.throughputMode] : undefined,
    performanceMode: spec?.performanceMode ? EFS_PERFORMANCE[spec.performanceMode] : undefined,
  };
}

function engineOf(port: number): SlowQueryEngine | undefined {
  if (port === 5432) return 'postgres';
  if (port === 3306) return 'mysql';
  return undefined;
}

/**
 * Runs last: alarms for everything the other features registered (thresholds from `monitoring.alarms` over Haven
 * defaults, ALARM and OK to the alarm topic), then in the primary region the environment dashboard, saved security
 * queries and the X-Ray sampling rule. CloudFront alarms are made in the edge (us-east-1) stack where its metrics live.
 */
export const monitoringFeature: PlatformFeature = {
  name: 'monitoring',
  roles: ['primary', 'dr', 'edge'],
  apply(ctx: PlatformContext): void {
    const scope = new Construct(ctx.stack, 'Monitoring');
    // Alarms (this feature's and every other feature's) publish to the encrypted topic only if CloudWatch may use its key.
    allowTopicPublishers(ctx.alarmTopic, ['cloudwatch.amazonaws.com']);
    const base = { topic: ctx.alarmTopic, alarmNamePrefix: ctx.name(ctx.role === 'primary' ? 'alarm' : `${ctx.role}-alarm`), overrides: alarmOverrides(ctx.plan) };
    const sections: { title: string; set: ResourceAlarmsBase }[] = [];
    const add = (title: string, set: ResourceAlarmsBase) => {
      sections.push({ title, set });
      ctx.registry.alarms.push(...set.alarms);
    };

    for (const [key, store] of ctx.registry.dataStores) {
      // Registry keys (databases.main, caches.main) are unique where spec names alone are not.
      const id = `DataStore-${key}`;
      if (store.kind === 'rds-instance' || store.kind === 'aurora-cluster') {
        add(`Database ${store.name}`, new DatabaseAlarms(scope, id, {
          ...base, identifier: store.metricId, displayName: store.name, aurora: store.kind === 'aurora-cluster',
          maxConnections: estimatedMaxConnections(ctx.plan, store), hasReplicas: store.hasReplicas,
        }));
      } else if (store.kind === 'redis') {
        add(`Cache ${store.name}`, new RedisAlarms(scope, id, { ...base, displayName: store.name, cacheClusterIds: redisMemberIds(ctx.plan, store) }));
      } else if (store.kind === 'efs') {
        add(`File system ${store.name}`, new FileSystemAlarms(scope, id, { ...base, displayName: store.name, fileSystemId: store.metricId, ...fileSystemModes(ctx.plan, store) }));
      }
    }
    const flowLogGroup = ctx.registry.logGroups?.get('flowlogs');
    if (flowLogGroup) {
      // One metric per VPC (environment and role), so environments sharing an account and region count separately.
      add('VPC flow logs', new FlowLogAlarms(scope, 'FlowLogs', { ...base, displayName: 'vpc', flowLogGroup, metricName: ctx.name(ctx.role === 'primary' ? 'rejected-flows' : `${ctx.role}-rejected-flows`) }));
    }
    const mainAlb = ctx.registry.loadBalancer?.loadBalancer;
    if (mainAlb && ![...ctx.registry.loadBalancers?.values() ?? []].some((lb) => lb.name === 'alb')) {
      // The edge feature's ALB: target groups are added later by services, so only LB-level alarms here.
      add('Load balancer', new LoadBalancerAlarms(scope, 'Alb', { ...base, displayName: 'alb', loadBalancerFullName: mainAlb.loadBalancerFullName }));
    }
    for (const lb of ctx.registry.loadBalancers?.values() ?? []) {
      add(`Load balancer ${lb.name}`, new LoadBalancerAlarms(scope, `Alb-${lb.name}`, { ...base, displayName: lb.name, loadBalancerFullName: lb.loadBalancerFullName, targetGroupFullNames: lb.targetGroupFullNames }));
    }
    for (const w of ctx.registry.workloads.values()) {
      const dims = w.metricDimensions;
      if (w.kind === 'ecs-service' && dims?.ClusterName && dims.ServiceName) {
        add(`Service ${w.name}`, new EcsServiceAlarms(scope, `Ecs-${w.name}`, { ...base, displayName: w.name, clusterName: dims.ClusterName, serviceName: dims.ServiceName, minimumTasks: w.minimumTasks }));
      } else if (w.kind === 'lambda' && dims?.FunctionName) {
        add(`Function ${w.name}`, new LambdaAlarms(scope, `Lambda-${w.name}`, { ...base, displayName: w.name, functionName: dims.FunctionName }));
      }
    }
    natGatewayIds(ctx).forEach((natId, i) => add(`NAT gateway ${i + 1}`, new NatGatewayAlarms(scope, `Nat${i}`, { ...base, natGatewayId: natId, displayName: `nat${i + 1}` })));
    for (const acl of ctx.registry.webAcls?.values() ?? []) {
      add(`WAF ${acl.name}`, new WebAclAlarms(scope, `Waf-${acl.name}`, { ...base, webAclName: acl.webAclName, region: acl.scope === 'REGIONAL' ? ctx.region : undefined }));
    }
    if (ctx.role === 'edge') {
      for (const d of ctx.registry.distributions?.values() ?? []) {
        add(`CloudFront ${d.name}`, new DistributionAlarms(scope, `Cdn-${d.name}`, { ...base, displayName: d.name, distributionId: d.distributionId }));
      }
    }

    const spec = ctx.plan.monitoring ?? {};
    if (spec.dashboard ?? true) buildOperationalViews(ctx, scope);
    if (ctx.role !== 'primary') return;
    if (spec.dashboard ?? true) {
      const dashboard = new EnvironmentDashboard(scope, 'Dashboard', {
        dashboardName: ctx.name('overview'),
        description: `# ${ctx.plan.project.name} ${ctx.plan.name} (${ctx.plan.tier})\nRegion ${ctx.region}${ctx.plan.regions.dr ? `, DR ${ctx.plan.regions.dr}` : ''}. Alarms notify the environment alarm topic.`,
      });
      for (const s of sections) dashboard.addSection(s.title, s.set.widgets);
      dashboard.addSection('Other', ctx.registry.dashboardWidgets as cloudwatch.IWidget[]);
      ctx.evidence('DashboardName', dashboard.dashboard.dashboardName, 'CloudWatch dashboard for the environment');
    }
    if (spec.queries ?? true) {
      const databaseLogGroups = [...ctx.registry.dataStores.values()].flatMap((d) => {
        const engine = engineOf(d.defaultPort);
        if (!engine || (d.kind !== 'rds-instance' && d.kind !== 'aurora-cluster')) return [];
        // RDS exports engine logs to this fixed name; the database feature enables the export (slow-query threshold).
        const kind = d.kind === 'aurora-cluster' ? 'cluster' : 'instance';
        const logName = engine === 'postgres' ? 'postgresql' : 'slowquery';
        return [{ engine, logGroup: logs.LogGroup.fromLogGroupName(scope, `DbLog-${d.name}`, `/aws/rds/${kind}/${d.metricId}/${logName}`) }];
      });
      new SecurityQueries(scope, 'Queries', {
        prefix: ctx.name('queries'),
        trailLogGroup: trailLogGroupOf(ctx),
        flowLogGroup: ctx.registry.logGroups?.get('flowlogs'),
        databaseLogGroups,
      });
    }
    if (spec.tracing) {
      new TracingSamplingRule(scope, 'Tracing', {
        ruleName: ctx.name('sampling').slice(0, 32),
        fixedRate: spec.tracing.samplingRate,
        reservoirSize: spec.tracing.reservoirPerSecond,
      });
    }
  },
};
