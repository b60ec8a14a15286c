import { NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import type { KeyClass, PlatformContext } from '../../src/platform/context';
import { parentValue, showLogGroupKey, showQueueKey } from '../../src/platform/parent-values';
import { checkExample, exampleAssembly } from '../support/example-assembly';
import { workloadContext } from './features/workload-context';

/** A feature context over a parent stack whose logs and data keys carry KeyRing-style aliases. */
function parentContext(): PlatformContext {
  const base = workloadContext({});
  const keys = new Map(['data', 'logs'].map((c) => [c, new kms.Key(base.stack, `Ring-${c}`, { alias: `alias/acme-prod/${c}`, enableKeyRotation: true })]));
  return { ...base, key: (c: KeyClass) => keys.get(c) ?? base.key(c) };
}

describe('parent values in nested stacks', () => {
  it('in the environment stack itself, a value stays what it is: no parameter, no dependency', () => {
    const ctx = parentContext();
    const group = new logs.LogGroup(ctx.stack, 'Group', { encryptionKey: ctx.key('logs') });
    const queue = new sqs.Queue(ctx.stack, 'Queue', { encryptionMasterKey: ctx.key('data') });
    showLogGroupKey(ctx, group);
    showQueueKey(ctx, queue);
    const t = Template.fromStack(ctx.stack);
    t.resourceCountIs('AWS::SSM::Parameter', 0);
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: ctx.stack.resolve(ctx.key('logs').keyArn) });
    t.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: ctx.stack.resolve(ctx.key('data').keyArn) });
  });

  it('two levels down, one parameter per name in the environment stack, which the top nested stack deploys after', () => {
    const ctx = parentContext();
    const outer = new NestedStack(ctx.stack, 'Outer');
    const inner = new NestedStack(outer, 'Inner');
    const a = parentValue(ctx, inner, 'keys/logs', ctx.key('logs').keyArn);
    const b = parentValue(ctx, outer, 'keys/logs', ctx.key('logs').keyArn);
    expect(inner.resolve(a)).toBe('{{resolve:ssm:/haven/acme/prod/keys/logs}}');
    expect(outer.resolve(b)).toBe(inner.resolve(a));
    const root = Template.fromStack(ctx.stack);
    root.resourceCountIs('AWS::SSM::Parameter', 1);
    const [parameterId] = Object.keys(root.findResources('AWS::SSM::Parameter'));
    expect(root.toJSON().Resources[ctx.stack.getLogicalId(outer.nestedStackResource!)].DependsOn).toEqual([parameterId]);
  });

  it('a queue in a nested stack names its key by the alias, and its stack deploys after the alias', () => {
    const ctx = parentContext();
    const nested = new NestedStack(ctx.stack, 'Nested');
    const queue = new sqs.Queue(nested, 'Queue', { encryptionMasterKey: ctx.key('data') });
    showQueueKey(ctx, queue);
    Template.fromStack(nested).hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: 'alias/acme-prod/data' });
    const root = Template.fromStack(ctx.stack);
    const [aliasId] = Object.keys(root.findResources('AWS::KMS::Alias', { Properties: { AliasName: 'alias/acme-prod/data' } }));
    expect(root.toJSON().Resources[ctx.stack.getLogicalId(nested.nestedStackResource!)].DependsOn).toContain(aliasId);
  });

  it('refuses a queue key without an alias rather than leave the parameter in place', () => {
    const base = workloadContext({});
    const nested = new NestedStack(base.stack, 'Nested');
    const queue = new sqs.Queue(nested, 'Queue', { encryptionMasterKey: base.key('data') });
    expect(() => showQueueKey(base, queue)).toThrow(/the data key has no alias/);
  });
});

describe('TechCorp production under the Control Tower controls, without built-in acknowledgements', () => {
  const report = checkExample('techcorp.yaml', 'production', { guard: true, nag: false, builtinAcknowledgements: false });
  const found = (rule: string) => report.findings.filter((f) => f.ruleId === rule && f.status === 'fail');

  it('log groups (functions, service fleet, DR standby) and queues meet CT.CLOUDWATCH.PR.3 and CT.SQS.PR.2', () => {
    expect(report.findings.some((f) => f.source === 'cfn-guard')).toBe(true);
    expect(found('CT.CLOUDWATCH.PR.3').map((f) => f.id)).toEqual([]);
    expect(found('CT.SQS.PR.2').map((f) => f.id)).toEqual([]);
  });

  it('checks the functions\' second part (two levels of nesting) too: 25 functions, 15 to a template', () => {
    const stacks = exampleAssembly('techcorp.yaml', 'production').forCheck.stacks.map((s) => s.name).filter((n) => n.includes('/Functions'));
    expect(stacks).toEqual(['techcorp-production-us-east-1/Functions', 'techcorp-production-us-east-1/Functions/Part2']);
  });

  it('spec functions meet CT.LAMBDA.PR.3; only CDK\'s own handlers remain', () => {
    const ids = found('CT.LAMBDA.PR.3').map((f) => f.evidence?.logicalId ?? '');
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^(Custom.*ProviderHandler|ClientVpnConnectHandler)/);
  });
});
