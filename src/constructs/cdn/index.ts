import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

const COUNTRY = /^[A-Z]{2}$/;

/** An S3 bucket served through Origin Access Control (the bucket stays private). */
export interface BucketContentOrigin {
  readonly bucket: s3.IBucket;
  /**
   * Path pattern routed to this bucket, e.g. '/photos/*'. Objects are read at the request path, so they live under
   * that prefix in the bucket (`photos/...`).
   * @default - the default behavior (at most one origin may omit it)
   */
  readonly pathPattern?: string;
  /**
   * Require signed URLs or cookies from these key groups on this origin's behavior (personal data).
   * @default - the distribution's `trustedKeyGroups`
   */
  readonly trustedKeyGroups?: cloudfront.IKeyGroup[];
}

/** An Application Load Balancer reached over HTTPS at a name its certificate covers. */
export interface LoadBalancerContentOrigin {
  /**
   * DNS name that resolves to the load balancer and is on its certificate (e.g. an alias record `app.example.com`).
   * The ALB's own `*.elb.amazonaws.com` name would fail CloudFront's certificate check under HTTPS-only.
   */
  readonly domainName: string;
  /**
   * Path pattern routed to the load balancer, e.g. '/api/*'.
   * @default - the default behavior
   */
  readonly pathPattern?: string;
  /**
   * Headers CloudFront adds to every request to the load balancer (e.g. the secret header the listener checks).
   * @default - none
   */
  readonly customHeaders?: Record<string, string>;
}

export interface ContentDistributionProps {
  /**
   * Private S3 buckets to serve. KMS-encrypted buckets get a key-policy statement letting CloudFront decrypt.
   * @default - none
   */
  readonly bucketOrigins?: readonly BucketContentOrigin[];
  /**
   * A load balancer origin (dynamic content: no caching, all methods, viewer headers forwarded except Host).
   * @default - none
   */
  readonly loadBalancerOrigin?: LoadBalancerContentOrigin;
  /**
   * Custom names served by the distribution; needs `certificate`.
   * @default - only the *.cloudfront.net name
   */
  readonly domainNames?: string[];
  /**
   * Certificate for `domainNames`. CloudFront only accepts certificates from us-east-1.
   * @default - the *.cloudfront.net certificate (which cannot enforce a TLS minimum)
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Lowest TLS version viewers may use (applies with a custom certificate).
   * @default cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021
   */
  readonly minimumProtocolVersion?: cloudfront.SecurityPolicyProtocol;
  /**
   * REDIRECT_TO_HTTPS or HTTPS_ONLY; ALLOW_ALL is refused.
   * @default cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS
   */
  readonly viewerProtocolPolicy?: cloudfront.ViewerProtocolPolicy;
  /**
   * Serve only to these ISO 3166-1 alpha-2 countries. Not with `geoBlock`.
   * @default - no restriction
   */
  readonly geoAllow?: readonly string[];
  /**
   * Refuse these ISO 3166-1 alpha-2 countries. Not with `geoAllow`.
   * @default - no restriction
   */
  readonly geoBlock?: readonly string[];
  /** @default cloudfront.PriceClass.PRICE_CLASS_100 */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * ARN of a CLOUDFRONT-scope WAF web ACL (created in us-east-1).
   * @default - no WAF
   */
  readonly webAclArn?: string;
  /**
   * Standard access logging.
   * @default true
   */
  readonly logging?: boolean;
  /**
   * Bucket for access logs. Must accept ACLs (ObjectOwnership BUCKET_OWNER_PREFERRED or OBJECT_WRITER), because
   * CloudFront standard logging grants the awslogsdelivery account write access through an ACL.
   * @default - a dedicated SSE-S3 log bucket with BUCKET_OWNER_PREFERRED ownership
   */
  readonly logBucket?: s3.IBucket;
  /** @default 'cloudfront/' */
  readonly logFilePrefix?: string;
  /**
   * Days to keep access logs in the dedicated log bucket.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Require signed URLs / cookies from these key groups on bucket origins (recommended for personal data).
   * @default - no signature required
   */
  readonly trustedKeyGroups?: cloudfront.IKeyGroup[];
  /**
   * Object returned for a request to "/". CloudFront has no default; without one "/" reaches the origin as is.
   * @default - 'index.html', except when the load balancer serves the default behavior (the application's own "/")
   */
  readonly defaultRootObject?: string;
  /** @default - none */
  readonly comment?: string;
}

export interface ErrorRateAlarmOptions {
  /** Alarm when the 5xx error rate (percent of requests) is above this. */
  readonly thresholdPercent: number;
  /** @default Duration.minutes(5) */
  readonly period?: Duration;
  /** @default 2 */
  readonly evaluationPeriods?: number;
  /**
   * Topic notified on alarm and recovery; must be in us-east-1 like the alarm.
   * @default - no action
   */
  readonly topic?: sns.ITopic;
}

/**
 * A CloudFront distribution in front of private S3 buckets (Origin Access Control, bucket policies pinned to this
 * distribution) and optionally an ALB (HTTPS only). HTTPS for viewers, TLS 1.2+ with a custom certificate,
 * compression, managed caching for static assets, security headers, geo restriction, WAF and access logs.
 */
export class ContentDistribution extends Construct {
  public readonly distribution: cloudfront.Distribution;
  public readonly logBucket?: s3.IBucket;

  constructor(scope: Construct, id: string, props: ContentDistributionProps) {
    super(scope, id);
    const bucketOrigins = props.bucketOrigins ?? [];
    const alb = props.loadBalancerOrigin;
    if (bucketOrigins.length === 0 && !alb) throw new Error('ContentDistribution needs at least one bucket or load balancer origin');
    const defaults = [...bucketOrigins.filter((o) => !o.pathPattern), ...(alb && !alb.pathPattern ? [alb] : [])];
    if (defaults.length > 1) throw new Error('only one origin may omit pathPattern (it serves the default behavior)');
    const patterns = [...bucketOrigins.map((o) => o.pathPattern), alb?.pathPattern].filter((p): p is string => !!p);
    if (new Set(patterns).size !== patterns.length) throw new Error('two origins use the same pathPattern');

    const viewerProtocolPolicy = props.viewerProtocolPolicy ?? cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS;
    if (viewerProtocolPolicy === cloudfront.ViewerProtocolPolicy.ALLOW_ALL) throw new Error('viewers must use HTTPS: ALLOW_ALL is not allowed');
    if (props.domainNames?.length && !props.certificate) throw new Error('domainNames need a certificate');
    if (props.certificate) {
      const arn = props.certificate.certificateArn;
      checkUsEast1(Token.isUnresolved(arn) ? Stack.of(props.certificate).region : arn.split(':')[3], 'the CloudFront certificate');
    }
    if (props.webAclArn && !Token.isUnresolved(props.webAclArn)) checkUsEast1(props.webAclArn.split(':')[3], 'the CloudFront web ACL');

    const geoRestriction = this.geoRestriction(props);

    // Static assets: managed CachingOptimized (long TTLs, gzip/brotli keys, no cookies or query strings), GET/HEAD.
    const staticBehavior = (origin: cloudfront.IOrigin, trustedKeyGroups?: cloudfront.IKeyGroup[]): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy,
      compress: true,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      trustedKeyGroups,
    });
    // Dynamic content from the ALB: never cached, every method, viewer headers/cookies/query forwarded (not Host,
    // so the ALB sees the name on its certificate).
    const dynamicBehavior = (origin: cloudfront.IOrigin): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy,
      compress: true,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    });

    // One OAC per distribution; CDK adds to each bucket's policy s3:GetObject for cloudfront.amazonaws.com with
    // AWS:SourceArn = this distribution. For a KMS bucket it adds to the key policy kms:Decrypt for the same principal
    // with AWS:SourceArn = arn:...:cloudfront::<this account>:distribution/*: naming this distribution there would be a
    // cycle (key -> distribution -> bucket -> key). Access stays pinned to this distribution because S3 only asks KMS
    // to decrypt for requests the bucket policy already allowed.
    const oac = bucketOrigins.length ? new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', { signing: cloudfront.Signing.SIGV4_ALWAYS }) : undefined;
    const s3Origin = (bucket: s3.IBucket) => origins.S3BucketOrigin.withOriginAccessControl(bucket, { originAccessControl: oac });
    const albOrigin = alb
      ? new origins.HttpOrigin(alb.domainName, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        customHeaders: alb.customHeaders,
      })
      : undefined;

    const behaviors: Record<string, cloudfront.BehaviorOptions> = {};
    let defaultBehavior: cloudfront.BehaviorOptions | undefined;
    for (const o of bucketOrigins) {
      const b = staticBehavior(s3Origin(o.bucket), o.trustedKeyGroups ?? props.trustedKeyGroups);
      if (o.pathPattern) behaviors[o.pathPattern] = b;
      else defaultBehavior = b;
    }
    if (albOrigin) {
      const b = dynamicBehavior(albOrigin);
      if (alb!.pathPattern) behaviors[alb!.pathPattern] = b;
      else defaultBehavior = b;
    }
    if (!defaultBehavior) {
      // Every origin is path-routed: the first pattern's origin also serves the default behavior.
      const first = patterns[0];
      defaultBehavior = behaviors[first];
    }
    const applicationAtRoot = albOrigin !== undefined && defaultBehavior.origin === albOrigin;

    this.logBucket = (props.logging ?? true) ? this.resolveLogBucket(props) : undefined;

    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: props.comment,
      defaultBehavior,
      additionalBehaviors: behaviors,
      domainNames: props.domainNames,
      certificate: props.certificate,
      minimumProtocolVersion: props.certificate ? (props.minimumProtocolVersion ?? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021) : undefined,
      sslSupportMethod: props.certificate ? cloudfront.SSLMethod.SNI : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      geoRestriction,
      webAclId: props.webAclArn,
      enableLogging: props.logging ?? true,
      logBucket: this.logBucket,
      logFilePrefix: this.logBucket ? (props.logFilePrefix ?? 'cloudfront/') : undefined,
      // A root object only where no application answers "/" (it would rewrite the application's own "/").
      // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DefaultRootObject.html
      defaultRootObject: props.defaultRootObject ?? (applicationAtRoot ? undefined : 'index.html'),
      enableIpv6: true,
    });

    for (const o of bucketOrigins) {
      if (o.bucket.encryptionKey) {
        Annotations.of(o.bucket.encryptionKey.node.scope ?? this).acknowledgeWarning(
          '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
          'Key statement is account-wide for CloudFront only to avoid a deploy cycle; the bucket policy pins the distribution.',
        );
      }
    }
  }

  public get distributionId(): string {
    return this.distribution.distributionId;
  }

  public get domainName(): string {
    return this.distribution.distributionDomainName;
  }

  /** Percent of viewer requests answered 5xx. CloudFront publishes it only in us-east-1, with Region=Global. */
  public metric5xxErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/CloudFront',
      metricName: '5xxErrorRate',
      dimensionsMap: { DistributionId: this.distribution.distributionId, Region: 'Global' },
      statistic: 'Average',
      period: Duration.minutes(5),
      region: 'us-east-1',
      ...props,
    });
  }

  /**
   * Alarm on the 5xx error rate. `scope` must be in a us-east-1 stack, where the metric lives; from another region,
   * that stack references this distribution's id (with `crossRegionReferences`).
   */
  public addErrorRateAlarm(scope: Construct, id: string, options: ErrorRateAlarmOptions): cloudwatch.Alarm {
    checkUsEast1(Stack.of(scope).region, 'an alarm on CloudFront metrics');
    if (!(options.thresholdPercent > 0 && options.thresholdPercent <= 100)) {
      throw new Error(`thresholdPercent must be in (0, 100], got ${options.thresholdPercent}`);
    }
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmDescription: `CloudFront 5xx error rate above ${options.thresholdPercent}%`,
      metric: this.metric5xxErrorRate({ period: options.period ?? Duration.minutes(5) }),
      threshold: options.thresholdPercent,
      evaluationPeriods: options.evaluationPeriods ?? 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No requests means no data, not an outage.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (options.topic) {
      alarm.addAlarmAction(new cwActions.SnsAction(options.topic));
      alarm.addOkAction(new cwActions.SnsAction(options.topic));
    }
    return alarm;
  }

  private geoRestriction(props: ContentDistributionProps): cloudfront.GeoRestriction | undefined {
    if (props.geoAllow?.length && props.geoBlock?.length) throw new Error('give geoAllow or geoBlock, not both');
    for (const c of [...(props.geoAllow ?? []), ...(props.geoBlock ?? [])]) {
      if (!COUNTRY.test(c)) throw new Error(`expected an ISO 3166-1 alpha-2 country code such as CA, got ${c}`);
    }
    if (props.geoAllow?.length) return cloudfront.GeoRestriction.allowlist(...props.geoAllow);
    if (props.geoBlock?.length) return cloudfront.GeoRestriction.denylist(...props.geoBlock);
    return undefined;
  }

  private resolveLogBucket(props: ContentDistributionProps): s3.IBucket {
    if (props.logBucket) {
      // A bucket built here in CDK shows its ownership setting; ACLs are on only for OBJECT_WRITER or
      // BUCKET_OWNER_PREFERRED (no setting means S3's default, BUCKET_OWNER_ENFORCED). Imported buckets are trusted.
      const cfn = props.logBucket.node.defaultChild;
      if (cfn instanceof s3.CfnBucket) {
        const ownership = JSON.stringify(Stack.of(cfn).resolve(cfn.ownershipControls) ?? {});
        const aclsOn = /ObjectWriter|BucketOwnerPreferred/.test(ownership);
        if (!aclsOn) {
          throw new Error('CloudFront standard logging writes through ACLs; the log bucket has ACLs disabled (BUCKET_OWNER_ENFORCED). Omit logBucket to get a dedicated one.');
        }
      }
      return props.logBucket;
    }
    // CloudFront standard logs are delivered by the awslogsdelivery account through a bucket ACL grant, so this
    // bucket keeps ACLs enabled (BUCKET_OWNER_PREFERRED: objects still end up owned by us). A dedicated bucket keeps
    // ACLs off the platform's shared log bucket. SSE-S3 because log delivery cannot use a customer key without
    // extra key-policy grants; logs hold no payloads.
    return new s3.Bucket(this, 'LogBucket', {
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays ?? 365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

function checkUsEast1(region: string | undefined, what: string): void {
  if (region && !Token.isUnresolved(region) && region !== 'us-east-1') {
    throw new Error(`${what} must be in us-east-1, not ${region}`);
  }
}
