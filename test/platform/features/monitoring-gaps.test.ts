/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation template JSON is untyped */
import { NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { databasesFeature } from '../../../src/platform/features/data-stores';
import { fileSystemsFeature } from '../../../src/platform/features/filesystems';
import { monitoringFeature } from '../../../src/platform/features/monitoring';
import { applyServices } from '../../../src/platform/features/services';
import { makeContext } from './baseline-context';

// Omnirapeutic's database: Aurora PostgreSQL Serverless v2 0.5-1 ACU, writer + one reader.
const OMNI_AURORA = { aurora: { engine: 'aurora-postgresql-serverless', version: '15.10', serverless: { minCapacity: 0.5, maxCapacity: 1 }, instances: 2 } };

const alarmsOf = (t: Template, props: Record<string, unknown>) => Object.values(t.findResources('AWS::CloudWatch::Alarm', { Properties: props })) as any[];

function withAlb(ctx: ReturnType<typeof makeContext>) {
  const sg = new ec2.SecurityGroup(ctx.stack, 'AlbSg', { vpc: ctx.vpc, allowAllOutbound: false });
  const alb = new elbv2.ApplicationLoadBalancer(ctx.stack, 'Alb', { vpc: ctx.vpc, internetFacing: true, securityGroup: sg });
  const listener = alb.addListener('Http', { port: 80, open: true, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
  const certificate = acm.Certificate.fromCertificateArn(ctx.stack, 'AlbCertificate', 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000001');
  (ctx.registry as any).loadBalancer = { listener, securityGroup: sg, loadBalancer: alb, certificate };
  return alb;
}

describe('monitoring: Aurora clusters', () => {
  it('Omnirapeutic: connections against the Serverless v2 max_connections, free local storage and reader lag, to the topic', () => {
    const ctx = makeContext({ spec: { project: { name: 'omnirapeutic' }, databases: OMNI_AURORA } });
    databasesFeature.apply(ctx);
    expect(ctx.registry.dataStores.get('databases.aurora')).toMatchObject({ kind: 'aurora-cluster', hasReplicas: true });
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    const cluster = [{ Name: 'DBClusterIdentifier', Value: { Ref: Match.stringLikeRegexp('DatabaseauroraCluster') } }];
    // max ACU 1 -> max_connections 189; 80% -> 151.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cec-production-alarm-aurora-rdsConnectionsPercent', MetricName: 'DatabaseConnections', Dimensions: cluster, Threshold: 151 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cec-production-alarm-aurora-auroraFreeLocalStorageGb', MetricName: 'FreeLocalStorage', Dimensions: cluster, Threshold: 2 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cec-production-alarm-aurora-rdsReplicaLagSeconds', MetricName: 'AuroraReplicaLag', Dimensions: cluster, Threshold: 30_000 });
    for (const a of alarmsOf(t, { Namespace: 'AWS/RDS' })) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
    }
    expect(alarmsOf(t, { MetricName: 'FreeStorageSpace' })).toHaveLength(0);
    // On the dashboard: one graph per database alarm.
    const body = JSON.stringify(Object.values(t.findResources('AWS::CloudWatch::Dashboard')).find((d) => String(d.Properties.DashboardName).endsWith('-overview'))!.Properties.DashboardBody);
    expect(body).toContain('FreeLocalStorage');
    expect(body).toContain('AuroraReplicaLag');
  });

  it('a single-instance cluster gets no replica-lag alarm; provisioned Aurora takes max_connections from its class', () => {
    const ctx = makeContext({ spec: { databases: { main: { engine: 'aurora-postgresql', version: '16.4', instanceClass: 'db.r6g.large', instances: 1 } } } });
    databasesFeature.apply(ctx);
    expect(ctx.registry.dataStores.get('databases.main')?.hasReplicas).toBe(false);
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    expect(alarmsOf(t, { MetricName: 'AuroraReplicaLag' })).toHaveLength(0);
    // db.r6g.large, 16 GiB -> 1622; 80% -> 1297.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DatabaseConnections', Threshold: 1297 });
  });

  it('spec can switch the new database alarms off', () => {
    const ctx = makeContext({ spec: { databases: OMNI_AURORA, monitoring: { alarms: { rdsReplicaLagSeconds: { enabled: false }, auroraFreeLocalStorageGb: { enabled: false }, rdsConnectionsPercent: { enabled: false } } } } });
    databasesFeature.apply(ctx);
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    for (const m of ['AuroraReplicaLag', 'FreeLocalStorage', 'DatabaseConnections']) expect(alarmsOf(t, { MetricName: m })).toHaveLength(0);
    expect(alarmsOf(t, { MetricName: 'CPUUtilization', Namespace: 'AWS/RDS' })).toHaveLength(1);
  });
});

describe('monitoring: EFS', () => {
  it('bursting file systems alarm on credits and I/O limit; elastic ones on the I/O limit only', () => {
    const ctx = makeContext({ spec: { fileSystems: { shared: { throughputMode: 'bursting' }, models: {} } } });
    fileSystemsFeature.apply(ctx);
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    const credits = alarmsOf(t, { MetricName: 'BurstCreditBalance' });
    expect(credits.map((a) => a.Properties.AlarmName)).toEqual(['cec-production-alarm-shared-efsBurstCreditBalanceGb']);
    expect(credits[0].Properties.Dimensions).toEqual([{ Name: 'FileSystemId', Value: { Ref: expect.stringMatching(/^FileSystemshared/) } }]);
    expect(alarmsOf(t, { MetricName: 'PercentIOLimit' }).map((a) => a.Properties.AlarmName).sort()).toEqual([
      'cec-production-alarm-models-efsPercentIOLimit', 'cec-production-alarm-shared-efsPercentIOLimit',
    ]);
  });
});

describe('monitoring: VPC flow logs', () => {
  it('counts REJECT records in the flow-log group and alarms on them (default 1000 per 10 min)', () => {
    const ctx = makeContext();
    const flow = new logs.LogGroup(ctx.stack, 'Flow');
    ctx.registry.logGroups.set('flowlogs', flow);
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: ctx.stack.getLogicalId(flow.node.defaultChild as logs.CfnLogGroup) },
      FilterPattern: Match.stringLikeRegexp('action = "REJECT"'),
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Haven/VPC', MetricName: 'cec-production-rejected-flows' })],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cec-production-alarm-vpc-flowLogRejects', Namespace: 'Haven/VPC', MetricName: 'cec-production-rejected-flows', Threshold: 1000, Period: 600,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }], OKActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
  });

  it('uses a DR-specific metric in the DR stack, and no alarm without a flow-log group or when disabled', () => {
    const dr = makeContext({ role: 'dr' });
    dr.registry.logGroups.set('flowlogs', new logs.LogGroup(dr.stack, 'Flow'));
    monitoringFeature.apply(dr);
    Template.fromStack(dr.stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cec-production-dr-alarm-vpc-flowLogRejects', MetricName: 'cec-production-dr-rejected-flows' });

    const none = makeContext();
    monitoringFeature.apply(none);
    Template.fromStack(none.stack).resourceCountIs('AWS::Logs::MetricFilter', 0);

    const off = makeContext({ spec: { monitoring: { alarms: { flowLogRejects: { enabled: false } } } } });
    off.registry.logGroups.set('flowlogs', new logs.LogGroup(off.stack, 'Flow'));
    monitoringFeature.apply(off);
    expect(alarmsOf(Template.fromStack(off.stack), { AlarmName: 'cec-production-alarm-vpc-flowLogRejects' })).toHaveLength(0);
  });
});

describe('monitoring: ALB unhealthy hosts per service target group', () => {
  it('Omnirapeutic nginx: one UnHealthyHostCount alarm on its target group, in the stack that holds it', () => {
    const ctx = makeContext({ spec: { services: { nginx: { image: 'public.ecr.aws/nginx/nginx:1.27', count: 2, port: 80, public: true } } } });
    const alb = withAlb(ctx);
    applyServices(ctx);
    const t = Template.fromStack(ctx.stack);
    const tgId = Object.keys(t.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'))[0];
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cec-production-alarm-nginx-albUnhealthyHosts', MetricName: 'UnHealthyHostCount', Namespace: 'AWS/ApplicationELB',
      Dimensions: [
        { Name: 'LoadBalancer', Value: ctx.stack.resolve(alb.loadBalancerFullName) },
        { Name: 'TargetGroup', Value: { 'Fn::GetAtt': [tgId, 'TargetGroupFullName'] } },
      ],
      Threshold: 0, ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }], OKActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
    expect(ctx.registry.alarms.some((a) => (a as cloudwatch.Alarm).metric?.toMetricConfig().metricStat?.metricName === 'UnHealthyHostCount')).toBe(true);
    expect(ctx.registry.dashboardWidgets.some((w) => JSON.stringify(ctx.stack.resolve((w as any).toJson())).includes('UnHealthyHostCount'))).toBe(true);
  });

  it('a fleet in nested stacks: each blue/green service alarms on both colours inside its own nested stack', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const ctx = makeContext({ spec: { services: { micro: { names, public: { paths: '/{name}/*' }, deployment: { strategy: 'blue-green' } } } } });
    withAlb(ctx);
    applyServices(ctx);
    expect(alarmsOf(Template.fromStack(ctx.stack), { MetricName: 'UnHealthyHostCount' })).toHaveLength(0);
    const nested = ctx.stack.node.findAll().filter((c): c is NestedStack => c !== ctx.stack && Stack.isStack(c));
    expect(nested).toHaveLength(5);
    for (const n of nested) {
      const t = Template.fromStack(n);
      // (BlueGreenDeployment's own UnHealthyHostCount alarms drive CodeDeploy rollback and notify nobody: not these.)
      const unhealthy = alarmsOf(t, { MetricName: 'UnHealthyHostCount', AlarmName: Match.stringLikeRegexp('albUnhealthyHosts$') });
      expect(unhealthy).toHaveLength(2);
      expect(unhealthy.every((a) => a.Properties.OKActions.length === 1)).toBe(true);
      const groups = Object.keys(t.findResources('AWS::ElasticLoadBalancingV2::TargetGroup')).sort();
      // The target group is local (GetAtt), the load balancer's name arrives as a nested-stack parameter.
      expect(unhealthy.map((a) => a.Properties.Dimensions[1].Value['Fn::GetAtt'][0]).sort()).toEqual(groups);
      expect(unhealthy.every((a) => a.Properties.Dimensions[0].Value.Ref !== undefined)).toBe(true);
    }
  });

  it('no alarm when the spec disables albUnhealthyHosts, and none for internal services', () => {
    const ctx = makeContext({ spec: { services: { web: { public: true }, worker: {} }, monitoring: { alarms: { albUnhealthyHosts: { enabled: false } } } } });
    withAlb(ctx);
    applyServices(ctx);
    expect(alarmsOf(Template.fromStack(ctx.stack), { MetricName: 'UnHealthyHostCount' })).toHaveLength(0);

    const internal = makeContext({ spec: { services: { worker: {} } } });
    withAlb(internal);
    applyServices(internal);
    expect(alarmsOf(Template.fromStack(internal.stack), { MetricName: 'UnHealthyHostCount' })).toHaveLength(0);
  });
});
