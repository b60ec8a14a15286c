import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnOutput, Duration, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { ContentDistribution } from '../../constructs/cdn';
import { FailoverRecords } from '../../constructs/dr';
import { EdgeDns } from '../../constructs/dns';
import { SecureLoadBalancer, sslPolicyFor, type CloudFrontOnlyOptions } from '../../constructs/loadbalancer';
import { WebFirewall, type ManagedRuleGroupName } from '../../constructs/waf';
import { albAccess, albAccessIssues, albHttpRedirect, edgeIssues, signedBucketOrigins } from '../../spec/rules/edge';
import { cloudfrontPrefixListFor } from '../cloudfront-prefix-lists';
import type { EdgeSpec } from '../../spec/sections/edge';
import type { PlatformContext, PlatformFeature, UsEast1Scopes } from '../context';
import { drBuildsLoadBalancer, environmentDnsPlan, normalizeName, type EnvironmentDnsPlan } from '../../dr/dns-plan';
import { OUTPUTS, failoverEndpointAlarmName, failoverSwitch } from '../outputs';
import { failoverProbe } from '../../dr/failover-probe';
import { DR_PHASE_CONTEXT } from './dr';
import { tagHavenResource } from './metadata';
import { restrictGrantsToAwsServices } from '../../constructs/keys/grant-guard';
import { ZonedStack } from '../zoned-stack';
import { albPhysicalName, publishOriginListener, rotateOriginSecret } from './edge-origin-rotation';

/*
 * Multi-region design (decision).
 *
 * CloudFront is global but three of its pieces are pinned to us-east-1: the viewer certificate, a CLOUDFRONT-scope
 * WAF ACL, and its CloudWatch metrics (so alarms on them). The data buckets live in the primary region, and the
 * distribution must live in the SAME stack as the buckets: OAC adds to each bucket policy a statement naming this
 * distribution (AWS:SourceArn), while the distribution names each bucket's domain, so splitting them across stacks
 * is a cycle. Therefore, with the primary stack P outside us-east-1:
 *
 *   E  (us-east-1, ctx.usEast1.edgeStack)   certificate, CLOUDFRONT WAF ACL + KMS log group, alarm topic
 *        ^ P reads the certificate and ACL ARNs (crossRegionReferences: E writes SSM parameters in P's region)
 *   P  (primary region)                     buckets, distribution, ALB, regional WAF, DNS records
 *        ^ A reads the distribution id (P writes an SSM parameter in us-east-1)
 *   A  (us-east-1, ctx.usEast1.afterStack)  CloudFront 5xx alarm, notifying E's alarm topic (same-region export)
 *
 * Every reference points one way (E <- P <- A, and A -> E within us-east-1), so deploy order is E, P, A and there is
 * no cycle. Putting the alarm in E would make E and P reference each other; putting the distribution in E would make
 * the bucket policies in P reference E. When the primary region is us-east-1, everything goes in P and no extra
 * stacks are needed. The feature runs in the primary role only and builds into E and A through `ctx.usEast1`
 * (`createUsEast1Scopes` makes both stacks with the dependencies declared).
 */

/** Record names used when the spec leaves them out. */
const DEFAULT_ALB_RECORD = 'app';
const DEFAULT_CDN_RECORD = 'cdn';
/** CloudFront's 5xx alarm threshold (percent) when monitoring.alarms.cloudfront5xxRate gives none (BerthCare: 5%). */
const DEFAULT_CDN_5XX_PERCENT = 5;
/** WAF blocked requests per 5 minutes that raise an alarm (a sustained attack or a rule blocking real users). */
const DEFAULT_WAF_BLOCKED = 1000;

const PRICE_CLASS: Record<NonNullable<NonNullable<EdgeSpec['cdn']>['priceClass']>, cloudfront.PriceClass> = {
  '100': cloudfront.PriceClass.PRICE_CLASS_100,
  '200': cloudfront.PriceClass.PRICE_CLASS_200,
  all: cloudfront.PriceClass.PRICE_CLASS_ALL,
};

/**
 * The two us-east-1 stacks for a primary stack in another region, named `<primary>-edge` and `<primary>-edge-alarms`,
 * as siblings of `primary` in the same App, with the deploy order E -> P -> A declared. `primary` must have been
 * created with `crossRegionReferences: true`.
 */
export function createUsEast1Scopes(primary: Stack, props: StackProps = {}): UsEast1Scopes {
  const app = primary.node.scope;
  if (!app) throw new Error('createUsEast1Scopes: the primary stack has no parent App');
  const env = { account: primary.account, region: 'us-east-1' };
  const common: StackProps = { ...props, env, crossRegionReferences: true };
  const edgeStack = new ZonedStack(app, `${primary.node.id}-edge`, { ...common, stackName: `${primary.stackName}-edge`, description: 'CloudFront certificate and WAF (us-east-1)' });
  const afterStack = new ZonedStack(app, `${primary.node.id}-edge-alarms`, { ...common, stackName: `${primary.stackName}-edge-alarms`, description: 'Alarms on CloudFront metrics (us-east-1)' });
  primary.addStackDependency(edgeStack, 'CloudFront certificate and WAF ACL are created in us-east-1 first');
  afterStack.addStackDependency(primary, 'alarms name the distribution built in the primary stack');
  return { edgeStack, afterStack };
}

interface GlobalScopes {
  readonly edgeStack: Stack;
  readonly afterStack: Stack;
  readonly logsKey?: kms.IKey;
  readonly alarmTopic: sns.ITopic;
}

/** Where CloudFront's us-east-1 pieces go for this context (the stack itself when it is in us-east-1). */
function globalScopes(ctx: PlatformContext): GlobalScopes {
  if (ctx.region === 'us-east-1') return { edgeStack: ctx.stack, afterStack: ctx.stack, logsKey: ctx.key('logs'), alarmTopic: ctx.alarmTopic };
  const us = ctx.usEast1;
  if (!us) {
    throw new Error(`edge.cdn in ${ctx.region} needs ctx.usEast1 (see createUsEast1Scopes) for the CloudFront certificate, WAF ACL and alarms`);
  }
  return { ...us, alarmTopic: us.alarmTopic ?? edgeAlarmTopic(ctx, us.edgeStack) };
}

/** An encrypted us-east-1 topic for alarms there, with the same e-mail subscribers as the environment's topic. */
function edgeAlarmTopic(ctx: PlatformContext, edgeStack: Stack): sns.ITopic {
  const key = new kms.Key(edgeStack, 'EdgeAlarmKey', { enableKeyRotation: true, description: `Encrypts ${ctx.name('edge-alarms')} notifications` });
  restrictGrantsToAwsServices(key);
  // CloudWatch publishes alarm notifications to the encrypted topic; it needs the key for that only.
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': edgeStack.account } },
  }));
  const topic = new sns.Topic(edgeStack, 'EdgeAlarmTopic', {
    topicName: ctx.name('edge-alarms'),
    displayName: `${ctx.name('edge')} alarms (us-east-1)`,
    masterKey: key,
    enforceSSL: true,
  });
  for (const address of ctx.plan.notifications?.emails ?? []) topic.addSubscription(new subscriptions.EmailSubscription(address));
  return topic;
}

/** Header CloudFront adds to every request to the ALB; the listener forwards only requests carrying its secret value. */
export const ORIGIN_HEADER = 'X-Origin-Verify';

/** Name of the secret holding the origin header value (replicated to the DR region, which reads it by name). */
function originSecretName(ctx: PlatformContext): string {
  return `${ctx.name('cdn-origin-header')}`;
}

const ORIGIN_SECRET_ID = 'EdgeOriginSecret';

/** The origin header secret of the primary stack (created by `originHeaderValue`). */
function originSecret(ctx: PlatformContext): secretsmanager.ISecret {
  const secret = ctx.stack.node.tryFindChild(ORIGIN_SECRET_ID) as secretsmanager.ISecret | undefined;
  if (!secret) throw new Error('edge: the origin header secret is created with the CloudFront-only ALB, which this stack did not build');
  return secret;
}

/**
 * The secret origin header value, as a CloudFormation dynamic reference: resolved at deployment, never in the
 * template. The primary stack creates the secret (replicated to the DR region when a DR ALB exists); the DR stack
 * reads its replica by name. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
 */
function originHeaderValue(ctx: PlatformContext): string {
  if (ctx.role !== 'primary') return SecretValue.secretsManager(originSecretName(ctx)).unsafeUnwrap();
  const existing = ctx.stack.node.tryFindChild(ORIGIN_SECRET_ID) as secretsmanager.Secret | undefined;
  const dr = drBuildsLoadBalancer(ctx.plan) ? ctx.plan.regions.dr : undefined;
  const secret = existing ?? new secretsmanager.Secret(ctx.stack, ORIGIN_SECRET_ID, {
    secretName: originSecretName(ctx),
    description: `${ORIGIN_HEADER} value CloudFront sends to the ${ctx.name('alb')} origin; the ALB answers 403 without it`,
    encryptionKey: ctx.key('secrets'),
    // Letters and digits: a listener rule http-header value is at most 128 characters and treats * and ? as wildcards.
    generateSecretString: { excludePunctuation: true, passwordLength: 64 },
    replicaRegions: dr ? [{ region: dr }] : undefined,
  });
  if (!existing) tagHavenResource(secret, 'edge.alb.access');
  return secret.secretValue.unsafeUnwrap();
}

/** The CloudFront-only restriction of this region's ALB, or undefined when the ALB is public by the spec's choice. */
function cloudfrontOnly(ctx: PlatformContext): CloudFrontOnlyOptions | undefined {
  if (albAccess(ctx.plan) !== 'cloudfront') return undefined;
  const prefixListId = cloudfrontPrefixListFor(ctx.region, ctx.plan.edge?.alb?.cloudfrontPrefixLists);
  if (!prefixListId) throw new Error(`edge.alb.cloudfrontPrefixLists: no CloudFront origin-facing prefix list id for ${ctx.region} (validation reports it)`);
  return { prefixListId, headerName: ORIGIN_HEADER, headerValue: originHeaderValue(ctx) };
}

/** A trusted key group of the spec's PEM public keys (paths relative to the spec file). */
function signingKeyGroup(ctx: PlatformContext, files: readonly string[]): cloudfront.KeyGroup {
  const keys = files.map((file, i) => new cloudfront.PublicKey(ctx.stack, `CdnPublicKey${i}`, {
    encodedKey: fs.readFileSync(path.resolve(ctx.plan.specDirectory ?? '.', file), 'utf8').trim(),
    comment: `Signed URLs/cookies for ${ctx.name('cdn')}: ${path.basename(file)}`,
  }));
  return new cloudfront.KeyGroup(ctx.stack, 'CdnKeyGroup', { items: keys, comment: `Signers of ${ctx.name('cdn')} personal-data origins` });
}

/** Register a public entry point for features that route to it (DR failover records read `registry.endpoints`). */
function registerEndpoint(ctx: PlatformContext, name: string, dnsName: string, hostedZoneId: string): void {
  const endpoints = (ctx.registry as { endpoints?: Map<string, { name: string; dnsName: string; hostedZoneId?: string }> }).endpoints;
  endpoints?.set(name, { name, dnsName, hostedZoneId });
}

export function applyEdge(ctx: PlatformContext): void {
  const edge = ctx.plan.edge;
  if (!edge || Object.keys(edge).length === 0) return;
  const issues = [...edgeIssues(ctx.plan), ...albAccessIssues(ctx.plan)];
  if (issues.length) throw new Error(`edge: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);

  const domain = edge.domain;
  const fqdn = (label: string) => `${label}.${domain!.name}`;
  const albRecord = edge.alb?.recordName ?? DEFAULT_ALB_RECORD;
  const cdnRecord = edge.cdn?.recordName ?? DEFAULT_CDN_RECORD;
  const zoneAttrs = domain?.hostedZoneId ? { hostedZoneId: domain.hostedZoneId, zoneName: domain.name } : undefined;
  const zone = zoneAttrs ? route53.HostedZone.fromHostedZoneAttributes(ctx.stack, 'EdgeZone', zoneAttrs) : undefined;
  const dns = zone ? new EdgeDns(ctx.stack, 'EdgeDns', { zone }) : undefined;
  const alarms = ctx.plan.monitoring?.alarms;

  const plan = environmentDnsPlan(ctx.plan.name, ctx.plan);
  const planned = (kind: 'alb' | 'cdn') => plan.records.filter((r) => r.stack === 'primary' && r.target.kind === kind && r.type === 'A');
  let alb: SecureLoadBalancer | undefined;
  if (edge.alb) {
    alb = buildLoadBalancer(ctx, zone, fqdn(albRecord), []);
    registerEndpoint(ctx, 'alb', alb.loadBalancer.loadBalancerDnsName, alb.loadBalancer.loadBalancerCanonicalHostedZoneId);
    registerEndpoint(ctx, 'public', alb.loadBalancer.loadBalancerDnsName, alb.loadBalancer.loadBalancerCanonicalHostedZoneId);
    // Records from the DNS plan: the plain name unless a failover pair replaced it, and the origin record the pair's
    // PRIMARY aliases (see src/dr/dns-plan.ts). The first keeps the id it always had.
    planned('alb').forEach((r, i) => dns?.aliasLoadBalancer(i === 0 && r.path[0] === 'edge' ? 'AlbAlias' : `AlbAlias-${r.name}`, r.name, alb!.loadBalancer));
    new CfnOutput(ctx.stack, OUTPUTS.loadBalancerArn('public'), { value: alb.loadBalancer.loadBalancerArn, description: 'Internet-facing ALB of the primary region' });
  }

  let cdn: ContentDistribution | undefined;
  if (edge.cdn) {
    const spec = edge.cdn;
    const global = globalScopes(ctx);
    const edgeStack = global.edgeStack;

    let certificate: acm.ICertificate | undefined;
    if (domain?.cdnCertificateArn) {
      certificate = acm.Certificate.fromCertificateArn(ctx.stack, 'CdnCertificate', domain.cdnCertificateArn);
    } else if (domain && zoneAttrs) {
      const edgeZone = edgeStack === ctx.stack ? zone! : route53.HostedZone.fromHostedZoneAttributes(edgeStack, 'CdnZone', zoneAttrs);
      certificate = new acm.Certificate(edgeStack, 'CdnCertificate', {
        domainName: fqdn(cdnRecord),
        validation: acm.CertificateValidation.fromDns(edgeZone),
      });
    }

    const cdnWaf = edge.waf
      ? new WebFirewall(edgeStack, 'CdnWaf', {
        scope: 'CLOUDFRONT',
        name: ctx.name('cdn-waf'),
        managedRules: edge.waf.managedRules as ManagedRuleGroupName[] | undefined,
        rateLimit: edge.waf.rateLimit,
        geoAllow: edge.waf.geoAllow,
        geoBlock: edge.waf.geoBlock,
        logging: edge.waf.logging,
        logEncryptionKey: global.logsKey,
      })
      : undefined;

    // Personal data is served only to signed URLs or cookies (validation requires the keys or a reviewed exception).
    const signed = new Set(signedBucketOrigins(ctx.plan));
    const keyGroup = signed.size && spec.signedUrls ? signingKeyGroup(ctx, spec.signedUrls.publicKeys) : undefined;
    if (signed.size && !keyGroup) throw new Error(`edge.cdn: ${[...signed].join(', ')} hold personal data and need edge.cdn.signedUrls (validation reports it)`);
    const bucketOrigins = spec.origins.filter((o) => o !== 'alb').map((name) => {
      const bucket = ctx.registry.buckets.get(name);
      if (!bucket) throw new Error(`edge.cdn.origins: bucket ${name} is not built in this stack (the storage feature must run first)`);
      return { bucket, pathPattern: `/${name}/*`, trustedKeyGroups: signed.has(name) && keyGroup ? [keyGroup] : undefined };
    });
    const restricted = alb ? cloudfrontOnly(ctx) : undefined;
    cdn = new ContentDistribution(ctx.stack, 'Cdn', {
      comment: ctx.name('cdn'),
      bucketOrigins,
      loadBalancerOrigin: spec.origins.includes('alb')
        ? { domainName: fqdn(albRecord), customHeaders: restricted ? { [restricted.headerName]: restricted.headerValue } : undefined }
        : undefined,
      certificate,
      domainNames: certificate ? [fqdn(cdnRecord)] : undefined,
      minimumProtocolVersion: spec.minimumTls as cloudfront.SecurityPolicyProtocol | undefined,
      viewerProtocolPolicy: spec.viewerProtocol === 'https-only' ? cloudfront.ViewerProtocolPolicy.HTTPS_ONLY : cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      geoAllow: spec.geoRestriction?.allow,
      geoBlock: spec.geoRestriction?.block,
      priceClass: PRICE_CLASS[spec.priceClass ?? '100'],
      webAclArn: cdnWaf?.webAclArn,
      logging: spec.logging,
      // The platform log bucket keeps ACLs enabled (BUCKET_OWNER_PREFERRED) for exactly this: CloudFront standard
      // logging delivers through an ACL grant. ContentDistribution refuses an ACL-disabled bucket.
      logBucket: spec.logging === false ? undefined : ctx.logBucket,
      logFilePrefix: `cloudfront/${ctx.plan.name}/`,
    });
    tagHavenResource(cdn.distribution, 'edge.cdn');
    if (alb && restricted) rotateOriginSecret(ctx, originSecret(ctx), restricted.headerName, cdn.distributionId, alb);
    if (cdnWaf) tagHavenResource(cdnWaf.webAcl, 'edge.waf');
    registerEndpoint(ctx, 'cdn', cdn.domainName, 'Z2FDTNDATAQYW2');
    if (certificate) planned('cdn').forEach((r, i) => dns?.aliasDistribution(i === 0 && r.path[0] === 'edge' ? 'CdnAlias' : `CdnAlias-${r.name}`, r.name, cdn!.distribution));
    ctx.evidence('CdnDomainName', cdn.domainName, 'CloudFront distribution (HTTPS, OAC to private buckets, geo restriction)');
    ctx.evidence('CdnDistributionId', cdn.distributionId, 'CloudFront distribution id');

    const tuning = alarms?.cloudfront5xxRate;
    if (tuning?.enabled !== false) {
      const alarm = cdn.addErrorRateAlarm(global.afterStack, 'Cdn5xxRateAlarm', {
        thresholdPercent: tuning?.threshold ?? DEFAULT_CDN_5XX_PERCENT,
        period: tuning?.periodMinutes ? Duration.minutes(tuning.periodMinutes) : undefined,
        evaluationPeriods: tuning?.evaluationPeriods,
        topic: global.alarmTopic,
      });
      // The registry lists this stack's alarms; a us-east-1 alarm is reported through evidence instead.
      if (global.afterStack === ctx.stack) ctx.registry.alarms.push(alarm);
      else ctx.evidence('Cdn5xxAlarmRegion', global.afterStack.region, `CloudFront 5xx alarm lives in ${global.afterStack.stackName}`);
    }
  }

  edge.dns?.healthChecks?.forEach((hc, i) => {
    // Health checks need no zone: Route 53 resolves the record wherever it is hosted.
    const checks = dns ?? new EdgeDns(ctx.stack, 'EdgeHealthChecks', {});
    const check = checks.addHealthCheck(`HealthCheck${i}`, {
      fqdn: fqdn(hc.target === 'alb' ? albRecord : cdnRecord),
      path: hc.path,
      failureThreshold: hc.failureThreshold,
      interval: hc.intervalSeconds ? Duration.seconds(hc.intervalSeconds) : undefined,
    });
    ctx.evidence(`HealthCheck${hc.target === 'alb' ? 'Alb' : 'Cdn'}${i}`, check.healthCheckId, `Route 53 HTTPS health check of ${hc.target}`);
    ctx.registry.healthChecks?.set(`${hc.target} ${hc.path ?? '/'}`, check.healthCheckId);
  });
}

/**
 * The internet-facing ALB with its WAF and blocked-requests alarm, as the primary region builds it and, for pilot
 * light and warm standby, the DR region too (same TLS policy, access logs, WAF): the DR services sit behind it and
 * the SECONDARY failover record aliases it. `certificateDomain` (+ `extraNames`) is issued and DNS-validated in the
 * stack's own region, since ACM certificates are regional.
 */
function buildLoadBalancer(ctx: PlatformContext, zone: route53.IHostedZone | undefined, certificateDomain: string, extraNames: string[]): SecureLoadBalancer {
  const edge = ctx.plan.edge!;
  const spec = edge.alb!;
  const hc = spec.healthCheck;
  const loadBalancerName = albPhysicalName(ctx, ctx.role === 'dr' ? 'dr' : 'primary');
  if (ctx.logBucket.encryptionKey && spec.accessLogs !== false) {
    throw new Error('ALB access logs need an SSE-S3 log bucket (ELB cannot write SSE-KMS); the platform log bucket uses a KMS key');
  }
  // The spec's certificate ARN is regional (primary region): the DR region always issues its own.
  const certificateArn = ctx.role === 'primary' ? edge.domain?.certificateArn : undefined;
  const alb = new SecureLoadBalancer(ctx.stack, 'Alb', {
    vpc: ctx.vpc,
    vpcSubnets: ctx.subnets.public,
    loadBalancerName,
    ...(certificateArn ? { certificateArn } : { domainName: certificateDomain, subjectAlternativeNames: extraNames.length ? extraNames : undefined, hostedZone: zone }),
    sslPolicy: sslPolicyFor(spec.tlsPolicy ?? 'tls12'),
    redirectHttp: albHttpRedirect(ctx.plan),
    cloudfrontOnly: cloudfrontOnly(ctx),
    accessLogBucket: spec.accessLogs === false ? undefined : ctx.logBucket,
    accessLogPrefix: ctx.role === 'dr' ? `alb/${ctx.plan.name}-dr` : `alb/${ctx.plan.name}`,
    deletionProtection: spec.deletionProtection ?? ctx.plan.defaults.deletionProtection,
    defaultHealthCheck: {
      path: hc?.path,
      interval: hc?.intervalSeconds ? Duration.seconds(hc.intervalSeconds) : undefined,
      healthyThresholdCount: hc?.healthyThreshold,
      unhealthyThresholdCount: hc?.unhealthyThreshold,
      healthyHttpCodes: hc?.matcher,
    },
  });
  ctx.registry.loadBalancer = alb;
  tagHavenResource(alb.loadBalancer, 'edge.alb');
  ctx.evidence(ctx.role === 'dr' ? 'DrAlbDnsName' : 'AlbDnsName', alb.loadBalancer.loadBalancerDnsName, `Internet-facing ALB${ctx.role === 'dr' ? ' of the DR region' : ''}: ${alb.originConditions.length ? 'HTTPS from CloudFront only (origin-facing prefix list and secret origin header)' : alb.httpListener ? 'HTTPS only (HTTP redirects)' : 'HTTPS only'}, invalid headers dropped`);
  if (!edge.waf) return alb;
  const waf = new WebFirewall(ctx.stack, 'AlbWaf', {
    scope: 'REGIONAL',
    name: ctx.name(ctx.role === 'dr' ? 'alb-dr-waf' : 'alb-waf'),
    managedRules: edge.waf.managedRules as ManagedRuleGroupName[] | undefined,
    rateLimit: edge.waf.rateLimit,
    geoAllow: edge.waf.geoAllow,
    geoBlock: edge.waf.geoBlock,
    logging: edge.waf.logging,
    logEncryptionKey: ctx.key('logs'),
  });
  waf.associate('Association', alb.loadBalancer);
  tagHavenResource(waf.webAcl, 'edge.waf');
  ctx.evidence(ctx.role === 'dr' ? 'DrAlbWebAclArn' : 'AlbWebAclArn', waf.webAclArn, 'WAF web ACL protecting the ALB');
  const tuning = ctx.plan.monitoring?.alarms?.wafBlockedRequests;
  if (tuning?.enabled !== false) {
    const alarm = new cloudwatch.Alarm(ctx.stack, 'AlbWafBlockedAlarm', {
      alarmDescription: 'WAF on the ALB is blocking many requests (attack, or a rule blocking real users)',
      metric: waf.metricBlockedRequests({ period: Duration.minutes(tuning?.periodMinutes ?? 5) }),
      threshold: tuning?.threshold ?? DEFAULT_WAF_BLOCKED,
      evaluationPeriods: tuning?.evaluationPeriods ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(ctx.alarmTopic));
    ctx.registry.alarms.push(alarm);
  }
  return alb;
}

/**
 * DR region: the standby load balancer (pilot light and warm standby with edge.alb), then the failover pair and
 * its switch (FailoverRecords). Everything DNS failover needs is created here, in the stack that survives the loss
 * of the primary region: both records, the three health checks (global resources, so they work from any stack) and
 * the switch alarm. The runbook reads the zone, record and health check ids from this stack's outputs.
 */
export function applyEdgeDr(ctx: PlatformContext): void {
  const plan = environmentDnsPlan(ctx.plan.name, ctx.plan);
  const domain = ctx.plan.edge?.domain;
  const zone = domain?.hostedZoneId ? route53.HostedZone.fromHostedZoneAttributes(ctx.stack, 'EdgeZone', { hostedZoneId: domain.hostedZoneId, zoneName: domain.name }) : undefined;
  let alb: SecureLoadBalancer | undefined;
  if (plan.drLoadBalancer && domain) {
    const albName = normalizeName(`${ctx.plan.edge?.alb?.recordName ?? 'app'}.${domain.name}`);
    // The standby answers for the failover name too when it lies in the edge zone (the certificate must cover it).
    const extra = plan.failover && plan.failover.name !== albName && plan.failover.zone === normalizeName(domain.name) ? [plan.failover.name] : [];
    alb = buildLoadBalancer(ctx, zone, albName, extra);
    if (alb.originConditions.length) publishOriginListener(ctx, alb);
    registerEndpoint(ctx, 'public', alb.loadBalancer.loadBalancerDnsName, alb.loadBalancer.loadBalancerCanonicalHostedZoneId);
    new CfnOutput(ctx.stack, OUTPUTS.loadBalancerArn('dr'), { value: alb.loadBalancer.loadBalancerArn, description: `Standby ALB in ${ctx.region}` });
  }
  // The PRIMARY aliases a record the primary stack creates: it must exist first (foundation phase: not yet).
  if (ctx.stack.node.tryGetContext(DR_PHASE_CONTEXT) === 'foundation') return;
  failoverPair(ctx, plan, alb);
}

/**
 * Alarms the pair's endpoint child watches when the primary ALB admits only CloudFront (Route 53 health checkers
 * cannot probe it): the primary stack's, by region and name (src/platform/features/failover-endpoint.ts).
 */
function endpointAlarms(ctx: PlatformContext, plan: EnvironmentDnsPlan): { region: string; name: string }[] | undefined {
  if (plan.failover?.origin?.kind !== 'alb' || albAccess(ctx.plan) !== 'cloudfront') return undefined;
  const probe = failoverProbe(ctx.plan);
  if (!probe) throw new Error('dr.failover: no Haven service answers the health-check path behind the CloudFront-only ALB (validation reports it)');
  return probe.colours.map((colour) => ({ region: ctx.plan.regions.primary, name: failoverEndpointAlarmName(ctx.plan.project.name, ctx.plan.name, colour) }));
}

function failoverPair(ctx: PlatformContext, plan: EnvironmentDnsPlan, alb: SecureLoadBalancer | undefined): void {
  const fo = plan.failover;
  if (!fo) return;
  if (!fo.hostedZoneId) throw new Error('dr.failover.hostedZoneId is required (validation reports it)');
  const zone = route53.HostedZone.fromHostedZoneAttributes(ctx.stack, 'DrFailoverZone', { hostedZoneId: fo.hostedZoneId, zoneName: fo.zone });
  let secondary: route53.IAliasRecordTarget;
  if (fo.secondary.kind === 'dr-alb') {
    if (!alb) throw new Error('dr.failover: the SECONDARY aliases the DR load balancer, which this stack did not build');
    const lb = alb.loadBalancer;
    secondary = { bind: () => ({ dnsName: lb.loadBalancerDnsName, hostedZoneId: lb.loadBalancerCanonicalHostedZoneId }) };
  } else {
    const target = fo.secondary.recordName;
    secondary = { bind: () => ({ dnsName: target, hostedZoneId: fo.hostedZoneId! }) };
  }
  const sw = failoverSwitch(ctx.plan.project.name, ctx.plan.name);
  const records = new FailoverRecords(ctx.stack, 'DrFailover', {
    endpointAlarms: endpointAlarms(ctx, plan),
    zone,
    recordName: fo.name,
    primaryAliasName: fo.primaryAliasName,
    secondary,
    switch: sw,
    healthCheckPath: fo.healthCheckPath,
  });
  tagHavenResource(records.primaryHealthCheck, 'dr.failover');
  ctx.registry.healthChecks?.set('failover: primary endpoint', records.endpointHealthCheck.healthCheckId);
  ctx.registry.healthChecks?.set('failover: PRIMARY record (endpoint and switch)', records.primaryHealthCheck.healthCheckId);
  // Throwing the switch moves production traffic: whoever is on call hears of it, like every other alarm.
  records.switchAlarm.addAlarmAction(new cwActions.SnsAction(ctx.alarmTopic));
  records.switchAlarm.addOkAction(new cwActions.SnsAction(ctx.alarmTopic));
  ctx.registry.alarms.push(records.switchAlarm);
  new CfnOutput(ctx.stack, OUTPUTS.dnsHostedZoneId, { value: fo.hostedZoneId, description: 'Hosted zone of the failover records' });
  new CfnOutput(ctx.stack, OUTPUTS.dnsRecordName, { value: fo.name, description: 'Record that fails over to the DR region' });
  new CfnOutput(ctx.stack, OUTPUTS.dnsPrimaryHealthCheckId, { value: records.primaryHealthCheck.healthCheckId, description: `Calculated health check on the PRIMARY record: primary endpoint AND the ${sw.alarmName} switch` });
  // Route 53 publishes health-check metrics only in us-east-1, and an alarm must sit in its metric's region.
  if (ctx.region === 'us-east-1') {
    const alarm = new cloudwatch.Alarm(ctx.stack, 'DrPrimaryHealthAlarm', {
      metric: records.metricPrimaryHealth(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      alarmDescription: `PRIMARY of ${fo.name} withdrawn (endpoint unhealthy or switch thrown): traffic goes to the DR region`,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(ctx.alarmTopic));
    ctx.registry.alarms.push(alarm);
  }
}

/**
 * Edge feature: ALB, WAF, CloudFront, DNS. Runs in the primary stack; builds CloudFront's us-east-1 pieces through
 * `ctx.usEast1` (see the design note above). Must run after the storage feature (buckets) and before compute
 * features (they attach services to `ctx.registry.loadBalancer`).
 */
export const edgeFeature: PlatformFeature = {
  name: 'edge',
  roles: ['primary', 'dr'],
  apply(ctx) {
    if (ctx.role === 'primary') applyEdge(ctx);
    else if (ctx.role === 'dr') applyEdgeDr(ctx);
  },
};
