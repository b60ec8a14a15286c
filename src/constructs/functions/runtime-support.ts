/**
 * The date Lambda deprecates each runtime Haven builds (stops patching it; creation is blocked soon after).
 * Source: the Lambda runtimes page (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 * Plain data (no CDK import) so spec validation can check a runtime against the date cheaply.
 */
export const LAMBDA_RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  'nodejs20.x': '2026-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs24.x': '2028-04-30',
  'python3.10': '2026-06-30',
  'python3.11': '2027-06-30',
  'python3.12': '2028-10-31',
  'python3.13': '2029-06-30',
};

function endOfDay(isoDate: string): number {
  return Date.parse(`${isoDate}T23:59:59Z`);
}

/** Runtimes not deprecated on `asOf`, in table order. */
export function currentLambdaRuntimes(asOf: Date): string[] {
  return Object.entries(LAMBDA_RUNTIME_DEPRECATION).filter(([, d]) => endOfDay(d) >= asOf.getTime()).map(([n]) => n);
}

/** Why runtime `name` cannot be built on `asOf` (unknown or deprecated), or undefined when it can. */
export function lambdaRuntimeProblem(name: string, asOf: Date): string | undefined {
  const deprecated = LAMBDA_RUNTIME_DEPRECATION[name];
  const current = currentLambdaRuntimes(asOf);
  if (deprecated === undefined) return `Lambda runtime ${name} is unknown to Haven; supported: ${current.join(', ')}`;
  if (endOfDay(deprecated) < asOf.getTime()) return `Lambda runtime ${name} was deprecated on ${deprecated} (checked on ${asOf.toISOString().slice(0, 10)}); use one of ${current.join(', ')}`;
  return undefined;
}
