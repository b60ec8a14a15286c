/*
 * Lambda entry point of the origin header rotation (logic in rotation.ts). Clients are made once per region and
 * retry throttling themselves (SDK standard retry mode, more attempts than the default 3):
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { cloudFrontApi, type CloudFrontSdk } from './cloudfront';
import { configFromEnvironment, rotate, type RotationEvent } from './rotation';

const MAX_ATTEMPTS = 8;

function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const clients = new Map<string, T>();
  return (region) => {
    if (!clients.has(region)) clients.set(region, make(region));
    return clients.get(region)!;
  };
}

const deps = {
  secrets: new SecretsManagerClient({ maxAttempts: MAX_ATTEMPTS }),
  // Present in the Node.js Lambda runtimes (AWS SDK v3), not among Haven's own dependencies.
  cloudfront: cloudFrontApi(module.require('@aws-sdk/client-cloudfront') as CloudFrontSdk, MAX_ATTEMPTS),
  elb: perRegion((region) => new ElasticLoadBalancingV2Client({ region, maxAttempts: MAX_ATTEMPTS })),
  ssm: perRegion((region) => new SSMClient({ region, maxAttempts: MAX_ATTEMPTS })),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  log: (message: string) => console.log(message),
};

export async function handler(event: RotationEvent, context: { getRemainingTimeInMillis(): number }): Promise<void> {
  await rotate(event, configFromEnvironment(process.env), { ...deps, remainingMs: () => context.getRemainingTimeInMillis() });
}
