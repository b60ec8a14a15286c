import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface CrossRegionBackupCopyProps {
  /** ARNs of the resources backed up (RDS instances, Aurora clusters, EFS, ...). */
  readonly resourceArns: readonly string[];
  /** ARN of the vault in the DR region that receives the copies (re-encrypted with that vault's key). */
  readonly destinationVaultArn: string;
  /** Key of the local vault. */
  readonly encryptionKey: kms.IKey;
  /**
   * Hours between backups; each is copied to the destination once it completes.
   * @default 24
   */
  readonly intervalHours?: number;
  /**
   * Retention of local backups and of the copies.
   * @default Duration.days(35)
   */
  readonly retention?: Duration;
  /** @default - generated */
  readonly vaultName?: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * AWS Backup plan whose rule copies every recovery point to a vault in another region: the snapshot-copy path for
 * engines without automated backup replication (Aurora) or where a schedule is enough.
 */
export class CrossRegionBackupCopy extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: CrossRegionBackupCopyProps) {
    super(scope, id);
    if (props.resourceArns.length === 0) throw new Error('CrossRegionBackupCopy: no resources to back up');
    const hours = props.intervalHours ?? 24;
    if (!Number.isInteger(hours) || hours < 1 || hours > 24) throw new Error(`CrossRegionBackupCopy: intervalHours must be 1-24, got ${hours}`);
    const retention = props.retention ?? Duration.days(35);
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const destination = backup.BackupVault.fromBackupVaultArn(this, 'Destination', props.destinationVaultArn);
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'dr-copy',
          scheduleExpression: hours === 24 ? events.Schedule.cron({ minute: '0', hour: '3' }) : events.Schedule.cron({ minute: '0', hour: `*/${hours}` }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: retention,
          copyActions: [{ destinationBackupVault: destination, deleteAfter: retention }],
        }),
      ],
    });
    this.plan.addSelection('Selection', {
      resources: props.resourceArns.map((arn) => backup.BackupResource.fromArn(arn)),
      allowRestores: true,
    });
  }
}
