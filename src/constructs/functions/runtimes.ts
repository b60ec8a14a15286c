import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LAMBDA_RUNTIME_DEPRECATION, lambdaRuntimeProblem } from './runtime-support';

const RUNTIMES: Readonly<Record<string, lambda.Runtime>> = {
  'nodejs20.x': lambda.Runtime.NODEJS_20_X,
  'nodejs22.x': lambda.Runtime.NODEJS_22_X,
  'nodejs24.x': lambda.Runtime.NODEJS_24_X,
  'python3.10': lambda.Runtime.PYTHON_3_10,
  'python3.11': lambda.Runtime.PYTHON_3_11,
  'python3.12': lambda.Runtime.PYTHON_3_12,
  'python3.13': lambda.Runtime.PYTHON_3_13,
};

/**
 * Lambda runtimes Haven builds, with the date Lambda deprecates each (see runtime-support.ts).
 * Unknown or deprecated runtimes are rejected so a spec cannot ship an unpatched language runtime.
 */
export const LAMBDA_RUNTIMES: Readonly<Record<string, { readonly runtime: lambda.Runtime; readonly deprecated: string }>> = Object.fromEntries(
  Object.entries(RUNTIMES).map(([name, runtime]) => [name, { runtime, deprecated: LAMBDA_RUNTIME_DEPRECATION[name] }]),
);

/** Runtime identifiers Haven accepts in a spec (validity by date is checked against the spec's date). */
export const LAMBDA_RUNTIME_NAMES = Object.keys(LAMBDA_RUNTIMES) as readonly string[];

/** The runtime for an identifier such as 'python3.11'; throws if unknown or deprecated on `asOf`. */
export function supportedLambdaRuntime(name: string, asOf: Date): lambda.Runtime {
  const problem = lambdaRuntimeProblem(name, asOf);
  if (problem) throw new Error(problem);
  return RUNTIMES[name];
}
