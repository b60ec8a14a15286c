/** RDS and CloudWatch look-ups and waits the database steps share; where a restored database is placed. */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DBCluster, DBInstance, DBSnapshot, DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBSnapshotsCommand,
} from '@aws-sdk/client-rds';
import { call, isNotFound, poll } from '../../aws';
import { OpsDbPlacement } from '../../target';
import { DrSettings, need, opt } from './shared';

// RDS DescribeDBInstances: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html
export async function describeInstance(s: DrSettings, region: string, id: string): Promise<DBInstance | undefined> {
  try {
    const r = await call<{ DBInstances?: DBInstance[] }>(s.clients.rds(region), new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), opt(s));
    return r.DBInstances?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

// RDS DescribeDBClusters: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html
export async function describeCluster(s: Pick<DrSettings, 'clients' | 'clock'>, region: string, id: string): Promise<DBCluster | undefined> {
  try {
    const r = await call<{ DBClusters?: DBCluster[] }>(s.clients.rds(region), new DescribeDBClustersCommand({ DBClusterIdentifier: id }), { clock: s.clock, profile: s.clients.profile });
    return r.DBClusters?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

// RDS DescribeDBSnapshots (manual snapshots by id): https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
export async function describeSnapshot(s: DrSettings, region: string, id: string): Promise<DBSnapshot | undefined> {
  try {
    const r = await call<{ DBSnapshots?: DBSnapshot[] }>(s.clients.rds(region), new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }), opt(s));
    return r.DBSnapshots?.[0];
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export function waitInstance(s: DrSettings, region: string, id: string, what: string, extra: (i: DBInstance) => boolean = () => true): Promise<void> {
  return poll(async () => {
    const i = await describeInstance(s, region, id);
    return { done: i?.DBInstanceStatus === 'available' && extra(i), state: i ? `${i.DBInstanceStatus}${i.ReadReplicaSourceDBInstanceIdentifier ? ' (still a replica)' : ''}` : 'not found' };
  }, { what, timeoutMs: s.timeouts.database, clock: s.clock, initialDelayMs: 15_000 });
}

export function waitSnapshot(s: DrSettings, region: string, id: string, what: string): Promise<void> {
  return poll(async () => {
    const snap = await describeSnapshot(s, region, id);
    return { done: snap?.Status === 'available', state: snap ? `${snap.Status} ${snap.PercentProgress ?? 0}%` : 'not found' };
  }, { what, timeoutMs: s.timeouts.snapshot, clock: s.clock, initialDelayMs: 15_000 });
}

/**
 * Create parameters that keep a database the runbook creates inside Haven's network: never the default VPC
 * (RDS places an instance without DBSubnetGroupName in the default VPC — CreateDBInstance/Restore* docs), never public.
 */
export function placementParams(p: OpsDbPlacement | undefined, what: string) {
  const subnets = need(p?.dbSubnetGroupName, `DB subnet group for ${what} (HavenDb…DrSubnetGroup)`);
  const sgs = p?.vpcSecurityGroupIds?.length ? [...p.vpcSecurityGroupIds] : need(undefined, `Security group for ${what} (HavenDb…DrSecurityGroupId)`);
  return {
    DBSubnetGroupName: subnets,
    VpcSecurityGroupIds: sgs,
    DBParameterGroupName: need(p?.dbParameterGroupName, `Parameter group for ${what} (HavenDb…DrParameterGroup)`),
    PubliclyAccessible: false,
    ...(p?.instanceClass ? { DBInstanceClass: p.instanceClass } : {}),
  };
}

// CloudWatch GetMetricStatistics, AWS/RDS ReplicaLag (seconds, per replica):
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html
export async function latestReplicaLag(s: DrSettings, region: string, id: string): Promise<{ seconds?: number; at?: Date }> {
  const now = s.clock.now();
  const m = await call<{ Datapoints?: { Timestamp?: Date; Maximum?: number }[] }>(s.clients.cloudwatch(region), new GetMetricStatisticsCommand({
    Namespace: 'AWS/RDS', MetricName: 'ReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: id }],
    StartTime: new Date(now - 15 * 60_000), EndTime: new Date(now), Period: 60, Statistics: ['Maximum'],
  }), opt(s));
  const latest = [...(m.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
  return latest && latest.Maximum !== undefined && latest.Maximum >= 0 ? { seconds: latest.Maximum, at: latest.Timestamp } : {};
}
