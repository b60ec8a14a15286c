import { BackupClient, DescribeBackupVaultCommand, type DescribeBackupVaultCommandInput, ListBackupPlansCommand } from '@aws-sdk/client-backup';
import { uuid } from '../ids';
import { ServiceModule, awsError, op } from '../service';

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
    // ListBackupPlans: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupPlans.html
    op(ListBackupPlansCommand, (world, _input, region) => ({
      BackupPlansList: world.resources('AWS::Backup::BackupPlan', region).map((p) => ({
        BackupPlanId: p.physicalId, BackupPlanArn: p.arn, BackupPlanName: world.prop<{ BackupPlanName?: string }>(p, 'BackupPlan')?.BackupPlanName, VersionId: p.attr('VersionId'),
      })),
    })),
  ],
};
