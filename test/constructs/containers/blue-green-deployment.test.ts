/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation template JSON is untyped */
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import { BlueGreenDeployment, DeploymentStrategy, FargateService } from '../../../src/constructs/containers';
import { fixture } from './fixture';

function build() {
  const f = fixture();
  const svc = new FargateService(f.stack, 'Api', {
    cluster: f.cluster.cluster,
    serviceName: 'api',
    image: { uri: 'public.ecr.aws/nginx/nginx:1.27' },
    logKey: f.logKey,
    deploymentStrategy: DeploymentStrategy.BLUE_GREEN,
  });
  const tgs = svc.attachToListener('Web', { listener: f.listener, testListener: f.testListener, vpc: f.vpc });
  return { ...f, svc, blue: tgs.blue, green: tgs.green! };
}

describe('BlueGreenDeployment', () => {
  it('shifts 10% for 30 minutes through a custom canary config and keeps blue for 24 h', () => {
    const { stack, svc, blue, green, listener, testListener } = build();
    new BlueGreenDeployment(stack, 'Deploy', {
      service: svc.service,
      blueTargetGroup: blue,
      greenTargetGroup: green,
      listener,
      testListener,
      canary: { percent: 10, minutes: 30 },
      terminationWait: Duration.hours(24),
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CodeDeploy::Application', { ComputePlatform: 'ECS' });
    t.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      ComputePlatform: 'ECS',
      TrafficRoutingConfig: { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 10, CanaryInterval: 30 } },
    });
    t.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
      BlueGreenDeploymentConfiguration: {
        TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE', TerminationWaitTimeInMinutes: 1440 },
        DeploymentReadyOption: { ActionOnTimeout: 'CONTINUE_DEPLOYMENT' },
      },
      AutoRollbackConfiguration: { Enabled: true, Events: Match.arrayWith(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM']) },
      AlarmConfiguration: { Enabled: true, Alarms: Match.anyValue() },
      LoadBalancerInfo: {
        TargetGroupPairInfoList: [
          {
            TargetGroups: [{ Name: stack.resolve(blue.targetGroupName) }, { Name: stack.resolve(green.targetGroupName) }],
            ProdTrafficRoute: { ListenerArns: [stack.resolve(listener.listenerArn)] },
            TestTrafficRoute: { ListenerArns: [stack.resolve(testListener.listenerArn)] },
          },
        ],
      },
    });
    // Default rollback alarms: 5xx and unhealthy hosts on each target group.
    t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'HTTPCode_Target_5XX_Count', Namespace: 'AWS/ApplicationELB' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UnHealthyHostCount' });
  });

  it('uses all-at-once without a canary and the caller\'s alarms when given', () => {
    const { stack, svc, blue, green, listener } = build();
    const alarm = new cloudwatch.Alarm(stack, 'Mine', { metric: new cloudwatch.Metric({ namespace: 'X', metricName: 'Y' }), threshold: 1, evaluationPeriods: 1 });
    new BlueGreenDeployment(stack, 'Deploy', { service: svc.service, blueTargetGroup: blue, greenTargetGroup: green, listener, alarms: [alarm] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CodeDeploy::DeploymentConfig', 0);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    t.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      AlarmConfiguration: { Enabled: true, Alarms: [{ Name: stack.resolve(alarm.alarmName) }] },
    });
    const group = Object.values(t.findResources('AWS::CodeDeploy::DeploymentGroup'))[0] as any;
    expect(group.Properties.LoadBalancerInfo.TargetGroupPairInfoList[0].TestTrafficRoute).toBeUndefined();
  });

  it('rejects canary and wait values CodeDeploy cannot hold', () => {
    const { stack, svc, blue, green, listener } = build();
    const base = { service: svc.service, blueTargetGroup: blue, greenTargetGroup: green, listener };
    expect(() => new BlueGreenDeployment(stack, 'A', { ...base, canary: { percent: 0, minutes: 30 } })).toThrow(/percent/);
    expect(() => new BlueGreenDeployment(stack, 'B', { ...base, canary: { percent: 10, minutes: 0 } })).toThrow(/minutes/);
    expect(() => new BlueGreenDeployment(stack, 'C', { ...base, terminationWait: Duration.hours(49) })).toThrow(/2880/);
  });

  it('gives the CodeDeploy role only the AWS-managed ECS policy, no inline wildcard actions', () => {
    const { stack, svc, blue, green, listener } = build();
    new BlueGreenDeployment(stack, 'Deploy', { service: svc.service, blueTargetGroup: blue, greenTargetGroup: green, listener });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'codedeploy.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSCodeDeployRoleForECS']] }],
    });
  });
});
