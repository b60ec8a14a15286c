import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import {
  DatabaseAlarms, DistributionAlarms, EcsServiceAlarms, LambdaAlarms, LoadBalancerAlarms, NatGatewayAlarms, RedisAlarms,
  WebAclAlarms, auroraServerlessV2MaxConnections, postgresDefaultMaxConnections,
} from '../../../src/constructs/monitoring';

function setup(region = 'ca-central-1') {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region } });
  const topic = new sns.Topic(stack, 'T');
  return { stack, topic };
}


function alarmsByMetric(t: Template, metricName: string) {
  return Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }));
}

describe('DatabaseAlarms', () => {
  it('creates CPU > 80% over 2 x 5 min, memory < 512 MB and storage < 10 GB in bytes, all with alarm and OK actions', () => {
    const { stack, topic } = setup();
    const a = new DatabaseAlarms(stack, 'Db', { topic, identifier: 'prod-db', alarmNamePrefix: 'cec-production' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cec-production-prod-db-rdsCpu',
      Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'prod-db' }],
      Threshold: 80, Period: 300, EvaluationPeriods: 2, DatapointsToAlarm: 2, ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.anyValue() }], OKActions: [{ Ref: Match.anyValue() }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeableMemory', Threshold: 512 * 1024 * 1024, ComparisonOperator: 'LessThanThreshold' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeStorageSpace', Threshold: 10 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold' });
    // Absolute connections is off by default; no maxConnections means no percent alarm; no replicas means no lag alarm.
    expect(alarmsByMetric(t, 'DatabaseConnections')).toHaveLength(0);
    expect(alarmsByMetric(t, 'ReplicaLag')).toHaveLength(0);
    expect(a.alarms).toHaveLength(3);
    expect(a.widgets).toHaveLength(3);
  });

  it('honours overrides: Capitol Eye Care connections > 50 and a disabled alarm', () => {
    const { stack, topic } = setup();
    new DatabaseAlarms(stack, 'Db', { topic, identifier: 'db', overrides: { rdsConnections: { threshold: 50 }, rdsFreeableMemoryMb: { enabled: false }, rdsCpu: { period: Duration.minutes(1), evaluationPeriods: 10 } } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 50, ComparisonOperator: 'GreaterThanThreshold' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Period: 60, EvaluationPeriods: 10 });
    expect(alarmsByMetric(t, 'FreeableMemory')).toHaveLength(0);
  });

  it('turns connections percent into an absolute threshold from max_connections (BerthCare: 80% of max)', () => {
    const { stack, topic } = setup();
    new DatabaseAlarms(stack, 'Db', { topic, identifier: 'db', maxConnections: 200 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 160 });
  });

  it('uses cluster dimensions for Aurora: free local storage instead of FreeStorageSpace, connections vs max, AuroraReplicaLag in ms', () => {
    const { stack, topic } = setup();
    const a = new DatabaseAlarms(stack, 'Db', { topic, identifier: 'aurora-1', aurora: true, hasReplicas: true, maxConnections: 189, alarmNamePrefix: 'omni-prod', displayName: 'aurora' });
    const t = Template.fromStack(stack);
    const cluster = [{ Name: 'DBClusterIdentifier', Value: 'aurora-1' }];
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Dimensions: cluster });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'omni-prod-aurora-rdsReplicaLagSeconds', MetricName: 'AuroraReplicaLag', Statistic: 'Maximum', Dimensions: cluster,
      Threshold: 30_000, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Match.anyValue() }], OKActions: [{ Ref: Match.anyValue() }],
    });
    // Worst instance's local (temporary) storage below 2 GB, in bytes.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'omni-prod-aurora-auroraFreeLocalStorageGb', MetricName: 'FreeLocalStorage', Statistic: 'Minimum', Dimensions: cluster,
      Threshold: 2 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold',
    });
    // 80% of 189 = 151 connections on the busiest instance.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'omni-prod-aurora-rdsConnectionsPercent', MetricName: 'DatabaseConnections', Statistic: 'Maximum', Dimensions: cluster, Threshold: 151 });
    expect(alarmsByMetric(t, 'FreeStorageSpace')).toHaveLength(0);
    expect(a.alarms).toHaveLength(5);
    expect(a.widgets).toHaveLength(5);
  });

  it('makes no replica-lag alarm for an Aurora cluster without readers, and honours disabling local storage', () => {
    const { stack, topic } = setup();
    new DatabaseAlarms(stack, 'Db', { topic, identifier: 'aurora-1', aurora: true, overrides: { auroraFreeLocalStorageGb: { enabled: false } } });
    const t = Template.fromStack(stack);
    expect(alarmsByMetric(t, 'AuroraReplicaLag')).toHaveLength(0);
    expect(alarmsByMetric(t, 'FreeLocalStorage')).toHaveLength(0);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  it('never alarms on FreeLocalStorage for an RDS instance', () => {
    const { stack, topic } = setup();
    new DatabaseAlarms(stack, 'Db', { topic, identifier: 'db' });
    expect(alarmsByMetric(Template.fromStack(stack), 'FreeLocalStorage')).toHaveLength(0);
  });

  it('rejects a non-positive max_connections', () => {
    const { stack, topic } = setup();
    expect(() => new DatabaseAlarms(stack, 'Db', { topic, identifier: 'db', maxConnections: 0 })).toThrow(/positive/);
  });

  it('estimates PostgreSQL max_connections from memory', () => {
    expect(postgresDefaultMaxConnections(16)).toBe(1622);
    expect(postgresDefaultMaxConnections(1024)).toBe(5000);
  });

  it('derives Aurora Serverless v2 max_connections from the maximum ACU, capped at 2000 with a 0.5 ACU floor', () => {
    expect(auroraServerlessV2MaxConnections(0.5, 1)).toBe(189); // Omnirapeutic
    expect(auroraServerlessV2MaxConnections(1, 16)).toBe(3360);
    expect(auroraServerlessV2MaxConnections(0.5, 16)).toBe(2000);
    expect(auroraServerlessV2MaxConnections(2, 128)).toBe(5000);
    expect(auroraServerlessV2MaxConnections(1, 6)).toBe(1246); // halfway between 4 (823) and 8 (1669)
    expect(() => auroraServerlessV2MaxConnections(0.5, 0)).toThrow(/positive/);
  });
});

describe('RedisAlarms', () => {
  it('alarms on a single node directly with EngineCPUUtilization, memory % and evictions > 1000', () => {
    const { stack, topic } = setup();
    new RedisAlarms(stack, 'R', { topic, cacheClusterIds: ['cache-001'], overrides: { redisCpu: { threshold: 75 } } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/ElastiCache', MetricName: 'EngineCPUUtilization', Threshold: 75, Dimensions: [{ Name: 'CacheClusterId', Value: 'cache-001' }] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseMemoryUsagePercentage', Threshold: 80 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Evictions', Statistic: 'Sum', Threshold: 1000, TreatMissingData: 'notBreaching' });
  });

  it('watches the worst node with metric math for a multi-node group', () => {
    const { stack, topic } = setup();
    const r = new RedisAlarms(stack, 'R', { topic, cacheClusterIds: ['c-001', 'c-002'], cpuMetric: 'CPUUtilization' });
    expect(r.alarms).toHaveLength(3);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'MAX([m0,m1])' }), Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'CPUUtilization', Dimensions: [{ Name: 'CacheClusterId', Value: 'c-002' }] }) }) })]),
    });
  });

  it('rejects an empty node list', () => {
    const { stack, topic } = setup();
    expect(() => new RedisAlarms(stack, 'R', { topic, cacheClusterIds: [] })).toThrow(/1-10/);
  });
});

describe('LoadBalancerAlarms', () => {
  it('creates p95 response time in seconds, summed 5xx and unhealthy hosts per target group', () => {
    const { stack, topic } = setup();
    const a = new LoadBalancerAlarms(stack, 'L', { topic, loadBalancerFullName: 'app/x/123', targetGroupFullNames: ['targetgroup/a/1', 'targetgroup/b/2'] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', ExtendedStatistic: 'p95', Threshold: 1 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(elb,0) + FILL(target,0)' })]), Threshold: 10 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UnHealthyHostCount', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Dimensions: Match.arrayWith([{ Name: 'TargetGroup', Value: 'targetgroup/b/2' }]) });
    expect(a.alarms).toHaveLength(4);
  });

  it('alarms on the 5xx rate (percent of requests) instead of the count when alb5xxRate has a threshold', () => {
    const { stack, topic } = setup();
    const a = new LoadBalancerAlarms(stack, 'L', { topic, alarmNamePrefix: 'ek-production', loadBalancerFullName: 'app/x/123', overrides: { alb5xxRate: { threshold: 1 } } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'ek-production-alb-alb5xxRate', Threshold: 1, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: '100 * (FILL(elb,0) + FILL(target,0)) / requests', ReturnData: true }),
        Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestCount' }), Period: 300, Stat: 'Sum' }) }),
      ]),
    });
    // The count alarm is replaced, not doubled.
    expect(Object.values(t.findResources('AWS::CloudWatch::Alarm')).filter((r) => JSON.stringify(r).includes('"Expression":"FILL(elb,0) + FILL(target,0)"'))).toHaveLength(0);
    expect(a.alarms).toHaveLength(2);
  });
});

describe('EcsServiceAlarms', () => {
  it('alarms below the minimum task count and treats missing data as breaching', () => {
    const { stack, topic } = setup();
    new EcsServiceAlarms(stack, 'E', { topic, clusterName: 'c', serviceName: 'api', minimumTasks: 2 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount', Threshold: 2, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/ECS', MetricName: 'MemoryUtilization', Threshold: 80 });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 3);
  });
});

describe('NatGatewayAlarms / WebAclAlarms / LambdaAlarms', () => {
  it('creates NAT, WAF (regional) and Lambda alarms', () => {
    const { stack, topic } = setup();
    new NatGatewayAlarms(stack, 'N', { topic, natGatewayId: 'nat-1' });
    new WebAclAlarms(stack, 'W', { topic, webAclName: 'acl', region: 'ca-central-1' });
    new LambdaAlarms(stack, 'F', { topic, functionName: 'fn' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ErrorPortAllocation', Threshold: 0 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'PacketsDropCount', Threshold: 100 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'BlockedRequests', Dimensions: Match.arrayWith([{ Name: 'Region', Value: 'ca-central-1' }, { Name: 'Rule', Value: 'ALL' }]) });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Lambda', MetricName: 'Throttles', TreatMissingData: 'notBreaching' });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });
});

describe('DistributionAlarms', () => {
  it('creates the 5xx rate > 5% alarm in us-east-1', () => {
    const { stack, topic } = setup('us-east-1');
    new DistributionAlarms(stack, 'D', { topic, distributionId: 'E123' });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CloudFront', MetricName: '5xxErrorRate', Threshold: 5,
      Dimensions: Match.arrayWith([{ Name: 'DistributionId', Value: 'E123' }, { Name: 'Region', Value: 'Global' }]),
    });
  });

  it('refuses any other region', () => {
    const { stack, topic } = setup('ca-central-1');
    expect(() => new DistributionAlarms(stack, 'D', { topic, distributionId: 'E123' })).toThrow(/us-east-1/);
  });
});
