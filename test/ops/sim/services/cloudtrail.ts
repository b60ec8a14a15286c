import { CloudTrailClient, DescribeTrailsCommand, type DescribeTrailsCommandInput, GetTrailStatusCommand, type GetTrailStatusCommandInput } from '@aws-sdk/client-cloudtrail';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';

const TRAIL = 'AWS::CloudTrail::Trail';
const named = (name: string | undefined) => (t: SimResource) => t.physicalId === name || t.arn === name;

/** Trails visible from `region`: its own, and multi-region trails of other regions as shadow trails. */
function visible(world: World, region: string): SimResource[] {
  return world.resources(TRAIL).filter((t) => t.stack.region === region || String(world.prop(t, 'IsMultiRegionTrail') ?? false) === 'true');
}

function kmsArn(world: World, t: SimResource): string | undefined {
  const k = world.prop<string>(t, 'KMSKeyId');
  return k && !k.startsWith('arn:') ? `arn:aws:kms:${t.stack.region}:${world.account}:${k.startsWith('alias/') ? k : `key/${k}`}` : k;
}

export const cloudTrail: ServiceModule = {
  client: CloudTrailClient,
  operations: [
    // DescribeTrails: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
    // Names that match no trail are left out of trailList (no error).
    op<DescribeTrailsCommandInput>(DescribeTrailsCommand, (world, input, region) => {
      const trails = visible(world, region).filter((t) => !input.trailNameList?.length || input.trailNameList.some((n) => named(n)(t)));
      return {
        trailList: trails.map((t) => ({
          Name: t.physicalId, TrailARN: t.arn, HomeRegion: t.stack.region, S3BucketName: world.prop(t, 'S3BucketName'),
          IsMultiRegionTrail: String(world.prop(t, 'IsMultiRegionTrail') ?? false) === 'true',
          LogFileValidationEnabled: String(world.prop(t, 'EnableLogFileValidation') ?? false) === 'true',
          IncludeGlobalServiceEvents: String(world.prop(t, 'IncludeGlobalServiceEvents') ?? true) === 'true',
          KmsKeyId: kmsArn(world, t), CloudWatchLogsLogGroupArn: world.prop(t, 'CloudWatchLogsLogGroupArn'),
        })),
      };
    }),
    // GetTrailStatus: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
    op<GetTrailStatusCommandInput>(GetTrailStatusCommand, (world, input, region) => {
      const t = visible(world, region).find(named(input.Name));
      if (!t) throw awsError('TrailNotFoundException', `Unknown trail: ${input.Name} for the user: ${world.account}`);
      // CloudFormation's IsLogging is required; a trail logs from creation until StopLogging.
      const logging = String(world.prop(t, 'IsLogging') ?? true) === 'true' && !world.stoppedTrails.has(t.physicalId);
      return { IsLogging: logging, LatestDeliveryTime: logging ? new Date(world.now() - 5 * 60_000) : undefined, StopLoggingTime: logging ? undefined : new Date(world.now() - 3_600_000) };
    }),
  ],
};
