import type { EnvironmentPlan } from '../resolve';
import type { FunctionSpec } from '../sections/functions';
import { hint } from './suggest';
import type { CrossFieldIssue, CrossFieldRule } from './types';

type Finding = Omit<CrossFieldIssue, 'environment'>;
const DEFAULT_TIMEOUT_SECONDS = 30;

/** Where a function's triggers are written: functions.defaults and each definition (names/generated take defaults). */
function declared(plan: EnvironmentPlan): Array<{ at: (string | number)[]; fn: FunctionSpec; timeout: number }> {
  const functions = plan.functions;
  if (!functions) return [];
  const defaults = functions.defaults ?? {};
  const own = Object.entries(functions.definitions ?? {}).map(([name, fn]) => ({ at: ['functions', 'definitions', name], fn, timeout: fn.timeoutSeconds ?? defaults.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS }));
  return [{ at: ['functions', 'defaults'], fn: defaults, timeout: defaults.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS }, ...own];
}

function issuesOf(plan: EnvironmentPlan): Finding[] {
  const buckets = Object.keys(plan.buckets ?? {});
  const issues: Finding[] = [];
  for (const { at, fn, timeout } of declared(plan)) {
    (fn.triggers ?? []).forEach((trigger, i) => {
      const path = [...at, 'triggers', i];
      // The buckets feature registers only the buckets section's buckets; synthesis has nothing else to watch.
      if ('bucket' in trigger && !buckets.includes(trigger.bucket)) {
        issues.push({ path: [...path, 'bucket'], message: `trigger bucket ${trigger.bucket} is not in the buckets section${hint(trigger.bucket, buckets, 'the buckets section')}` });
      }
      // Lambda refuses an SQS mapping whose visibility timeout is shorter than the function's timeout:
      // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
      const visibility = 'queue' in trigger ? trigger.queue.visibilityTimeoutSeconds : undefined;
      if (visibility !== undefined && visibility < timeout) {
        issues.push({ path: [...path, 'queue', 'visibilityTimeoutSeconds'], message: `the queue's visibility timeout (${visibility} s) is shorter than the function's timeout (${timeout} s); Lambda refuses the event source mapping` });
      }
    });
  }
  return issues;
}

/** Function triggers name buckets that exist and queues the function can drain in time. */
export const triggersRule: CrossFieldRule = (_spec, plans) =>
  Object.entries(plans).flatMap(([environment, plan]) => issuesOf(plan).map((issue) => ({ ...issue, environment })));
