/*
 * Lambda entry point of the origin header rotation (logic in rotation.ts). Clients are made once per region and
 * retry throttling themselves (SDK standard retry mode, more attempts than the default 3):
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { configFromEnvironment, rotate, type CloudFrontApi, type DistributionConfig, type RotationEvent } from './rotation';

const MAX_ATTEMPTS = 8;

/** The CloudFront client of the Lambda runtime's SDK, typed by what this function uses of it. */
interface CloudFrontSdk {
  CloudFrontClient: new (config: { maxAttempts: number }) => { send(command: unknown): Promise<Record<string, unknown>> };
  GetDistributionConfigCommand: new (input: { Id: string }) => unknown;
  UpdateDistributionCommand: new (input: { Id: string; IfMatch: string; DistributionConfig: DistributionConfig }) => unknown;
  GetDistributionCommand: new (input: { Id: string }) => unknown;
}

function cloudFrontApi(): CloudFrontApi {
  // Present in the Node.js Lambda runtimes (AWS SDK v3), not among Haven's own dependencies.
  const sdk = module.require('@aws-sdk/client-cloudfront') as CloudFrontSdk;
  const client = new sdk.CloudFrontClient({ maxAttempts: MAX_ATTEMPTS });
  return {
    async getDistributionConfig(id) {
      const res = await client.send(new sdk.GetDistributionConfigCommand({ Id: id }));
      return { etag: String(res.ETag), config: res.DistributionConfig as DistributionConfig };
    },
    async updateDistribution(id, etag, config) {
      await client.send(new sdk.UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }));
    },
    async status(id) {
      const res = await client.send(new sdk.GetDistributionCommand({ Id: id }));
      return String((res.Distribution as { Status?: string } | undefined)?.Status);
    },
  };
}

function perRegion<T>(make: (region: string) => T): (region: string) => T {
  const clients = new Map<string, T>();
  return (region) => {
    if (!clients.has(region)) clients.set(region, make(region));
    return clients.get(region)!;
  };
}

const deps = {
  secrets: new SecretsManagerClient({ maxAttempts: MAX_ATTEMPTS }),
  cloudfront: cloudFrontApi(),
  elb: perRegion((region) => new ElasticLoadBalancingV2Client({ region, maxAttempts: MAX_ATTEMPTS })),
  ssm: perRegion((region) => new SSMClient({ region, maxAttempts: MAX_ATTEMPTS })),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  log: (message: string) => console.log(message),
};

export async function handler(event: RotationEvent, context: { getRemainingTimeInMillis(): number }): Promise<void> {
  await rotate(event, configFromEnvironment(process.env), { ...deps, remainingMs: () => context.getRemainingTimeInMillis() });
}
