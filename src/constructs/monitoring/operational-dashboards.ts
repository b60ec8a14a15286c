import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/** The five operational views: each becomes one CloudWatch dashboard when it has at least one source. */
export const OPERATIONAL_VIEWS = ['operations', 'security', 'compliance', 'cost', 'dr'] as const;
export type OperationalView = (typeof OPERATIONAL_VIEWS)[number];

export interface DashboardLoadBalancer {
  readonly name: string;
  /** `loadBalancerFullName` (app/name/id). */
  readonly loadBalancerFullName: string;
}

/** One service's target group: its latency and errors are the service's. */
export interface DashboardTargetGroup {
  readonly label: string;
  readonly loadBalancerFullName: string;
  /** `targetGroupFullName` (targetgroup/name/id). */
  readonly targetGroupFullName: string;
}

export interface DashboardHealthCheck {
  readonly label: string;
  readonly healthCheckId: string;
}

export interface DashboardService {
  readonly name: string;
  readonly clusterName: string;
  readonly serviceName: string;
}

export interface DashboardWebAcl {
  readonly webAclName: string;
  /** Region dimension of a REGIONAL web ACL; absent for CLOUDFRONT scope (metrics in us-east-1, no Region). */
  readonly region?: string;
}

export interface DashboardReplica {
  readonly name: string;
  /** DB instance identifier of the cross-region read replica. */
  readonly identifier: string;
  /** Region the replica runs in (its ReplicaLag is published there). */
  readonly region: string;
}

export interface OperationalDashboardsProps {
  /** Dashboard names are `${namePrefix}-<view>`. */
  readonly namePrefix: string;
  /** Operations: requests, latency and errors per load balancer. @default - none */
  readonly loadBalancers?: readonly DashboardLoadBalancer[];
  /** Operations: latency and errors per service (its target group). @default - none */
  readonly targetGroups?: readonly DashboardTargetGroup[];
  /** Operations: Route 53 health checks of the public endpoints. @default - none */
  readonly endpointHealthChecks?: readonly DashboardHealthCheck[];
  /** Operations: CPU and memory (saturation) per ECS service. @default - none */
  readonly services?: readonly DashboardService[];
  /** Operations: errors, throttles and duration per Lambda function name. @default - none */
  readonly functions?: readonly string[];
  /** Security: namespace of the CloudTrail metric filters (UnauthorizedApiCalls, ConsoleLoginFailures...). @default - none */
  readonly securityEventNamespace?: string;
  /** Security: web ACLs whose blocked requests to graph. @default - none */
  readonly webAcls?: readonly DashboardWebAcl[];
  /** Security: count GuardDuty findings (an EventBridge rule's MatchedEvents). @default false */
  readonly guardDuty?: boolean;
  /** Compliance: count Config rule changes to NON_COMPLIANT (an EventBridge rule's MatchedEvents). @default false */
  readonly config?: boolean;
  /** Compliance: CloudTrail's CloudWatch log group, whose incoming events show delivery. @default - none */
  readonly trailLogGroupName?: string;
  /** Compliance: AWS Backup vault whose job outcomes to graph. @default - none */
  readonly backupVaultName?: string;
  /** Cost: monthly budget in USD, drawn as a line on the estimated charges. @default - estimated charges only */
  readonly monthlyBudgetUsd?: number;
  /** Cost: graph the account's estimated charges (billing metrics, us-east-1). @default false */
  readonly estimatedCharges?: boolean;
  /** DR: cross-region read replicas whose lag to graph. @default - none */
  readonly replicas?: readonly DashboardReplica[];
  /** DR: Route 53 health checks of the failover records. @default - none */
  readonly healthChecks?: readonly DashboardHealthCheck[];
  /** @default 24 hours */
  readonly defaultRange?: Duration;
}

const FIVE_MINUTES = Duration.minutes(5);

function metric(namespace: string, metricName: string, dimensionsMap: Record<string, string>, statistic: string, opts: { label?: string; region?: string; period?: Duration } = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace, metricName, dimensionsMap, statistic, period: opts.period ?? FIVE_MINUTES, label: opts.label, region: opts.region });
}

function graph(title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, width: 12, height: 6, ...extra });
}

/**
 * Route 53 health-check status; Route 53 publishes these metrics in us-east-1 only
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html).
 */
function healthGraph(title: string, checks: readonly DashboardHealthCheck[]): cloudwatch.GraphWidget {
  return graph(title, checks.map((c) => metric('AWS/Route53', 'HealthCheckStatus', { HealthCheckId: c.healthCheckId }, 'Minimum', { label: c.label, region: 'us-east-1', period: Duration.minutes(1) })));
}

/**
 * The operational views an on-call team reads (TechCorp's seed: "5 operational dashboards"): Operations (latency,
 * errors, saturation per service), Security (GuardDuty findings, unauthorized API calls, WAF blocks, failed console
 * logins), Compliance (Config rule compliance, CloudTrail delivery, backup jobs), Cost (estimated charges against the
 * budget) and DR (replication lag, health checks). Each view only graphs the sources it was given, and a view with
 * none makes no dashboard.
 */
export class OperationalDashboards extends Construct {
  /** The dashboards made, by view. */
  public readonly dashboards = new Map<OperationalView, cloudwatch.Dashboard>();
  /** EventBridge rules whose MatchedEvents count findings and compliance changes. */
  public readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: OperationalDashboardsProps) {
    super(scope, id);
    const widgets: Record<OperationalView, cloudwatch.IWidget[]> = {
      operations: this.operations(props),
      security: this.security(props),
      compliance: this.compliance(props),
      cost: this.cost(props),
      dr: this.dr(props),
    };
    for (const view of OPERATIONAL_VIEWS) {
      if (widgets[view].length === 0) continue;
      const dashboard = new cloudwatch.Dashboard(this, `Dashboard-${view}`, {
        dashboardName: `${props.namePrefix}-${view}`,
        defaultInterval: props.defaultRange ?? Duration.hours(24),
      });
      dashboard.addWidgets(...widgets[view]);
      this.dashboards.set(view, dashboard);
    }
  }

  private operations(props: OperationalDashboardsProps): cloudwatch.IWidget[] {
    const out: cloudwatch.IWidget[] = [];
    // ALB metrics: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
    for (const lb of props.loadBalancers ?? []) {
      const dims = { LoadBalancer: lb.loadBalancerFullName };
      out.push(graph(`${lb.name}: requests and 5xx`, [metric('AWS/ApplicationELB', 'RequestCount', dims, 'Sum', { label: 'requests' })], {
        right: [metric('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', dims, 'Sum', { label: 'ELB 5xx' }), metric('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', dims, 'Sum', { label: 'target 5xx' })],
      }));
      out.push(graph(`${lb.name}: latency (s)`, ['p50', 'p95', 'p99'].map((p) => metric('AWS/ApplicationELB', 'TargetResponseTime', dims, p, { label: p }))));
    }
    const groups = props.targetGroups ?? [];
    if (groups.length > 0) {
      const per = (name: string, stat: string) => groups.map((tg) => metric('AWS/ApplicationELB', name, { LoadBalancer: tg.loadBalancerFullName, TargetGroup: tg.targetGroupFullName }, stat, { label: tg.label }));
      out.push(graph('Services: latency p95 (s)', per('TargetResponseTime', 'p95')), graph('Services: 5xx errors', per('HTTPCode_Target_5XX_Count', 'Sum')));
    }
    const checks = props.endpointHealthChecks ?? [];
    if (checks.length > 0) out.push(healthGraph('Endpoint health checks (1 healthy, 0 unhealthy)', checks));
    const services = props.services ?? [];
    if (services.length > 0) {
      const per = (name: string) => services.map((s) => metric('AWS/ECS', name, { ClusterName: s.clusterName, ServiceName: s.serviceName }, 'Average', { label: s.name }));
      out.push(graph('Services: CPU utilisation (%)', per('CPUUtilization')), graph('Services: memory utilisation (%)', per('MemoryUtilization')));
    }
    const functions = props.functions ?? [];
    if (functions.length > 0) {
      const per = (name: string, stat: string) => functions.map((f) => metric('AWS/Lambda', name, { FunctionName: f }, stat, { label: f }));
      out.push(graph('Functions: errors', per('Errors', 'Sum')), graph('Functions: throttles', per('Throttles', 'Sum')), graph('Functions: duration p95 (ms)', per('Duration', 'p95')));
    }
    return out;
  }

  private security(props: OperationalDashboardsProps): cloudwatch.IWidget[] {
    const out: cloudwatch.IWidget[] = [];
    if (props.guardDuty) {
      // GuardDuty publishes findings to EventBridge, not to CloudWatch metrics; a rule matching them counts them in
      // AWS/Events MatchedEvents (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html,
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
      const rule = this.countingRule('GuardDutyFindings', `${props.namePrefix}-guardduty-findings`, { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'] });
      out.push(graph('GuardDuty findings', [this.matched(rule, 'findings')]));
    }
    if (props.securityEventNamespace) {
      const ns = props.securityEventNamespace;
      out.push(graph('Unauthorized API calls', [metric(ns, 'UnauthorizedApiCalls', {}, 'Sum', { label: 'UnauthorizedApiCalls' })]));
      out.push(graph('Console sign-in', [
        metric(ns, 'ConsoleLoginFailures', {}, 'Sum', { label: 'failed sign-ins' }),
        metric(ns, 'ConsoleLoginWithoutMfa', {}, 'Sum', { label: 'sign-ins without MFA' }),
        metric(ns, 'RootAccountUsage', {}, 'Sum', { label: 'root account use' }),
      ]));
    }
    const acls = props.webAcls ?? [];
    if (acls.length > 0) {
      // CLOUDFRONT-scope web ACLs publish in us-east-1 without a Region dimension.
      out.push(graph('WAF blocked requests', acls.map((a) => metric('AWS/WAFV2', 'BlockedRequests', { WebACL: a.webAclName, Rule: 'ALL', ...(a.region ? { Region: a.region } : {}) }, 'Sum', { label: a.webAclName, region: a.region ?? 'us-east-1' }))));
    }
    return out;
  }

  private compliance(props: OperationalDashboardsProps): cloudwatch.IWidget[] {
    const out: cloudwatch.IWidget[] = [];
    if (props.config) {
      // Config sends rule compliance changes to EventBridge (https://docs.aws.amazon.com/config/latest/developerguide/monitor-config-with-cloudwatchevents.html).
      const rule = this.countingRule('ConfigNonCompliant', `${props.namePrefix}-config-noncompliant`, {
        source: ['aws.config'], detailType: ['Config Rules Compliance Change'], detail: { newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } },
      });
      out.push(graph('Config rules turning NON_COMPLIANT', [this.matched(rule, 'NON_COMPLIANT evaluations')]));
    }
    if (props.trailLogGroupName) {
      // Events arriving in the trail's log group: a flat line means CloudTrail stopped delivering.
      out.push(graph('CloudTrail delivery (events into CloudWatch Logs)', [metric('AWS/Logs', 'IncomingLogEvents', { LogGroupName: props.trailLogGroupName }, 'Sum', { label: props.trailLogGroupName })]));
    }
    if (props.backupVaultName) {
      // AWS Backup job metrics: https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html
      const vault = { BackupVaultName: props.backupVaultName };
      const hour = Duration.hours(1);
      out.push(graph('Backup jobs', [
        metric('AWS/Backup', 'NumberOfBackupJobsCompleted', vault, 'Sum', { label: 'completed', period: hour }),
        metric('AWS/Backup', 'NumberOfBackupJobsFailed', vault, 'Sum', { label: 'failed', period: hour }),
        metric('AWS/Backup', 'NumberOfCopyJobsFailed', vault, 'Sum', { label: 'copy failed', period: hour }),
      ]));
    }
    return out;
  }

  private cost(props: OperationalDashboardsProps): cloudwatch.IWidget[] {
    if (!props.estimatedCharges && props.monthlyBudgetUsd === undefined) return [];
    // Billing metrics live in us-east-1 and update a few times a day, once billing alerts are on
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/monitor_estimated_charges_with_cloudwatch.html).
    const charges = metric('AWS/Billing', 'EstimatedCharges', { Currency: 'USD' }, 'Maximum', { label: 'estimated charges (USD, month to date)', region: 'us-east-1', period: Duration.hours(6) });
    const out: cloudwatch.IWidget[] = [graph('Estimated charges (account, month to date)', [charges], {
      width: 24,
      leftAnnotations: props.monthlyBudgetUsd !== undefined ? [{ value: props.monthlyBudgetUsd, label: `monthly budget ${props.monthlyBudgetUsd} USD`, color: '#d62728' }] : undefined,
    })];
    if (props.monthlyBudgetUsd !== undefined) {
      out.push(new cloudwatch.TextWidget({ markdown: `Monthly budget: **${props.monthlyBudgetUsd} USD** (AWS Budgets notifies the alarm topic as it is reached).`, width: 24, height: 2 }));
    }
    return out;
  }

  private dr(props: OperationalDashboardsProps): cloudwatch.IWidget[] {
    const out: cloudwatch.IWidget[] = [];
    const replicas = props.replicas ?? [];
    if (replicas.length > 0) {
      out.push(graph('Replica lag (s)', replicas.map((r) => metric('AWS/RDS', 'ReplicaLag', { DBInstanceIdentifier: r.identifier }, 'Maximum', { label: r.name, region: r.region, period: Duration.minutes(1) }))));
    }
    const checks = props.healthChecks ?? [];
    if (checks.length > 0) out.push(healthGraph('Failover health checks (1 healthy, 0 unhealthy)', checks));
    return out;
  }

  /** A rule with no target, there to be counted: notifying stays with the alarms. Returns the rule's name. */
  private countingRule(id: string, ruleName: string, eventPattern: events.EventPattern): string {
    const name = ruleName.slice(0, 64);
    this.rules.push(new events.Rule(this, id, { ruleName: name, eventPattern, description: 'Counts matching events for the operational dashboards' }));
    return name;
  }

  /** MatchedEvents of a rule on the default bus (RuleName dimension alone), by its literal name. */
  private matched(ruleName: string, label: string): cloudwatch.Metric {
    return metric('AWS/Events', 'MatchedEvents', { RuleName: ruleName }, 'Sum', { label });
  }
}
