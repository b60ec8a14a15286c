/** The runbooks: which steps failover and failback run, in which order; the record of the active region. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpsError } from '../../errors';
import { DrStep } from '../engine';
import { switchDns } from '../dns';
import { drServiceScale, drServiceStop, primaryServiceResume, primaryServiceStop, writesStopped } from './compute';
import { globalClusterSwitch, globalMemberSynced, promoteReplica, replicaCaughtUp } from './databases';
import { clusterResume, clusterStop, drClusterScale } from './eks';
import {
  copySnapshotToPrimary, finalSnapshot, recordPlacement, recreateReplica, restartBackupReplication, restorePrimary, retireDrInstance, setAsidePrimary,
} from './failback';
import { drDataCurrent, failoverPrecondition, primaryHealthy } from './preconditions';
import { restoreInDr } from './restore';
import { restoreClusterInDr, restoreClusterWriter } from './restore-cluster';
import { DrSettings, endpointKey, regions } from './shared';
import { bucketParity, reReplicateSecret, repointSecret } from './storage';

/** Record the active endpoints (the seed's "terraform output" table) under the state directory. */
export function recordOutputs(s: DrSettings, active: 'dr' | 'primary'): DrStep {
  const file = path.join(s.stateDir, 'dr', `${s.target.environment}-active.json`);
  return {
    id: 'outputs.record',
    describe: () => `record the active region and endpoints in ${file}`,
    check: async () => ({ state: 'todo' }),
    run: async (ctx) => {
      const { primary, dr } = regions(s);
      const endpoints: Record<string, string> = {};
      for (const db of s.target.resources.databases) if (ctx.outputs[endpointKey(db)]) endpoints[db.name] = ctx.outputs[endpointKey(db)];
      const body = {
        project: s.target.project, environment: s.target.environment, activeRegion: active === 'dr' ? dr : primary,
        recordedAt: new Date(s.clock.now()).toISOString(), runId: ctx.runId, databaseEndpoints: endpoints,
        buckets: Object.fromEntries(s.target.resources.buckets.map((b) => [b.name, active === 'dr' ? b.replicaBucketName : b.bucketName])),
      };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
      ctx.record('activeRegion', body.activeRegion);
    },
  };
}

/** Seed 003 "Complete Region Failure" failover, as steps; `s.mode` chooses the drill or the outage path. */
export function failoverSteps(s: DrSettings): DrStep[] {
  const r = s.target.resources;
  const drill = s.mode === 'drill';
  const steps: DrStep[] = [failoverPrecondition(s), drDataCurrent(s)];
  if (drill) {
    // Writes stop before any promotion: the replica can then catch up completely (no data loss).
    for (const svc of r.standbyServices) steps.push(primaryServiceStop(s, svc));
    for (const c of r.clusters ?? []) steps.push(clusterStop(s, c, 'primary'));
    steps.push(writesStopped(s, s.target.regions.primary));
  }
  for (const db of r.databases) {
    if (db.kind === 'cluster' && db.drStrategy !== 'none') {
      if (db.drStrategy === 'replica') steps.push(globalClusterSwitch(s, db, 'dr'));
      else if (db.drStrategy === 'snapshot-copy') steps.push(restoreClusterInDr(s, db), restoreClusterWriter(s, db));
      else throw new OpsError(`Database ${db.name} is an Aurora cluster: RDS automated backup replication does not apply to it.`, 'Use the global-database or snapshot-copy DR mode for Aurora.');
    } else if (db.drStrategy === 'replica') {
      if (drill) steps.push(replicaCaughtUp(s, db));
      steps.push(promoteReplica(s, db));
    } else if (db.drStrategy !== 'none') steps.push(restoreInDr(s, db));
  }
  for (const b of r.buckets) if (b.replicaBucketName) steps.push(bucketParity(s, b, 'to-dr'));
  for (const db of r.databases) if (db.drStrategy !== 'none') steps.push(repointSecret(s, db, 'dr'));
  for (const svc of r.standbyServices) steps.push(drServiceScale(s, svc, 'active'));
  for (const c of r.clusters ?? []) if (c.drClusterName) steps.push(drClusterScale(s, c, 'active'));
  // DNS last: traffic moves only once data, secrets and compute are ready in DR.
  if (r.dns) steps.push(switchDns(s, 'dr'));
  steps.push(recordOutputs(s, 'dr'));
  return steps;
}

/**
 * Seed 003 rollback, without data loss: writes stop in DR (maintenance: ECS services and EKS node groups to 0) before
 * the final snapshot or the global switchover; nothing is deleted (the old primary and the DR instance are renamed and
 * kept); the DR replica, or the backup replication, is re-established for the restored primary.
 */
export function failbackSteps(s: DrSettings): DrStep[] {
  const r = s.target.resources;
  const dbs = r.databases.filter((d) => d.drStrategy !== 'none');
  const restored = dbs.find((d) => d.kind === 'cluster' && d.drStrategy !== 'replica');
  if (restored) {
    throw new OpsError(`Failback of Aurora cluster ${restored.name}, restored in DR from a recovery point, is not automated.`, 'Take a cluster snapshot in DR after stopping writes, copy it to the primary region with its key, restore it there under the primary identifier, then re-deploy; see docs/operations.md.');
  }
  const steps: DrStep[] = [primaryHealthy(s)];
  // Before writes stop (shortens the maintenance window): the primary-region cluster must be a synchronized secondary,
  // and where each re-created database goes is read while the instances it is read from still carry their names.
  for (const db of dbs) {
    if (db.kind === 'cluster') steps.push(globalMemberSynced(s, db));
    else {
      steps.push(recordPlacement(s, db, 'primary'));
      if (db.drStrategy === 'replica') steps.push(recordPlacement(s, db, 'dr'));
    }
  }
  for (const svc of r.standbyServices) steps.push(drServiceStop(s, svc));
  for (const c of r.clusters ?? []) if (c.drClusterName) steps.push(clusterStop(s, c, 'dr'));
  steps.push(writesStopped(s, `${s.target.regions.dr} (DR)`));
  for (const db of dbs) {
    // A global database switches back (SwitchoverGlobalCluster waits for the secondary): nothing is lost.
    if (db.kind === 'cluster') steps.push(globalClusterSwitch(s, db, 'primary'));
    else {
      steps.push(finalSnapshot(s, db), copySnapshotToPrimary(s, db), setAsidePrimary(s, db), restorePrimary(s, db), retireDrInstance(s, db));
      if (db.drStrategy === 'replica') steps.push(recreateReplica(s, db));
      if (db.drStrategy === 'backup-replication') steps.push(restartBackupReplication(s, db));
    }
  }
  for (const b of r.buckets) if (b.replicaBucketName) steps.push(bucketParity(s, b, 'to-primary'));
  for (const db of dbs) {
    if (!db.secretId) continue;
    steps.push(repointSecret(s, db, 'primary'));
    if (db.drSecretId) steps.push(reReplicateSecret(s, db));
  }
  for (const svc of r.standbyServices) if (svc.primaryCluster && svc.primaryService) steps.push(primaryServiceResume(s, svc));
  for (const c of r.clusters ?? []) steps.push(clusterResume(s, c, 'primary'));
  if (r.dns) steps.push(switchDns(s, 'primary'));
  for (const svc of r.standbyServices) if (svc.standbyCount > 0) steps.push(drServiceScale(s, svc, 'standby'));
  for (const c of r.clusters ?? []) if (c.drClusterName) steps.push(drClusterScale(s, c, 'standby'));
  steps.push(recordOutputs(s, 'primary'));
  return steps;
}
