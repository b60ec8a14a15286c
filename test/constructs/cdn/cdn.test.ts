import { describe, it, expect } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ContentDistribution } from '../../../src/constructs/cdn';

// Synthesized CloudFormation is untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ACCOUNT = '123456789012';
const CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc`;

function stackIn(region: string, app = new App(), id = 'Test') {
  return new Stack(app, id, { env: { account: ACCOUNT, region } });
}

function b2(stack: Stack) {
  return new s3.Bucket(stack, `Origin${stack.node.children.length}`);
}

function dist(t: Template): Json {
  const all = Object.values(t.findResources('AWS::CloudFront::Distribution'));
  expect(all).toHaveLength(1);
  return all[0].Properties.DistributionConfig;
}

describe('ContentDistribution', () => {
  it('serves three private buckets through OAC with bucket policies pinned to this distribution', () => {
    const stack = stackIn('ca-central-1');
    const buckets = ['photos', 'documents', 'signatures'].map((n) => new s3.Bucket(stack, n, { encryption: s3.BucketEncryption.S3_MANAGED }));
    new ContentDistribution(stack, 'Cdn', {
      bucketOrigins: buckets.map((bucket, i) => ({ bucket, pathPattern: `/${['photos', 'documents', 'signatures'][i]}/*` })),
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const cfg = dist(t);
    expect(cfg.Origins).toHaveLength(3);
    for (const o of cfg.Origins) {
      expect(o.OriginAccessControlId).toBeDefined();
      expect(o.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    }
    expect(cfg.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern).sort()).toEqual(['/documents/*', '/photos/*', '/signatures/*']);
    const policies = t.findResources('AWS::S3::BucketPolicy');
    const oacStatements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: Json) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(oacStatements).toHaveLength(3);
    for (const s of oacStatements) {
      expect(s.Action).toBe('s3:GetObject');
      expect(JSON.stringify(s.Condition.StringEquals['AWS:SourceArn'])).toContain('distribution/');
      expect(JSON.stringify(s.Condition.StringEquals['AWS:SourceArn'])).toMatch(/"Ref":"Cdn[A-Za-z0-9]+"/);
    }
  });

  it('redirects to HTTPS, compresses, caches static assets with the managed policy and sends security headers', () => {
    const stack = stackIn('ca-central-1');
    new ContentDistribution(stack, 'Cdn', { bucketOrigins: [{ bucket: new s3.Bucket(stack, 'B') }] });
    const cfg = dist(Template.fromStack(stack));
    expect(cfg.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
    });
    expect(cfg.PriceClass).toBe('PriceClass_100');
    expect(cfg.HttpVersion).toBe('http2and3');
  });

  it('restricts to an allow list of countries (CA, US) or denies a list', () => {
    const a = stackIn('ca-central-1');
    new ContentDistribution(a, 'Cdn', { bucketOrigins: [{ bucket: new s3.Bucket(a, 'B') }], geoAllow: ['CA', 'US'] });
    expect(dist(Template.fromStack(a)).Restrictions).toEqual({ GeoRestriction: { RestrictionType: 'whitelist', Locations: ['CA', 'US'] } });
    const b = stackIn('ca-central-1');
    new ContentDistribution(b, 'Cdn', { bucketOrigins: [{ bucket: new s3.Bucket(b, 'B') }], geoBlock: ['KP'] });
    expect(dist(Template.fromStack(b)).Restrictions).toEqual({ GeoRestriction: { RestrictionType: 'blacklist', Locations: ['KP'] } });
  });

  it('uses a us-east-1 certificate with TLSv1.2_2021, https-only when asked, and a WAF ACL', () => {
    const stack = stackIn('ca-central-1');
    const waf = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/x/1`;
    new ContentDistribution(stack, 'Cdn', {
      bucketOrigins: [{ bucket: new s3.Bucket(stack, 'B') }],
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT),
      domainNames: ['cdn.example.com'],
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      webAclArn: waf,
    });
    const cfg = dist(Template.fromStack(stack));
    expect(cfg.ViewerCertificate).toEqual({ AcmCertificateArn: CERT, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(cfg.Aliases).toEqual(['cdn.example.com']);
    expect(cfg.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
    expect(cfg.WebACLId).toBe(waf);
  });

  it('reaches the ALB over HTTPS only at its certificate name, uncached', () => {
    const stack = stackIn('ca-central-1');
    new ContentDistribution(stack, 'Cdn', {
      bucketOrigins: [{ bucket: new s3.Bucket(stack, 'B'), pathPattern: '/static/*' }],
      loadBalancerOrigin: { domainName: 'app.example.com' },
    });
    const cfg = dist(Template.fromStack(stack));
    const albOrigin = cfg.Origins.find((o: Json) => o.DomainName === 'app.example.com');
    expect(albOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(cfg.DefaultCacheBehavior).toMatchObject({ TargetOriginId: albOrigin.Id, CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' });
    expect(cfg.DefaultCacheBehavior.AllowedMethods).toContain('POST');
    expect(cfg.CacheBehaviors[0]).toMatchObject({ PathPattern: '/static/*', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' });
  });

  it('adds the secret origin header to ALB requests and keeps "/" for the application (no root object)', () => {
    const stack = stackIn('ca-central-1');
    new ContentDistribution(stack, 'Cdn', {
      bucketOrigins: [{ bucket: new s3.Bucket(stack, 'B'), pathPattern: '/static/*' }],
      loadBalancerOrigin: { domainName: 'app.example.com', customHeaders: { 'X-Origin-Verify': 'secret-value' } },
    });
    const cfg = dist(Template.fromStack(stack));
    const albOrigin = cfg.Origins.find((o: Json) => o.DomainName === 'app.example.com');
    expect(albOrigin.OriginCustomHeaders).toEqual([{ HeaderName: 'X-Origin-Verify', HeaderValue: 'secret-value' }]);
    expect(cfg.Origins.filter((o: Json) => o.OriginCustomHeaders)).toHaveLength(1);
    expect(cfg.DefaultRootObject).toBeUndefined();
  });

  it('requires signatures from the key group on the origins that ask for it, and serves index.html at "/" for buckets only', () => {
    const stack = stackIn('ca-central-1');
    const key = new cloudfront.PublicKey(stack, 'Key', { encodedKey: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----' });
    const group = new cloudfront.KeyGroup(stack, 'Group', { items: [key] });
    new ContentDistribution(stack, 'Cdn', {
      bucketOrigins: [
        { bucket: new s3.Bucket(stack, 'Phi'), pathPattern: '/photos/*', trustedKeyGroups: [group] },
        { bucket: new s3.Bucket(stack, 'Assets'), pathPattern: '/assets/*' },
      ],
    });
    const t = Template.fromStack(stack);
    const cfg = dist(t);
    const byPattern = Object.fromEntries(cfg.CacheBehaviors.map((b: Json) => [b.PathPattern, b]));
    expect(byPattern['/photos/*'].TrustedKeyGroups).toEqual([{ Ref: expect.stringMatching(/^Group/) }]);
    expect(byPattern['/assets/*'].TrustedKeyGroups).toBeUndefined();
    // The default behavior is the first pattern's (photos): it is signed as well.
    expect(cfg.DefaultCacheBehavior.TrustedKeyGroups).toHaveLength(1);
    expect(cfg.DefaultRootObject).toBe('index.html');
  });

  it('lets CloudFront decrypt KMS-encrypted origins, only for distributions of this account', () => {
    const stack = stackIn('ca-central-1');
    const key = new kms.Key(stack, 'Key');
    new ContentDistribution(stack, 'Cdn', { bucketOrigins: [{ bucket: new s3.Bucket(stack, 'B', { encryptionKey: key }) }] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 'kms:Decrypt',
          Condition: { ArnLike: { 'AWS:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':distribution/*'])] } } },
        })]),
      },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('wildcard is used in the Key policy'));
  });

  it('logs to a dedicated ACL-enabled, retained log bucket by default', () => {
    const stack = stackIn('ca-central-1');
    new ContentDistribution(stack, 'Cdn', { bucketOrigins: [{ bucket: new s3.Bucket(stack, 'B') }], logRetentionDays: 90 });
    const t = Template.fromStack(stack);
    const cfg = dist(t);
    expect(cfg.Logging.Prefix).toBe('cloudfront/');
    expect(cfg.Logging.Bucket['Fn::GetAtt'][0]).toMatch(/^CdnLogBucket/);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90 })]) },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
    });
  });

  it('refuses an ACL-disabled log bucket and turns logging off on request', () => {
    const stack = stackIn('ca-central-1');
    const enforced = new s3.Bucket(stack, 'Logs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED });
    expect(() => new ContentDistribution(stack, 'A', { bucketOrigins: [{ bucket: new s3.Bucket(stack, 'B') }], logBucket: enforced })).toThrow(/ACLs disabled/);
    const preferred = new s3.Bucket(stack, 'OkLogs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
    new ContentDistribution(stack, 'Ok', { bucketOrigins: [{ bucket: b2(stack) }], logBucket: preferred });
    const other = stackIn('ca-central-1');
    new ContentDistribution(other, 'Cdn', { bucketOrigins: [{ bucket: new s3.Bucket(other, 'B') }], logging: false });
    expect(dist(Template.fromStack(other)).Logging).toBeUndefined();
  });

  it('alarms on the 5xx rate in us-east-1 with the Global region dimension', () => {
    const stack = stackIn('us-east-1');
    const topic = new sns.Topic(stack, 'Topic');
    const cdn = new ContentDistribution(stack, 'Cdn', { bucketOrigins: [{ bucket: new s3.Bucket(stack, 'B') }] });
    cdn.addErrorRateAlarm(stack, 'Cdn5xx', { thresholdPercent: 5, topic });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Dimensions: [Match.objectLike({ Name: 'DistributionId', Value: { Ref: Match.stringLikeRegexp('^Cdn') } }), { Name: 'Region', Value: 'Global' }],
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
  });

  it('rejects unsafe or impossible configurations', () => {
    const stack = stackIn('ca-central-1');
    const b = new s3.Bucket(stack, 'B');
    const c = new s3.Bucket(stack, 'C');
    expect(() => new ContentDistribution(stack, 'A', {})).toThrow(/at least one/);
    expect(() => new ContentDistribution(stack, 'B1', { bucketOrigins: [{ bucket: b }, { bucket: c }] })).toThrow(/only one origin/);
    expect(() => new ContentDistribution(stack, 'B2', { bucketOrigins: [{ bucket: b, pathPattern: '/x/*' }, { bucket: c, pathPattern: '/x/*' }] })).toThrow(/same pathPattern/);
    expect(() => new ContentDistribution(stack, 'C1', { bucketOrigins: [{ bucket: b }], viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL })).toThrow(/HTTPS/);
    expect(() => new ContentDistribution(stack, 'D1', { bucketOrigins: [{ bucket: b }], domainNames: ['x.example.com'] })).toThrow(/certificate/);
    const euCert = acm.Certificate.fromCertificateArn(stack, 'EuCert', `arn:aws:acm:ca-central-1:${ACCOUNT}:certificate/x`);
    expect(() => new ContentDistribution(stack, 'E1', { bucketOrigins: [{ bucket: b }], certificate: euCert, domainNames: ['x.example.com'] })).toThrow(/us-east-1/);
    expect(() => new ContentDistribution(stack, 'F1', { bucketOrigins: [{ bucket: b }], webAclArn: `arn:aws:wafv2:ca-central-1:${ACCOUNT}:regional/webacl/x/1` })).toThrow(/us-east-1/);
    expect(() => new ContentDistribution(stack, 'G1', { bucketOrigins: [{ bucket: b }], geoAllow: ['CA'], geoBlock: ['KP'] })).toThrow(/not both/);
    expect(() => new ContentDistribution(stack, 'G2', { bucketOrigins: [{ bucket: b }], geoAllow: ['can'] })).toThrow(/ISO/);
    const cdn = new ContentDistribution(stack, 'H1', { bucketOrigins: [{ bucket: b }] });
    expect(() => cdn.addErrorRateAlarm(stack, 'Alarm', { thresholdPercent: 5 })).toThrow(/us-east-1/);
    const us = stackIn('us-east-1', stack.node.root as App, 'Us');
    expect(() => cdn.addErrorRateAlarm(us, 'Alarm', { thresholdPercent: 0 })).toThrow(/thresholdPercent/);
  });
});
