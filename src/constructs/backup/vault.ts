import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface BackupVaultLockOptions {
  /** Shortest retention a recovery point may have. */
  readonly minRetentionDays: number;
  /** Longest retention a recovery point may have. @default - no maximum */
  readonly maxRetentionDays?: number;
  /**
   * Grace period (days, at least 3) during which the lock can still be removed; after it the lock is immutable
   * (compliance mode). Leave out for governance mode (removable by privileged users).
   * @default - governance mode
   */
  readonly changeableForDays?: number;
}

export interface SecureBackupVaultProps {
  readonly encryptionKey: kms.IKey;
  /** @default - CloudFormation-generated */
  readonly vaultName?: string;
  /** @default - no lock */
  readonly vaultLock?: BackupVaultLockOptions;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** A KMS-encrypted backup vault; retained vaults also deny recovery-point deletion, optionally locked. Also the DR copy target. */
export class SecureBackupVault extends Construct {
  public readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: SecureBackupVaultProps) {
    super(scope, id);
    const lock = props.vaultLock;
    if (lock) {
      if (lock.maxRetentionDays !== undefined && lock.maxRetentionDays < lock.minRetentionDays) {
        throw new Error(`vault lock maxRetentionDays (${lock.maxRetentionDays}) is below minRetentionDays (${lock.minRetentionDays})`);
      }
      if (lock.changeableForDays !== undefined && lock.changeableForDays < 3) throw new Error('vault lock changeableForDays must be at least 3');
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: props.encryptionKey,
      removalPolicy,
      // Even an administrator cannot delete recovery points from a retained vault (ransomware and mistakes).
      blockRecoveryPointDeletion: removalPolicy === RemovalPolicy.RETAIN,
      lockConfiguration: lock && {
        minRetention: Duration.days(lock.minRetentionDays),
        maxRetention: lock.maxRetentionDays !== undefined ? Duration.days(lock.maxRetentionDays) : undefined,
        changeableFor: lock.changeableForDays !== undefined ? Duration.days(lock.changeableForDays) : undefined,
      },
    });
  }
}
