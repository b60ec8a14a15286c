import { describe, it, expect } from 'vitest';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { EdgeDns } from '../../../src/constructs/dns';

function setup() {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
  return { stack, dns: new EdgeDns(stack, 'Dns', { zone }) };
}

describe('EdgeDns', () => {
  it('aliases an ALB (A only, evaluating target health)', () => {
    const { stack, dns } = setup();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    dns.aliasLoadBalancer('App', 'app', alb);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'app.example.com.',
      Type: 'A',
      HostedZoneId: 'Z123',
      AliasTarget: { DNSName: Match.anyValue(), HostedZoneId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Alb'), 'CanonicalHostedZoneID'] }, EvaluateTargetHealth: true },
    });
    t.resourceCountIs('AWS::Route53::RecordSet', 1);
  });

  it('aliases a distribution with A and AAAA records, apex allowed', () => {
    const { stack, dns } = setup();
    const distribution = cloudfront.Distribution.fromDistributionAttributes(stack, 'D', { distributionId: 'E1', domainName: 'd1.cloudfront.net' });
    dns.aliasDistribution('Cdn', '', distribution);
    const t = Template.fromStack(stack);
    for (const type of ['A', 'AAAA']) {
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'example.com.', Type: type, AliasTarget: { DNSName: 'd1.cloudfront.net', HostedZoneId: Match.anyValue() },
      });
    }
  });

  it('creates HTTPS health checks with path, SNI and failure threshold', () => {
    const { stack, dns } = setup();
    const hc = dns.addHealthCheck('App', { fqdn: 'app.example.com', path: '/health', failureThreshold: 2, interval: Duration.seconds(10) });
    dns.addHealthCheck('Str', { fqdn: 'app.example.com', searchString: 'ok' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({
        Type: 'HTTPS', FullyQualifiedDomainName: 'app.example.com', ResourcePath: '/health', Port: 443,
        EnableSNI: true, FailureThreshold: 2, RequestInterval: 10,
      }),
    });
    t.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'HTTPS_STR_MATCH', SearchString: 'ok', ResourcePath: '/', FailureThreshold: 3, RequestInterval: 30 }),
    });
    const m = EdgeDns.metricHealthCheckStatus(hc);
    expect(m.metricName).toBe('HealthCheckStatus');
    expect(m.region).toBe('us-east-1');
  });

  it('rejects invalid health check settings', () => {
    const { dns } = setup();
    expect(() => dns.addHealthCheck('A', { fqdn: 'x.example.com', failureThreshold: 11 })).toThrow(/failureThreshold/);
    expect(() => dns.addHealthCheck('B', { fqdn: 'x.example.com', interval: Duration.seconds(20) })).toThrow(/10 or 30/);
    expect(() => dns.addHealthCheck('C', { fqdn: 'x.example.com', path: 'health' })).toThrow(/start with/);
    const distribution = cloudfront.Distribution.fromDistributionAttributes(dns, 'D', { distributionId: 'E1', domainName: 'd1.cloudfront.net' });
    expect(() => new EdgeDns(dns, 'NoZone').aliasDistribution('X', 'cdn', distribution)).toThrow(/need a zone/);
  });
});
