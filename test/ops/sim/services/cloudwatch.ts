import {
  CloudWatchClient, DescribeAlarmsCommand, type DescribeAlarmsCommandInput, GetMetricStatisticsCommand, type GetMetricStatisticsCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { SimResource } from '../model';
import { ServiceModule, awsError, op, page } from '../service';
import { World } from '../world';
import { alarmState, healthCheckHealthy, primaryWrites } from './dr-state';

function describe(world: World, a: SimResource) {
  return {
    AlarmName: a.physicalId, AlarmArn: a.arn, AlarmDescription: world.prop(a, 'AlarmDescription'),
    // ActionsEnabled defaults to true (AWS::CloudWatch::Alarm).
    ActionsEnabled: String(world.prop(a, 'ActionsEnabled') ?? true) === 'true',
    AlarmActions: world.prop<string[]>(a, 'AlarmActions') ?? [], OKActions: world.prop<string[]>(a, 'OKActions') ?? [],
    InsufficientDataActions: world.prop<string[]>(a, 'InsufficientDataActions') ?? [],
    StateValue: alarmState(world, a), MetricName: world.prop(a, 'MetricName'), Namespace: world.prop(a, 'Namespace'), Threshold: world.prop(a, 'Threshold'),
  };
}

/** The latest datapoint of the metrics the world models: replication lag of RDS replicas and Aurora secondaries. */
function datapoint(world: World, input: GetMetricStatisticsCommandInput, region: string): number | undefined {
  const dim = (name: string) => input.Dimensions?.find((d) => d.Name === name)?.Value?.toLowerCase();
  // Route 53 publishes health-check metrics in us-east-1 only: 1 healthy, 0 unhealthy.
  if (input.Namespace === 'AWS/Route53' && input.MetricName === 'HealthCheckStatus') {
    if (region !== 'us-east-1') return undefined;
    const h = healthCheckHealthy(world, input.Dimensions?.find((d) => d.Name === 'HealthCheckId')?.Value ?? '');
    return h === undefined ? undefined : h ? 1 : 0;
  }
  if (input.Namespace !== 'AWS/RDS') return undefined;
  if (input.MetricName === 'ReplicaLag') {
    const r = world.find('AWS::RDS::DBInstance', region, (x) => x.physicalId === dim('DBInstanceIdentifier'));
    const source = r && world.prop<string>(r, 'SourceDBInstanceIdentifier');
    if (!r || !source) return undefined;
    const explicit = world.replicaLagSeconds.get(r.physicalId);
    if (explicit !== undefined) return explicit;
    // A replica whose source region is unreachable stops reporting; once writes stop it catches up (lag 0).
    const sourceRegion = world.resources('AWS::RDS::DBInstance').find((x) => x.arn === source || x.physicalId === source.toLowerCase())?.stack.region;
    if (sourceRegion && world.unreachableRegions.has(sourceRegion)) return undefined;
    return !sourceRegion || primaryWrites(world, sourceRegion) ? world.defaultReplicaLagSeconds : 0;
  }
  if (input.MetricName === 'AuroraGlobalDBReplicationLag') {
    const r = world.find('AWS::RDS::DBCluster', region, (x) => x.physicalId === dim('DBClusterIdentifier'));
    // Reported in milliseconds.
    return r && world.prop(r, 'GlobalClusterIdentifier') ? 1000 * (world.replicaLagSeconds.get(r.physicalId) ?? world.defaultReplicaLagSeconds) : undefined;
  }
  return undefined;
}

export const cloudWatch: ServiceModule = {
  client: CloudWatchClient,
  operations: [
    // DescribeAlarms: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
    // At most 100 AlarmNames per call; names that do not exist are simply absent from the answer.
    op<DescribeAlarmsCommandInput>(DescribeAlarmsCommand, (world, input, region) => {
      if ((input.AlarmNames?.length ?? 0) > 100) throw awsError('ValidationError', 'The collection AlarmNames must not have a size greater than 100.');
      const match = (a: SimResource) => (!input.AlarmNames || input.AlarmNames.includes(a.physicalId)) && (!input.AlarmNamePrefix || a.physicalId.startsWith(input.AlarmNamePrefix));
      const metric = world.resources('AWS::CloudWatch::Alarm', region).filter(match).sort((a, b) => a.physicalId.localeCompare(b.physicalId));
      const composite = world.resources('AWS::CloudWatch::CompositeAlarm', region).filter(match);
      const p = page(metric, input.NextToken, Math.min(input.MaxRecords ?? 50, 100));
      return { MetricAlarms: p.items.map((a) => describe(world, a)), CompositeAlarms: input.NextToken ? [] : composite.map((a) => describe(world, a)), NextToken: p.next };
    }),
    // GetMetricStatistics: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
    // A metric nobody publishes answers with no datapoints, not an error.
    op<GetMetricStatisticsCommandInput>(GetMetricStatisticsCommand, (world, input, region) => {
      const v = datapoint(world, input, region);
      const stats = Object.fromEntries((input.Statistics ?? ['Maximum']).map((s) => [s, v]));
      return { Label: input.MetricName, Datapoints: v === undefined ? [] : [{ Timestamp: new Date(world.now() - 60_000), Unit: input.MetricName === 'ReplicaLag' ? 'Seconds' : input.MetricName === 'HealthCheckStatus' ? 'None' : 'Milliseconds', ...stats }] };
    }),
  ],
};
