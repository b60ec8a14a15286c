/** Failover for databases without a replica: find the newest restorable point in DR and restore from it there. */
import { ListRecoveryPointsByBackupVaultCommand, RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import {
  DescribeDBInstanceAutomatedBackupsCommand, RestoreDBInstanceFromDBSnapshotCommand, RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { call } from '../../aws';
import { OpsError } from '../../errors';
import { OpsDatabase } from '../../target';
import { DrStep } from '../engine';
import { describeInstance, placementParams, waitInstance } from './rds';
import { DrSettings, need, opt, recordEndpoint, regions, rpoBasisKey, rpoKey } from './shared';

/**
 * RDS automated backup replication: the replicated backup lives in the DR region under the source instance's identifier.
 * DescribeDBInstanceAutomatedBackups: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstanceAutomatedBackups.html
 */
export async function latestReplicatedBackup(s: DrSettings, db: OpsDatabase): Promise<{ arn: string; time: Date } | undefined> {
  const { dr } = regions(s);
  const r = await call<{ DBInstanceAutomatedBackups?: { DBInstanceAutomatedBackupsArn?: string; RestoreWindow?: { LatestTime?: Date } }[] }>(
    s.clients.rds(dr), new DescribeDBInstanceAutomatedBackupsCommand({ DBInstanceIdentifier: need(db.identifier, `Identifier of database ${db.name}`) }), opt(s),
  );
  const best = (r.DBInstanceAutomatedBackups ?? []).filter((b) => b.DBInstanceAutomatedBackupsArn && b.RestoreWindow?.LatestTime)
    .sort((a, b) => b.RestoreWindow!.LatestTime!.getTime() - a.RestoreWindow!.LatestTime!.getTime())[0];
  return best ? { arn: best.DBInstanceAutomatedBackupsArn!, time: best.RestoreWindow!.LatestTime! } : undefined;
}

/**
 * AWS Backup copies (the platform's snapshot-copy mode) are recovery points in the DR vault; DescribeDBSnapshots does not
 * list them by default. ListRecoveryPointsByBackupVault: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html
 * For RDS the recovery point ARN is the DB snapshot's ARN (`arn:aws:rds:…:snapshot:awsbackup:…`), which
 * RestoreDBInstanceFromDBSnapshot accepts: https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html
 */
export async function latestRecoveryPoint(s: DrSettings, db: OpsDatabase): Promise<{ arn: string; time: Date } | undefined> {
  const { dr } = regions(s);
  const vault = need(s.target.resources.drBackupVaultName, 'DR backup vault (HavenDrBackupVaultName)');
  // An Aurora cluster's recovery points are of resource type Aurora and name the cluster (`…:cluster:<id>`).
  const cluster = db.kind === 'cluster';
  const suffix = `:${cluster ? 'cluster' : 'db'}:${need(db.identifier, `Identifier of database ${db.name}`)}`;
  const points: RecoveryPointByBackupVault[] = [];
  let token: string | undefined;
  do {
    const r = await call<{ RecoveryPoints?: RecoveryPointByBackupVault[]; NextToken?: string }>(
      s.clients.backup(dr), new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vault, ByResourceType: cluster ? 'Aurora' : 'RDS', NextToken: token }), opt(s),
    );
    points.push(...(r.RecoveryPoints ?? []));
    token = r.NextToken;
  } while (token);
  const best = points.filter((p) => p.Status === 'COMPLETED' && p.RecoveryPointArn && p.CreationDate && p.ResourceArn?.endsWith(suffix))
    .sort((a, b) => b.CreationDate!.getTime() - a.CreationDate!.getTime())[0];
  return best ? { arn: best.RecoveryPointArn!, time: best.CreationDate! } : undefined;
}

/**
 * Restore into the DR region, inside Haven's DR network (subnet group, security group, parameter group from the DR
 * stack's outputs; never public):
 * - `backup-replication`: RestoreDBInstanceToPointInTime from the replicated automated backup (SourceDBInstanceAutomatedBackupsArn):
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceToPointInTime.html
 * - `snapshot-copy`: the newest AWS Backup recovery point in the DR vault, restored with RestoreDBInstanceFromDBSnapshot:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html
 * Both keep the encryption of their source (the DR-region key of the replication / copy).
 */
export function restoreInDr(s: DrSettings, db: OpsDatabase): DrStep {
  const { dr } = regions(s);
  const id = () => need(db.drIdentifier, `DR identifier of database ${db.name}`);
  const common = () => ({
    ...placementParams(db.drPlacement, `the DR restore of ${db.name}`),
    DeletionProtection: db.deletionProtection,
    CopyTagsToSnapshot: true,
    MultiAZ: s.target.tier === 'production',
  });
  return {
    id: `db.${db.name}.restore`,
    describe: () => db.drStrategy === 'backup-replication'
      ? `restore ${db.drIdentifier} in ${dr} from the latest replicated automated backup of ${db.identifier}`
      : `restore ${db.drIdentifier} in ${dr} from the newest recovery point in ${s.target.resources.drBackupVaultName}`,
    check: async (ctx) => {
      const i = await describeInstance(s, dr, id());
      if (!i) return { state: 'todo', detail: `${id()} does not exist yet` };
      if (!ctx.outputs[`db.${db.name}.restoredFrom`]) {
        throw new OpsError(`${id()} already exists in ${dr} but this run did not restore it (left over from an earlier failover?).`, `Rename it (aws rds modify-db-instance --db-instance-identifier ${id()} --new-db-instance-identifier ${id()}-old --apply-immediately --region ${dr}) and re-run; haven never deletes databases.`);
      }
      if (i.DBInstanceStatus === 'available') { recordEndpoint(ctx, db, i.Endpoint?.Address); return { state: 'done', detail: `${id()} available` }; }
      return { state: 'pending', detail: `${id()} is ${i.DBInstanceStatus}` };
    },
    run: async (ctx) => {
      const params = common();
      const src = db.drStrategy === 'backup-replication' ? await latestReplicatedBackup(s, db) : await latestRecoveryPoint(s, db);
      if (!src) throw new OpsError(`Nothing to restore ${db.identifier} from in ${dr}.`);
      ctx.record(`db.${db.name}.restoredFrom`, src.arn);
      ctx.record(rpoKey(db), String(Math.round((s.clock.now() - src.time.getTime()) / 1000)));
      ctx.record(rpoBasisKey(db), `age of the restore point ${src.time.toISOString()} at restore`);
      if (db.drStrategy === 'backup-replication') {
        await call(s.clients.rds(dr), new RestoreDBInstanceToPointInTimeCommand({
          SourceDBInstanceAutomatedBackupsArn: src.arn, TargetDBInstanceIdentifier: id(), UseLatestRestorableTime: true, ...params,
        }), opt(s));
      } else {
        await call(s.clients.rds(dr), new RestoreDBInstanceFromDBSnapshotCommand({ DBSnapshotIdentifier: src.arn, DBInstanceIdentifier: id(), ...params }), opt(s));
      }
    },
    waitFor: async (ctx) => {
      await waitInstance(s, dr, id(), `restore of ${id()}`);
      recordEndpoint(ctx, db, (await describeInstance(s, dr, id()))?.Endpoint?.Address);
    },
  };
}
