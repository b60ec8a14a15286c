import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import { failoverProbe } from '../../dr/failover-probe';
import { albAccess } from '../../spec/rules/edge';
import type { PlatformContext } from '../context';
import { failoverEndpointAlarmName } from '../outputs';

/**
 * Primary region, CloudFront-only ALB with a failover pair: Route 53 health checkers cannot reach the ALB (they are
 * not CloudFront and send no origin header), so the pair's endpoint child watches these alarms instead, by name
 * (src/platform/outputs.ts `failoverEndpointAlarmName`). One per target group of the service answering the health
 * path: ALARM while it has no healthy target. HealthyHostCount is what the ALB itself concludes from probing the
 * targets over the health path, published per target group every minute
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
 * A plain metric, no metric math: Route 53 watches alarms on one standard-resolution metric with Average, Minimum,
 * Maximum, Sum or SampleCount (https://docs.aws.amazon.com/Route53/latest/APIReference/API_AlarmIdentifier.html).
 * Missing data is breaching: a group that stops reporting (load balancer or targets gone) is unhealthy.
 * ALARM notifies the environment's topic (Control Tower CT.CLOUDWATCH.PR.1 wants an action on every alarm): no
 * healthy target is worth hearing of; the idle colour of a blue/green service reports it once, after each shift.
 */
export function addFailoverEndpointAlarms(
  ctx: PlatformContext, scope: Construct, service: string, loadBalancerFullName: string,
  tgs: { blue: elbv2.ApplicationTargetGroup; green?: elbv2.ApplicationTargetGroup },
): cloudwatch.Alarm[] {
  if (ctx.role !== 'primary' || albAccess(ctx.plan) !== 'cloudfront') return [];
  const probe = failoverProbe(ctx.plan);
  if (probe?.service !== service) return [];
  return probe.colours.map((colour) => {
    const tg = colour === 'green' ? tgs.green : tgs.blue;
    if (!tg) throw new Error(`service ${service}: no ${colour} target group for the failover endpoint alarm`);
    const alarm = new cloudwatch.Alarm(scope, `FailoverEndpointAlarm${colour === 'green' ? 'Green' : colour === 'blue' ? 'Blue' : ''}`, {
      alarmName: failoverEndpointAlarmName(ctx.plan.project.name, ctx.plan.name, colour),
      alarmDescription: `No healthy ${service}${colour ? ` (${colour})` : ''} target behind the primary ALB: the failover pair's endpoint check in ${ctx.plan.regions.dr} reads this alarm`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ApplicationELB', metricName: 'HealthyHostCount',
        dimensionsMap: { LoadBalancer: loadBalancerFullName, TargetGroup: tg.targetGroupFullName },
        statistic: 'Minimum', period: Duration.minutes(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // Three minutes, about what three failed 30-second probes took with the HTTPS check.
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(ctx.alarmTopic));
    return alarm;
  });
}
