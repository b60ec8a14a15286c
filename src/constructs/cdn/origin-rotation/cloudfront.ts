import type { CloudFrontApi, DistributionConfig } from './rotation';

/** What the rotation uses of `@aws-sdk/client-cloudfront` (in the Lambda runtime, not in Haven's dependencies). */
export interface CloudFrontSdk {
  CloudFrontClient: new (config: { maxAttempts: number }) => { send(command: unknown): Promise<Record<string, unknown>> };
  GetDistributionConfigCommand: new (input: { Id: string }) => unknown;
  UpdateDistributionCommand: new (input: { Id: string; IfMatch: string; DistributionConfig: DistributionConfig }) => unknown;
  GetDistributionCommand: new (input: { Id: string }) => unknown;
}

/**
 * The three CloudFront calls of the rotation over the SDK: the config with its ETag, an update conditioned on it
 * (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateDistribution.html), and the status.
 */
export function cloudFrontApi(sdk: CloudFrontSdk, maxAttempts: number): CloudFrontApi {
  const client = new sdk.CloudFrontClient({ maxAttempts });
  return {
    async getDistributionConfig(id) {
      const res = await client.send(new sdk.GetDistributionConfigCommand({ Id: id }));
      if (!res.ETag || !res.DistributionConfig) throw new Error(`GetDistributionConfig ${id} returned no ETag or config`);
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
