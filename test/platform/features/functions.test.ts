import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { functionsFeature } from '../../../src/platform/features/functions';
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
