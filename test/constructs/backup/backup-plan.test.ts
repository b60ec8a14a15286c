import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { BackupPlan, validateBackupRule } from '../../../src/constructs/backup';

function setup() {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  return { stack, key: new kms.Key(stack, 'Key') };
}
const DR_VAULT = 'arn:aws:backup:us-west-2:111111111111:backup-vault:cec-production-vault';

describe('BackupPlan', () => {
  it('keeps production backups 7 years in a locked, encrypted, retained vault and copies them to DR', () => {
    const { stack, key } = setup();
    new BackupPlan(stack, 'B', {
      encryptionKey: key, vaultName: 'cec-production-vault',
      vaultLock: { minRetentionDays: 7, maxRetentionDays: 2557, changeableForDays: 3 },
      rules: [
        { name: 'daily', retentionDays: 35, continuous: true },
        { name: 'monthly', schedule: events.Schedule.cron({ day: '1', hour: '5', minute: '0' }), retentionDays: 2557, coldAfterDays: 90, copyTo: { vaultArn: DR_VAULT } },
      ],
      selection: { resourceArns: ['arn:aws:rds:us-east-1:111111111111:db:cec'], tags: { backup: 'true' } },
    });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BackupVaultName: 'cec-production-vault',
        EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 2557, ChangeableForDays: 3 },
        AccessPolicy: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: Match.arrayWith(['backup:DeleteRecoveryPoint']) })]) }),
      }),
    });
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: Match.anyValue(),
        BackupPlanRule: Match.arrayWith([
          Match.objectLike({ RuleName: 'daily', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 } }),
          Match.objectLike({
            RuleName: 'monthly', ScheduleExpression: 'cron(0 5 1 * ? *)',
            Lifecycle: { DeleteAfterDays: 2557, MoveToColdStorageAfterDays: 90 },
            CopyActions: [{ DestinationBackupVaultArn: DR_VAULT, Lifecycle: { DeleteAfterDays: 2557, MoveToColdStorageAfterDays: 90 } }],
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: ['arn:aws:rds:us-east-1:111111111111:db:cec'],
        ListOfTags: [{ ConditionKey: 'backup', ConditionValue: 'true', ConditionType: 'STRINGEQUALS' }],
      }),
    });
  });

  it('creates no lock and allows destroy in development', () => {
    const { stack, key } = setup();
    new BackupPlan(stack, 'B', { encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY, rules: [{ name: 'daily', retentionDays: 7 }], selection: { tags: { backup: 'true' } } });
    const t = Template.fromStack(stack);
    const vault = Object.values(t.findResources('AWS::Backup::BackupVault'))[0];
    expect(vault.Properties.LockConfiguration).toBeUndefined();
    expect(vault.DeletionPolicy).toBe('Delete');
  });

  it('enforces 90 days in cold storage, the 35-day continuous limit and the vault lock window', () => {
    expect(validateBackupRule({ name: 'r', retentionDays: 100, coldAfterDays: 30 })).toEqual([expect.stringMatching(/at least 90 days after/)]);
    expect(validateBackupRule({ name: 'r', retentionDays: 120, coldAfterDays: 30 })).toEqual([]);
    expect(validateBackupRule({ name: 'r', retentionDays: 365, continuous: true })[0]).toMatch(/at most 35/);
    expect(validateBackupRule({ name: 'r', retentionDays: 3 }, { minRetentionDays: 7 })[0]).toMatch(/below the vault lock minimum/);
    expect(validateBackupRule({ name: 'r', retentionDays: 3000 }, { minRetentionDays: 7, maxRetentionDays: 2557 })[0]).toMatch(/exceeds/);
    expect(validateBackupRule({ name: 'r', retentionDays: 200, coldAfterDays: 30, copyTo: { vaultArn: DR_VAULT, retentionDays: 100 } })[0]).toMatch(/copy retention/);
    const { stack, key } = setup();
    expect(() => new BackupPlan(stack, 'B', { encryptionKey: key, rules: [{ name: 'r', retentionDays: 100, coldAfterDays: 30 }], selection: { tags: { a: 'b' } } })).toThrow(/90 days/);
  });

  it('requires a selection and unique rule names', () => {
    const { stack, key } = setup();
    expect(() => new BackupPlan(stack, 'B', { encryptionKey: key, rules: [{ name: 'r', retentionDays: 7 }], selection: {} })).toThrow(/selection/);
    expect(() => new BackupPlan(stack, 'C', { encryptionKey: key, rules: [{ name: 'r', retentionDays: 7 }, { name: 'r', retentionDays: 7 }], selection: { tags: { a: 'b' } } })).toThrow(/duplicate/);
  });
});
