/**
 * The DR runbook steps, by concern. Importers use `./steps`; each module is one concern:
 * shared (settings, journal keys), rds (look-ups and waits), preconditions, compute, databases (replica, global
 * cluster), eks (node groups stopped and resumed), restore (restore in DR), failback (lossless return of an RDS instance), storage (buckets, secrets),
 * plan (the ordered failover and failback runbooks).
 */
export { DEFAULT_TIMEOUTS, DrMode, DrSettings, DrTimeouts, need, opt, regions, rpoBasisKey, rpoKey } from './shared';
export { describeCluster } from './rds';
export { drDataCurrent, failoverPrecondition, primaryHealthy } from './preconditions';
export { ScaleServiceOptions, drServiceScale, drServiceStop, primaryServiceResume, primaryServiceStop, scaleService } from './compute';
export { NodegroupScaling, clusterResume, clusterStop, readStoppedNodegroups } from './eks';
export { globalClusterSwitch, globalMemberSynced, promoteReplica, replicaCaughtUp } from './databases';
export { restoreInDr } from './restore';
export { restoreClusterInDr, restoreClusterWriter } from './restore-cluster';
export {
  copySnapshotToPrimary, finalSnapshot, recordPlacement, recreateReplica, restartBackupReplication, restorePrimary, retireDrInstance, setAsidePrimary,
} from './failback';
export { bucketParity, bucketTotals, reReplicateSecret, repointSecret } from './storage';
export { failbackSteps, failoverSteps, recordOutputs } from './plan';
