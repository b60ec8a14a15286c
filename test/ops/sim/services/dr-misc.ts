import { CloudWatchClient, PutMetricDataCommand, type PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { DescribeAvailabilityZonesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListObjectsV2Command, type ListObjectsV2CommandInput, S3Client } from '@aws-sdk/client-s3';
import { hex } from '../ids';
import { SimResource } from '../model';
import { ServiceModule, awsError, op, page } from '../service';
import { World } from '../world';
import { alarmState, breaches, drState, takeFault } from './dr-state';

type Dimension = { Name?: string; Value?: string };
const sameDimensions = (a: Dimension[] = [], b: Dimension[] = []) =>
  a.length === b.length && a.every((d) => b.some((e) => e.Name === d.Name && e.Value === d.Value));

export const cloudWatchDr: ServiceModule = {
  client: CloudWatchClient,
  operations: [
    // PutMetricData: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
    // Alarms on the metric (same namespace, name and dimensions, in this region) evaluate the datapoint at the end of
    // their period; missing data afterwards is "ignore" for the failover switch, so the state then holds.
    op<PutMetricDataCommandInput>(PutMetricDataCommand, (world, input, region) => {
      takeFault(world, 'PutMetricData');
      for (const d of input.MetricData ?? []) {
        if (d.Value === undefined) throw awsError('InvalidParameterValue', 'The parameter MetricData.member.1.Value is required.');
        for (const a of world.resources('AWS::CloudWatch::Alarm', region)) {
          if (world.prop(a, 'Namespace') !== input.Namespace || world.prop(a, 'MetricName') !== d.MetricName) continue;
          if (!sameDimensions(world.prop<Dimension[]>(a, 'Dimensions'), d.Dimensions)) continue;
          const period = Number(world.prop(a, 'Period') ?? 60) * 1000;
          const state = breaches(world.prop<string>(a, 'ComparisonOperator'), d.Value, Number(world.prop(a, 'Threshold'))) ? 'ALARM' : 'OK';
          drState(world).alarms.set(a, { state: alarmState(world, a), next: { state, at: world.now() + period } });
        }
      }
      return {};
    }),
  ],
};

export const ec2Dr: ServiceModule = {
  client: EC2Client,
  operations: [
    // DescribeAvailabilityZones: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
    op(DescribeAvailabilityZonesCommand, (_world, _input, region) => ({
      AvailabilityZones: ['a', 'b', 'c'].map((z) => ({ ZoneName: `${region}${z}`, State: 'available', RegionName: region, ZoneType: 'availability-zone' })),
    })),
  ],
};

/** The bucket whose replication rules deliver into `b` (its objects are the replica's), else `b` itself. */
function origin(world: World, b: SimResource): SimResource {
  const src = world.resources('AWS::S3::Bucket').find((x) => (world.prop<{ Rules?: { Destination?: { Bucket?: string } }[] }>(x, 'ReplicationConfiguration')?.Rules ?? [])
    .some((r) => r.Destination?.Bucket === b.arn || r.Destination?.Bucket === `arn:aws:s3:::${b.physicalId}`));
  return src ?? b;
}

export const s3Dr: ServiceModule = {
  client: S3Client,
  operations: [
    // ListObjectsV2: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
    // A few objects per bucket; a replication destination holds what its source holds (replication caught up).
    op<ListObjectsV2CommandInput>(ListObjectsV2Command, (world, input) => {
      const b = world.find('AWS::S3::Bucket', undefined, (r) => r.physicalId === input.Bucket);
      if (!b) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
      const seed = origin(world, b).physicalId;
      const all = Array.from({ length: 5 }, (_, i) => ({ Key: `object-${i}`, Size: parseInt(hex(`${seed}/${i}`, 4), 16), ETag: `"${hex(`${seed}/${i}`, 32)}"` }));
      const p = page(all, input.ContinuationToken, Math.min(input.MaxKeys ?? 1000, 2));
      return { Contents: p.items, KeyCount: p.items.length, IsTruncated: Boolean(p.next), NextContinuationToken: p.next };
    }),
  ],
};
