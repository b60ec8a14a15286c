import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OperationalDashboards } from '../../../src/constructs/monitoring';

function synth(props: Partial<ConstructorParameters<typeof OperationalDashboards>[2]> = {}) {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const views = new OperationalDashboards(stack, 'V', { namePrefix: 'tc-production-view', ...props });
  return { views, t: Template.fromStack(stack) };
}

/** The body of the dashboard named `name`, as text (CDK renders it as an Fn::Join). */
function body(t: Template, name: string): string {
  const found = Object.values(t.findResources('AWS::CloudWatch::Dashboard', { Properties: { DashboardName: name } }));
  expect(found, `dashboard ${name}`).toHaveLength(1);
  return JSON.stringify(found[0].Properties.DashboardBody);
}

describe('OperationalDashboards', () => {
  it('makes no dashboard for a view without sources', () => {
    const { views, t } = synth();
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    t.resourceCountIs('AWS::Events::Rule', 0);
    expect(views.dashboards.size).toBe(0);
  });

  it('operations: requests, 5xx and latency per load balancer, latency and errors per service, CPU and memory per service', () => {
    const { t } = synth({
      loadBalancers: [{ name: 'alb', loadBalancerFullName: 'app/tc/1' }],
      targetGroups: [{ label: 'api', loadBalancerFullName: 'app/tc/1', targetGroupFullName: 'targetgroup/api/2' }],
      services: [{ name: 'api', clusterName: 'c', serviceName: 'api' }],
      functions: ['tc-production-event-01'],
      endpointHealthChecks: [{ label: 'alb /health', healthCheckId: 'hc-1' }],
    });
    const b = body(t, 'tc-production-view-operations');
    for (const m of ['RequestCount', 'HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'targetgroup/api/2', 'CPUUtilization', 'MemoryUtilization', 'tc-production-event-01', 'Throttles', 'HealthCheckStatus']) {
      expect(b).toContain(m);
    }
    expect(b).toContain('\\"p99\\"');
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('security: GuardDuty findings through a counting rule, unauthorized calls and failed sign-ins from the trail filters, WAF blocks', () => {
    const { t, views } = synth({ guardDuty: true, securityEventNamespace: 'Haven/tc-production-cloudtrail', webAcls: [{ webAclName: 'tc-alb', region: 'us-east-1' }, { webAclName: 'tc-cdn' }] });
    t.hasResourceProperties('AWS::Events::Rule', { Name: 'tc-production-view-guardduty-findings', EventPattern: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] } });
    const b = body(t, 'tc-production-view-security');
    for (const m of ['MatchedEvents', 'tc-production-view-guardduty-findings', 'Haven/tc-production-cloudtrail', 'UnauthorizedApiCalls', 'ConsoleLoginFailures', 'BlockedRequests', 'tc-alb', 'tc-cdn']) expect(b).toContain(m);
    expect(views.dashboards.has('operations')).toBe(false);
  });

  it('compliance: Config NON_COMPLIANT changes, CloudTrail delivery and backup jobs of the vault', () => {
    const { t } = synth({ config: true, trailLogGroupName: '/haven/trail', backupVaultName: 'tc-production-backup' });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.config'], 'detail-type': ['Config Rules Compliance Change'], detail: { newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } } },
    });
    const b = body(t, 'tc-production-view-compliance');
    for (const m of ['tc-production-view-config-noncompliant', 'IncomingLogEvents', '/haven/trail', 'AWS/Backup', 'NumberOfBackupJobsFailed', 'tc-production-backup']) expect(b).toContain(m);
  });

  it('cost: estimated charges in us-east-1 with the budget as a line', () => {
    const { t } = synth({ estimatedCharges: true, monthlyBudgetUsd: 15000 });
    const b = body(t, 'tc-production-view-cost');
    for (const m of ['AWS/Billing', 'EstimatedCharges', 'monthly budget 15000 USD', '15000']) expect(b).toContain(m);
  });

  it('DR: replica lag in the replica region and failover health checks in us-east-1', () => {
    const { t } = synth({ replicas: [{ name: 'main', identifier: 'tc-production-main-dr', region: 'us-west-2' }], healthChecks: [{ label: 'failover', healthCheckId: 'hc-9' }] });
    const b = body(t, 'tc-production-view-dr');
    for (const m of ['ReplicaLag', 'tc-production-main-dr', 'us-west-2', 'HealthCheckStatus', 'hc-9']) expect(b).toContain(m);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
