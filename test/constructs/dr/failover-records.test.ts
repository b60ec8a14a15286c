import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { describe, expect, it } from 'vitest';
import { FailoverRecords } from '../../../src/constructs/dr';

function zoneStack(id: string) {
  const stack = new Stack(new App(), id, { env: { account: '111111111111', region: 'ca-central-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
  return { stack, zone };
}

describe('FailoverRecords', () => {
  it('PRIMARY record carries an HTTPS health check of the primary endpoint; SECONDARY has none', () => {
    const { stack, zone } = zoneStack('Both');
    new FailoverRecords(stack, 'Fo', { zone, recordName: 'app.example.com', primary: { dnsName: 'ca.example.com' }, secondary: { dnsName: 'us.example.com' }, healthCheckPath: '/healthz' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTPS', FullyQualifiedDomainName: 'ca.example.com', ResourcePath: '/healthz', Port: 443, RequestInterval: 30, FailureThreshold: 3 }) });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.example.com.', Type: 'CNAME', Failover: 'PRIMARY', SetIdentifier: 'primary', HealthCheckId: { Ref: Match.stringLikeRegexp('PrimaryHealth') }, ResourceRecords: ['ca.example.com'], TTL: '60' });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Failover: 'SECONDARY', SetIdentifier: 'secondary', ResourceRecords: ['us.example.com'], HealthCheckId: Match.absent() });
  });

  it('one side per stack: the DR stack publishes only SECONDARY, with no health check', () => {
    const { stack, zone } = zoneStack('Dr');
    new FailoverRecords(stack, 'Fo', { zone, recordName: 'app.example.com', secondary: { dnsName: 'us.example.com' } });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Route53::HealthCheck', 0);
    t.resourceCountIs('AWS::Route53::RecordSet', 1);
  });

  it('alias targets become A alias records; an alias primary needs a health-check name', () => {
    const { stack, zone } = zoneStack('Alias');
    const alias = { bind: () => ({ dnsName: 'my-alb-123.ca-central-1.elb.amazonaws.com', hostedZoneId: 'ZQSVJUPU6J1EY' }) };
    new FailoverRecords(stack, 'Fo', { zone, recordName: 'app.example.com', primary: { alias, healthCheckFqdn: 'my-alb-123.ca-central-1.elb.amazonaws.com' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', { Type: 'A', Failover: 'PRIMARY', AliasTarget: { DNSName: 'my-alb-123.ca-central-1.elb.amazonaws.com', HostedZoneId: 'ZQSVJUPU6J1EY', EvaluateTargetHealth: true } });
    const other = zoneStack('Bad');
    expect(() => new FailoverRecords(other.stack, 'Fo', { zone: other.zone, recordName: 'a.example.com', primary: { alias } })).toThrow(/healthCheckFqdn/);
    expect(() => new FailoverRecords(other.stack, 'Fo2', { zone: other.zone, recordName: 'a.example.com' })).toThrow(/primary, secondary/);
  });
});
