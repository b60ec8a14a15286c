import { describe, it, expect } from 'vitest';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecureLoadBalancer, sslPolicyFor } from '../../../src/constructs/loadbalancer';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

function setup() {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return { stack, vpc };
}

describe('SecureLoadBalancer', () => {
  it('is internet-facing, drops invalid headers, keeps deletion protection and logs access', () => {
    const { stack, vpc } = setup();
    const logs = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED });
    new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT, accessLogBucket: logs });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.prefix', Value: 'alb' },
      ]),
    });
  });

  it('terminates TLS 1.2+ by default and TLS 1.3 only when asked', () => {
    const { stack, vpc } = setup();
    new SecureLoadBalancer(stack, 'A', { vpc, certificateArn: CERT });
    new SecureLoadBalancer(stack, 'B', { vpc, certificateArn: CERT, sslPolicy: sslPolicyFor('tls13') });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: CERT }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
    expect(sslPolicyFor('tls12')).toBe(elbv2.SslPolicy.RECOMMENDED_TLS);
  });

  it('redirects port 80 to HTTPS and never forwards plain HTTP', () => {
    const { stack, vpc } = setup();
    const alb = new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT });
    alb.addTarget('Web', { targets: [new elbv2targets.IpTarget('10.0.0.10')], port: 8080 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    const listeners = t.findResources('AWS::ElasticLoadBalancingV2::Listener', { Properties: { Port: 80 } });
    for (const l of Object.values(listeners)) {
      expect(JSON.stringify(l.Properties.DefaultActions)).not.toContain('forward');
    }
    // The HTTPS listener forwards to the default target.
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, DefaultActions: [Match.objectLike({ Type: 'forward' })] });
  });

  it('opens 443 and 80 from the internet only, and no port 80 at all without the redirect', () => {
    const { stack, vpc } = setup();
    new SecureLoadBalancer(stack, 'A', { vpc, certificateArn: CERT });
    new SecureLoadBalancer(stack, 'B', { vpc, certificateArn: CERT, redirectHttp: false });
    const t = Template.fromStack(stack);
    const groups = Object.values(t.findResources('AWS::EC2::SecurityGroup'));
    const ports = groups.map((g) => (g.Properties.SecurityGroupIngress ?? []).map((r: { FromPort: number }) => r.FromPort).sort());
    expect(ports).toContainEqual([443, 80]);
    expect(ports).toContainEqual([443]);
    for (const g of groups) {
      for (const r of g.Properties.SecurityGroupIngress ?? []) expect([80, 443]).toContain(r.FromPort);
    }
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 3);
  });

  it('answers 404 by default until a target is added, without replacement warnings', () => {
    const { stack, vpc } = setup();
    new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT, deletionProtection: false });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) })],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('default Action already existed'));
  });

  it('keeps a default target added on the listener directly (as compute features do)', () => {
    const { stack, vpc } = setup();
    const alb = new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT });
    const tg = new elbv2.ApplicationTargetGroup(stack, 'Tg', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    alb.listener.addTargetGroups('Direct', { targetGroups: [tg] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, DefaultActions: [Match.objectLike({ Type: 'forward' })] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('default Action already existed'));
    expect(() => alb.addTarget('Second', { targetGroup: tg })).toThrow(/already has a default/);
  });

  it('behind CloudFront admits only the origin-facing prefix list on 443 and forwards only requests with the origin header', () => {
    const { stack, vpc } = setup();
    const alb = new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT, cloudfrontOnly: { prefixListId: 'pl-3b927c52', headerName: 'X-Origin-Verify', headerValue: 'abc123' } });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
    alb.addTarget('Web', { targets: [new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task })], port: 8080 });
    const t = Template.fromStack(stack);
    const groups = Object.entries(t.findResources('AWS::EC2::SecurityGroup')).filter(([, r]) => /CloudFront/.test(r.Properties.GroupDescription));
    expect(groups).toHaveLength(1);
    const groupId = groups[0][0];
    expect(groups[0][1].Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).filter((r) => r.Properties.GroupId?.['Fn::GetAtt']?.[0] === groupId);
    expect(ingress.map((r) => r.Properties)).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourcePrefixListId: 'pl-3b927c52' })]);
    expect(ingress[0].Properties.CidrIp).toBeUndefined();
    // No port 80 listener; the HTTPS listener answers 403 unless a rule matches the header.
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain', MessageBody: 'Forbidden' } }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 50000,
      Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: ['abc123'] } }],
      Actions: [Match.objectLike({ Type: 'forward' })],
    });
    expect(alb.originConditions).toHaveLength(1);
    expect(() => new SecureLoadBalancer(stack, 'Both', { vpc, certificateArn: CERT, redirectHttp: true, cloudfrontOnly: { prefixListId: 'pl-1', headerName: 'X', headerValue: 'v' } })).toThrow(/exclude each other/);
    expect(() => new SecureLoadBalancer(stack, 'Wild', { vpc, certificateArn: CERT, cloudfrontOnly: { prefixListId: 'pl-1', headerName: 'X', headerValue: 'a*b' } })).toThrow(/128 characters/);
  });

  it('attaches an ECS service with the given health check and lets the ALB reach it', () => {
    const { stack, vpc } = setup();
    const alb = new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task });
    alb.addTarget('Web', {
      targets: [service],
      port: 8080,
      healthCheck: { path: '/health', interval: Duration.seconds(15), healthyThresholdCount: 3, unhealthyThresholdCount: 4, healthyHttpCodes: '200-299' },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
      Matcher: { HttpCode: '200-299' },
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: Match.anyValue() });
    t.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 8080, ToPort: 8080 });
  });

  it('defaults the health check to / with 200', () => {
    const { stack, vpc } = setup();
    const alb = new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT });
    alb.addTarget('Web', { targets: [new elbv2targets.IpTarget('10.0.0.10')] });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/', Matcher: { HttpCode: '200' }, HealthyThresholdCount: 2, UnhealthyThresholdCount: 3,
    });
  });

  it('fills unset health check settings from defaultHealthCheck', () => {
    const { stack, vpc } = setup();
    const alb = new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT, defaultHealthCheck: { path: '/ready', healthyHttpCodes: '200-399' } });
    alb.addTarget('Web', { targets: [new elbv2targets.IpTarget('10.0.0.10')], healthCheck: { healthyHttpCodes: '204' } });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/ready', Matcher: { HttpCode: '204' } });
  });

  it('routes by path with a priority', () => {
    const { stack, vpc } = setup();
    const alb = new SecureLoadBalancer(stack, 'Alb', { vpc, certificateArn: CERT });
    alb.addTarget('Api', { targets: [new elbv2targets.IpTarget('10.0.0.11')], pathPatterns: ['/api/*'], priority: 10 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
    });
  });

  it('issues a DNS-validated certificate from a domain and hosted zone', () => {
    const { stack, vpc } = setup();
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
    new SecureLoadBalancer(stack, 'Alb', { vpc, domainName: 'app.example.com', hostedZone: zone });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'app.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'app.example.com', HostedZoneId: 'Z123' }],
    });
  });

  it('rejects ambiguous or missing certificates, foreign-region ARNs and bad routing', () => {
    const { stack, vpc } = setup();
    expect(() => new SecureLoadBalancer(stack, 'A', { vpc })).toThrow(/exactly one/);
    expect(() => new SecureLoadBalancer(stack, 'B', { vpc, certificateArn: CERT, domainName: 'x.example.com' })).toThrow(/exactly one/);
    expect(() => new SecureLoadBalancer(stack, 'C', { vpc, domainName: 'x.example.com' })).toThrow(/hostedZone/);
    expect(() => new SecureLoadBalancer(stack, 'D', { vpc, certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' })).toThrow(/own region/);
    expect(() => new SecureLoadBalancer(stack, 'E', { vpc, certificateArn: CERT, loadBalancerName: 'x'.repeat(33) })).toThrow(/32/);
    const alb = new SecureLoadBalancer(stack, 'F', { vpc, certificateArn: CERT });
    const target = new elbv2targets.IpTarget('10.0.0.12');
    expect(() => alb.addTarget('P', { targets: [target], pathPatterns: ['/x'] })).toThrow(/priority/);
    expect(() => alb.addTarget('Q', { targets: [target], priority: 5 })).toThrow(/pathPatterns/);
    expect(() => alb.addTarget('R', {})).toThrow(/exactly one/);
    alb.addTarget('S', { targets: [target] });
    expect(() => alb.addTarget('T', { targets: [target] })).toThrow(/already has a default/);
  });
});
