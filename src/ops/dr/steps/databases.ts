/** Failover and failback of replicated databases: replica catch-up and promotion, Aurora global switchover/failover. */
import {
  DBInstance, DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, GlobalCluster, PromoteReadReplicaCommand, SwitchoverGlobalClusterCommand,
} from '@aws-sdk/client-rds';
import { call, poll } from '../../aws';
import { OpsError } from '../../errors';
import { OpsDatabase } from '../../target';
import { DrStep, StepContext } from '../engine';
import { describeCluster, describeInstance, latestReplicaLag, waitInstance } from './rds';
import { DrSettings, WRITES_STOPPED, need, opt, recordEndpoint, regions, rpoBasisKey, rpoKey } from './shared';

/** Drill: wait until the replica has applied everything the primary wrote before writes stopped (lag 0 after the stop). */
export function replicaCaughtUp(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR replica of database ${db.name}`);
  const caughtUp = async (ctx: StepContext) => {
    const since = Date.parse(need(ctx.outputs[WRITES_STOPPED], 'Time writes stopped (maintenance.writes-stopped)'));
    const lag = await latestReplicaLag(s, dr, id());
    return { done: lag.seconds === 0 && (lag.at?.getTime() ?? 0) >= since, state: lag.seconds === undefined ? 'no datapoint' : `lag ${lag.seconds}s at ${lag.at?.toISOString()}` };
  };
  return {
    id: `db.${db.name}.caught-up`,
    describe: () => `wait until replica ${db.drIdentifier} reports lag 0 after writes stopped`,
    check: async () => ({ state: 'todo' }),
    run: async () => {},
    waitFor: async (ctx) => {
      await poll(() => caughtUp(ctx), { what: `replica ${id()} catching up (ReplicaLag 0)`, timeoutMs: s.timeouts.catchUp, clock: s.clock, initialDelayMs: 30_000 });
      ctx.record(rpoKey(db), '0');
      ctx.record(rpoBasisKey(db), 'replica lag 0 after writes stopped');
    },
  };
}

/**
 * Promote the cross-region read replica (strategy `replica`) and wait until it is a writable, available instance.
 * RDS PromoteReadReplica: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_PromoteReadReplica.html
 */
export function promoteReplica(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR replica of database ${db.name}`);
  const standalone = (i: DBInstance) => !i.ReadReplicaSourceDBInstanceIdentifier;
  return {
    id: `db.${db.name}.promote`,
    describe: () => `promote read replica ${db.drIdentifier} in ${dr} to a standalone primary`,
    check: async (ctx) => {
      const i = await describeInstance(s, dr, id());
      if (!i) throw new OpsError(`Replica ${id()} does not exist in ${dr}.`);
      if (standalone(i) && i.DBInstanceStatus === 'available') {
        recordEndpoint(ctx, db, i.Endpoint?.Address);
        return { state: 'done', detail: `${id()} is standalone and available` };
      }
      // Status other than available on a replica means a promotion is under way: only wait.
      if (i.DBInstanceStatus !== 'available') return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
      return { state: 'todo', detail: `${id()} replicates ${i.ReadReplicaSourceDBInstanceIdentifier}` };
    },
    run: async (ctx) => {
      if (!ctx.outputs[rpoKey(db)]) {
        // Outage: the last lag the replica reported bounds what was lost.
        const lag = await latestReplicaLag(s, dr, id());
        if (lag.seconds !== undefined) ctx.record(rpoKey(db), String(lag.seconds));
        ctx.record(rpoBasisKey(db), lag.seconds !== undefined ? `last ReplicaLag datapoint (${lag.at?.toISOString()})` : 'replica lag unknown at promotion');
      }
      await call(s.clients.rds(dr), new PromoteReadReplicaCommand({ DBInstanceIdentifier: id(), BackupRetentionPeriod: db.backupRetentionDays }), opt(s));
    },
    waitFor: async (ctx) => {
      await waitInstance(s, dr, id(), `promotion of ${id()}`, standalone);
      recordEndpoint(ctx, db, (await describeInstance(s, dr, id()))?.Endpoint?.Address);
    },
  };
}

/**
 * Aurora global database: move the writer to the cluster in `to`'s region. Outage: FailoverGlobalCluster with
 * AllowDataLoss (the writer is gone; loss bounded by the replication lag), called in the DR region only.
 * Drill and failback: SwitchoverGlobalCluster, which waits for the secondary to catch up and loses nothing.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_FailoverGlobalCluster.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_SwitchoverGlobalCluster.html
 */
export function globalClusterSwitch(s: DrSettings, db: OpsDatabase, to: 'dr' | 'primary'): DrStep {
  const { primary, dr } = regions(s);
  const region = to === 'dr' ? dr : primary;
  const gid = () => need(db.globalClusterIdentifier, `Global cluster of database ${db.name} (HavenDb…GlobalClusterIdentifier)`);
  const cid = () => need(to === 'dr' ? db.drIdentifier : db.identifier, `${to === 'dr' ? 'DR' : 'Primary'} cluster of database ${db.name}`);
  const state = async () => {
    const c = await describeCluster(s, region, cid());
    if (!c?.DBClusterArn) throw new OpsError(`Cluster ${cid()} not found in ${region}.`);
    // DescribeGlobalClusters: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeGlobalClusters.html
    const g = await call<{ GlobalClusters?: GlobalCluster[] }>(s.clients.rds(region), new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: gid() }), opt(s));
    const global = g.GlobalClusters?.[0];
    const writer = global?.GlobalClusterMembers?.find((m) => m.IsWriter)?.DBClusterArn;
    return { c, global, isWriter: writer === c.DBClusterArn, writer };
  };
  const unplanned = to === 'dr' && s.mode === 'outage';
  return {
    id: `db.${db.name}.global-${to === 'dr' ? 'failover' : 'failback'}`,
    describe: () => `${unplanned ? 'fail over (AllowDataLoss)' : 'switch over'} global database ${db.globalClusterIdentifier} to ${cid()} in ${region}`,
    check: async (ctx) => {
      const st = await state();
      const detail = `writer ${st.writer ?? 'none'}, global ${st.global?.Status}, cluster ${st.c.Status}`;
      if (st.isWriter && st.global?.Status === 'available' && st.c.Status === 'available') {
        recordEndpoint(ctx, db, st.c.Endpoint);
        return { state: 'done', detail };
      }
      return { state: st.global?.Status !== 'available' || st.isWriter ? 'pending' : 'todo', detail };
    },
    run: async (ctx) => {
      const arn = (await state()).c.DBClusterArn!;
      if (to === 'dr') {
        ctx.record(rpoBasisKey(db), unplanned ? 'Aurora global failover with AllowDataLoss: storage lag not measurable with the primary gone' : 'switchover: Aurora waits for the secondary to catch up');
        if (!unplanned) ctx.record(rpoKey(db), '0');
      }
      if (unplanned) {
        await call(s.clients.rds(region), new FailoverGlobalClusterCommand({ GlobalClusterIdentifier: gid(), TargetDbClusterIdentifier: arn, AllowDataLoss: true }), opt(s));
      } else {
        await call(s.clients.rds(region), new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: gid(), TargetDbClusterIdentifier: arn }), opt(s));
      }
    },
    waitFor: async (ctx) => {
      await poll(async () => {
        const st = await state();
        return { done: st.isWriter && st.global?.Status === 'available' && st.c.Status === 'available', state: `global ${st.global?.Status}, cluster ${st.c.Status}` };
      }, { what: `global database ${gid()} writer moving to ${cid()}`, timeoutMs: s.timeouts.database, clock: s.clock, initialDelayMs: 15_000 });
      recordEndpoint(ctx, db, (await describeCluster(s, region, cid()))?.Endpoint);
    },
  };
}

/**
 * Failback of a global database: the cluster in the primary region must be a synchronized secondary before the
 * switchover. After an outage failover (FailoverGlobalCluster with AllowDataLoss) Aurora adds the old primary back
 * as a secondary once its region is available and re-synchronizes it (member SynchronizationStatus `pending-resync`
 * until then); SwitchoverGlobalCluster needs every secondary synchronized.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_GlobalClusterMember.html
 */
export function globalMemberSynced(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary } = regions(s);
  const gid = () => need(db.globalClusterIdentifier, `Global cluster of database ${db.name} (HavenDb…GlobalClusterIdentifier)`);
  const state = async () => {
    const c = await describeCluster(s, primary, need(db.identifier, `Primary cluster of database ${db.name}`));
    const g = await call<{ GlobalClusters?: GlobalCluster[] }>(s.clients.rds(primary), new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: gid() }), opt(s));
    const m = g.GlobalClusters?.[0]?.GlobalClusterMembers?.find((x) => x.DBClusterArn === c?.DBClusterArn);
    const synced = Boolean(m) && (m!.IsWriter || m!.SynchronizationStatus !== 'pending-resync') && c?.Status === 'available';
    return { synced, detail: m ? `${db.identifier}: ${m.IsWriter ? 'writer' : `secondary, ${m.SynchronizationStatus ?? 'connected'}`}, cluster ${c?.Status}` : `${db.identifier} not (yet) a member of ${gid()}` };
  };
  return {
    id: `db.${db.name}.global-resync`,
    describe: () => `wait until ${db.identifier} in ${primary} is a synchronized member of ${db.globalClusterIdentifier}`,
    check: async () => {
      const st = await state();
      return { state: st.synced ? 'done' : 'pending', detail: st.detail };
    },
    run: async () => {},
    waitFor: () => poll(async () => {
      const st = await state();
      return { done: st.synced, state: st.detail };
    }, { what: `${db.identifier} re-synchronizing with ${gid()}`, timeoutMs: s.timeouts.database, clock: s.clock, initialDelayMs: 30_000 }),
  };
}
