import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { FileSystemAlarms, FlowLogAlarms, TargetGroupAlarms } from '../../../src/constructs/monitoring';

function setup() {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  return { stack, topic: new sns.Topic(stack, 'T') };
}

const alarms = (t: Template, metricName: string) => Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }));

describe('TargetGroupAlarms', () => {
  it('alarms when any target is unhealthy for 3 x 1 min, keyed by load balancer and target group, with ALARM and OK actions', () => {
    const { stack, topic } = setup();
    const a = new TargetGroupAlarms(stack, 'Tg', { topic, alarmNamePrefix: 'omni-prod-alarm', displayName: 'nginx', loadBalancerFullName: 'app/omni/1', targetGroupFullName: 'targetgroup/nginx/2' });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'omni-prod-alarm-nginx-albUnhealthyHosts',
      Namespace: 'AWS/ApplicationELB', MetricName: 'UnHealthyHostCount', Statistic: 'Maximum',
      Dimensions: [{ Name: 'LoadBalancer', Value: 'app/omni/1' }, { Name: 'TargetGroup', Value: 'targetgroup/nginx/2' }],
      Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Period: 60, EvaluationPeriods: 3,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^T') }], OKActions: [{ Ref: Match.stringLikeRegexp('^T') }],
    });
    expect(a.widgets).toHaveLength(1);
  });

  it('creates nothing when the spec disables it', () => {
    const { stack, topic } = setup();
    const a = new TargetGroupAlarms(stack, 'Tg', { topic, loadBalancerFullName: 'app/omni/1', targetGroupFullName: 'targetgroup/nginx/2', overrides: { albUnhealthyHosts: { enabled: false } } });
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(a.alarms).toHaveLength(0);
  });
});

describe('FileSystemAlarms', () => {
  it('bursting, General Purpose: burst credits below 192 GB and I/O limit above 95% for 3 x 5 min', () => {
    const { stack, topic } = setup();
    const a = new FileSystemAlarms(stack, 'Fs', { topic, fileSystemId: 'fs-123', displayName: 'models', alarmNamePrefix: 'tc-prod-alarm', throughputMode: efs.ThroughputMode.BURSTING });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'tc-prod-alarm-models-efsBurstCreditBalanceGb', Namespace: 'AWS/EFS', MetricName: 'BurstCreditBalance', Statistic: 'Minimum',
      Dimensions: [{ Name: 'FileSystemId', Value: 'fs-123' }], Threshold: 192 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold',
      AlarmActions: [{ Ref: Match.anyValue() }], OKActions: [{ Ref: Match.anyValue() }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'tc-prod-alarm-models-efsPercentIOLimit', MetricName: 'PercentIOLimit', Threshold: 95, Period: 300, EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
    });
    expect(a.alarms).toHaveLength(2);
  });

  it('elastic throughput has no burst credits; Max I/O publishes no PercentIOLimit', () => {
    const { stack, topic } = setup();
    new FileSystemAlarms(stack, 'Elastic', { topic, fileSystemId: 'fs-1' });
    new FileSystemAlarms(stack, 'MaxIo', { topic, fileSystemId: 'fs-2', throughputMode: efs.ThroughputMode.BURSTING, performanceMode: efs.PerformanceMode.MAX_IO });
    const t = Template.fromStack(stack);
    expect(alarms(t, 'BurstCreditBalance').map((r) => r.Properties.Dimensions[0].Value)).toEqual(['fs-2']);
    expect(alarms(t, 'PercentIOLimit').map((r) => r.Properties.Dimensions[0].Value)).toEqual(['fs-1']);
  });

  it('honours a tuned threshold', () => {
    const { stack, topic } = setup();
    new FileSystemAlarms(stack, 'Fs', { topic, fileSystemId: 'fs-1', throughputMode: efs.ThroughputMode.BURSTING, overrides: { efsBurstCreditBalanceGb: { threshold: 500 }, efsPercentIOLimit: { enabled: false } } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'BurstCreditBalance', Threshold: 500 * 1024 ** 3 });
    expect(alarms(t, 'PercentIOLimit')).toHaveLength(0);
  });
});

describe('FlowLogAlarms', () => {
  it('counts REJECT records with a metric filter and alarms above 1000 in 10 minutes', () => {
    const { stack, topic } = setup();
    const group = new logs.LogGroup(stack, 'Flow');
    const a = new FlowLogAlarms(stack, 'Vpc', { topic, flowLogGroup: group, alarmNamePrefix: 'omni-prod-alarm', metricName: 'omni-prod-rejected-flows' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^Flow') },
      FilterPattern: Match.stringLikeRegexp('^\\[version, account, eni, .*action = "REJECT", flowlogstatus\\]$'),
      MetricTransformations: [{ MetricNamespace: 'Haven/VPC', MetricName: 'omni-prod-rejected-flows', MetricValue: '1', DefaultValue: 0 }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'omni-prod-alarm-vpc-flowLogRejects', Namespace: 'Haven/VPC', MetricName: 'omni-prod-rejected-flows', Statistic: 'Sum',
      Threshold: 1000, Period: 600, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^T') }], OKActions: [{ Ref: Match.stringLikeRegexp('^T') }],
    });
    expect(a.alarms).toHaveLength(1);
    expect(a.widgets).toHaveLength(1);
  });

  it('takes a tuned threshold and period, and can be switched off (the filter stays, it is free)', () => {
    const { stack, topic } = setup();
    const group = new logs.LogGroup(stack, 'Flow');
    new FlowLogAlarms(stack, 'On', { topic, flowLogGroup: group, metricName: 'a', overrides: { flowLogRejects: { threshold: 50, period: Duration.minutes(5) } } });
    new FlowLogAlarms(stack, 'Off', { topic, flowLogGroup: group, metricName: 'b', overrides: { flowLogRejects: { enabled: false } } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'a', Threshold: 50, Period: 300 });
    expect(alarms(t, 'b')).toHaveLength(0);
    t.resourceCountIs('AWS::Logs::MetricFilter', 2);
  });
});
