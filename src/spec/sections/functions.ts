import { z } from 'zod';

/** Runtime identifiers Haven knows; whether one is still supported is checked against the date Haven runs for (--date). */
export const FUNCTION_RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.10', 'python3.11', 'python3.12', 'python3.13'] as const;

const functionName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name');

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
