import {
  BackupClient, DescribeBackupVaultCommand, type DescribeBackupVaultCommandInput, ListBackupPlansCommand, ListRecoveryPointsByBackupVaultCommand,
  type ListRecoveryPointsByBackupVaultCommandInput,
} from '@aws-sdk/client-backup';
import { uuid } from '../ids';
import { SimResource } from '../model';
import { ServiceModule, awsError, op, page } from '../service';
import { World } from '../world';

/**
 * Recovery points in a vault: the daily backups of every RDS instance and Aurora cluster of a region whose backup plan
 * copies into this vault (a plan naming the vault in its copy actions), one per day for three days, the newest two
 * hours old. Simplified: the plan's selection is taken to cover the region's databases.
 * For RDS and Aurora a recovery point ARN is the snapshot's ARN
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html).
 */
export function recoveryPointsIn(world: World, vault: SimResource) {
  const sources = world.resources('AWS::Backup::BackupPlan').filter((p) => JSON.stringify(p.properties).includes(vault.physicalId)).map((p) => p.stack.region);
  const region = vault.stack.region;
  return [...new Set(sources)].flatMap((src) => [
    ...world.resources('AWS::RDS::DBCluster', src).map((r) => ({ r, type: 'Aurora', kind: 'cluster' })),
    ...world.resources('AWS::RDS::DBInstance', src).filter((r) => !world.prop(r, 'DBClusterIdentifier') && !world.prop(r, 'SourceDBInstanceIdentifier')).map((r) => ({ r, type: 'RDS', kind: 'db' })),
  ]).flatMap(({ r, type, kind }) => [0, 1, 2].map((day) => ({
    RecoveryPointArn: `arn:aws:rds:${region}:${world.account}:${kind === 'cluster' ? 'cluster-snapshot' : 'snapshot'}:awsbackup:job-${uuid(`${r.arn}/${region}/${day}`)}`,
    ResourceArn: `arn:aws:rds:${r.stack.region}:${world.account}:${kind}:${r.physicalId}`, ResourceType: type, BackupVaultName: vault.physicalId,
    Status: 'COMPLETED', CreationDate: new Date(world.now() - (day * 24 + 2) * 3_600_000), Engine: String(world.prop(r, 'Engine') ?? (kind === 'cluster' ? 'aurora-postgresql' : 'postgres')),
  })));
}

export const backup: ServiceModule = {
  client: BackupClient,
  operations: [
    // DescribeBackupVault: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html
    op<DescribeBackupVaultCommandInput>(DescribeBackupVaultCommand, (world, input, region) => {
      const v = world.find('AWS::Backup::BackupVault', region, (x) => x.physicalId === input.BackupVaultName);
      if (!v) throw awsError('ResourceNotFoundException', `Backup vault with name '${input.BackupVaultName}' not found in ${region}`, 400);
      const lock = world.prop<{ MinRetentionDays?: number; MaxRetentionDays?: number }>(v, 'LockConfiguration');
      return {
        BackupVaultName: v.physicalId, BackupVaultArn: v.arn,
        // A vault is always encrypted; without a key of its own it uses the AWS managed key aws/backup.
        EncryptionKeyArn: world.prop<string>(v, 'EncryptionKeyArn') ?? `arn:aws:kms:${region}:${world.account}:key/${uuid(`${world.account}/${region}/aws/backup`)}`,
        Locked: Boolean(lock), MinRetentionDays: lock?.MinRetentionDays, MaxRetentionDays: lock?.MaxRetentionDays, NumberOfRecoveryPoints: world.recoveryPoints,
      };
    }),
    // ListRecoveryPointsByBackupVault: an unknown vault is ResourceNotFoundException; ByResourceType filters (RDS, Aurora).
    op<ListRecoveryPointsByBackupVaultCommandInput>(ListRecoveryPointsByBackupVaultCommand, (world, input, region) => {
      const v = world.find('AWS::Backup::BackupVault', region, (x) => x.physicalId === input.BackupVaultName);
      if (!v) throw awsError('ResourceNotFoundException', `Backup vault with name '${input.BackupVaultName}' not found in ${region}`, 400);
      const all = recoveryPointsIn(world, v).filter((p) => !input.ByResourceType || p.ResourceType === input.ByResourceType);
      const p = page(all, input.NextToken, input.MaxResults ?? 100);
      return { RecoveryPoints: p.items, NextToken: p.next };
    }),
    // ListBackupPlans: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupPlans.html
    op(ListBackupPlansCommand, (world, _input, region) => ({
      BackupPlansList: world.resources('AWS::Backup::BackupPlan', region).map((p) => ({
        BackupPlanId: p.physicalId, BackupPlanArn: p.arn, BackupPlanName: world.prop<{ BackupPlanName?: string }>(p, 'BackupPlan')?.BackupPlanName, VersionId: p.attr('VersionId'),
      })),
    })),
  ],
};
