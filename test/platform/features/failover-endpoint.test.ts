import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { edgeFeature } from '../../../src/platform/features/edge';
import { addFailoverEndpointAlarms } from '../../../src/platform/features/failover-endpoint';
import { failoverEndpointAlarmName } from '../../../src/platform/outputs';
import { load, techCorpRaw, variant } from '../../dr/fixtures';
import { testContext } from './context-fixture';

/** TechCorp production with its ALB behind CloudFront only and the failover pair on CloudFront's origin record. */
const cloudfrontOnly = (blueGreen: boolean) => variant(techCorpRaw, (r) => {
  r.edge = { domain: { name: 'techcorp-ai.com', hostedZoneId: 'Z0TECHCORP00000000001' }, alb: {}, cdn: { origins: ['alb'] } };
  r.services.api.public = { paths: ['/api/*'] };
  if (blueGreen) r.services.api.deployment = { strategy: 'blue-green' };
  r.environments.production.dr = { failover: { zoneName: 'techcorp-ai.com', hostedZoneId: 'Z0TECHCORP00000000001', recordName: 'app.techcorp-ai.com', healthCheckPath: '/api/health' } };
});

function primaryAlarms(raw: Record<string, unknown>, service: string) {
  const ctx = testContext(new App(), load(raw).plans.production, 'primary');
  const tg = (id: string) => new elbv2.ApplicationTargetGroup(ctx.stack, id, { vpc: ctx.vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP });
  const alarms = addFailoverEndpointAlarms(ctx, ctx.stack, service, 'app/techcorp/123', { blue: tg('Blue'), green: tg('Green') });
  return { alarms, template: Template.fromStack(ctx.stack) };
}

describe('failover endpoint alarms (CloudFront-only primary ALB)', () => {
  it('primary: the service answering the health path alarms when it has no healthy target, by the contract name', () => {
    const { alarms, template } = primaryAlarms(cloudfrontOnly(false), 'api');
    expect(alarms).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'techcorp-production-primary-endpoint-unhealthy', Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount',
      Dimensions: Match.arrayWith([{ Name: 'LoadBalancer', Value: 'app/techcorp/123' }]), Statistic: 'Minimum', Period: 60,
      Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching', EvaluationPeriods: 3,
      AlarmActions: [Match.anyValue()],
    });
  });

  it('primary: one alarm per colour of a blue/green service; none for other services or a public ALB', () => {
    const { template } = primaryAlarms(cloudfrontOnly(true), 'api');
    for (const colour of ['blue', 'green'] as const) template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: failoverEndpointAlarmName('techcorp', 'production', colour), MetricName: 'HealthyHostCount' });
    expect(primaryAlarms(cloudfrontOnly(true), 'web').alarms).toHaveLength(0);
    const publicAlb = variant(cloudfrontOnly(true), (r) => { r.edge.alb.access = 'public'; });
    expect(primaryAlarms(publicAlb, 'api').alarms).toHaveLength(0);
  });

  it('dr: the pair\'s endpoint child watches the primary-region alarms by name, no HTTPS probe of the ALB', () => {
    const app = new App();
    const ctx = testContext(app, load(cloudfrontOnly(true)).plans.production, 'dr');
    edgeFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    for (const colour of ['blue', 'green'] as const) {
      t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: failoverEndpointAlarmName('techcorp', 'production', colour), Region: 'us-east-1' }, InsufficientDataHealthStatus: 'LastKnownStatus' } });
    }
    t.resourcePropertiesCountIs('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTPS' }) }, 0);
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 1, ChildHealthChecks: Match.arrayWith([{ Ref: Match.stringLikeRegexp('EndpointAlarmHealth0') }]) } });
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 2, ChildHealthChecks: [{ Ref: Match.stringLikeRegexp('EndpointHealth') }, { Ref: Match.stringLikeRegexp('SwitchHealth') }] } });
    // The switch stays the DR region's.
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: 'techcorp-production-dr-failover-switch', Region: 'us-west-2' }, InsufficientDataHealthStatus: 'Healthy' } });
  });
});
