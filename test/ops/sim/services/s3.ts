import {
  GetBucketEncryptionCommand, type GetBucketEncryptionCommandInput, GetBucketPolicyCommand, type GetBucketPolicyCommandInput,
  GetBucketReplicationCommand, type GetBucketReplicationCommandInput, GetBucketVersioningCommand, type GetBucketVersioningCommandInput,
  GetPublicAccessBlockCommand, type GetPublicAccessBlockCommandInput, S3Client,
} from '@aws-sdk/client-s3';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';

/** Bucket names are global: any region's client finds the bucket (the SDK follows the region redirect). */
function bucket(world: World, name: string | undefined): SimResource {
  const b = world.find('AWS::S3::Bucket', undefined, (r) => r.physicalId === name);
  if (!b) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  return b;
}

type Rule = { ServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean };

export const s3: ServiceModule = {
  client: S3Client,
  operations: [
    // GetBucketEncryption: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html
    // Since January 2023 every bucket has default encryption (SSE-S3) unless configured otherwise.
    op<GetBucketEncryptionCommandInput>(GetBucketEncryptionCommand, (world, input) => {
      const rules = world.prop<{ ServerSideEncryptionConfiguration?: Rule[] }>(bucket(world, input.Bucket), 'BucketEncryption')?.ServerSideEncryptionConfiguration
        ?? [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }];
      return { ServerSideEncryptionConfiguration: { Rules: rules.map((r) => ({ ApplyServerSideEncryptionByDefault: r.ServerSideEncryptionByDefault, BucketKeyEnabled: r.BucketKeyEnabled })) } };
    }),
    // GetBucketVersioning: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html (no Status if never enabled)
    op<GetBucketVersioningCommandInput>(GetBucketVersioningCommand, (world, input) => {
      const status = world.prop<{ Status?: string }>(bucket(world, input.Bucket), 'VersioningConfiguration')?.Status;
      return status ? { Status: status } : {};
    }),
    // GetPublicAccessBlock: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html
    // Since April 2023 new buckets have all four settings on unless the template says otherwise.
    op<GetPublicAccessBlockCommandInput>(GetPublicAccessBlockCommand, (world, input) => {
      const c = world.prop<Record<string, unknown>>(bucket(world, input.Bucket), 'PublicAccessBlockConfiguration');
      const flag = (k: string) => (c ? String(c[k] ?? false) === 'true' : true);
      return { PublicAccessBlockConfiguration: Object.fromEntries(['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'].map((k) => [k, flag(k)])) };
    }),
    // GetBucketPolicy: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html
    op<GetBucketPolicyCommandInput>(GetBucketPolicyCommand, (world, input) => {
      const b = bucket(world, input.Bucket);
      const policy = world.find('AWS::S3::BucketPolicy', undefined, (p) => world.prop(p, 'Bucket') === b.physicalId);
      if (!policy) throw awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
      return { Policy: JSON.stringify(world.prop(policy, 'PolicyDocument')) };
    }),
    // GetBucketReplication: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketReplication.html
    op<GetBucketReplicationCommandInput>(GetBucketReplicationCommand, (world, input) => {
      const c = world.prop<{ Role?: string; Rules?: Record<string, unknown>[] }>(bucket(world, input.Bucket), 'ReplicationConfiguration');
      if (!c) throw awsError('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404);
      return { ReplicationConfiguration: c };
    }),
  ],
};
