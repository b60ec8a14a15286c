import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Canary traffic shift: `percent` of production traffic goes to green, then the rest after `minutes`. */
export interface CanaryOptions {
  readonly percent: number;
  readonly minutes: number;
}

export interface BlueGreenDeploymentProps {
  /** Service created with the CODE_DEPLOY deployment controller. */
  readonly service: ecs.IBaseService;
  readonly blueTargetGroup: elbv2.IApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.IApplicationTargetGroup;
  /** Production listener whose rule CodeDeploy switches from blue to green. */
  readonly listener: elbv2.IApplicationListener;
  /**
   * Listener that sends test traffic to green before production traffic moves.
   * @default - none; the AfterAllowTestTraffic hook is skipped
   */
  readonly testListener?: elbv2.IApplicationListener;
  /**
   * Canary shift. Omit for all-at-once.
   * @default - all at once
   */
  readonly canary?: CanaryOptions;
  /**
   * How long the old (blue) task set keeps running after the shift, so a rollback is instant.
   * @default Duration.hours(1)
   */
  readonly terminationWait?: Duration;
  /**
   * Alarms that roll the deployment back while it is in progress or waiting to terminate blue.
   * @default - 5xx and unhealthy-host alarms on the green target group are created
   */
  readonly alarms?: cloudwatch.IAlarm[];
  /**
   * Topic the default alarms notify (alarm and recovery), so whoever is on call hears of a rollback.
   * @default - no notification; CodeDeploy still rolls back
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Existing CodeDeploy application to put the deployment group in.
   * @default - a new ECS application
   */
  readonly application?: codedeploy.IEcsApplication;
  /** @default - CloudFormation generates a name */
  readonly deploymentGroupName?: string;
}

/**
 * CodeDeploy blue/green for one ECS service: a deployment group over two target groups, a canary (or
 * all-at-once) traffic shift, a blue termination wait, and automatic rollback on failure, stop or alarm.
 */
export class BlueGreenDeployment extends Construct {
  public readonly application: codedeploy.IEcsApplication;
  public readonly deploymentGroup: codedeploy.EcsDeploymentGroup;
  public readonly deploymentConfig: codedeploy.IEcsDeploymentConfig;
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    const wait = props.terminationWait ?? Duration.hours(1);
    // CodeDeploy caps the blue termination wait at 2880 minutes (48 h).
    if (wait.toMinutes() > 2880) throw new Error(`terminationWait must be at most 2880 minutes (48 h), got ${wait.toMinutes()}`);

    this.application = props.application ?? new codedeploy.EcsApplication(this, 'Application');
    this.deploymentConfig = props.canary ? canaryConfig(this, props.canary) : codedeploy.EcsDeploymentConfig.ALL_AT_ONCE;
    this.alarms = props.alarms ?? this.defaultAlarms(props.greenTargetGroup, props.blueTargetGroup);
    if (!props.alarms && props.alarmTopic) {
      for (const alarm of this.alarms as cloudwatch.Alarm[]) {
        alarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
        alarm.addOkAction(new cwActions.SnsAction(props.alarmTopic));
      }
    }

    this.deploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
      application: this.application,
      deploymentGroupName: props.deploymentGroupName,
      service: props.service,
      deploymentConfig: this.deploymentConfig,
      blueGreenDeploymentConfig: {
        blueTargetGroup: props.blueTargetGroup,
        greenTargetGroup: props.greenTargetGroup,
        listener: props.listener,
        testListener: props.testListener,
        terminationWaitTime: wait,
      },
      alarms: this.alarms,
      autoRollback: {
        failedDeployment: true,
        stoppedDeployment: true,
        deploymentInAlarm: this.alarms.length > 0,
      },
    });
  }

  /** Target 5xx and unhealthy hosts on either target group (whichever is green at the time) roll back. */
  private defaultAlarms(...groups: elbv2.IApplicationTargetGroup[]): cloudwatch.IAlarm[] {
    const alarms: cloudwatch.IAlarm[] = [];
    groups.forEach((tg, i) => {
      alarms.push(
        new cloudwatch.Alarm(this, `Target5xx${i}`, {
          metric: tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' }),
          threshold: 5,
          evaluationPeriods: 2,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: 'Target 5xx during a blue/green deployment: CodeDeploy rolls back',
        }),
        new cloudwatch.Alarm(this, `Unhealthy${i}`, {
          metric: tg.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }),
          threshold: 1,
          evaluationPeriods: 2,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: 'Unhealthy targets during a blue/green deployment: CodeDeploy rolls back',
        }),
      );
    });
    return alarms;
  }
}

/** Custom time-based canary config, e.g. 10 % for 30 minutes (CodeDeploy's built-ins only cover 10 % / 5 or 15 min). */
export function canaryConfig(scope: Construct, canary: CanaryOptions): codedeploy.IEcsDeploymentConfig {
  if (!Number.isInteger(canary.percent) || canary.percent < 1 || canary.percent > 99) throw new Error(`canary percent must be an integer 1-99, got ${canary.percent}`);
  if (!Number.isInteger(canary.minutes) || canary.minutes < 1 || canary.minutes > 2880) throw new Error(`canary minutes must be an integer 1-2880, got ${canary.minutes}`);
  return new codedeploy.EcsDeploymentConfig(scope, `Canary${canary.percent}Percent${canary.minutes}Minutes`, {
    trafficRouting: codedeploy.TrafficRouting.timeBasedCanary({ percentage: canary.percent, interval: Duration.minutes(canary.minutes) }),
  });
}
