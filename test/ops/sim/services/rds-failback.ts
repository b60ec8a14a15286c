import {
  CopyDBSnapshotCommand, type CopyDBSnapshotCommandInput, CreateDBInstanceReadReplicaCommand, type CreateDBInstanceReadReplicaCommandInput,
  CreateDBSnapshotCommand, type CreateDBSnapshotCommandInput, ModifyDBInstanceCommand, type ModifyDBInstanceCommandInput, RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand, type RestoreDBInstanceFromDBSnapshotCommandInput, StartDBInstanceAutomatedBackupsReplicationCommand,
  type StartDBInstanceAutomatedBackupsReplicationCommandInput,
} from '@aws-sdk/client-rds';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';
import { LiveInstance, RESTORE_MS, drState, findInstance, findInstanceByArnOrId, snapshotOf, takeFault } from './dr-state';
import { dbiResourceId, describeLive, instanceNotFound } from './rds';
import { checkPlacement, newDbiResourceId } from './rds-dr';

/** Minutes a snapshot takes (world time); a cross-region copy takes longer. */
const SNAPSHOT_MS = 6 * 60_000;
const COPY_MS = 15 * 60_000;
const RENAME_MS = 60_000;


function available(world: World, i: LiveInstance, what: string): ReturnType<typeof describeLive> {
  const d = describeLive(world, i);
  if (d.DBInstanceStatus !== 'available') throw awsError('InvalidDBInstanceStateFault', `DB instance ${d.DBInstanceIdentifier} is not in available state (${what}).`);
  return d;
}

/** A KMS key given for a new resource must be a key of the region it is created in. */
function checkKeyRegion(key: string | undefined, region: string): void {
  const m = /^arn:[^:]+:kms:([^:]+):/.exec(key ?? '');
  if (m && m[1] !== region) throw awsError('KMSKeyNotAccessibleFault', `The KMS key ${key} is not in ${region}.`);
}

/**
 * What `haven dr failback` asks RDS beyond the failover's calls: the final snapshot in DR, its cross-region copy, the
 * restore in the primary region, renames that set instances aside, the re-created cross-region replica and the
 * re-started automated backup replication. Each keeps the documented preconditions the runbook relies on.
 */
export const rdsFailback: ServiceModule = {
  client: RDSClient,
  operations: [
    // CreateDBSnapshot: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSnapshot.html
    op<CreateDBSnapshotCommandInput>(CreateDBSnapshotCommand, (world, input, region) => {
      takeFault(world, 'CreateDBSnapshot');
      const i = findInstance(world, region, input.DBInstanceIdentifier);
      if (!i) throw instanceNotFound(input.DBInstanceIdentifier);
      const d = available(world, i, 'snapshot');
      const id = String(input.DBSnapshotIdentifier ?? '').toLowerCase();
      if (snapshotOf(world, region, id)) throw awsError('DBSnapshotAlreadyExistsFault', `Cannot create the snapshot because a snapshot with the identifier ${id} already exists.`);
      const arn = `arn:aws:rds:${region}:${world.account}:snapshot:${id}`;
      drState(world).snapshots.set(`${region}/${id}`, { id, arn, region, readyAt: world.now() + SNAPSHOT_MS, sourceInstance: d.DBInstanceIdentifier, engine: d.Engine, kmsKeyId: d.KmsKeyId, instanceClass: d.DBInstanceClass });
      return { DBSnapshot: { DBSnapshotIdentifier: id, DBSnapshotArn: arn, Status: 'creating' } };
    }),
    // CopyDBSnapshot: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html
    // Called in the destination region; a cross-region source must be given by ARN, and an encrypted one needs a
    // KmsKeyId of the destination region.
    op<CopyDBSnapshotCommandInput>(CopyDBSnapshotCommand, (world, input, region) => {
      takeFault(world, 'CopyDBSnapshot');
      const source = String(input.SourceDBSnapshotIdentifier ?? '');
      const sourceRegion = /^arn:[^:]+:rds:([^:]+):/.exec(source)?.[1] ?? region;
      const snap = snapshotOf(world, sourceRegion, source);
      if (!snap) throw awsError('DBSnapshotNotFoundFault', `DBSnapshot ${source} not found.`, 404);
      if (world.now() < snap.readyAt) throw awsError('InvalidDBSnapshotStateFault', `Snapshot ${snap.id} is not available.`);
      if (snap.kmsKeyId && sourceRegion !== region && !input.KmsKeyId) throw awsError('InvalidParameterValue', 'KmsKeyId is required to copy an encrypted snapshot to another region.');
      checkKeyRegion(input.KmsKeyId, region);
      const id = String(input.TargetDBSnapshotIdentifier ?? '').toLowerCase();
      if (snapshotOf(world, region, id)) throw awsError('DBSnapshotAlreadyExistsFault', `Cannot copy the snapshot because a snapshot with the identifier ${id} already exists.`);
      const arn = `arn:aws:rds:${region}:${world.account}:snapshot:${id}`;
      drState(world).snapshots.set(`${region}/${id}`, { ...snap, id, arn, region, readyAt: world.now() + (sourceRegion === region ? SNAPSHOT_MS : COPY_MS), kmsKeyId: input.KmsKeyId ?? snap.kmsKeyId });
      return { DBSnapshot: { DBSnapshotIdentifier: id, DBSnapshotArn: arn, Status: 'pending' } };
    }),
    // RestoreDBInstanceFromDBSnapshot: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
    op<RestoreDBInstanceFromDBSnapshotCommandInput>(RestoreDBInstanceFromDBSnapshotCommand, (world, input, region) => {
      takeFault(world, 'RestoreDBInstanceFromDBSnapshot');
      const snap = snapshotOf(world, region, input.DBSnapshotIdentifier);
      if (!snap) throw awsError('DBSnapshotNotFoundFault', `DBSnapshot ${input.DBSnapshotIdentifier} not found.`, 404);
      if (world.now() < snap.readyAt) throw awsError('InvalidDBSnapshotStateFault', `Snapshot ${snap.id} is not available.`);
      const id = String(input.DBInstanceIdentifier ?? '').toLowerCase();
      if (findInstance(world, region, id)) throw awsError('DBInstanceAlreadyExistsFault', 'DB instance already exists');
      checkPlacement(world, region, input);
      drState(world).restored.set(`${region}/${id}`, {
        identifier: id, region, readyAt: world.now() + RESTORE_MS, input: { DBInstanceClass: snap.instanceClass, ...input }, engine: snap.engine,
        kmsKeyId: snap.kmsKeyId, dbiResourceId: newDbiResourceId(region, id, world.now()),
      });
      return { DBInstance: { DBInstanceIdentifier: id, DBInstanceStatus: 'creating' } };
    }),
    // ModifyDBInstance: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
    // Only the rename is modelled; with ApplyImmediately it starts at once (`renaming`), else it waits for the
    // maintenance window. The instance keeps its DbiResourceId, data and deletion protection.
    op<ModifyDBInstanceCommandInput>(ModifyDBInstanceCommand, (world, input, region) => {
      takeFault(world, 'ModifyDBInstance');
      const rest = Object.keys(input).filter((k) => !['DBInstanceIdentifier', 'NewDBInstanceIdentifier', 'ApplyImmediately'].includes(k));
      if (rest.length || !input.NewDBInstanceIdentifier) throw new Error(`simulated account: ModifyDBInstance ${rest.join(', ') || '(no rename)'} not modelled`);
      const i = findInstance(world, region, input.DBInstanceIdentifier);
      if (!i) throw instanceNotFound(input.DBInstanceIdentifier);
      available(world, i, 'rename');
      const to = input.NewDBInstanceIdentifier.toLowerCase();
      if (findInstance(world, region, to)) throw awsError('DBInstanceAlreadyExistsFault', 'DB instance already exists');
      if (!input.ApplyImmediately) return { DBInstance: { DBInstanceIdentifier: input.DBInstanceIdentifier, PendingModifiedValues: { DBInstanceIdentifier: to } } };
      const until = world.now() + RENAME_MS;
      if (i.resource) drState(world).renamed.set(i.resource, { id: to, until });
      else {
        drState(world).restored.delete(`${region}/${i.restored.identifier}`);
        drState(world).restored.set(`${region}/${to}`, { ...i.restored, identifier: to, renamingUntil: until });
      }
      return { DBInstance: { DBInstanceIdentifier: to, DBInstanceStatus: 'renaming' } };
    }),
    // CreateDBInstanceReadReplica: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
    // Cross-region: called in the replica's region with the source's ARN; the source needs automated backups; an
    // encrypted source needs a KmsKeyId of the replica's region.
    op<CreateDBInstanceReadReplicaCommandInput>(CreateDBInstanceReadReplicaCommand, (world, input, region) => {
      takeFault(world, 'CreateDBInstanceReadReplica');
      const src = findInstanceByArnOrId(world, region, input.SourceDBInstanceIdentifier);
      if (!src) throw instanceNotFound(input.SourceDBInstanceIdentifier);
      const d = available(world, src, 'read replica source');
      if (!d.BackupRetentionPeriod) throw awsError('InvalidDBInstanceStateFault', 'Automated backups are not enabled for this database instance. To enable automated backups, use ModifyDBInstance to set the backup retention period to a non-zero value.');
      const crossRegion = !d.DBInstanceArn?.includes(`:${region}:`);
      if (crossRegion && d.StorageEncrypted && !input.KmsKeyId) throw awsError('InvalidParameterValue', 'KmsKeyId is required for a cross-region read replica of an encrypted instance.');
      checkKeyRegion(input.KmsKeyId, region);
      const id = String(input.DBInstanceIdentifier ?? '').toLowerCase();
      if (findInstance(world, region, id)) throw awsError('DBInstanceAlreadyExistsFault', 'DB instance already exists');
      checkPlacement(world, region, input);
      drState(world).restored.set(`${region}/${id}`, {
        identifier: id, region, readyAt: world.now() + RESTORE_MS, input: { DBInstanceClass: d.DBInstanceClass, ...input }, engine: d.Engine,
        replicaOf: crossRegion ? d.DBInstanceArn : d.DBInstanceIdentifier, kmsKeyId: input.KmsKeyId ?? d.KmsKeyId, dbiResourceId: newDbiResourceId(region, id, world.now()),
      });
      return { DBInstance: { DBInstanceIdentifier: id, DBInstanceStatus: 'creating' } };
    }),
    // StartDBInstanceAutomatedBackupsReplication: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartDBInstanceAutomatedBackupsReplication.html
    // Called in the destination region; follows the source instance (its DbiResourceId), not its name.
    op<StartDBInstanceAutomatedBackupsReplicationCommandInput>(StartDBInstanceAutomatedBackupsReplicationCommand, (world, input, region) => {
      takeFault(world, 'StartDBInstanceAutomatedBackupsReplication');
      const src = findInstanceByArnOrId(world, region, input.SourceDBInstanceArn);
      if (!src) throw instanceNotFound(input.SourceDBInstanceArn);
      const d = available(world, src, 'backup replication source');
      if (!d.BackupRetentionPeriod) throw awsError('InvalidDBInstanceStateFault', `Automated backups are not enabled for ${d.DBInstanceIdentifier}.`);
      if (d.StorageEncrypted && !input.KmsKeyId) throw awsError('KMSKeyNotAccessibleFault', 'KmsKeyId is required to replicate the backups of an encrypted instance.');
      checkKeyRegion(input.KmsKeyId, region);
      const dbi = src.resource ? dbiResourceId(src.resource) : src.restored.dbiResourceId;
      if (drState(world).backupReplications.has(`${region}/${dbi}`)) throw awsError('DBInstanceAutomatedBackupQuotaExceededFault', `The backups of ${d.DBInstanceIdentifier} are already replicated to ${region}.`);
      drState(world).backupReplications.set(`${region}/${dbi}`, { source: src, region: d.DBInstanceArn!.split(':')[3], kmsKeyId: input.KmsKeyId, retention: input.BackupRetentionPeriod, since: world.now() });
      return { DBInstanceAutomatedBackup: { DBInstanceIdentifier: d.DBInstanceIdentifier, DbiResourceId: dbi, Status: 'pending' } };
    }),
  ],
};
