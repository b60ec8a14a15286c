import { z } from 'zod';
import { resourceName } from '../common';
import { isTimeZone, parseSchedule } from '../schedule';

/** Runtime identifiers Haven knows; whether one is still supported is checked against the date Haven runs for (--date). */
export const FUNCTION_RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.10', 'python3.11', 'python3.12', 'python3.13'] as const;

const functionName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name');

const eventsPerMonth = z
  .number()
  .int()
  .min(0)
  .max(1e12)
  .optional()
  .describe('Expected events a month, for the cost estimate (default: usage.lambda.requestsMillions).');

const scheduleExpression = z
  .string()
  .superRefine((text, ctx) => {
    const parsed = parseSchedule(text);
    if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
  })
  .describe("EventBridge Scheduler expression: 'rate(5 minutes)' or 'cron(0 8 * * ? *)'.");

/** Invoke on a schedule: an EventBridge Scheduler schedule encrypted with the environment's data key. */
export const scheduleTriggerSchema = z.strictObject({
  schedule: scheduleExpression,
  timeZone: z
    .string()
    .refine(isTimeZone, { message: 'expected an IANA time zone name such as Europe/London or America/New_York' })
    .optional()
    .describe('IANA time zone a cron expression is read in (default UTC).'),
});

/** Invoke with batches from a KMS-encrypted SQS queue Haven creates for the function (with its own dead-letter queue). */
export const queueTriggerSchema = z.strictObject({
  queue: z
    .strictObject({
      batchSize: z.number().int().min(1).max(10000).optional().describe('Messages per invocation (default 10).'),
      maxReceiveCount: z.number().int().min(1).max(1000).optional().describe('Receives before a message moves to the dead-letter queue (default 5).'),
      visibilityTimeoutSeconds: z.number().int().min(0).max(43200).optional().describe("At least the function's timeout (default six times the timeout, as AWS recommends)."),
    })
    .describe('An SQS queue feeding the function.'),
  eventsPerMonth,
});

/** Invoke when objects are created or deleted in a bucket of the buckets section (its EventBridge events). */
export const bucketTriggerSchema = z.strictObject({
  bucket: resourceName.describe('A bucket from the buckets section.'),
  events: z.array(z.enum(['created', 'deleted'])).min(1).optional().describe('Object events that invoke (default created).'),
  prefix: z.string().min(1).max(1024).optional().describe('Only keys starting with this.'),
  suffix: z.string().min(1).max(1024).optional().describe('Only keys ending with this, e.g. .csv.'),
  eventsPerMonth,
});

/** Invoke for events on the default bus matching a pattern. */
export const patternTriggerSchema = z.strictObject({
  eventPattern: z
    .strictObject({
      source: z.array(z.string().min(1).max(256)).min(1).describe('Event sources, e.g. aws.ecs or com.example.orders.'),
      detailType: z.array(z.string().min(1).max(128)).min(1).optional().describe('detail-type values.'),
      detail: z.record(z.string(), z.unknown()).optional().describe('Pattern on the detail field, in EventBridge pattern syntax.'),
    })
    .describe('An EventBridge event pattern on the default bus.'),
  eventsPerMonth,
});

export const functionTriggerSchema = z.union([scheduleTriggerSchema, queueTriggerSchema, bucketTriggerSchema, patternTriggerSchema]);
export type FunctionTrigger = z.infer<typeof functionTriggerSchema>;
export type TriggerKind = 'schedule' | 'queue' | 'bucket' | 'eventPattern';

/** Which of the four forms a trigger is (its one distinguishing key). */
export function triggerKind(trigger: FunctionTrigger): TriggerKind {
  if ('schedule' in trigger) return 'schedule';
  if ('queue' in trigger) return 'queue';
  return 'bucket' in trigger ? 'bucket' : 'eventPattern';
}

/** One function's settings; every field falls back to `functions.defaults`, then to Haven's defaults. */
export const functionSchema = z.strictObject({
  runtime: z.enum(FUNCTION_RUNTIMES).optional().describe('Lambda runtime, e.g. nodejs22.x or python3.11.'),
  handler: z.string().min(1).max(128).optional().describe('Handler (default index.handler).'),
  code: z.string().min(1).optional().describe('Directory with the function code, relative to the spec; an inline placeholder when absent.'),
  memoryMb: z.number().int().min(128).max(10240).optional().describe('Memory in MB (default 512).'),
  timeoutSeconds: z.number().int().min(1).max(900).optional().describe('Timeout in seconds (default 30).'),
  reservedConcurrency: z.number().int().min(0).optional().describe('Reserved concurrent executions.'),
  environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name'), z.string()).optional(),
  deadLetterQueue: z.boolean().optional().describe('Send failed async invocations to a KMS-encrypted SQS queue with an alarm on its depth (default true).'),
  triggers: z
    .array(functionTriggerSchema)
    .max(5)
    .optional()
    .describe('What invokes the function: {schedule, timeZone}, {queue}, {bucket, events, prefix, suffix} or {eventPattern}.'),
});
export type FunctionSpec = z.infer<typeof functionSchema>;

/**
 * Functions in compact form: shared `defaults`, then any mix of named `definitions` (each overriding defaults),
 * a plain `names` list, and a `generated` series (`prefix-01` ... `prefix-NN`) for fleets of similar functions.
 */
export const functionsSchema = z
  .strictObject({
    defaults: functionSchema.optional(),
    definitions: z.record(functionName, functionSchema).optional(),
    names: z.array(functionName).optional().describe('Functions that take the defaults unchanged.'),
    generated: z
      .strictObject({
        prefix: z.string().regex(/^[a-z][a-z0-9-]{0,26}$/, 'expected a short lower-case prefix'),
        count: z.number().int().min(1).max(500),
      })
      .optional()
      .describe('A numbered series of functions taking the defaults, e.g. {prefix: event, count: 25}.'),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    for (const name of functionNames(spec)) {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', message: `function ${name} is declared twice`, path: [] });
      seen.add(name);
    }
    for (const [name, fn] of Object.entries(expandFunctions(spec))) {
      if (!fn.runtime) ctx.addIssue({ code: 'custom', message: `function ${name} has no runtime; set it on the function or in functions.defaults`, path: ['defaults', 'runtime'] });
    }
  });
export type FunctionsSpec = z.infer<typeof functionsSchema>;

function functionNames(spec: FunctionsSpec): string[] {
  const g = spec.generated;
  const width = g ? Math.max(2, String(g.count).length) : 0;
  const generated = g ? Array.from({ length: g.count }, (_, i) => `${g.prefix}-${String(i + 1).padStart(width, '0')}`) : [];
  return [...Object.keys(spec.definitions ?? {}), ...(spec.names ?? []), ...generated];
}

/** Every function by name with defaults merged in (the flat view cost, docs and compliance count). */
export function expandFunctions(spec: FunctionsSpec | undefined): Record<string, FunctionSpec> {
  if (!spec) return {};
  const defaults = spec.defaults ?? {};
  const out: Record<string, FunctionSpec> = {};
  for (const name of functionNames(spec)) {
    const own = spec.definitions && Object.hasOwn(spec.definitions, name) ? spec.definitions[name] : {};
    out[name] = { ...defaults, ...own, environment: defaults.environment || own.environment ? { ...defaults.environment, ...own.environment } : undefined };
    if (out[name].environment === undefined) delete (out[name] as { environment?: unknown }).environment;
  }
  return out;
}

/**
 * Invocations a month the function's triggers imply: a schedule's own rate, the `eventsPerMonth` of the others.
 * Undefined when the function has no trigger or one without a known rate (the usage assumption applies then).
 */
export function triggerInvocationsPerMonth(fn: FunctionSpec): number | undefined {
  const triggers = fn.triggers ?? [];
  if (triggers.length === 0) return undefined;
  let total = 0;
  for (const trigger of triggers) {
    let rate: number | undefined;
    if ('schedule' in trigger) {
      const parsed = parseSchedule(trigger.schedule);
      rate = 'perMonth' in parsed ? parsed.perMonth : undefined;
    } else {
      rate = trigger.eventsPerMonth;
    }
    if (rate === undefined) return undefined;
    total += rate;
  }
  return Math.round(total);
}
