import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Lambda runtimes Haven builds, with the date Lambda deprecates each (stops patching it; creation is blocked soon
 * after). Source: the Lambda runtimes page (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 * Unknown or deprecated runtimes are rejected so a spec cannot ship an unpatched language runtime.
 */
export const LAMBDA_RUNTIMES: Readonly<Record<string, { readonly runtime: lambda.Runtime; readonly deprecated: string }>> = {
  'nodejs20.x': { runtime: lambda.Runtime.NODEJS_20_X, deprecated: '2026-04-30' },
  'nodejs22.x': { runtime: lambda.Runtime.NODEJS_22_X, deprecated: '2027-04-30' },
  'nodejs24.x': { runtime: lambda.Runtime.NODEJS_24_X, deprecated: '2028-04-30' },
  'python3.10': { runtime: lambda.Runtime.PYTHON_3_10, deprecated: '2026-06-30' },
  'python3.11': { runtime: lambda.Runtime.PYTHON_3_11, deprecated: '2027-06-30' },
  'python3.12': { runtime: lambda.Runtime.PYTHON_3_12, deprecated: '2028-10-31' },
  'python3.13': { runtime: lambda.Runtime.PYTHON_3_13, deprecated: '2029-06-30' },
};

/** Runtime identifiers Haven accepts in a spec (validity by date is checked at build time). */
export const LAMBDA_RUNTIME_NAMES = Object.keys(LAMBDA_RUNTIMES) as readonly string[];

/** The runtime for an identifier such as 'python3.11'; throws if unknown or deprecated on `asOf`. */
export function supportedLambdaRuntime(name: string, asOf: Date = new Date()): lambda.Runtime {
  const info = LAMBDA_RUNTIMES[name];
  const current = Object.entries(LAMBDA_RUNTIMES)
    .filter(([, r]) => Date.parse(`${r.deprecated}T23:59:59Z`) >= asOf.getTime())
    .map(([n]) => n);
  if (!info) throw new Error(`Lambda runtime ${name} is unknown to Haven; supported: ${current.join(', ')}`);
  if (Date.parse(`${info.deprecated}T23:59:59Z`) < asOf.getTime()) {
    throw new Error(`Lambda runtime ${name} was deprecated on ${info.deprecated} (checked on ${asOf.toISOString().slice(0, 10)}); use one of ${current.join(', ')}`);
  }
  return info.runtime;
}
