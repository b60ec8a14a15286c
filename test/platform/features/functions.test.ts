import { NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import type { KeyClass, PlatformContext } from '../../../src/platform/context';
import { functionsFeature } from '../../../src/platform/features/functions';
import { ZonedNestedStack } from '../../../src/platform/zoned-stack';
import { functionsSchema } from '../../../src/spec/sections/functions';
import { addDataStore, workloadContext } from './workload-context';

describe('functions feature', () => {
  const functions = functionsSchema.parse({
    defaults: { runtime: 'nodejs24.x', memoryMb: 512, reservedConcurrency: 4 },
    definitions: { ingest: { runtime: 'python3.13', timeoutSeconds: 120, deadLetterQueue: true } },
    generated: { prefix: 'event', count: 25 },
  });
  const ctx = workloadContext({ functions });
  addDataStore(ctx, 'orders', 5432, ['ingest']);
  functionsFeature.apply(ctx);
  const template = Template.fromStack(ctx.stack);

  it('builds every function of the compact spec (1 defined + 25 generated)', () => {
    template.resourceCountIs('AWS::Lambda::Function', 26);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'acme-prod-event-25', Runtime: 'nodejs24.x', MemorySize: 512, ReservedConcurrentExecutions: 4 });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'acme-prod-ingest', Runtime: 'python3.13', Timeout: 120, DeadLetterConfig: Match.anyValue() });
  });

  it('places functions in the app subnets with tracing and the data key on environment variables', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'acme-prod-event-01',
      VpcConfig: { SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('VpcappSubnet') }]) },
      TracingConfig: { Mode: 'Active' },
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keydata'), 'Arn'] },
    });
  });

  it('keeps production logs for the application retention under the logs key', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keylogs'), 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
  });

  it('registers each function as a lambda workload', () => {
    expect(ctx.registry.workloads.size).toBe(26);
    expect(ctx.registry.workloads.get('functions.ingest')?.kind).toBe('lambda');
  });

  it('opens only the listed function to the data store that names it', () => {
    const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    const toOrders = rules.filter((r) => JSON.stringify(r.GroupId).includes('Storeorders'));
    expect(toOrders).toHaveLength(1);
    expect(toOrders[0]).toMatchObject({ FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/FunctioningestSecurityGroup/), 'GroupId'] } });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 5432, GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('FunctioningestSecurityGroup'), 'GroupId'] } });
  });

  it('a function a cache signs in with IAM gets the grant and the connection environment, not a token', () => {
    const c = workloadContext({ functions: functionsSchema.parse({ defaults: { runtime: 'nodejs24.x' }, names: ['worker', 'other'] }) });
    addDataStore(c, 'sessions', 6379, ['worker']);
    const grantees: unknown[] = [];
    const store = c.registry.dataStores.get('databases.sessions')!;
    c.registry.dataStores.set('databases.sessions', { ...store, kind: 'redis', iamAccess: { grant: (g) => grantees.push(g), environment: { CACHE_SESSIONS_USER_ID: 'acme-prod-sessions-app' } } });
    functionsFeature.apply(c);
    const t = Template.fromStack(c.stack);
    t.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'acme-prod-worker', Environment: { Variables: Match.objectLike({ CACHE_SESSIONS_USER_ID: 'acme-prod-sessions-app' }) } });
    const other = Object.values(t.findResources('AWS::Lambda::Function')).find((f) => f.Properties.FunctionName === 'acme-prod-other');
    expect(JSON.stringify(other?.Properties.Environment ?? {})).not.toContain('CACHE_SESSIONS_USER_ID');
    expect(grantees).toHaveLength(1);
  });

  it('outputs each function name as evidence', () => {
    template.hasOutput('FunctionEvent07Name', {});
  });
});

/**
 * As the environment stack builds it: the functions in a nested stack, the keys (with KeyRing's aliases) in the
 * parent. Control Tower's controls read one template at a time, so what they check must be a string there.
 */
describe('functions feature in its nested stack', () => {
  const functions = functionsSchema.parse({
    defaults: { runtime: 'nodejs24.x', triggers: [{ queue: {} }] },
    generated: { prefix: 'event', count: 25 },
  });
  const base = workloadContext({ functions });
  const aliased = new Map(['data', 'logs'].map((c) => [c, new kms.Key(base.stack, `Ring-${c}`, { alias: `alias/acme-prod/${c}`, enableKeyRotation: true })]));
  const functionsStack = new ZonedNestedStack(base.stack, 'Functions');
  const ctx: PlatformContext = { ...base, stack: functionsStack, key: (c: KeyClass) => aliased.get(c) ?? base.key(c) };
  functionsFeature.apply(ctx);
  const root = Template.fromStack(base.stack);
  // The first 20 stay in the functions stack itself, the rest go to a nested part.
  const parts = functionsStack.node.children.filter((c): c is NestedStack => Stack.isStack(c));
  const templates = [functionsStack, ...parts].map((p) => Template.fromStack(p));
  const ssmRef = (name: string) => `{{resolve:ssm:/haven/acme/prod/${name}}}`;
  // The test VPC has two app subnets: a function reads three values by dynamic reference, so 20 fit in 60.
  const appSubnets = base.vpc.selectSubnets(base.subnets.app).subnets;

  it('splits 25 functions into parts of at most 60 dynamic references each', () => {
    expect(appSubnets).toHaveLength(2);
    expect(parts.map((p) => p.node.id)).toEqual(['Part2']);
    expect(templates.map((t) => Object.keys(t.findResources('AWS::Lambda::Function')).length)).toEqual([20, 5]);
    for (const t of templates) expect(JSON.stringify(t.toJSON()).split('{{resolve:').length - 1).toBeLessThanOrEqual(60);
    expect(JSON.stringify(templates[0]!.toJSON()).split('{{resolve:').length - 1).toBe(60);
  });

  it('the environment stack publishes the logs key and each app subnet as SSM String parameters', () => {
    root.hasResourceProperties('AWS::SSM::Parameter', { Name: '/haven/acme/prod/keys/logs', Type: 'String', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Ringlogs'), 'Arn'] } });
    appSubnets.forEach((subnet, i) => root.hasResourceProperties('AWS::SSM::Parameter', { Name: `/haven/acme/prod/subnets/app/${i + 1}`, Value: base.stack.resolve(subnet.subnetId) }));
    root.resourceCountIs('AWS::SSM::Parameter', 3);
  });

  it('the functions stack deploys after those parameters and the data key\'s alias', () => {
    const [nested] = Object.values(root.findResources('AWS::CloudFormation::Stack'));
    const dependsOn = nested!.DependsOn as string[];
    for (const [id] of Object.entries(root.findResources('AWS::SSM::Parameter'))) expect(dependsOn).toContain(id);
    expect(dependsOn).toContain(Object.keys(root.findResources('AWS::KMS::Alias', { Properties: { AliasName: 'alias/acme-prod/data' } }))[0]);
  });

  it('log groups name the logs key and functions their subnets by dynamic reference, strings in their own template', () => {
    for (const t of templates) {
      const logGroups = Object.values(t.findResources('AWS::Logs::LogGroup'));
      expect(logGroups.length).toBeGreaterThan(0);
      expect(logGroups.every((g) => g.Properties.KmsKeyId === ssmRef('keys/logs'))).toBe(true);
      for (const fn of Object.values(t.findResources('AWS::Lambda::Function'))) {
        expect(fn.Properties.VpcConfig.SubnetIds).toEqual([ssmRef('subnets/app/1'), ssmRef('subnets/app/2')]);
        // The function's own security group: a reference inside this template.
        expect(fn.Properties.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/SecurityGroup/), 'GroupId'] }]);
      }
    }
  });

  it('dead-letter and trigger queues name the data key by its alias', () => {
    const queues = templates.flatMap((t) => Object.values(t.findResources('AWS::SQS::Queue')));
    // Per function: its dead-letter queue, the trigger queue and the trigger's dead-letter queue.
    expect(queues).toHaveLength(25 * 3);
    expect(queues.every((q) => q.Properties.KmsMasterKeyId === 'alias/acme-prod/data')).toBe(true);
  });

  it('grants keep the key itself (a parameter from the environment stack), only the checked properties change', () => {
    const policies = JSON.stringify(templates[0]!.findResources('AWS::IAM::Policy'));
    expect(policies).toMatch(/"Ref":"referenceto[A-Za-z0-9]*Ringdata[A-Za-z0-9]*Arn"/);
    expect(policies).not.toContain('{{resolve:');
  });

  it('keeps each function\'s name as evidence in the environment stack', () => {
    expect(Object.keys(root.toJSON().Outputs ?? {})).toEqual(expect.arrayContaining(['FunctionEvent01Name', 'FunctionEvent25Name']));
  });
});

describe('functions feature validation', () => {
  it('rejects TechCorp\'s deprecated nodejs20.x at build time', () => {
    const ctx = workloadContext({ functions: functionsSchema.parse({ defaults: { runtime: 'nodejs20.x' }, names: ['legacy'] }) });
    expect(() => functionsFeature.apply(ctx)).toThrow(/nodejs20\.x was deprecated/);
  });

  it('builds nothing without a functions section', () => {
    const ctx = workloadContext({});
    functionsFeature.apply(ctx);
    Template.fromStack(ctx.stack).resourceCountIs('AWS::Lambda::Function', 0);
  });
});

describe('functions feature: triggers', () => {
  const functions = functionsSchema.parse({
    defaults: { runtime: 'nodejs22.x' },
    definitions: {
      report: { triggers: [{ schedule: 'rate(5 minutes)' }] },
      ingest: { triggers: [{ bucket: 'uploads', suffix: '.csv' }, { queue: {} }] },
    },
  });
  const ctx = workloadContext({ functions });
  ctx.registry.buckets.set('uploads', new s3.Bucket(ctx.stack, 'Uploads', { eventBridgeEnabled: true }));
  functionsFeature.apply(ctx);
  const template = Template.fromStack(ctx.stack);

  it('wires a schedule, bucket events and a queue, encrypted with the data key', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)', KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keydata'), 'Arn'] } });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.s3'], detail: Match.objectLike({ object: { key: [{ suffix: '.csv' }] } }) }) });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keydata'), 'Arn'] }, VisibilityTimeout: 180 });
  });

  it('states the scheduled function\'s monthly invocations for the cost estimate; a trigger without a rate states none', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    const byName = (name: string) => Object.values(fns).find((r) => r.Properties.FunctionName === `acme-prod-${name}`);
    expect(byName('report')?.Metadata?.['haven:invocationsPerMonth']).toBe(8640);
    expect(byName('ingest')?.Metadata?.['haven:invocationsPerMonth']).toBeUndefined();
  });
});
