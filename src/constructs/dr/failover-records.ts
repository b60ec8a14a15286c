import { Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/** Where one side of the failover pair points: a DNS name (CNAME) or an alias target (A alias). */
export interface FailoverTarget {
  /** Host name answered with a CNAME, e.g. an ALB or CloudFront domain. */
  readonly dnsName?: string;
  /** Alias target (ALB, CloudFront, ...), answered with an A alias record. */
  readonly alias?: route53.IAliasRecordTarget;
  /**
   * Name the health check probes.
   * @default - `dnsName`
   */
  readonly healthCheckFqdn?: string;
}

export interface FailoverRecordsProps {
  readonly zone: route53.IHostedZone;
  /** Record that fails over, e.g. app.example.com. */
  readonly recordName: string;
  /** Served while its health check passes. @default - no PRIMARY record in this stack */
  readonly primary?: FailoverTarget;
  /** Served when the primary is unhealthy. @default - no SECONDARY record in this stack */
  readonly secondary?: FailoverTarget;
  /** @default '/health' */
  readonly healthCheckPath?: string;
  /** @default 443 */
  readonly healthCheckPort?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default Duration.seconds(60) */
  readonly ttl?: Duration;
}

/**
 * Route 53 failover routing: an HTTPS health check on the primary and PRIMARY/SECONDARY records of one name. The two
 * records may live in different stacks (each region's stack publishes its own side; Route 53 is global), so the DR
 * side can be managed while the primary region is down.
 */
export class FailoverRecords extends Construct {
  public readonly healthCheck?: route53.HealthCheck;
  public readonly primaryRecord?: route53.RecordSet;
  public readonly secondaryRecord?: route53.RecordSet;

  constructor(scope: Construct, id: string, props: FailoverRecordsProps) {
    super(scope, id);
    if (!props.primary && !props.secondary) throw new Error('FailoverRecords: give primary, secondary or both');
    const ttl = props.ttl ?? Duration.seconds(60);
    if (props.primary) {
      const fqdn = props.primary.healthCheckFqdn ?? props.primary.dnsName;
      if (!fqdn) throw new Error('FailoverRecords: an alias primary needs healthCheckFqdn');
      this.healthCheck = new route53.HealthCheck(this, 'PrimaryHealth', {
        type: route53.HealthCheckType.HTTPS,
        fqdn,
        port: props.healthCheckPort ?? 443,
        resourcePath: props.healthCheckPath ?? '/health',
        requestInterval: Duration.seconds(30),
        failureThreshold: props.failureThreshold ?? 3,
        enableSNI: true,
      });
      this.primaryRecord = this.record('Primary', props, props.primary, route53.Failover.PRIMARY, ttl, this.healthCheck);
    }
    if (props.secondary) this.secondaryRecord = this.record('Secondary', props, props.secondary, route53.Failover.SECONDARY, ttl);
  }

  private record(id: string, props: FailoverRecordsProps, target: FailoverTarget, failover: route53.Failover, ttl: Duration, healthCheck?: route53.IHealthCheck): route53.RecordSet {
    const common = { zone: props.zone, recordName: props.recordName, failover, setIdentifier: failover.toLowerCase(), healthCheck };
    if (target.alias) {
      // Alias records take no TTL.
      const alias = target.alias;
      // Route 53 requires EvaluateTargetHealth on failover aliases: an unhealthy target also triggers failover.
      const evaluated: route53.IAliasRecordTarget = { bind: (record, zone) => ({ ...alias.bind(record, zone), evaluateTargetHealth: true }) };
      return new route53.ARecord(this, id, { ...common, target: route53.RecordTarget.fromAlias(evaluated) });
    }
    if (!target.dnsName) throw new Error(`FailoverRecords: the ${failover} target needs dnsName or alias`);
    return new route53.CnameRecord(this, id, { ...common, domainName: target.dnsName, ttl });
  }
}
