/**
 * Failback of an RDS instance without loss: final snapshot in DR (writes stopped), copy to the primary region,
 * restore under the primary's identifier, retire the DR instance (kept), re-create the DR read replica.
 */
import {
  CopyDBSnapshotCommand, CopyDBSnapshotCommandInput, CreateDBInstanceReadReplicaCommand, CreateDBInstanceReadReplicaCommandInput,
  CreateDBSnapshotCommand, DescribeDBInstanceAutomatedBackupsCommand, ModifyDBInstanceCommand, RestoreDBInstanceFromDBSnapshotCommand,
  StartDBInstanceAutomatedBackupsReplicationCommand, StartDBInstanceAutomatedBackupsReplicationCommandInput,
} from '@aws-sdk/client-rds';
import { call, poll } from '../../aws';
import { OpsError } from '../../errors';
import { OpsDatabase, OpsDbPlacement } from '../../target';
import { DrStep, StepContext } from '../engine';
import { describeInstance, describeSnapshot, placementParams, waitInstance, waitSnapshot } from './rds';
import { DrSettings, WRITES_STOPPED, need, opt, recordEndpoint, regions } from './shared';

/**
 * Failback: final snapshot of the DR database, taken after the maintenance steps stopped writes, so it holds every
 * write DR accepted. RDS CreateDBSnapshot: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSnapshot.html
 */
export function finalSnapshot(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const snapId = (ctx: StepContext) => `${need(db.drIdentifier, `DR identifier of database ${db.name}`)}-failback-${ctx.runId}`;
  return {
    id: `db.${db.name}.final-snapshot`,
    describe: () => `take the final snapshot of ${db.drIdentifier} in ${dr} (writes stopped)`,
    check: async (ctx) => {
      const snap = await describeSnapshot(s, dr, snapId(ctx));
      if (!snap) return { state: 'todo', detail: `${snapId(ctx)} not taken yet` };
      if (snap.Status === 'available') { ctx.record(`db.${db.name}.finalSnapshotArn`, snap.DBSnapshotArn ?? snapId(ctx)); return { state: 'done', detail: `${snapId(ctx)} available` }; }
      return { state: 'pending', detail: `${snapId(ctx)} ${snap.Status}` };
    },
    run: async (ctx) => {
      need(ctx.outputs[WRITES_STOPPED], 'Time writes stopped (maintenance.writes-stopped)');
      await call(s.clients.rds(dr), new CreateDBSnapshotCommand({ DBInstanceIdentifier: db.drIdentifier, DBSnapshotIdentifier: snapId(ctx) }), opt(s));
    },
    waitFor: async (ctx) => {
      await waitSnapshot(s, dr, snapId(ctx), `final snapshot ${snapId(ctx)}`);
      const snap = await describeSnapshot(s, dr, snapId(ctx));
      ctx.record(`db.${db.name}.finalSnapshotArn`, snap?.DBSnapshotArn ?? snapId(ctx));
    },
  };
}

const placementKey = (db: OpsDatabase, side: 'primary' | 'dr') => `db.${db.name}.${side}Placement`;

/** A placement recorded by `recordPlacement`. */
function recordedPlacement(ctx: StepContext, db: OpsDatabase, side: 'primary' | 'dr'): OpsDbPlacement {
  return JSON.parse(need(ctx.outputs[placementKey(db, side)], `${side === 'primary' ? 'Primary' : 'DR'} placement of ${db.name}`)) as OpsDbPlacement;
}

/**
 * Where failback puts a database it creates, recorded in the journal before anything is renamed:
 * - `primary` (the restored primary): the target's `primaryPlacement`, else the settings of the primary instance
 *   being replaced (`<id>`, or its `-stale` rename);
 * - `dr` (the re-created replica): the target's `drPlacement` (the DR stack's restore outputs), else the settings of
 *   the DR instance that served the failover (the replica the DR stack created: its subnet group, security group,
 *   parameter group and DR key).
 */
export function recordPlacement(s: DrSettings, db: OpsDatabase, side: 'primary' | 'dr'): DrStep {
  const region = regions(s)[side];
  const given = side === 'primary' ? db.primaryPlacement : db.drPlacement;
  const discover = async (): Promise<OpsDbPlacement | undefined> => {
    if (given?.dbSubnetGroupName && given.vpcSecurityGroupIds?.length && given.dbParameterGroupName) return given;
    const id = need(side === 'primary' ? db.identifier : db.drIdentifier, `${side === 'primary' ? 'Identifier' : 'DR identifier'} of database ${db.name}`);
    const i = (await describeInstance(s, region, id)) ?? (side === 'primary' ? await describeInstance(s, region, `${id}-stale`) : undefined);
    if (!i?.DBSubnetGroup?.DBSubnetGroupName) return undefined;
    return {
      dbSubnetGroupName: i.DBSubnetGroup.DBSubnetGroupName,
      vpcSecurityGroupIds: (i.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId!).filter(Boolean),
      dbParameterGroupName: i.DBParameterGroups?.[0]?.DBParameterGroupName,
      kmsKeyId: given?.kmsKeyId ?? i.KmsKeyId,
      instanceClass: given?.instanceClass ?? i.DBInstanceClass,
    };
  };
  const which = side === 'primary' ? db.identifier : db.drIdentifier;
  return {
    id: `db.${db.name}.${side}-placement`,
    describe: () => `record where ${which} is ${side === 'primary' ? 'restored' : 're-created'} in ${region} (subnet group, security groups, parameter group, key)`,
    check: async (ctx) => (ctx.outputs[placementKey(db, side)] ? { state: 'done', detail: 'recorded' } : { state: 'todo' }),
    run: async (ctx) => {
      const p = await discover();
      if (!p) {
        throw new OpsError(`Cannot tell where to put ${which} in ${region}: no ${side}Placement in the target and no instance to copy it from.`, `Set databases[].${side}Placement in the ops target (subnet group, security groups, parameter group, KMS key) and re-run.`);
      }
      ctx.record(placementKey(db, side), JSON.stringify(p));
    },
  };
}

/**
 * Failback: the primary instance that was there before the failover (an outage leaves it behind with the data it had;
 * a drill with pre-drill data) is renamed `<id>-stale-<run>` and kept, so the restore can take the identifier the
 * primary stack owns. Nothing is deleted: compare it with the restored database, then delete it yourself.
 * RDS ModifyDBInstance NewDBInstanceIdentifier: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
 */
export function setAsidePrimary(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary } = regions(s);
  const id = () => need(db.identifier, `Identifier of database ${db.name}`);
  const stale = (ctx: StepContext) => `${id()}-stale-${ctx.runId}`;
  return {
    id: `db.${db.name}.set-aside-primary`,
    describe: () => `rename the old ${db.identifier} in ${primary} to ${db.identifier}-stale-<run> (kept, not deleted)`,
    check: async (ctx) => {
      const old = await describeInstance(s, primary, stale(ctx));
      if (old) return old.DBInstanceStatus === 'available' ? { state: 'done', detail: `${stale(ctx)} available` } : { state: 'pending', detail: `${stale(ctx)} is ${old.DBInstanceStatus}` };
      const cur = await describeInstance(s, primary, id());
      if (!cur) return { state: 'done', detail: `${id()} absent in ${primary}` };
      if (ctx.outputs[`db.${db.name}.primaryRestoreIssued`]) return { state: 'done', detail: `${id()} is the restored primary` };
      return { state: 'todo', detail: `${id()} holds the data it had before the failover` };
    },
    run: async (ctx) => {
      await call(s.clients.rds(primary), new ModifyDBInstanceCommand({ DBInstanceIdentifier: id(), NewDBInstanceIdentifier: stale(ctx), ApplyImmediately: true }), opt(s));
    },
    waitFor: (ctx) => waitInstance(s, primary, stale(ctx), `rename of ${id()} to ${stale(ctx)}`),
  };
}

/**
 * Failback: copy the final snapshot to the primary region, re-encrypted with the primary region's key (an encrypted
 * snapshot copied across regions needs a KmsKeyId of the destination region).
 * RDS CopyDBSnapshot: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CopyDBSnapshot.html
 */
export function copySnapshotToPrimary(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary, dr } = regions(s);
  const copyId = (ctx: StepContext) => `${need(db.identifier, `Identifier of database ${db.name}`)}-failback-${ctx.runId}`;
  return {
    id: `db.${db.name}.copy-to-primary`,
    describe: () => `copy the final snapshot from ${dr} to ${primary} with the primary region's key`,
    check: async (ctx) => {
      const snap = await describeSnapshot(s, primary, copyId(ctx));
      if (!snap) return { state: 'todo', detail: `${copyId(ctx)} not in ${primary} yet` };
      return snap.Status === 'available' ? { state: 'done', detail: `${copyId(ctx)} available` } : { state: 'pending', detail: `${copyId(ctx)} ${snap.Status}` };
    },
    run: async (ctx) => {
      const source = need(ctx.outputs[`db.${db.name}.finalSnapshotArn`], `Final snapshot of database ${db.name}`);
      const placement = recordedPlacement(ctx, db, 'primary');
      // SourceRegion makes the SDK presign the source-region request an encrypted cross-region copy needs.
      const input = { SourceDBSnapshotIdentifier: source, TargetDBSnapshotIdentifier: copyId(ctx), SourceRegion: dr, KmsKeyId: need(placement.kmsKeyId, `Primary-region KMS key for ${db.name}`), CopyTags: true };
      await call(s.clients.rds(primary), new CopyDBSnapshotCommand(input as CopyDBSnapshotCommandInput), opt(s));
    },
    waitFor: (ctx) => waitSnapshot(s, primary, copyId(ctx), `snapshot copy ${copyId(ctx)} in ${primary}`),
  };
}

/**
 * Failback: restore the primary database from the copied snapshot, under the identifier the primary stack owns (so
 * CloudFormation, which tracks the instance by that physical id, manages it again). Never deletes a stale primary.
 */
export function restorePrimary(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary } = regions(s);
  const id = () => need(db.identifier, `Identifier of database ${db.name}`);
  const issuedKey = `db.${db.name}.primaryRestoreIssued`;
  return {
    id: `db.${db.name}.restore-primary`,
    describe: () => `restore ${db.identifier} in ${primary} from the copied snapshot`,
    check: async (ctx) => {
      const i = await describeInstance(s, primary, id());
      if (!i) return { state: 'todo', detail: `${id()} absent in ${primary}` };
      if (!ctx.outputs[issuedKey]) {
        throw new OpsError(
          `${id()} still exists in ${primary} and holds pre-failover data; haven does not delete databases.`,
          `The set-aside step renames it; if that step was skipped, rename it (aws rds modify-db-instance --db-instance-identifier ${id()} --new-db-instance-identifier ${id()}-stale --apply-immediately), then re-run failback: it resumes here.`,
        );
      }
      if (i.DBInstanceStatus === 'available') { recordEndpoint(ctx, db, i.Endpoint?.Address); return { state: 'done', detail: `${id()} restored and available` }; }
      return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async (ctx) => {
      const placement = recordedPlacement(ctx, db, 'primary');
      await call(s.clients.rds(primary), new RestoreDBInstanceFromDBSnapshotCommand({
        DBInstanceIdentifier: id(), DBSnapshotIdentifier: `${id()}-failback-${ctx.runId}`,
        ...placementParams(placement, `the primary restore of ${db.name}`),
        DeletionProtection: db.deletionProtection, MultiAZ: s.target.tier === 'production', CopyTagsToSnapshot: true,
      }), opt(s));
      ctx.record(issuedKey, new Date(s.clock.now()).toISOString());
    },
    waitFor: async (ctx) => {
      await waitInstance(s, primary, id(), `restore of ${id()} in ${primary}`);
      recordEndpoint(ctx, db, (await describeInstance(s, primary, id()))?.Endpoint?.Address);
    },
  };
}

/**
 * Failback: move the DR instance that served during the failover out of the way, keeping it (haven never deletes
 * databases): renamed to `<id>-retired-<run>`. Its identifier is free again for the replica the DR stack expects, and
 * a later failover never mistakes it for a fresh restore.
 * RDS ModifyDBInstance NewDBInstanceIdentifier: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
 */
export function retireDrInstance(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  const retired = (ctx: StepContext) => `${id()}-retired-${ctx.runId}`;
  return {
    id: `db.${db.name}.retire-dr`,
    describe: () => `rename ${db.drIdentifier} in ${dr} to ${db.drIdentifier}-retired-<run> (kept, not deleted)`,
    check: async (ctx) => {
      const old = await describeInstance(s, dr, retired(ctx));
      if (old?.DBInstanceStatus === 'available') return { state: 'done', detail: `${retired(ctx)} available` };
      if (old) return { state: 'pending', detail: `${retired(ctx)} is ${old.DBInstanceStatus}` };
      const cur = await describeInstance(s, dr, id());
      if (!cur) return { state: 'done', detail: `${id()} absent` };
      if (cur.ReadReplicaSourceDBInstanceIdentifier) return { state: 'done', detail: `${id()} is already a replica again` };
      return { state: cur.DBInstanceStatus === 'renaming' ? 'pending' : 'todo', detail: `${id()} is standalone (served the failover)` };
    },
    run: async (ctx) => {
      await call(s.clients.rds(dr), new ModifyDBInstanceCommand({ DBInstanceIdentifier: id(), NewDBInstanceIdentifier: retired(ctx), ApplyImmediately: true }), opt(s));
    },
    waitFor: (ctx) => waitInstance(s, dr, retired(ctx), `rename of ${id()} to ${retired(ctx)}`),
  };
}

/**
 * Failback: re-create the cross-region read replica of the restored primary under the identifier the DR stack's
 * replica resource has. CloudFormation tracks an AWS::RDS::DBInstance by that physical id and does not notice an
 * out-of-band promotion: re-deploying an unchanged template would not bring the replica back. The replica gets the
 * DR network, parameter group and DR key from the DR stack's outputs.
 * RDS CreateDBInstanceReadReplica (cross-region: source ARN + SourceRegion presigning, KmsKeyId of the destination):
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html
 */
export function recreateReplica(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary, dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  return {
    id: `db.${db.name}.recreate-replica`,
    describe: () => `re-create read replica ${db.drIdentifier} in ${dr} from ${db.identifier} (DR network, DR key)`,
    check: async () => {
      const i = await describeInstance(s, dr, id());
      if (!i) return { state: 'todo', detail: `${id()} absent` };
      if (!i.ReadReplicaSourceDBInstanceIdentifier) throw new OpsError(`${id()} exists in ${dr} and is not a replica.`, 'Run the retire-dr step first (re-run failback).');
      return i.DBInstanceStatus === 'available' ? { state: 'done', detail: `${id()} replicates ${i.ReadReplicaSourceDBInstanceIdentifier}` } : { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async (ctx) => {
      const src = await describeInstance(s, primary, need(db.identifier, `Identifier of database ${db.name}`));
      const sourceArn = need(src?.DBInstanceArn, `ARN of ${db.identifier} in ${primary}`);
      const placement = recordedPlacement(ctx, db, 'dr');
      const input = {
        DBInstanceIdentifier: id(), SourceDBInstanceIdentifier: sourceArn, SourceRegion: primary,
        ...placementParams(placement, `the DR replica of ${db.name}`),
        KmsKeyId: src?.StorageEncrypted ? need(placement.kmsKeyId, `DR KMS key of ${db.name}`) : undefined,
        CopyTagsToSnapshot: true, DeletionProtection: db.deletionProtection,
      };
      await call(s.clients.rds(dr), new CreateDBInstanceReadReplicaCommand(input as CreateDBInstanceReadReplicaCommandInput), opt(s));
    },
    waitFor: () => waitInstance(s, dr, id(), `replica ${id()} in ${dr}`),
  };
}

/**
 * Failback (`backup-replication`): the restored primary is a new DB instance (new DbiResourceId), so the replication
 * of automated backups the DR stack set up follows the set-aside instance, not it. Start it for the restored primary,
 * called in the DR region with the DR key (the stale instance's replication is left running: its backups stay).
 * StartDBInstanceAutomatedBackupsReplication: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartDBInstanceAutomatedBackupsReplication.html
 * DescribeDBInstanceAutomatedBackups (by DbiResourceId): https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstanceAutomatedBackups.html
 */
export function restartBackupReplication(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary, dr } = regions(s);
  const source = async () => {
    const i = await describeInstance(s, primary, need(db.identifier, `Identifier of database ${db.name}`));
    if (!i?.DbiResourceId || !i.DBInstanceArn) throw new OpsError(`${db.identifier} not found in ${primary}.`);
    return i;
  };
  const replication = async () => {
    const i = await source();
    const r = await call<{ DBInstanceAutomatedBackups?: { Status?: string }[] }>(s.clients.rds(dr), new DescribeDBInstanceAutomatedBackupsCommand({ DbiResourceId: i.DbiResourceId }), opt(s));
    return r.DBInstanceAutomatedBackups?.[0]?.Status;
  };
  return {
    id: `db.${db.name}.backup-replication`,
    describe: () => `replicate the automated backups of the restored ${db.identifier} to ${dr} again (DR key)`,
    check: async () => {
      const st = await replication();
      return st === 'replicating' ? { state: 'done', detail: `backups of ${db.identifier} replicating to ${dr}` } : { state: st ? 'pending' : 'todo', detail: `replication to ${dr}: ${st ?? 'none'}` };
    },
    run: async () => {
      const i = await source();
      const input = {
        SourceDBInstanceArn: i.DBInstanceArn, BackupRetentionPeriod: db.backupRetentionDays, SourceRegion: primary,
        KmsKeyId: i.StorageEncrypted ? need(db.drPlacement?.kmsKeyId, `DR KMS key of ${db.name} (HavenDb…DrKmsKeyArn)`) : undefined,
      };
      await call(s.clients.rds(dr), new StartDBInstanceAutomatedBackupsReplicationCommand(input as StartDBInstanceAutomatedBackupsReplicationCommandInput), opt(s));
    },
    waitFor: () => poll(async () => {
      const st = await replication();
      return { done: st === 'replicating', state: st ?? 'none' };
    }, { what: `automated backups of ${db.identifier} replicating to ${dr}`, timeoutMs: s.timeouts.database, clock: s.clock, initialDelayMs: 15_000 }),
  };
}
