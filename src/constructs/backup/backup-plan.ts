import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SecureBackupVault, type BackupVaultLockOptions } from './vault';

/** RDS automated backups stop at 35 days; longer retention has to come from AWS Backup. */
export const RDS_AUTOMATED_BACKUP_MAX_DAYS = 35;
/** AWS Backup keeps a recovery point at least 90 days in cold storage once it has moved there. */
export const COLD_STORAGE_MIN_DAYS = 90;
/** Continuous (point-in-time) backups can be kept at most 35 days. */
export const CONTINUOUS_BACKUP_MAX_DAYS = 35;

export interface BackupRule {
  /** Rule name, unique in the plan. */
  readonly name: string;
  /** When backups start. @default - daily at 05:00 UTC */
  readonly schedule?: events.Schedule;
  /** Days a recovery point is kept. */
  readonly retentionDays: number;
  /**
   * Days before the recovery point moves to cold storage (EFS and other supporting types; RDS/Aurora ignore it).
   * Retention must then be at least this + 90 days.
   * @default - never
   */
  readonly coldAfterDays?: number;
  /** Point-in-time recovery for RDS/Aurora (and S3); retention at most 35 days. @default false */
  readonly continuous?: boolean;
  /** Copy each recovery point to another vault (e.g. in the DR region). @default - no copy */
  readonly copyTo?: {
    readonly vaultArn: string;
    /** @default - the rule's retentionDays */
    readonly retentionDays?: number;
    /** @default - the rule's coldAfterDays */
    readonly coldAfterDays?: number;
  };
}

export interface BackupSelection {
  /** ARNs of resources to back up (RDS instances, Aurora clusters, EFS file systems, EKS clusters...). @default - none */
  readonly resourceArns?: readonly string[];
  /** Resources carrying any of these tags (key = value) are backed up. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface BackupPlanProps {
  /** Key encrypting the vault. */
  readonly encryptionKey: kms.IKey;
  /** @default - CloudFormation-generated */
  readonly vaultName?: string;
  /** An existing vault the plan writes to instead of a vault of its own (then `vaultName`/`vaultLock` are unused). @default - a new vault */
  readonly vault?: backup.IBackupVault;
  /** @default - CloudFormation-generated */
  readonly planName?: string;
  readonly rules: readonly BackupRule[];
  /** What the plan covers. At least one ARN or tag is required. */
  readonly selection: BackupSelection;
  /** Vault lock (production). @default - no lock */
  readonly vaultLock?: BackupVaultLockOptions;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Checks a rule against AWS Backup's limits, so a bad spec fails at synth instead of at the first backup job. */
export function validateBackupRule(rule: BackupRule, lock?: BackupVaultLockOptions): string[] {
  const errors: string[] = [];
  const where = `backup rule ${rule.name}`;
  if (rule.retentionDays < 1) errors.push(`${where}: retentionDays must be at least 1`);
  if (rule.continuous) {
    if (rule.retentionDays > CONTINUOUS_BACKUP_MAX_DAYS) errors.push(`${where}: continuous backups are kept at most ${CONTINUOUS_BACKUP_MAX_DAYS} days (got ${rule.retentionDays}); add a separate snapshot rule for longer retention`);
    if (rule.coldAfterDays !== undefined) errors.push(`${where}: continuous backups cannot move to cold storage`);
  }
  const checkCold = (label: string, retention: number, cold?: number) => {
    if (cold !== undefined && retention < cold + COLD_STORAGE_MIN_DAYS) {
      errors.push(`${where}: ${label} retention ${retention} days must be at least ${COLD_STORAGE_MIN_DAYS} days after the cold-storage move at day ${cold} (>= ${cold + COLD_STORAGE_MIN_DAYS})`);
    }
  };
  checkCold('vault', rule.retentionDays, rule.coldAfterDays);
  if (rule.copyTo) checkCold('copy', rule.copyTo.retentionDays ?? rule.retentionDays, rule.copyTo.coldAfterDays ?? rule.coldAfterDays);
  if (lock) {
    if (rule.retentionDays < lock.minRetentionDays) errors.push(`${where}: retention ${rule.retentionDays} days is below the vault lock minimum of ${lock.minRetentionDays}; its backup jobs would fail`);
    if (lock.maxRetentionDays !== undefined && rule.retentionDays > lock.maxRetentionDays) errors.push(`${where}: retention ${rule.retentionDays} days exceeds the vault lock maximum of ${lock.maxRetentionDays}`);
  }
  return errors;
}

/**
 * An AWS Backup vault (KMS-encrypted, optionally locked) with a plan of rules and a selection by ARN and/or tag.
 * Covers the retention RDS cannot: automated RDS backups stop at 35 days, a 7-year HIPAA retention lives here.
 */
export class BackupPlan extends Construct {
  public readonly vault: backup.IBackupVault;
  public readonly plan: backup.BackupPlan;
  /** Plans added with `addResourcePlan`, by id. */
  public readonly resourcePlans = new Map<string, backup.BackupPlan>();
  private readonly vaultLock?: BackupVaultLockOptions;
  /** The role AWS Backup assumes for every selection in this vault (made by the first). */
  private selectionRole?: iam.IRole;

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    this.vaultLock = props.vaultLock;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.vault = props.vault ?? new SecureBackupVault(this, 'Vault', { encryptionKey: props.encryptionKey, vaultName: props.vaultName, vaultLock: props.vaultLock, removalPolicy }).vault;
    this.plan = this.buildPlan('Plan', props.planName, props.rules, props.selection);
  }

  /**
   * Another plan in the same vault, for resources that need their own rules (a weekly EKS cluster backup kept 90
   * days): AWS Backup applies every rule of a plan to every resource its selections name, so different rules for
   * different resources take different plans.
   */
  public addResourcePlan(id: string, props: { readonly planName?: string; readonly rules: readonly BackupRule[]; readonly resourceArns: readonly string[] }): backup.BackupPlan {
    if (props.resourceArns.length === 0) throw new Error(`backup plan ${id} needs at least one resource ARN`);
    const plan = this.buildPlan(id, props.planName, props.rules, { resourceArns: props.resourceArns });
    this.resourcePlans.set(id, plan);
    return plan;
  }

  private buildPlan(id: string, planName: string | undefined, rules: readonly BackupRule[], selection: BackupSelection): backup.BackupPlan {
    if (rules.length === 0) throw new Error('BackupPlan needs at least one rule');
    const names = new Set<string>();
    for (const rule of rules) {
      if (names.has(rule.name)) throw new Error(`duplicate backup rule name ${rule.name}`);
      names.add(rule.name);
    }
    const errors = rules.flatMap((r) => validateBackupRule(r, this.vaultLock));
    if (errors.length > 0) throw new Error(errors.join('\n'));
    const arns = selection.resourceArns ?? [];
    const tags = Object.entries(selection.tags ?? {});
    if (arns.length === 0 && tags.length === 0) throw new Error('BackupPlan selection needs at least one resource ARN or tag');

    const plan = new backup.BackupPlan(this, id, {
      backupPlanName: planName,
      backupVault: this.vault,
      backupPlanRules: rules.map((rule, i) => new backup.BackupPlanRule({
        ruleName: rule.name,
        scheduleExpression: rule.schedule ?? events.Schedule.cron({ minute: '0', hour: '5' }),
        deleteAfter: Duration.days(rule.retentionDays),
        moveToColdStorageAfter: rule.coldAfterDays !== undefined ? Duration.days(rule.coldAfterDays) : undefined,
        enableContinuousBackup: rule.continuous ?? false,
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        copyActions: rule.copyTo ? [{
          destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, `${id === 'Plan' ? '' : id}CopyVault${i}`, rule.copyTo.vaultArn),
          deleteAfter: Duration.days(rule.copyTo.retentionDays ?? rule.retentionDays),
          moveToColdStorageAfter: (rule.copyTo.coldAfterDays ?? rule.coldAfterDays) !== undefined ? Duration.days((rule.copyTo.coldAfterDays ?? rule.coldAfterDays)!) : undefined,
        }] : undefined,
      })),
    });

    // One backup role for the vault: the first selection's gets AWSBackupServiceRolePolicyForBackup (and
    // ...ForRestores), which carry the EKS permissions too
    // (https://docs.aws.amazon.com/eks/latest/userguide/integration-backup.html); later plans assume the same role.
    const made = plan.addSelection('Selection', {
      resources: [
        ...arns.map((arn) => backup.BackupResource.fromArn(arn)),
        ...tags.map(([key, value]) => backup.BackupResource.fromTag(key, value)),
      ],
      role: this.selectionRole,
      allowRestores: this.selectionRole === undefined,
      disableDefaultBackupPolicy: this.selectionRole !== undefined,
    });
    this.selectionRole ??= made.grantPrincipal as iam.IRole;
    return plan;
  }
}
