import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { AlarmTopic, EnvironmentDashboard, LogRetentionPolicy, SecurityQueries, TracingSamplingRule, toRetentionDays } from '../../../src/constructs/monitoring';

const newStack = () => new Stack(new App(), 'S', { env: { account: '111111111111', region: 'ca-central-1' } });

describe('AlarmTopic', () => {
  it('is KMS-encrypted, TLS-only, lets CloudWatch and Budgets use the key and subscribes e-mails', () => {
    const stack = newStack();
    new AlarmTopic(stack, 'A', { emails: ['ops@example.com', 'dev@example.com'] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.resourceCountIs('AWS::SNS::Subscription', 2);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'] }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
  });

  it('creates no subscriptions without e-mails', () => {
    const stack = newStack();
    new AlarmTopic(stack, 'A');
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('log retention', () => {
  it('rounds up to a CloudWatch-accepted value', () => {
    expect(toRetentionDays(365)).toBe(logs.RetentionDays.ONE_YEAR);
    expect(toRetentionDays(2555)).toBe(logs.RetentionDays.SEVEN_YEARS);
    expect(toRetentionDays(2)).toBe(logs.RetentionDays.THREE_DAYS);
    expect(() => toRetentionDays(0)).toThrow();
    expect(() => toRetentionDays(5000)).toThrow(/maximum/);
  });

  it('maps log classes to retention', () => {
    const policy = new LogRetentionPolicy({ audit: 2557, application: 30, system: 90, access: 365 });
    expect(policy.retentionFor('audit')).toBe(logs.RetentionDays.SEVEN_YEARS);
    expect(policy.retentionFor('application')).toBe(logs.RetentionDays.ONE_MONTH);
  });
});

describe('EnvironmentDashboard', () => {
  it('adds sections and skips empty ones', () => {
    const stack = newStack();
    const d = new EnvironmentDashboard(stack, 'D', { dashboardName: 'cec-production', description: 'Capitol Eye Care production' });
    d.addSection('Database', [new cloudwatch.GraphWidget({ title: 'cpu', left: [new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName: 'CPUUtilization' })] })]);
    d.addSection('Empty', []);
    expect(d.sections).toBe(1);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'cec-production' });
    const body = JSON.stringify(t.toJSON());
    expect(body).toContain('## Database');
    expect(body).not.toContain('## Empty');
  });
});

describe('SecurityQueries', () => {
  it('saves trail, flow and slow-query queries against their log groups', () => {
    const stack = newStack();
    const trail = new logs.LogGroup(stack, 'Trail');
    const flow = new logs.LogGroup(stack, 'Flow');
    const db = logs.LogGroup.fromLogGroupName(stack, 'Db', '/aws/rds/instance/db/postgresql');
    new SecurityQueries(stack, 'Q', { prefix: 'cec', trailLogGroup: trail, flowLogGroup: flow, databaseLogGroups: [{ logGroup: db, engine: 'postgres' }] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Logs::QueryDefinition', 5);
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec/rejected-flows', QueryString: Match.stringLikeRegexp('action = "REJECT"') });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec/root-activity', QueryString: Match.stringLikeRegexp('userIdentity.type = "Root"') });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec/failed-console-logins', QueryString: Match.stringLikeRegexp('Failure') });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec/iam-changes' });
    t.hasResourceProperties('AWS::Logs::QueryDefinition', { Name: 'cec/db-slow-queries-postgres', LogGroupNames: ['/aws/rds/instance/db/postgresql'] });
  });

  it('skips queries whose log group is absent', () => {
    const stack = newStack();
    new SecurityQueries(stack, 'Q', { flowLogGroup: new logs.LogGroup(stack, 'Flow') });
    Template.fromStack(stack).resourceCountIs('AWS::Logs::QueryDefinition', 1);
  });
});

describe('TracingSamplingRule', () => {
  it('creates a bounded sampling rule', () => {
    const stack = newStack();
    new TracingSamplingRule(stack, 'X', { ruleName: 'cec-production', fixedRate: 0.1 });
    Template.fromStack(stack).hasResourceProperties('AWS::XRay::SamplingRule', { SamplingRule: Match.objectLike({ RuleName: 'cec-production', FixedRate: 0.1, ReservoirSize: 1, Priority: 1000 }) });
  });

  it('rejects a rate above 1', () => {
    expect(() => new TracingSamplingRule(newStack(), 'X', { ruleName: 'r', fixedRate: 2 })).toThrow();
  });
});

describe('instanceClassMemoryGiB', () => {
  it('knows common classes and admits unknown ones', async () => {
    const { instanceClassMemoryGiB } = await import('../../../src/constructs/monitoring');
    expect(instanceClassMemoryGiB('db.r6g.large')).toBe(16);
    expect(instanceClassMemoryGiB('db.t4g.micro')).toBe(1);
    expect(instanceClassMemoryGiB('db.x2g.large')).toBeUndefined();
    expect(instanceClassMemoryGiB('r6g.large')).toBeUndefined();
  });
});

describe('SecurityEventAlarms', () => {
  it('creates a metric filter and a >= 1 alarm with actions per CIS event', async () => {
    const { SecurityEventAlarms, SECURITY_EVENT_PATTERNS } = await import('../../../src/constructs/monitoring');
    const sns = await import('aws-cdk-lib/aws-sns');
    const stack = newStack();
    const group = new logs.LogGroup(stack, 'Trail');
    const a = new SecurityEventAlarms(stack, 'E', { trailLogGroup: group, topic: new sns.Topic(stack, 'T'), alarmNamePrefix: 'cec' });
    const n = Object.keys(SECURITY_EVENT_PATTERNS).length;
    expect(a.alarms).toHaveLength(n);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Logs::MetricFilter', n);
    t.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('userIdentity.type = "Root"'), MetricTransformations: [Match.objectLike({ MetricName: 'RootAccountUsage', MetricNamespace: 'Haven/CloudTrail', MetricValue: '1' })] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cec-RootAccountUsage', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', OKActions: Match.anyValue() });
  });

  it('watches only the chosen events', async () => {
    const { SecurityEventAlarms } = await import('../../../src/constructs/monitoring');
    const sns = await import('aws-cdk-lib/aws-sns');
    const stack = newStack();
    new SecurityEventAlarms(stack, 'E', { trailLogGroup: new logs.LogGroup(stack, 'Trail'), topic: new sns.Topic(stack, 'T'), events: ['CloudTrailChanges'] });
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 1);
  });
});
