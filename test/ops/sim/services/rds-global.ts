import {
  DescribeGlobalClustersCommand, type DescribeGlobalClustersCommandInput, FailoverGlobalClusterCommand, type FailoverGlobalClusterCommandInput, RDSClient,
  SwitchoverGlobalClusterCommand, type SwitchoverGlobalClusterCommandInput,
} from '@aws-sdk/client-rds';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';
import { GLOBAL_SWITCH_MS, drState, takeFault } from './dr-state';

/** Re-synchronizing the old primary after an unplanned failover: done this long (world time) after the failover, once its region answers. */
const RESYNC_MS = 20 * 60_000;

/** The global cluster and its members: the source cluster (the first writer) and every cluster that names it. */
function global(world: World, id: string | undefined): { g: SimResource; members: SimResource[] } {
  const g = world.find('AWS::RDS::GlobalCluster', undefined, (r) => r.physicalId === id?.toLowerCase());
  if (!g) throw awsError('GlobalClusterNotFoundFault', `Global cluster ${id} not found.`, 404);
  const source = String(world.prop(g, 'SourceDBClusterIdentifier') ?? '');
  const members = world.resources('AWS::RDS::DBCluster').filter((c) => c.arn === source || c.physicalId === source.toLowerCase() || world.prop(c, 'GlobalClusterIdentifier') === g.physicalId);
  return { g, members };
}

/** The writer now, and whether a failover/switchover is still under way (its status). */
export function globalWriter(world: World, g: SimResource, members: SimResource[]): { writer: string; status: string } {
  const source = String(world.prop(g, 'SourceDBClusterIdentifier') ?? '');
  const first = members.find((c) => c.arn === source || c.physicalId === source.toLowerCase())?.arn ?? source;
  const moving = drState(world).globalWriters.get(g.physicalId);
  if (!moving) return { writer: first, status: 'available' };
  return world.now() >= moving.at ? { writer: moving.writer, status: 'available' } : { writer: moving.from, status: moving.kind };
}

/**
 * After a failover with AllowDataLoss the old writer rejoins as a secondary once its region answers, and is
 * re-synchronized (`pending-resync`) before it replicates again
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html).
 */
function synchronization(world: World, g: SimResource, c: SimResource): 'connected' | 'pending-resync' {
  const r = drState(world).globalWriters.get(g.physicalId)?.resync;
  if (!r || r.cluster !== c.arn) return 'connected';
  return world.unreachableRegions.has(c.stack.region) || world.now() < r.at ? 'pending-resync' : 'connected';
}

function describeGlobal(world: World, g: SimResource, members: SimResource[]) {
  const { writer, status } = globalWriter(world, g, members);
  return {
    GlobalClusterIdentifier: g.physicalId, GlobalClusterArn: `arn:aws:rds::${world.account}:global-cluster:${g.physicalId}`, Status: status, Engine: 'aurora-postgresql',
    GlobalClusterMembers: members.map((c) => ({
      DBClusterArn: c.arn, IsWriter: c.arn === writer, Readers: members.filter((m) => m !== c && c.arn === writer).map((m) => m.arn),
      ...(c.arn === writer ? {} : { SynchronizationStatus: synchronization(world, g, c) }),
    })),
  };
}

/** Moves the writer to a secondary member; `planned` (switchover) needs the current writer's region to answer. */
function moveWriter(world: World, input: { GlobalClusterIdentifier?: string; TargetDbClusterIdentifier?: string }, planned: boolean) {
  const { g, members } = global(world, input.GlobalClusterIdentifier);
  const target = members.find((c) => c.arn === input.TargetDbClusterIdentifier || c.physicalId === input.TargetDbClusterIdentifier?.toLowerCase());
  if (!target) throw awsError('DBClusterNotFoundFault', `DBCluster ${input.TargetDbClusterIdentifier} is not a member of ${g.physicalId}.`, 404);
  const now = globalWriter(world, g, members);
  if (now.status !== 'available') throw awsError('InvalidGlobalClusterStateFault', `Global cluster ${g.physicalId} is ${now.status}.`);
  if (now.writer === target.arn) throw awsError('InvalidDBClusterStateFault', `${target.physicalId} is already the writer of ${g.physicalId}.`);
  const writerRegion = members.find((c) => c.arn === now.writer)?.stack.region;
  // A switchover synchronizes the secondary with the writer first: it cannot run while the writer's region is down.
  if (planned && writerRegion && world.unreachableRegions.has(writerRegion)) throw awsError('InvalidGlobalClusterStateFault', `The primary cluster of ${g.physicalId} is unavailable; use FailoverGlobalCluster with AllowDataLoss.`);
  // A switchover first synchronizes every secondary: one still re-synchronizing after a failover blocks it.
  if (planned && members.some((c) => c.arn !== now.writer && synchronization(world, g, c) === 'pending-resync')) {
    throw awsError('InvalidGlobalClusterStateFault', `A secondary cluster of ${g.physicalId} is not synchronized (pending-resync).`);
  }
  const at = world.now() + GLOBAL_SWITCH_MS;
  drState(world).globalWriters.set(g.physicalId, {
    writer: target.arn, from: now.writer, at, kind: planned ? 'switching-over' : 'failing-over', resync: planned ? undefined : { cluster: now.writer, at: at + RESYNC_MS },
  });
  return { GlobalCluster: describeGlobal(world, g, members) };
}

export const rdsGlobal: ServiceModule = {
  client: RDSClient,
  operations: [
    // DescribeGlobalClusters: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeGlobalClusters.html
    op<DescribeGlobalClustersCommandInput>(DescribeGlobalClustersCommand, (world, input) => {
      const { g, members } = global(world, input.GlobalClusterIdentifier);
      return { GlobalClusters: [describeGlobal(world, g, members)] };
    }),
    // FailoverGlobalCluster: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_FailoverGlobalCluster.html
    // Without AllowDataLoss (or Switchover) it is a switchover, which needs the writer to answer.
    op<FailoverGlobalClusterCommandInput>(FailoverGlobalClusterCommand, (world, input) => {
      takeFault(world, 'FailoverGlobalCluster');
      return moveWriter(world, input, !input.AllowDataLoss || Boolean(input.Switchover));
    }),
    // SwitchoverGlobalCluster: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_SwitchoverGlobalCluster.html
    op<SwitchoverGlobalClusterCommandInput>(SwitchoverGlobalClusterCommand, (world, input) => {
      takeFault(world, 'SwitchoverGlobalCluster');
      return moveWriter(world, input, true);
    }),
  ],
};
