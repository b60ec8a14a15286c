import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';

export interface EdgeDnsProps {
  /**
   * Zone the alias records are written to.
   * @default - none: health checks only
   */
  readonly zone?: route53.IHostedZone;
}

export interface EndpointHealthCheckOptions {
  /** Fully qualified name checked over HTTPS (SNI on), e.g. 'app.example.com'. */
  readonly fqdn: string;
  /** @default '/' */
  readonly path?: string;
  /** @default 443 */
  readonly port?: number;
  /**
   * Consecutive failed checks before the endpoint is unhealthy (1-10).
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Seconds between checks: 10 (fast, costs more) or 30.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
  /**
   * Text the first 5,120 bytes of the response must contain.
   * @default - status 2xx/3xx is enough
   */
  readonly searchString?: string;
}

/**
 * Alias records (A, plus AAAA for CloudFront which serves IPv6; the ALB is IPv4) for the edge endpoints (an ALB, a CloudFront distribution) and HTTPS health checks
 * against them. Alias records cost nothing per query and follow the target's addresses.
 */
export class EdgeDns extends Construct {
  public readonly zone?: route53.IHostedZone;

  constructor(scope: Construct, id: string, props: EdgeDnsProps = {}) {
    super(scope, id);
    this.zone = props.zone;
  }

  /** `recordName` (relative to the zone, or '' for the apex) aliases the load balancer. */
  public aliasLoadBalancer(id: string, recordName: string, loadBalancer: elbv2.ILoadBalancerV2): route53.ARecord {
    return this.alias(id, recordName, route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer, { evaluateTargetHealth: true })), false);
  }

  /** `recordName` (relative to the zone, or '' for the apex) aliases the distribution. */
  public aliasDistribution(id: string, recordName: string, distribution: cloudfront.IDistribution): route53.ARecord {
    return this.alias(id, recordName, route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(distribution)), true);
  }

  /** An HTTPS health check; its `HealthCheckStatus` metric (us-east-1 only) can feed an alarm or failover record. */
  public addHealthCheck(id: string, options: EndpointHealthCheckOptions): route53.HealthCheck {
    const failureThreshold = options.failureThreshold ?? 3;
    if (!Number.isInteger(failureThreshold) || failureThreshold < 1 || failureThreshold > 10) {
      throw new Error(`failureThreshold must be an integer from 1 to 10, got ${failureThreshold}`);
    }
    const interval = options.interval ?? Duration.seconds(30);
    if (![10, 30].includes(interval.toSeconds())) throw new Error(`interval must be 10 or 30 seconds, got ${interval.toSeconds()}`);
    const path = options.path ?? '/';
    if (!path.startsWith('/')) throw new Error(`path must start with /, got ${path}`);
    return new route53.HealthCheck(this, id, {
      type: options.searchString ? route53.HealthCheckType.HTTPS_STR_MATCH : route53.HealthCheckType.HTTPS,
      fqdn: options.fqdn,
      port: options.port ?? 443,
      resourcePath: path,
      enableSNI: true,
      failureThreshold,
      requestInterval: interval,
      searchString: options.searchString,
    });
  }

  /** Health status (1 healthy, 0 unhealthy) of a check. Route 53 publishes it only in us-east-1. */
  public static metricHealthCheckStatus(healthCheck: route53.IHealthCheck): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Route53',
      metricName: 'HealthCheckStatus',
      dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
      statistic: 'Minimum',
      period: Duration.minutes(1),
      region: 'us-east-1',
    });
  }

  private alias(id: string, recordName: string, target: route53.RecordTarget, ipv6: boolean): route53.ARecord {
    if (!this.zone) throw new Error('EdgeDns: alias records need a zone');
    const zone = this.zone;
    const a = new route53.ARecord(this, id, { zone, recordName: recordName || undefined, target });
    if (ipv6) new route53.AaaaRecord(this, `${id}Ipv6`, { zone, recordName: recordName || undefined, target });
    return a;
  }
}
