import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { SecureFunction } from '../../constructs/functions';
import { expandFunctions } from '../../spec/sections/functions';
import type { PlatformContext, PlatformFeature } from '../context';
import { tagHavenResource } from './metadata';
import { pascal, registerWorkload } from './workload-wiring';
import { logRetentionPolicy } from './monitoring';

/** Lambda functions: the compact `functions` section expanded, one `SecureFunction` each in the app subnets. */
export const functionsFeature: PlatformFeature = {
  name: 'functions',
  roles: ['primary'],
  nested: (plan) => plan.functions !== undefined,
  apply(ctx: PlatformContext) {
    const d = ctx.plan.defaults;
    const retain = d.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    for (const [name, spec] of Object.entries(expandFunctions(ctx.plan.functions))) {
      if (!spec.runtime) throw new Error(`functions.${name}: no runtime (set it on the function or in functions.defaults)`);
      const fn = new SecureFunction(ctx.stack, `Function-${name}`, {
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
      tagHavenResource(fn.function, `functions.${name}`);
      if (fn.deadLetterAlarm) ctx.registry.alarms.push(fn.deadLetterAlarm);
      // The literal name (not a token) lets the monitoring feature alarm on it from the parent stack without a nested-stack output.
      registerWorkload(ctx, `functions.${name}`, {
        name, kind: 'lambda', connections: fn.connections, metricDimensions: { FunctionName: ctx.name(name) },
        grantee: fn.function, addEnvironment: (key, value) => fn.function.addEnvironment(key, value),
      });
      ctx.evidence(`Function${pascal(name)}Name`, fn.function.functionName, `Lambda function ${name}`);
    }
  },
};
