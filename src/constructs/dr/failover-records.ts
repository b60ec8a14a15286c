import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/** The manual failover switch: a metric in this stack's region and the alarm over it (see `failoverSwitch` in src/platform/outputs.ts). */
export interface FailoverSwitchMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly alarmName: string;
}

export interface FailoverRecordsProps {
  readonly zone: route53.IHostedZone;
  /** Record that fails over, e.g. app.example.com. */
  readonly recordName: string;
  /**
   * Record in the same zone the PRIMARY aliases (e.g. ca-central-1.app.example.com, aliasing the primary ALB), and
   * the name the endpoint health check probes. A name of its own, never the failover name: probing the failover
   * name would follow the failover and check the DR side.
   */
  readonly primaryAliasName: string;
  /** What the SECONDARY answers with (the DR region's ALB, or a record in the same zone). */
  readonly secondary: route53.IAliasRecordTarget;
  readonly switch: FailoverSwitchMetric;
  /**
   * Alarms in the PRIMARY region, each in ALARM while what it watches is unhealthy; the endpoint counts as healthy
   * while ANY of them is OK (e.g. one per target group of a blue/green service: the idle colour has no targets). When
   * given, child (a) watches them (CLOUDWATCH_METRIC checks) instead of probing `primaryAliasName` over HTTPS: an ALB
   * that admits only CloudFront (origin-facing prefix list + secret origin header) answers Route 53 health checkers
   * with nothing or 403. Named by region and name only, never by reference: the alarms live in the primary stack.
   * @default - child (a) is an HTTPS check of `primaryAliasName`
   */
  readonly endpointAlarms?: readonly { readonly region: string; readonly name: string }[];
  /** @default '/health' */
  readonly healthCheckPath?: string;
  /** @default 443 */
  readonly healthCheckPort?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
}

/**
 * Route 53 failover routing whose whole control plane lives in ONE stack, the DR region's: the PRIMARY and
 * SECONDARY alias records (type A, the pair Route 53 accepts), and the health check guarding the PRIMARY, which is a
 * CALCULATED check healthy only while both children are healthy:
 *  (a) an HTTPS check of the primary endpoint, or, when the primary ALB admits only CloudFront, a CLOUDWATCH_METRIC
 *      check on alarms in the PRIMARY region saying the endpoint is unhealthy (`endpointAlarms`), and
 *  (b) a CLOUDWATCH_METRIC check on the switch alarm in this (DR) region: publishing 1 to the switch metric puts the
 *      alarm in ALARM, the PRIMARY turns unhealthy and Route 53 answers with the SECONDARY whether or not the
 *      primary endpoint still answers; publishing 0 restores it.
 * Route 53 health checks are global resources, so a check created by the DR stack keeps working (and can be
 * switched) while the primary region is gone. Never an inverted check: a missing switch never means "failed over".
 *
 * Route 53: calculated health checks and health checks that monitor CloudWatch alarms,
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 * CloudWatch missing data "ignore": the alarm keeps its state, so one datapoint flips the switch until the next one,
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html
 */
export class FailoverRecords extends Construct {
  public readonly switchAlarm: cloudwatch.Alarm;
  public readonly endpointHealthCheck: route53.HealthCheck;
  public readonly switchHealthCheck: route53.HealthCheck;
  /** The calculated check on the PRIMARY record (endpoint AND switch). */
  public readonly primaryHealthCheck: route53.HealthCheck;
  public readonly primaryRecord: route53.ARecord;
  public readonly secondaryRecord: route53.ARecord;

  constructor(scope: Construct, id: string, props: FailoverRecordsProps) {
    super(scope, id);
    const failureThreshold = props.failureThreshold ?? 3;
    if (!Number.isInteger(failureThreshold) || failureThreshold < 1 || failureThreshold > 10) throw new Error(`failureThreshold must be 1-10, got ${failureThreshold}`);
    const primaryAliasName = props.primaryAliasName.replace(/\.$/, '');
    if (primaryAliasName === props.recordName.replace(/\.$/, '')) throw new Error('FailoverRecords: the PRIMARY cannot alias its own name');

    this.switchAlarm = new cloudwatch.Alarm(this, 'SwitchAlarm', {
      alarmName: props.switch.alarmName,
      alarmDescription: `Failover switch of ${props.recordName}: 1 sends traffic to the DR region, 0 restores the primary`,
      metric: new cloudwatch.Metric({ namespace: props.switch.namespace, metricName: props.switch.metricName, dimensionsMap: { ...props.switch.dimensions }, statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // The state persists after the one datapoint the operator publishes (no datapoint afterwards changes nothing).
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.endpointHealthCheck = props.endpointAlarms?.length
      ? this.alarmEndpointCheck(props.endpointAlarms)
      : new route53.HealthCheck(this, 'EndpointHealth', {
        type: route53.HealthCheckType.HTTPS,
        fqdn: primaryAliasName,
        port: props.healthCheckPort ?? 443,
        resourcePath: props.healthCheckPath ?? '/health',
        requestInterval: Duration.seconds(30),
        failureThreshold,
        enableSNI: true,
      });
    this.switchHealthCheck = new route53.HealthCheck(this, 'SwitchHealth', {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { region: Stack.of(this).region, name: props.switch.alarmName },
      // Before the first datapoint the alarm has no data: the switch is off, the primary keeps serving.
      insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.HEALTHY,
    });
    this.switchHealthCheck.node.addDependency(this.switchAlarm);
    this.primaryHealthCheck = new route53.HealthCheck(this, 'PrimaryHealth', {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: [this.endpointHealthCheck, this.switchHealthCheck],
      // Both children healthy: either the endpoint failing or the switch thrown withdraws the PRIMARY.
      healthThreshold: 2,
    });

    const zoneId = props.zone.hostedZoneId;
    const sameZone: route53.IAliasRecordTarget = { bind: () => ({ dnsName: primaryAliasName, hostedZoneId: zoneId, evaluateTargetHealth: true }) };
    this.primaryRecord = new route53.ARecord(this, 'Primary', {
      zone: props.zone,
      recordName: props.recordName,
      target: route53.RecordTarget.fromAlias(sameZone),
      failover: route53.Failover.PRIMARY,
      setIdentifier: 'primary',
      healthCheck: this.primaryHealthCheck,
    });
    // CDK requires EvaluateTargetHealth on failover aliases. With both sides unhealthy Route 53 answers with the
    // PRIMARY, so a pilot-light DR region must have healthy targets (scaled from zero) before the switch is thrown;
    // `haven dr failover` scales first.
    const secondary = props.secondary;
    const lastResort: route53.IAliasRecordTarget = { bind: (record, zone) => ({ ...secondary.bind(record, zone), evaluateTargetHealth: true }) };
    this.secondaryRecord = new route53.ARecord(this, 'Secondary', {
      zone: props.zone,
      recordName: props.recordName,
      target: route53.RecordTarget.fromAlias(lastResort),
      failover: route53.Failover.SECONDARY,
      setIdentifier: 'secondary',
    });
  }

  /**
   * Child (a) over primary-region alarms: one CLOUDWATCH_METRIC check per alarm, under a CALCULATED "any of them"
   * when there are several. Route 53 health checks that monitor CloudWatch alarms:
   * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html
   */
  private alarmEndpointCheck(alarms: readonly { readonly region: string; readonly name: string }[]): route53.HealthCheck {
    const checks = alarms.map((alarm, i) => new route53.HealthCheck(this, alarms.length === 1 ? 'EndpointHealth' : `EndpointAlarmHealth${i}`, {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { region: alarm.region, name: alarm.name },
      // Insufficient data: Route 53 cannot tell the alarm's state, e.g. the primary region's CloudWatch is gone (the
      // alarm itself treats missing metric data as breaching, so targets that stop reporting put it in ALARM, not
      // INSUFFICIENT_DATA). LastKnownStatus: a CloudWatch outage alone never moves production traffic, an endpoint
      // that failed before CloudWatch did stays failed, and a new check starts healthy (CreateHealthCheck,
      // HealthCheckConfig.InsufficientDataHealthStatus:
      // https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html). When the whole region
      // vanishes at once, the manual switch (b), in the DR region, stays the operator's lever: `haven dr failover`
      // throws it.
      insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
    }));
    if (checks.length === 1) return checks[0];
    return new route53.HealthCheck(this, 'EndpointHealth', { type: route53.HealthCheckType.CALCULATED, childHealthChecks: checks, healthThreshold: 1 });
  }

  /** Health status (1 healthy, 0 unhealthy) of the PRIMARY's calculated check. Route 53 publishes it only in us-east-1. */
  public metricPrimaryHealth(): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: 'AWS/Route53', metricName: 'HealthCheckStatus', dimensionsMap: { HealthCheckId: this.primaryHealthCheck.healthCheckId }, statistic: 'Minimum', period: Duration.minutes(1), region: 'us-east-1' });
  }
}
