import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { describe, expect, it } from 'vitest';
import { FailoverRecords } from '../../../src/constructs/dr';
import { failoverEndpointAlarmName, failoverSwitch } from '../../../src/platform/outputs';

function build(id = 'Dr') {
  const stack = new Stack(new App(), id, { env: { account: '111111111111', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
  const secondary: route53.IAliasRecordTarget = { bind: () => ({ dnsName: 'dr-alb-1.us-east-1.elb.amazonaws.com', hostedZoneId: 'Z35SXDOTRQ7X7K' }) };
  const records = new FailoverRecords(stack, 'Fo', { zone, recordName: 'app.example.com', primaryAliasName: 'ca-central-1.app.example.com', secondary, switch: failoverSwitch('demo', 'production'), healthCheckPath: '/healthz' });
  return { stack, zone, records, template: Template.fromStack(stack) };
}

describe('FailoverRecords', () => {
  const { template, records } = build();

  it('PRIMARY and SECONDARY are alias A records of one name; the PRIMARY aliases the origin record in the same zone', () => {
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', Type: 'A', Failover: 'PRIMARY', SetIdentifier: 'primary', AliasTarget: { DNSName: 'ca-central-1.app.example.com', HostedZoneId: 'Z0123456789', EvaluateTargetHealth: true }, HealthCheckId: { Ref: Match.stringLikeRegexp('PrimaryHealth') } });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', Type: 'A', Failover: 'SECONDARY', AliasTarget: { DNSName: 'dr-alb-1.us-east-1.elb.amazonaws.com', HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: true }, HealthCheckId: Match.absent() });
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'CNAME' }, 0);
  });

  it('the PRIMARY health check is CALCULATED: endpoint AND switch both healthy, never inverted', () => {
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 2, ChildHealthChecks: [{ Ref: Match.stringLikeRegexp('EndpointHealth') }, { Ref: Match.stringLikeRegexp('SwitchHealth') }] } });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTPS', FullyQualifiedDomainName: 'ca-central-1.app.example.com', ResourcePath: '/healthz', EnableSNI: true }) });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: 'demo-production-dr-failover-switch', Region: 'us-east-1' }, InsufficientDataHealthStatus: 'Healthy' } });
    for (const hc of Object.values(template.findResources('AWS::Route53::HealthCheck'))) expect((hc as { Properties: { HealthCheckConfig: { Inverted?: boolean } } }).Properties.HealthCheckConfig.Inverted).not.toBe(true);
  });

  it('the switch alarm lives in this stack\'s region over the contract metric: Maximum >= 1, missing data ignored', () => {
    const sw = failoverSwitch('demo', 'production');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: sw.alarmName, Namespace: 'Haven/DR', MetricName: 'FailoverEngaged', Dimensions: [{ Name: 'Environment', Value: 'demo-production' }],
      Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'ignore', EvaluationPeriods: 1,
    });
    expect(records.metricPrimaryHealth().region).toBe('us-east-1');
  });

  it('refuses a PRIMARY aliasing its own name (the health check would follow the failover)', () => {
    const stack = new Stack(new App(), 'X', { env: { account: '111111111111', region: 'us-east-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    const secondary: route53.IAliasRecordTarget = { bind: () => ({ dnsName: 'x', hostedZoneId: 'Z1' }) };
    expect(() => new FailoverRecords(stack, 'Fo', { zone, recordName: 'app.example.com', primaryAliasName: 'app.example.com.', secondary, switch: failoverSwitch('d', 'p') })).toThrow(/its own name/);
  });

  it('with a CloudFront-only primary, child (a) watches the primary region\'s endpoint alarm by name, last known status when unreadable', () => {
    const stack = new Stack(new App(), 'Cf', { env: { account: '111111111111', region: 'us-east-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    const secondary: route53.IAliasRecordTarget = { bind: () => ({ dnsName: 'x', hostedZoneId: 'Z1' }) };
    const name = failoverEndpointAlarmName('demo', 'production');
    new FailoverRecords(stack, 'Fo', { zone, recordName: 'app.example.com', primaryAliasName: 'ca-central-1.app.example.com', secondary, switch: failoverSwitch('demo', 'production'), endpointAlarms: [{ region: 'ca-central-1', name }] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: 'demo-production-primary-endpoint-unhealthy', Region: 'ca-central-1' }, InsufficientDataHealthStatus: 'LastKnownStatus' } });
    t.resourcePropertiesCountIs('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTPS' }) }, 0);
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 2, ChildHealthChecks: [{ Ref: Match.stringLikeRegexp('EndpointHealth') }, { Ref: Match.stringLikeRegexp('SwitchHealth') }] } });
    // The alarm is the primary stack's: this stack neither creates nor references it.
    t.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmName: name }, 0);
  });

  it('several endpoint alarms (blue/green colours): child (a) is healthy while any of them is OK', () => {
    const stack = new Stack(new App(), 'Bg', { env: { account: '111111111111', region: 'us-east-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    const secondary: route53.IAliasRecordTarget = { bind: () => ({ dnsName: 'x', hostedZoneId: 'Z1' }) };
    const base = failoverEndpointAlarmName('demo', 'production');
    new FailoverRecords(stack, 'Fo', { zone, recordName: 'app.example.com', primaryAliasName: 'ca-central-1.app.example.com', secondary, switch: failoverSwitch('demo', 'production'), endpointAlarms: [{ region: 'ca-central-1', name: `${base}-blue` }, { region: 'ca-central-1', name: `${base}-green` }] });
    const t = Template.fromStack(stack);
    for (const colour of ['blue', 'green']) t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: `${base}-${colour}`, Region: 'ca-central-1' }, InsufficientDataHealthStatus: 'LastKnownStatus' } });
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 1, ChildHealthChecks: [{ Ref: Match.stringLikeRegexp('EndpointAlarmHealth0') }, { Ref: Match.stringLikeRegexp('EndpointAlarmHealth1') }] } });
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', HealthThreshold: 2, ChildHealthChecks: [{ Ref: Match.stringLikeRegexp('EndpointHealth') }, { Ref: Match.stringLikeRegexp('SwitchHealth') }] } });
  });
});
