import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, expect } from 'vitest';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { havenSpecSchema } from '../../../src/spec/schema';
import { resolveEnvironment } from '../../../src/spec/resolve';
import type { KeyClass, PlatformContext, UsEast1Scopes } from '../../../src/platform/context';
import { applyEdge, createUsEast1Scopes, edgeFeature } from '../../../src/platform/features/edge';

const ACCOUNT = '123456789012';

function plan(region: string, edge: unknown, extra: Record<string, unknown> = {}) {
  const spec = havenSpecSchema.parse({
    project: { name: 'berthcare' },
    compliance: { frameworks: ['pipeda'] },
    regions: { primary: region },
    network: { cidr: '10.0.0.0/16' },
    buckets: { photos: {}, documents: {}, signatures: {}, logs: { accessLogs: true } },
    notifications: { emails: ['ops@example.com'] },
    edge,
    environments: { staging: { tier: 'staging' } },
    ...extra,
  });
  return resolveEnvironment(spec, 'staging');
}

function context(stack: Stack, p: ReturnType<typeof plan>, usEast1?: UsEast1Scopes): PlatformContext {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const keys = new Map<KeyClass, kms.Key>();
  const key = (c: KeyClass) => keys.get(c) ?? keys.set(c, new kms.Key(stack, `Key-${c}`)).get(c)!;
  const logBucket = new s3.Bucket(stack, 'LogBucket', { encryption: s3.BucketEncryption.S3_MANAGED, objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
  const buckets = new Map<string, s3.IBucket>([['logs', logBucket]]);
  for (const n of ['photos', 'documents', 'signatures']) buckets.set(n, new s3.Bucket(stack, `Bucket-${n}`, { encryptionKey: key('data') }));
  return {
    stack,
    plan: p,
    region: stack.region,
    role: 'primary',
    name: (suffix) => `berthcare-staging-${suffix}`,
    key,
    vpc,
    subnets: { public: { subnetType: ec2.SubnetType.PUBLIC }, app: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, data: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } },
    alarmTopic: new sns.Topic(stack, 'Alarms'),
    logBucket,
    registry: { dataStores: new Map(), buckets, workloads: new Map(), alarms: [], dashboardWidgets: [] },
    usEast1,
    evidence: (id, value, description) => { new CfnOutput(stack, id, { value, description }); },
  };
}

const BERTHCARE_EDGE = {
  domain: { name: 'berthcare.ca', hostedZoneId: 'Z0123456789ABC' },
  waf: { geoAllow: ['CA', 'US'] },
  cdn: { origins: ['photos', 'documents', 'signatures'], geoRestriction: { allow: ['CA', 'US'] }, minimumTls: 'TLSv1.2_2021' },
};

describe('edge feature, primary outside us-east-1 (BerthCare: ca-central-1 + us-east-1)', () => {
  function build() {
    const app = new App();
    const primary = new Stack(app, 'berthcare-staging', { env: { account: ACCOUNT, region: 'ca-central-1' }, crossRegionReferences: true });
    const us = createUsEast1Scopes(primary);
    const ctx = context(primary, plan('ca-central-1', BERTHCARE_EDGE, { monitoring: { alarms: { cloudfront5xxRate: { threshold: 5 } } } }), us);
    edgeFeature.apply(ctx);
    return { app, primary, us, ctx };
  }

  it('synthesizes the two-region app without a dependency cycle', () => {
    const { app, primary, us } = build();
    const assembly = app.synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['berthcare-staging', 'berthcare-staging-edge', 'berthcare-staging-edge-alarms']);
    expect(primary.dependencies).toContain(us.edgeStack);
    expect(us.afterStack.dependencies).toContain(primary);
    expect(us.edgeStack.dependencies).not.toContain(primary);
  });

  it('puts the certificate and CLOUDFRONT WAF in us-east-1 and reads them in the primary region', () => {
    const { primary, us } = build();
    const edge = Template.fromStack(us.edgeStack);
    edge.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'cdn.berthcare.ca', ValidationMethod: 'DNS' });
    edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', Name: 'berthcare-staging-cdn-waf' });
    edge.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-berthcare-staging-cdn-waf', KmsKeyId: Match.anyValue() });
    const cfg = Object.values(Template.fromStack(primary).findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    // Cross-region references: read from SSM parameters the us-east-1 stack writes into ca-central-1.
    expect(JSON.stringify(cfg.WebACLId)).toMatch(/ExportsReader.*\/cdk\/exports\/.*CdnWaf/);
    expect(JSON.stringify(cfg.ViewerCertificate.AcmCertificateArn)).toMatch(/ExportsReader.*\/cdk\/exports\/.*CdnCertificate/);
    expect(cfg.ViewerCertificate.MinimumProtocolVersion).toBe('TLSv1.2_2021');
    expect(cfg.Restrictions.GeoRestriction).toEqual({ RestrictionType: 'whitelist', Locations: ['CA', 'US'] });
    expect(cfg.Aliases).toEqual(['cdn.berthcare.ca']);
    expect(cfg.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern).sort()).toEqual(['/documents/*', '/photos/*', '/signatures/*']);
    expect(cfg.Logging.Prefix).toBe('cloudfront/staging/');
  });

  it('alarms on the CloudFront 5xx rate in the us-east-1 after-stack, notifying a us-east-1 topic', () => {
    const { primary, us } = build();
    const after = Template.fromStack(us.afterStack);
    after.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5xxErrorRate', Namespace: 'AWS/CloudFront', Threshold: 5,
      Dimensions: Match.arrayWith([{ Name: 'Region', Value: 'Global' }]),
      AlarmActions: [Match.anyValue()],
    });
    Template.fromStack(primary).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const edge = Template.fromStack(us.edgeStack);
    edge.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'berthcare-staging-edge-alarms', KmsMasterKeyId: Match.anyValue() });
    edge.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('keeps buckets and their OAC policies in the primary stack, aliased in Route 53', () => {
    const { primary } = build();
    const t = Template.fromStack(primary);
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'cdn.berthcare.ca.', Type: 'A' });
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 'kms:Decrypt' })]) },
    });
    t.hasOutput('CdnDomainName', {});
  });

  it('serves the phi buckets only to URLs signed by the spec\'s key group, with index.html at "/"', () => {
    const app = new App();
    const primary = new Stack(app, 'berthcare-staging', { env: { account: ACCOUNT, region: 'ca-central-1' }, crossRegionReferences: true });
    const phi = { dataClass: 'phi' };
    const p = plan('ca-central-1', { ...BERTHCARE_EDGE, cdn: { ...BERTHCARE_EDGE.cdn, signedUrls: { publicKeys: ['keys/berthcare-cdn-signing.pem'] } } },
      { buckets: { photos: phi, documents: phi, signatures: phi, logs: { accessLogs: true } } });
    const ctx = context(primary, { ...p, specDirectory: path.join(__dirname, '../../../examples') }, createUsEast1Scopes(primary));
    edgeFeature.apply(ctx);
    const t = Template.fromStack(primary);
    const keys = Object.values(t.findResources('AWS::CloudFront::PublicKey'));
    expect(keys).toHaveLength(1);
    expect(keys[0].Properties.PublicKeyConfig.EncodedKey).toBe(fs.readFileSync(path.join(__dirname, '../../../examples/keys/berthcare-cdn-signing.pem'), 'utf8').trim());
    const groups = Object.keys(t.findResources('AWS::CloudFront::KeyGroup'));
    expect(groups).toHaveLength(1);
    const cfg = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    for (const behavior of [cfg.DefaultCacheBehavior, ...cfg.CacheBehaviors]) expect(behavior.TrustedKeyGroups).toEqual([{ Ref: groups[0] }]);
    expect(cfg.CacheBehaviors).toHaveLength(3);
    expect(cfg.DefaultRootObject).toBe('index.html');
    // Without keys (and without a reviewed exception) the feature refuses, as validation does.
    const other = new Stack(new App(), 'b', { env: { account: ACCOUNT, region: 'ca-central-1' }, crossRegionReferences: true });
    const unsigned = plan('ca-central-1', BERTHCARE_EDGE, { buckets: { photos: phi, documents: phi, signatures: phi, logs: { accessLogs: true } } });
    expect(() => edgeFeature.apply(context(other, unsigned, createUsEast1Scopes(other)))).toThrow(/photos holds phi/);
  });

  it('refuses a CDN outside us-east-1 without us-east-1 scopes', () => {
    const stack = new Stack(new App(), 'P', { env: { account: ACCOUNT, region: 'ca-central-1' } });
    expect(() => applyEdge(context(stack, plan('ca-central-1', BERTHCARE_EDGE)))).toThrow(/usEast1/);
  });
});

describe('edge feature in us-east-1 (Omnirapeutic: ALB + WAF)', () => {
  const OMNI = {
    domain: { name: 'omnirapeutic.com', hostedZoneId: 'Z0123456789ABC' },
    alb: { tlsPolicy: 'tls13', healthCheck: { path: '/', matcher: '200' } },
    waf: { managedRules: ['Common', 'KnownBadInputs', 'SQLi'], rateLimit: 2000 },
    dns: { healthChecks: [{ target: 'alb', path: '/health', failureThreshold: 3 }] },
  };

  it('builds an HTTPS ALB with a regional WAF, registers it for compute features, and checks its health', () => {
    const stack = new Stack(new App(), 'omni', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const ctx = context(stack, plan('us-east-1', OMNI));
    applyEdge(ctx);
    const t = Template.fromStack(stack);
    expect(ctx.registry.loadBalancer).toBeDefined();
    expect(ctx.registry.loadBalancer!.listener).toBe(ctx.registry.loadBalancer!.httpsListener);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Name: 'berthcare-staging-alb',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }, { Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'app.omnirapeutic.com' });
    t.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    const rules = Object.values(t.findResources('AWS::WAFv2::WebACL'))[0].Properties.Rules as Array<{ Name: string }>;
    expect(rules.map((r) => r.Name)).toEqual(['RateLimitPerIp', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet']);
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'BlockedRequests', Namespace: 'AWS/WAFV2' });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'app.omnirapeutic.com.', Type: 'A' });
    t.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'HTTPS', FullyQualifiedDomainName: 'app.omnirapeutic.com', ResourcePath: '/health', FailureThreshold: 3 }),
    });
    t.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(ctx.registry.alarms).toHaveLength(1);
  });

  it('builds a CDN with everything in the one us-east-1 stack, ALB as default origin', () => {
    const stack = new Stack(new App(), 'omni', { env: { account: ACCOUNT, region: 'us-east-1' } });
    // Route 53 health checkers cannot reach an ALB that admits only CloudFront (validation refuses it): no dns checks.
    const ctx = context(stack, plan('us-east-1', { ...OMNI, dns: undefined, cdn: { origins: ['alb', 'photos'] } }));
    applyEdge(ctx);
    const t = Template.fromStack(stack);
    t.resourcePropertiesCountIs('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' }, 1);
    t.resourcePropertiesCountIs('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' }, 1);
    const cfg = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    const albOrigin = cfg.Origins.find((o: { DomainName: unknown }) => o.DomainName === 'app.omnirapeutic.com');
    expect(albOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(cfg.DefaultCacheBehavior.TargetOriginId).toBe(albOrigin.Id);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xxErrorRate', Threshold: 5 });
    // WAF blocked requests, CloudFront 5xx, and the origin header rotation's failed steps and dead-letter queue.
    expect(ctx.registry.alarms).toHaveLength(4);
    // The application serves "/": no default root object.
    expect(cfg.DefaultRootObject).toBeUndefined();
  });

  it('behind the CDN the ALB admits only CloudFront: origin-facing prefix list on 443, secret header, 403 otherwise', () => {
    const stack = new Stack(new App(), 'omni', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const ctx = context(stack, plan('us-east-1', { ...OMNI, dns: undefined, cdn: { origins: ['alb'] } }));
    applyEdge(ctx);
    const t = Template.fromStack(stack);
    // The header value lives in a KMS-encrypted secret; templates carry only a dynamic reference to it.
    const secrets = t.findResources('AWS::SecretsManager::Secret');
    expect(Object.keys(secrets)).toEqual([expect.stringMatching(/^EdgeOriginSecret/)]);
    const [secretId, secret] = Object.entries(secrets)[0];
    expect(secret.Properties).toMatchObject({ Name: 'berthcare-staging-cdn-origin-header', KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^Keysecrets/), 'Arn'] }, GenerateSecretString: expect.objectContaining({ ExcludePunctuation: true }) });
    expect(secret.Properties.ReplicaRegions).toBeUndefined();
    const reference = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] };
    const cfg = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    const albOrigin = cfg.Origins.find((o: { DomainName: unknown }) => o.DomainName === 'app.omnirapeutic.com');
    expect(albOrigin.OriginCustomHeaders).toEqual([{ HeaderName: 'X-Origin-Verify', HeaderValue: reference }]);
    // Security group: 443 from CloudFront's us-east-1 prefix list only; no port 80 anywhere.
    const albSg = Object.keys(t.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('CloudFront') } }));
    expect(albSg).toHaveLength(1);
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).filter((r) => r.Properties.GroupId?.['Fn::GetAtt']?.[0] === albSg[0]);
    expect(ingress.map((r) => [r.Properties.FromPort, r.Properties.SourcePrefixListId, r.Properties.CidrIp])).toEqual([[443, 'pl-3b927c52', undefined]]);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '403' }) })] });
    // Compute features route through rules carrying the same header condition.
    expect(Stack.of(stack).resolve(ctx.registry.loadBalancer!.originConditions[0].renderRawCondition())).toEqual({ field: 'http-header', httpHeaderConfig: { httpHeaderName: 'X-Origin-Verify', values: [reference] } });
    // The secret rotates: the schedule names it, and the function knows the distribution and this listener.
    t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { SecretId: { Ref: secretId }, RotationRules: { ScheduleExpression: 'rate(30 days)' } });
    const listenerId = Object.keys(t.findResources('AWS::ElasticLoadBalancingV2::Listener'))[0];
    const distributionId = Object.keys(t.findResources('AWS::CloudFront::Distribution'))[0];
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { DISTRIBUTION_ID: { Ref: distributionId }, HEADER_NAME: 'X-Origin-Verify', LISTENER_ARNS: { Ref: listenerId }, LISTENER_PARAMETERS: '' } },
    });
  });

  it('a public ALB (no CDN in front) keeps the port-80 redirect outside production only', () => {
    const stack = new Stack(new App(), 'omni', { env: { account: ACCOUNT, region: 'us-east-1' } });
    applyEdge(context(stack, plan('us-east-1', OMNI)));
    const t = Template.fromStack(stack);
    t.resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::Listener', { Port: 80 }, 1);
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const prod = new Stack(new App(), 'omni-prod', { env: { account: ACCOUNT, region: 'us-east-1' } });
    applyEdge(context(prod, { ...plan('us-east-1', OMNI), tier: 'production' }));
    Template.fromStack(prod).resourcePropertiesCountIs('AWS::ElasticLoadBalancingV2::Listener', { Port: 80 }, 0);
  });

  it('uses given certificates without a hosted zone: no records, health checks still built', () => {
    const stack = new Stack(new App(), 'tc', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const ctx = context(stack, plan('us-east-1', {
      domain: {
        name: 'techcorp.io',
        certificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/alb`,
        cdnCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/cdn`,
      },
      alb: { tlsPolicy: 'tls13' },
      waf: { geoBlock: ['KP', 'IR'] },
      cdn: { origins: ['photos'], geoRestriction: { block: ['KP', 'IR'] }, priceClass: 'all', viewerProtocol: 'https-only' },
      dns: { healthChecks: [{ target: 'cdn', intervalSeconds: 10 }] },
    }));
    applyEdge(ctx);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    t.resourceCountIs('AWS::Route53::RecordSet', 0);
    t.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ FullyQualifiedDomainName: 'cdn.techcorp.io', RequestInterval: 10 }) });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Certificates: [{ CertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/alb` }] });
    const cfg = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;
    expect(cfg.ViewerCertificate.AcmCertificateArn).toBe(`arn:aws:acm:us-east-1:${ACCOUNT}:certificate/cdn`);
    expect(cfg.PriceClass).toBe('PriceClass_All');
    expect(cfg.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
    expect(cfg.Restrictions.GeoRestriction.RestrictionType).toBe('blacklist');
  });

  it('does nothing without an edge section and rejects inconsistent specs', () => {
    const a = new Stack(new App(), 'a', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const ctx = context(a, plan('us-east-1', undefined));
    applyEdge(ctx);
    expect(ctx.registry.loadBalancer).toBeUndefined();
    Template.fromStack(a).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    const b = new Stack(new App(), 'b', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(() => applyEdge(context(b, plan('us-east-1', { alb: {} })))).toThrow(/edge.alb/);
    const c = new Stack(new App(), 'c', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(() => applyEdge(context(c, plan('us-east-1', { cdn: { origins: ['videos'] } })))).toThrow(/unknown bucket videos/);
    // DR role: the standby load balancer and the failover pair (test/platform/features/dr.test.ts, services.test.ts).
    expect(edgeFeature.roles).toEqual(['primary', 'dr']);
  });
});

describe('edge records follow the DNS plan (src/dr/dns-plan.ts)', () => {
  const drExtra = (failoverName: string) => ({
    regions: { primary: 'us-east-1', dr: 'us-west-2' },
    network: { cidr: '10.0.0.0/16', drCidr: '10.1.0.0/16' },
    compliance: { frameworks: ['soc2'] },
    dr: { strategy: 'warm-standby', failover: { zoneName: 'berthcare.ca', hostedZoneId: 'Z0123456789ABC', recordName: failoverName } },
  });
  const edge = { domain: { name: 'berthcare.ca', hostedZoneId: 'Z0123456789ABC' }, alb: {} };

  it('a failover pair on the ALB name replaces its plain record: the primary stack makes only the origin record', () => {
    const stack = new Stack(new App(), 'p', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const ctx = context(stack, plan('us-east-1', edge, drExtra('app.berthcare.ca')));
    applyEdge(ctx);
    const t = Template.fromStack(stack);
    const names = Object.values(t.findResources('AWS::Route53::RecordSet')).map((r) => (r as { Properties: { Name: string; Type: string; Failover?: string } }).Properties);
    expect(names.filter((r) => !r.Name.startsWith('_')).map((r) => [r.Name, r.Type, r.Failover])).toEqual([['us-east-1.app.berthcare.ca.', 'A', undefined]]);
    t.hasOutput('HavenLoadBalancerPublicArn', { Value: { Ref: Match.stringLikeRegexp('Alb') } });
  });

  it('a failover pair on another name leaves the plain ALB record in place', () => {
    const stack = new Stack(new App(), 'q', { env: { account: ACCOUNT, region: 'us-east-1' } });
    applyEdge(context(stack, plan('us-east-1', edge, drExtra('www.berthcare.ca'))));
    const names = Object.values(Template.fromStack(stack).findResources('AWS::Route53::RecordSet')).map((r) => (r as { Properties: { Name: string } }).Properties.Name);
    expect(names.sort()).toEqual(['app.berthcare.ca.', 'us-east-1.www.berthcare.ca.']);
  });
});
