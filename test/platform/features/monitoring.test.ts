import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { estimatedMaxConnections, monitoringFeature, logRetentionPolicy, redisMemberIds } from '../../../src/platform/features/monitoring';
import { securityFeature } from '../../../src/platform/features/security';
import { backupFeature } from '../../../src/platform/features/backup';
import { addDatabase, makeContext } from './baseline-context';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';

const CAPITOL_ALARMS = {
  monitoring: {
    alarms: { rdsConnections: { threshold: 50 }, redisMemoryPercent: { threshold: 90 } },
    tracing: { samplingRate: 0.1 },
  },
};

function registerAll(ctx: ReturnType<typeof makeContext>) {
  addDatabase(ctx, { maxConnections: 400 });
  const conn = new ec2.Connections();
  ctx.registry.dataStores.set('cache', { name: 'cache', kind: 'redis', connections: conn, defaultPort: 6379, arn: 'arn:aws:elasticache:us-east-1:111111111111:replicationgroup:cec-cache', metricId: 'cec-cache', clients: [], memberIds: ['cec-cache-001', 'cec-cache-002'] });
  ctx.registry.workloads.set('api', { name: 'api', kind: 'ecs-service', connections: conn, metricDimensions: { ClusterName: 'cec', ServiceName: 'api' }, minimumTasks: 2 });
  ctx.registry.workloads.set('worker', { name: 'worker', kind: 'lambda', connections: conn, metricDimensions: { FunctionName: 'cec-worker' } });
  ctx.registry.loadBalancers.set('public', { name: 'public', loadBalancerFullName: 'app/cec/abc', targetGroupFullNames: ['targetgroup/api/1'] });
  ctx.registry.webAcls.set('regional', { name: 'regional', webAclName: 'cec-acl', scope: 'REGIONAL' });
  ctx.registry.distributions.set('web', { name: 'web', distributionId: 'E1' });
}

describe('monitoring feature', () => {
  it('alarms on every registered resource with Capitol Eye Care thresholds and ALARM + OK actions to the topic', () => {
    const ctx = makeContext({ spec: CAPITOL_ALARMS });
    registerAll(ctx);
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Namespace: 'AWS/RDS', Threshold: 80, Period: 300, EvaluationPeriods: 2, Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'cec-production-main' }] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 50 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 320 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeStorageSpace', Threshold: 10 * 1024 ** 3 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cec-production-alarm-cache-redisMemoryPercent', Threshold: 90 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RunningTaskCount', Threshold: 2 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UnHealthyHostCount' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'BlockedRequests', Dimensions: Match.arrayWith([{ Name: 'Region', Value: 'us-east-1' }]) });
    // NAT gateways found in the VPC: two, each with two alarms.
    expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ErrorPortAllocation' } }))).toHaveLength(2);
    // CloudFront alarms belong to the edge stack.
    expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: '5xxErrorRate' } }))).toHaveLength(0);
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBe(ctx.registry.alarms.length);
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
    }
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'cec-production-overview' });
    // CloudWatch may use the topic key, or encrypted-topic notifications are dropped.
    t.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]) } });
    t.hasResourceProperties('AWS::XRay::SamplingRule', { SamplingRule: Match.objectLike({ FixedRate: 0.1 }) });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec-production-queries/db-slow-queries-postgres', LogGroupNames: ['/aws/rds/instance/cec-production-main/postgresql'] });
  });

  it('saves CloudTrail queries when the security feature ran first, and flow-log queries when the network registered them', () => {
    const ctx = makeContext();
    ctx.registry.logGroups.set('flowlogs', new logs.LogGroup(ctx.stack, 'Flow'));
    securityFeature.apply(ctx);
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec-production-queries/root-activity' });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec-production-queries/failed-console-logins' });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec-production-queries/iam-changes' });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec-production-queries/rejected-flows' });
  });

  it('edge stack: CloudFront 5xx rate > 5%, no dashboard', () => {
    const ctx = makeContext({ role: 'edge' });
    ctx.registry.distributions.set('web', { name: 'web', distributionId: 'E1' });
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xxErrorRate', Threshold: 5, AlarmName: 'cec-production-edge-alarm-web-cloudfront5xxRate' });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  it('spec can disable an alarm, the dashboard and the queries', () => {
    const ctx = makeContext({ spec: { monitoring: { dashboard: false, queries: false, alarms: { rdsCpu: { enabled: false } } } } });
    addDatabase(ctx);
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'CPUUtilization' } }))).toHaveLength(0);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    t.resourceCountIs('AWS::Logs::QueryDefinition', 0);
    t.resourceCountIs('AWS::XRay::SamplingRule', 0);
  });

  it('maps log classes to tier retention with spec overrides', () => {
    const prod = makeContext();
    expect(logRetentionPolicy(prod.plan).retentionFor('audit')).toBe(logs.RetentionDays.SEVEN_YEARS);
    const dev = makeContext({ env: 'development', spec: { monitoring: { logRetentionDays: { application: 14 } } } });
    expect(logRetentionPolicy(dev.plan).retentionFor('application')).toBe(logs.RetentionDays.TWO_WEEKS);
    expect(logRetentionPolicy(dev.plan).retentionFor('system')).toBe(logs.RetentionDays.ONE_MONTH);
    // Production keeps every class at least a year (CT.CLOUDWATCH.PR.2), whatever the override asks.
    const prodShort = makeContext({ spec: { monitoring: { logRetentionDays: { application: 14, system: 30 } } } });
    expect(logRetentionPolicy(prodShort.plan).retentionFor('application')).toBe(logs.RetentionDays.ONE_YEAR);
    expect(logRetentionPolicy(prodShort.plan).retentionFor('system')).toBe(logs.RetentionDays.ONE_YEAR);
  });

  it('estimates max_connections from the spec instance class or the tier default when the database feature did not register it', () => {
    const ctx = makeContext({ spec: { databases: { main: { version: '16.4', instanceClass: 'db.t4g.medium' } } } });
    addDatabase(ctx);
    const store = ctx.registry.dataStores.get('main')!;
    expect(estimatedMaxConnections(ctx.plan, store)).toBe(405);
    const prod = makeContext();
    expect(estimatedMaxConnections(prod.plan, store)).toBe(1622); // db.r6g.large, 16 GiB
    expect(estimatedMaxConnections(prod.plan, { ...store, maxConnections: 77 })).toBe(77);
    expect(estimatedMaxConnections(prod.plan, { ...store, defaultPort: 3306 })).toBeUndefined();
    monitoringFeature.apply(ctx);
    Template.fromStack(ctx.stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 324 });
  });

  it('derives Redis member ids from the caches section', () => {
    const ctx = makeContext({ spec: { caches: { sessions: { version: '7.1', nodes: 3 }, big: { version: '7.1', shards: 2, replicasPerShard: 1 } } } });
    const store = { name: 'sessions', kind: 'redis' as const, connections: new ec2.Connections(), defaultPort: 6379, arn: 'x', metricId: 'cec-production-sessions', clients: [] };
    expect(redisMemberIds(ctx.plan, store)).toEqual(['cec-production-sessions-001', 'cec-production-sessions-002', 'cec-production-sessions-003']);
    expect(redisMemberIds(ctx.plan, { ...store, name: 'big', metricId: 'g' })).toEqual(['g-0001-001', 'g-0001-002', 'g-0002-001', 'g-0002-002']);
    expect(redisMemberIds(ctx.plan, { ...store, name: 'unknown', metricId: 'u' })).toEqual(['u-001', 'u-002']);
    expect(redisMemberIds(ctx.plan, { ...store, memberIds: ['a-001'] })).toEqual(['a-001']);
  });

  it('alarms on the edge feature\'s load balancer', () => {
    const ctx = makeContext();
    ctx.registry.loadBalancer = { loadBalancer: { loadBalancerFullName: 'app/cec/xyz' } } as never;
    monitoringFeature.apply(ctx);
    Template.fromStack(ctx.stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/cec/xyz' }] });
  });
});

describe('operational dashboards', () => {
  const names = (t: Template) => Object.values(t.findResources('AWS::CloudWatch::Dashboard')).map((d) => d.Properties.DashboardName as string).sort();
  const body = (t: Template, name: string) => JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard', { Properties: { DashboardName: name } }))[0].Properties.DashboardBody);

  it('primary: operations, security, compliance and cost views from what the features registered; no DR view there', () => {
    const ctx = makeContext({ spec: { budget: { monthlyUsd: 5000 } } });
    registerAll(ctx);
    securityFeature.apply(ctx);
    backupFeature.apply(ctx);
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    expect(names(t)).toEqual(['cec-production-overview', 'cec-production-view-compliance', 'cec-production-view-cost', 'cec-production-view-operations', 'cec-production-view-security']);
    expect(body(t, 'cec-production-view-operations')).toContain('app/cec/abc');
    expect(body(t, 'cec-production-view-security')).toContain('cec-acl');
    expect(body(t, 'cec-production-view-security')).toContain('cec-production-view-guardduty-findings');
    expect(body(t, 'cec-production-view-compliance')).toContain('cec-production-view-config-noncompliant');
    expect(body(t, 'cec-production-view-compliance')).toContain('cec-production-backup');
    expect(body(t, 'cec-production-view-cost')).toContain('monthly budget 5000 USD');
  });

  it('DR: a DR view of the replica lag and the failover health checks; none when the spec turns dashboards off', () => {
    const dr = makeContext({ role: 'dr' });
    dr.registry.dataStores.set('main', { name: 'main', kind: 'rds-instance', connections: new ec2.Connections(), defaultPort: 5432, arn: 'arn', metricId: 'cec-production-main-dr', clients: [] });
    dr.registry.healthChecks!.set('failover: primary endpoint', 'hc-1');
    monitoringFeature.apply(dr);
    const t = Template.fromStack(dr.stack);
    expect(names(t)).toEqual(['cec-production-view-dr']);
    expect(body(t, 'cec-production-view-dr')).toContain('cec-production-main-dr');
    expect(body(t, 'cec-production-view-dr')).toContain('hc-1');

    const off = makeContext({ spec: { monitoring: { dashboard: false } } });
    registerAll(off);
    monitoringFeature.apply(off);
    Template.fromStack(off.stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });
});
