/**
 * Failback of an RDS instance without loss: final snapshot in DR (writes stopped), copy to the primary region,
 * restore under the primary's identifier, retire the DR instance (kept), re-create the DR read replica.
 */
import {
  CopyDBSnapshotCommand, CopyDBSnapshotCommandInput, CreateDBInstanceReadReplicaCommand, CreateDBInstanceReadReplicaCommandInput,
  CreateDBSnapshotCommand, ModifyDBInstanceCommand, RestoreDBInstanceFromDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { call } from '../../aws';
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

/**
 * Where failback restores the primary: the target's `primaryPlacement`, else the settings of the primary instance being
 * replaced (`<id>` or its `-stale` rename), recorded in the journal before anything changes.
 */
export function primaryPlacement(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary } = regions(s);
  const key = `db.${db.name}.primaryPlacement`;
  const discover = async (): Promise<OpsDbPlacement | undefined> => {
    if (db.primaryPlacement?.dbSubnetGroupName) return db.primaryPlacement;
    const id = need(db.identifier, `Identifier of database ${db.name}`);
    const i = (await describeInstance(s, primary, id)) ?? (await describeInstance(s, primary, `${id}-stale`));
    if (!i?.DBSubnetGroup?.DBSubnetGroupName) return undefined;
    return {
      dbSubnetGroupName: i.DBSubnetGroup.DBSubnetGroupName,
      vpcSecurityGroupIds: (i.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId!).filter(Boolean),
      dbParameterGroupName: i.DBParameterGroups?.[0]?.DBParameterGroupName,
      kmsKeyId: db.primaryPlacement?.kmsKeyId ?? i.KmsKeyId,
      instanceClass: db.primaryPlacement?.instanceClass ?? i.DBInstanceClass,
    };
  };
  return {
    id: `db.${db.name}.primary-placement`,
    describe: () => `record where ${db.identifier} is restored in ${primary} (subnet group, security groups, parameter group, key)`,
    check: async (ctx) => (ctx.outputs[key] ? { state: 'done', detail: 'recorded' } : { state: 'todo' }),
    run: async (ctx) => {
      const p = await discover();
      if (!p) {
        throw new OpsError(`Cannot tell where to restore ${db.identifier} in ${primary}: no primaryPlacement in the target and no ${db.identifier}(-stale) instance to copy it from.`, 'Set databases[].primaryPlacement in the ops target (subnet group, security groups, parameter group, KMS key) and re-run.');
      }
      ctx.record(key, JSON.stringify(p));
    },
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
      const placement = JSON.parse(need(ctx.outputs[`db.${db.name}.primaryPlacement`], `Primary placement of ${db.name}`)) as OpsDbPlacement;
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
          `Snapshot it and rename it (aws rds modify-db-instance --db-instance-identifier ${id()} --new-db-instance-identifier ${id()}-stale --apply-immediately), then re-run failback: it resumes here.`,
        );
      }
      if (i.DBInstanceStatus === 'available') { recordEndpoint(ctx, db, i.Endpoint?.Address); return { state: 'done', detail: `${id()} restored and available` }; }
      return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async (ctx) => {
      const placement = JSON.parse(need(ctx.outputs[`db.${db.name}.primaryPlacement`], `Primary placement of ${db.name}`)) as OpsDbPlacement;
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
    run: async () => {
      const src = await describeInstance(s, primary, need(db.identifier, `Identifier of database ${db.name}`));
      const sourceArn = need(src?.DBInstanceArn, `ARN of ${db.identifier} in ${primary}`);
      const input = {
        DBInstanceIdentifier: id(), SourceDBInstanceIdentifier: sourceArn, SourceRegion: primary,
        ...placementParams(db.drPlacement, `the DR replica of ${db.name}`),
        KmsKeyId: src?.StorageEncrypted ? need(db.drPlacement?.kmsKeyId, `DR KMS key of ${db.name} (HavenDb…DrKmsKeyArn)`) : undefined,
        CopyTagsToSnapshot: true, DeletionProtection: db.deletionProtection,
      };
      await call(s.clients.rds(dr), new CreateDBInstanceReadReplicaCommand(input as CreateDBInstanceReadReplicaCommandInput), opt(s));
    },
    waitFor: () => waitInstance(s, dr, id(), `replica ${id()} in ${dr}`),
  };
}
