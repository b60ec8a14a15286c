import { CfnResource } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OperationalDashboards, type OperationalDashboardsProps } from '../../constructs/monitoring';
import type { PlatformContext } from '../context';
import { backupVaultName } from './backup';
import { securityEventNamespace, trailLogGroupOf } from './security';

/** Labelled entries of an optional registry map. */
function entries<T>(map: ReadonlyMap<string, T> | undefined): [string, T][] {
  return [...(map?.entries() ?? [])];
}

/** CloudFormation resource types this stack holds (account-level services are built by whichever stack owns them). */
function resourceTypes(ctx: PlatformContext): Set<string> {
  return new Set(ctx.stack.node.findAll().flatMap((c) => (c instanceof CfnResource ? [c.cfnResourceType] : [])));
}

/**
 * Sources of the primary region's views: load balancers, services and functions (operations), the CloudTrail metric
 * filters, web ACLs and GuardDuty (security), Config, the trail and the backup vault (compliance), the budget (cost).
 */
function primarySources(ctx: PlatformContext): Omit<OperationalDashboardsProps, 'namePrefix'> {
  const mainAlb = ctx.registry.loadBalancer?.loadBalancer;
  const loadBalancers = [
    ...(mainAlb ? [{ name: 'alb', loadBalancerFullName: mainAlb.loadBalancerFullName }] : []),
    ...[...(ctx.registry.loadBalancers?.values() ?? [])].filter((lb) => !(mainAlb && lb.name === 'alb')).map((lb) => ({ name: lb.name, loadBalancerFullName: lb.loadBalancerFullName })),
  ];
  const workloads = [...ctx.registry.workloads.values()];
  const types = resourceTypes(ctx);
  const trail = trailLogGroupOf(ctx);
  return {
    loadBalancers,
    targetGroups: entries(ctx.registry.targetGroups).map(([label, tg]) => ({ label, ...tg })),
    endpointHealthChecks: entries(ctx.registry.healthChecks).map(([label, healthCheckId]) => ({ label, healthCheckId })),
    services: workloads.flatMap((w) => (w.kind === 'ecs-service' && w.metricDimensions?.ClusterName && w.metricDimensions.ServiceName
      ? [{ name: w.name, clusterName: w.metricDimensions.ClusterName, serviceName: w.metricDimensions.ServiceName }] : [])),
    functions: workloads.flatMap((w) => (w.kind === 'lambda' && w.metricDimensions?.FunctionName ? [w.metricDimensions.FunctionName] : [])),
    securityEventNamespace: trail ? securityEventNamespace(ctx) : undefined,
    webAcls: [...(ctx.registry.webAcls?.values() ?? [])].map((a) => ({ webAclName: a.webAclName, region: a.scope === 'REGIONAL' ? ctx.region : undefined })),
    guardDuty: types.has('AWS::GuardDuty::Detector'),
    config: types.has('AWS::Config::ConfigurationRecorder'),
    trailLogGroupName: trail?.logGroupName,
    backupVaultName: types.has('AWS::Backup::BackupVault') ? backupVaultName(ctx) : undefined,
    // Billing metrics exist for every account; the budget line only where the spec sets one.
    estimatedCharges: true,
    monthlyBudgetUsd: ctx.plan.budget?.monthlyUsd,
  };
}

/** Sources of the DR region's view: the cross-region replicas' lag and the failover records' health checks. */
function drSources(ctx: PlatformContext): Omit<OperationalDashboardsProps, 'namePrefix'> {
  return {
    // In the DR stack the registered RDS instances are the cross-region read replicas (Aurora secondaries report
    // AuroraGlobalDBReplicationLag instead and have their own alarm).
    replicas: [...ctx.registry.dataStores.values()].filter((d) => d.kind === 'rds-instance').map((d) => ({ name: d.name, identifier: d.metricId, region: ctx.region })),
    healthChecks: entries(ctx.registry.healthChecks).map(([label, healthCheckId]) => ({ label, healthCheckId })),
  };
}

/**
 * The operational dashboards (operations, security, compliance, cost in the primary region; DR in the DR region,
 * beside the replicas and failover records it graphs), each only with the widgets whose sources exist here.
 */
export function buildOperationalViews(ctx: PlatformContext, scope: Construct): OperationalDashboards | undefined {
  if (ctx.role === 'edge') return undefined;
  const sources = ctx.role === 'primary' ? primarySources(ctx) : drSources(ctx);
  const views = new OperationalDashboards(scope, 'Views', { namePrefix: ctx.name('view'), ...sources });
  for (const [view, dashboard] of views.dashboards) ctx.evidence(`Dashboard${view[0].toUpperCase()}${view.slice(1)}`, dashboard.dashboardName, `CloudWatch ${view} dashboard`);
  return views;
}
