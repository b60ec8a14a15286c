/**
 * Failover of an Aurora cluster without a global database (`snapshot-copy`: AWS Backup copies its recovery points to
 * the DR vault): restore the newest copy as a cluster in Haven's DR network, then give it a writer instance.
 * - AWS Backup restore of Aurora (the recovery point ARN is a cluster snapshot ARN):
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html
 * - RestoreDBClusterFromSnapshot creates the cluster without DB instances:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
 * - CreateDBInstance with DBClusterIdentifier adds the writer:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 */
import { CreateDBInstanceCommand, RestoreDBClusterFromSnapshotCommand } from '@aws-sdk/client-rds';
import { call, poll } from '../../aws';
import { OpsError } from '../../errors';
import { OpsDatabase } from '../../target';
import { DrStep } from '../engine';
import { describeCluster, describeInstance, waitInstance } from './rds';
import { latestRecoveryPoint } from './restore';
import { DrSettings, need, opt, recordEndpoint, regions, rpoBasisKey, rpoKey } from './shared';

const restoredFromKey = (db: OpsDatabase) => `db.${db.name}.restoredFrom`;

/** The restored cluster, in the DR subnet group, security group, cluster parameter group and DR key; never public. */
export function restoreClusterInDr(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  return {
    id: `db.${db.name}.restore`,
    describe: () => `restore Aurora cluster ${db.drIdentifier} in ${dr} from the newest recovery point in ${s.target.resources.drBackupVaultName}`,
    check: async (ctx) => {
      const c = await describeCluster(s, dr, id());
      if (!c) return { state: 'todo', detail: `${id()} does not exist yet` };
      if (!ctx.outputs[restoredFromKey(db)]) {
        throw new OpsError(`${id()} already exists in ${dr} but this run did not restore it (left over from an earlier failover?).`, `Rename it (aws rds modify-db-cluster --db-cluster-identifier ${id()} --new-db-cluster-identifier ${id()}-old --apply-immediately --region ${dr}) and re-run; haven never deletes databases.`);
      }
      return c.Status === 'available' ? { state: 'done', detail: `${id()} available` } : { state: 'pending', detail: `${id()} is ${c.Status}` };
    },
    run: async (ctx) => {
      const p = db.drPlacement;
      const src = await latestRecoveryPoint(s, db);
      if (!src) throw new OpsError(`No recovery point of ${db.identifier} in ${s.target.resources.drBackupVaultName} (${dr}).`);
      ctx.record(restoredFromKey(db), src.arn);
      ctx.record(rpoKey(db), String(Math.round((s.clock.now() - src.time.getTime()) / 1000)));
      ctx.record(rpoBasisKey(db), `age of the recovery point ${src.time.toISOString()} at restore`);
      await call(s.clients.rds(dr), new RestoreDBClusterFromSnapshotCommand({
        DBClusterIdentifier: id(), SnapshotIdentifier: src.arn, Engine: db.engine,
        DBSubnetGroupName: need(p?.dbSubnetGroupName, `DB subnet group for the DR restore of ${db.name} (HavenDb…DrSubnetGroup)`),
        VpcSecurityGroupIds: p?.vpcSecurityGroupIds?.length ? [...p.vpcSecurityGroupIds] : need(undefined, `Security group for the DR restore of ${db.name} (HavenDb…DrSecurityGroupId)`),
        DBClusterParameterGroupName: need(p?.dbParameterGroupName, `Cluster parameter group for the DR restore of ${db.name} (HavenDb…DrParameterGroup)`),
        KmsKeyId: need(p?.kmsKeyId, `DR KMS key of ${db.name} (HavenDb…DrKmsKeyArn)`),
        DeletionProtection: db.deletionProtection, CopyTagsToSnapshot: true,
        ...(p?.serverless ? { ServerlessV2ScalingConfiguration: { MinCapacity: p.serverless.minCapacity, MaxCapacity: p.serverless.maxCapacity } } : {}),
      }), opt(s));
    },
    waitFor: () => poll(async () => {
      const c = await describeCluster(s, dr, id());
      return { done: c?.Status === 'available', state: c?.Status ?? 'not found' };
    }, { what: `restore of cluster ${id()}`, timeoutMs: s.timeouts.database, clock: s.clock, initialDelayMs: 15_000 }),
  };
}

/** The restored cluster's writer instance (`<cluster>-writer`); the cluster endpoint is the database's endpoint. */
export function restoreClusterWriter(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const cluster = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  const id = () => `${cluster()}-writer`;
  const endpoint = async () => (await describeCluster(s, dr, cluster()))?.Endpoint;
  return {
    id: `db.${db.name}.restore-writer`,
    describe: () => `add writer instance ${db.drIdentifier}-writer to the restored cluster (not public)`,
    check: async (ctx) => {
      const i = await describeInstance(s, dr, id());
      if (!i) return { state: 'todo', detail: `${id()} does not exist yet` };
      if (i.DBInstanceStatus !== 'available') return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
      recordEndpoint(ctx, db, await endpoint());
      return { state: 'done', detail: `${id()} available` };
    },
    run: async () => {
      await call(s.clients.rds(dr), new CreateDBInstanceCommand({
        DBInstanceIdentifier: id(), DBClusterIdentifier: cluster(), Engine: db.engine,
        DBInstanceClass: need(db.drPlacement?.instanceClass, `DR instance class of ${db.name}`), PubliclyAccessible: false,
      }), opt(s));
    },
    waitFor: async (ctx) => {
      await waitInstance(s, dr, id(), `writer ${id()} of ${cluster()}`);
      recordEndpoint(ctx, db, await endpoint());
    },
  };
}
