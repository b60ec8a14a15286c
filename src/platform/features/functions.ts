import * as path from 'path';
import { type CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { INVOCATIONS_METADATA } from '../../cost/metadata';
import { FunctionTriggers, SecureFunction, type Trigger } from '../../constructs/functions';
import { expandFunctions, triggerInvocationsPerMonth, type FunctionSpec } from '../../spec/sections/functions';
import { functionParts } from '../../spec/stack-layout';
import type { PlatformContext, PlatformFeature } from '../context';
import { showFunctionSubnets, showLogGroupKey, showQueueKey } from '../parent-values';
import { ZonedNestedStack } from '../zoned-stack';
import { tagHavenResource } from './metadata';
import { pascal, registerWorkload } from './workload-wiring';
import { logRetentionPolicy } from './monitoring';

/** The spec's triggers as construct props; a bucket is the one the buckets feature registered. */
function triggersOf(ctx: PlatformContext, name: string, spec: FunctionSpec): Trigger[] {
  return (spec.triggers ?? []).map((t): Trigger => {
    if ('schedule' in t) return { kind: 'schedule', expression: t.schedule, timeZone: t.timeZone };
    if ('queue' in t) {
      const q = t.queue;
      return { kind: 'queue', batchSize: q.batchSize, maxReceiveCount: q.maxReceiveCount, visibilityTimeout: q.visibilityTimeoutSeconds !== undefined ? Duration.seconds(q.visibilityTimeoutSeconds) : undefined };
    }
    if ('bucket' in t) {
      const bucket = ctx.registry.buckets.get(t.bucket);
      if (!bucket) throw new Error(`functions.${name}.triggers names bucket ${t.bucket}, which the buckets section does not define`);
      return { kind: 'bucket', bucket, events: t.events, prefix: t.prefix, suffix: t.suffix };
    }
    return { kind: 'pattern', source: t.eventPattern.source, detailType: t.eventPattern.detailType, detail: t.eventPattern.detail };
  });
}

function addTriggers(ctx: PlatformContext, name: string, spec: FunctionSpec, fn: SecureFunction, removalPolicy: RemovalPolicy): void {
  const triggers = triggersOf(ctx, name, spec);
  if (triggers.length === 0) return;
  const wired = new FunctionTriggers(fn, 'Triggers', {
    function: fn.function,
    functionTimeout: Duration.seconds(spec.timeoutSeconds ?? 30),
    triggers,
    key: ctx.key('data'),
    removalPolicy,
    alarmTopic: ctx.alarmTopic,
  });
  ctx.registry.alarms.push(...wired.alarms);
  for (const queue of wired.queues) showQueueKey(ctx, queue, 'data');
  // The cost estimate charges the function its triggers' rate (a schedule's own, eventsPerMonth otherwise).
  const perMonth = triggerInvocationsPerMonth(spec);
  if (perMonth !== undefined) (fn.function.node.defaultChild as CfnResource).addMetadata(INVOCATIONS_METADATA, perMonth);
}

/** One spec function: a `SecureFunction` in the app subnets, in `scope` (the functions stack or one of its parts). */
function buildFunction(ctx: PlatformContext, scope: Construct, name: string, spec: FunctionSpec, retain: RemovalPolicy): void {
  if (!spec.runtime) throw new Error(`functions.${name}: no runtime (set it on the function or in functions.defaults)`);
  const fn = new SecureFunction(scope, `Function-${name}`, {
    vpc: ctx.vpc,
    vpcSubnets: ctx.subnets.app,
    runtime: spec.runtime,
    handler: spec.handler,
    // Relative to the spec file's directory (as the schema says), wherever the CLI runs.
    codeDir: spec.code ? path.resolve(ctx.plan.specDirectory ?? '.', spec.code) : undefined,
    functionName: ctx.name(name),
    memoryMb: spec.memoryMb,
    timeout: spec.timeoutSeconds !== undefined ? Duration.seconds(spec.timeoutSeconds) : undefined,
    reservedConcurrency: spec.reservedConcurrency,
    environment: spec.environment,
    environmentKey: ctx.key('data'),
    logKey: ctx.key('logs'),
    // The application class, with the spec's monitoring.logRetentionDays override (not only the tier default).
    logRetention: logRetentionPolicy(ctx.plan).retentionFor('application'),
    deadLetterQueue: spec.deadLetterQueue ?? true,
    alarmTopic: ctx.alarmTopic,
    removalPolicy: retain,
  });
  // The settings Control Tower's controls read, as values this template shows (not nested-stack parameters).
  showLogGroupKey(ctx, fn.logGroup, 'logs');
  showFunctionSubnets(ctx, fn.function, 'app');
  if (fn.deadLetterQueue) showQueueKey(ctx, fn.deadLetterQueue, 'data');
  tagHavenResource(fn.function, `functions.${name}`);
  if (fn.deadLetterAlarm) ctx.registry.alarms.push(fn.deadLetterAlarm);
  addTriggers(ctx, name, spec, fn, retain);
  // The literal name (not a token) lets the monitoring feature alarm on it from the parent stack without a nested-stack output.
  registerWorkload(ctx, `functions.${name}`, {
    name, kind: 'lambda', connections: fn.connections, metricDimensions: { FunctionName: ctx.name(name) },
    grantee: fn.function, addEnvironment: (key, value) => fn.function.addEnvironment(key, value),
  });
  ctx.evidence(`Function${pascal(name)}Name`, fn.function.functionName, `Lambda function ${name}`);
}

/**
 * Lambda functions: the compact `functions` section expanded, one `SecureFunction` each in the app subnets. A fleet
 * too large for one template's dynamic references is split into nested parts (src/spec/stack-layout.ts).
 */
export const functionsFeature: PlatformFeature = {
  name: 'functions',
  roles: ['primary'],
  nested: (plan) => plan.functions !== undefined,
  apply(ctx: PlatformContext) {
    const retain = ctx.plan.defaults.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const functions = Object.entries(expandFunctions(ctx.plan.functions));
    // Dynamic references, and their limit per template, arise only in a nested stack (the platform always nests functions).
    const parts = Stack.of(ctx.stack).nested ? functionParts(functions, ctx.vpc.selectSubnets(ctx.subnets.app).subnets.length) : [functions];
    // The first part stays in the functions stack itself, where a smaller fleet was first deployed (a function
    // moved to another stack would be created there before its old copy, under the same name, is deleted).
    parts.forEach((part, i) => {
      const scope = i === 0 ? ctx.stack : new ZonedNestedStack(ctx.stack, `Part${i + 1}`, { description: `${ctx.name('functions')}, part ${i + 1}` });
      for (const [name, spec] of part) buildFunction(ctx, scope, name, spec, retain);
    });
  },
};
