import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { backupFeature, resolveBackup } from '../../../src/platform/features/backup';
import { addDatabase, makeContext } from './baseline-context';

describe('backup feature', () => {
  it('production HIPAA: PITR 35 days plus monthly points kept 7 years, locked retained vault, copies to the DR vault, selects the database', () => {
    const ctx = makeContext();
    addDatabase(ctx);
    backupFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ BackupVaultName: 'cec-production-backup', LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 2557, ChangeableForDays: 3 } }),
    });
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'daily', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 } }),
          Match.objectLike({
            RuleName: 'monthly', ScheduleExpression: 'cron(0 5 1 * ? *)', Lifecycle: { DeleteAfterDays: 2557, MoveToColdStorageAfterDays: 90 },
            CopyActions: [Match.objectLike({ DestinationBackupVaultArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-west-2:111111111111:backup-vault:cec-production-backup']] } })],
          }),
        ],
      }),
    });
    t.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
        ListOfTags: [{ ConditionKey: 'haven:backup', ConditionValue: 'true', ConditionType: 'STRINGEQUALS' }],
      }),
    });
    const selection = JSON.stringify(Object.values(t.findResources('AWS::Backup::BackupSelection'))[0]);
    expect(selection).toMatch(/:db:/);
    expect(selection).toMatch(/"Ref":"Db[0-9A-F]+"/);
  });

  it('DR stack: only the receiving vault, same name, locked', () => {
    const ctx = makeContext({ role: 'dr' });
    backupFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.resourceCountIs('AWS::Backup::BackupPlan', 0);
    t.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ BackupVaultName: 'cec-production-backup', LockConfiguration: Match.anyValue() }) });
  });

  it('DR stack with an Aurora global secondary: the plans (without copies) write to the DR vault and select it', () => {
    const ctx = makeContext({ role: 'dr' });
    const arn = 'arn:aws:rds:us-west-2:111111111111:cluster:cec-production-main-dr';
    ctx.registry.dataStores.set('main', { name: 'main', kind: 'aurora-cluster', arn, connections: undefined as never, defaultPort: 5432, metricId: 'cec-production-main-dr', clients: [] });
    // A cache is no AWS Backup resource: it is not selected.
    ctx.registry.dataStores.set('sessions', { name: 'sessions', kind: 'redis', arn: 'arn:aws:elasticache:us-west-2:111111111111:replicationgroup:sessions', connections: undefined as never, defaultPort: 6379, metricId: 'sessions', clients: [] });
    backupFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.resourceCountIs('AWS::Backup::BackupVault', 1);
    const plan = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0];
    expect(plan.Properties.BackupPlan.BackupPlanRule.map((r: { RuleName: string }) => r.RuleName)).toEqual(['daily', 'monthly']);
    expect(JSON.stringify(plan)).not.toMatch(/CopyActions/);
    expect(JSON.stringify(plan.Properties.BackupPlan.BackupPlanRule[0].TargetBackupVault)).toMatch(/BackupDrVault/);
    t.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ Resources: [arn] }) });
  });

  it('DR stack with a PostgreSQL read replica: the same DR plan selects the replica (RDS snapshots read replicas)', () => {
    const ctx = makeContext({ role: 'dr' });
    const arn = 'arn:aws:rds:us-west-2:111111111111:db:cec-production-main-dr';
    ctx.registry.dataStores.set('main', { name: 'main', kind: 'rds-instance', arn, connections: undefined as never, defaultPort: 5432, metricId: 'cec-production-main-dr', clients: [] });
    backupFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.resourceCountIs('AWS::Backup::BackupPlan', 1);
    t.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlan: Match.objectLike({ BackupPlanName: 'cec-production-backup-plan-dr' }) });
    t.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ Resources: [arn] }) });
  });

  it('development without a DR region: daily for 7 days, no lock, no DR copy, destroyable vault', () => {
    const noDr = { regions: { primary: 'us-east-1' } };
    const ctx = makeContext({ env: 'development', spec: noDr });
    backupFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    const vault = Object.values(t.findResources('AWS::Backup::BackupVault'))[0];
    expect(vault.DeletionPolicy).toBe('Delete');
    expect(vault.Properties.LockConfiguration).toBeUndefined();
    const plan = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0];
    expect(plan.Properties.BackupPlan.BackupPlanRule).toHaveLength(1);
    expect(plan.Properties.BackupPlan.BackupPlanRule[0].Lifecycle).toEqual({ DeleteAfterDays: 7 });
    expect(plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions).toBeUndefined();
    const dr = makeContext({ env: 'development', role: 'dr', spec: noDr });
    backupFeature.apply(dr);
    Template.fromStack(dr.stack).resourceCountIs('AWS::Backup::BackupVault', 0);
  });

  it.each(['development', 'staging'])('%s with a DR region: its default plan copies to the DR vault, which the DR stack creates', (env) => {
    const ctx = makeContext({ env });
    backupFeature.apply(ctx);
    const plan = Object.values(Template.fromStack(ctx.stack).findResources('AWS::Backup::BackupPlan'))[0];
    const rules = plan.Properties.BackupPlan.BackupPlanRule as { CopyActions?: unknown[] }[];
    expect(rules.every((r) => JSON.stringify(r.CopyActions ?? []).includes(`:backup:us-west-2:111111111111:backup-vault:cec-${env}-backup`))).toBe(true);
    const dr = makeContext({ env, role: 'dr' });
    backupFeature.apply(dr);
    Template.fromStack(dr.stack).hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: `cec-${env}-backup` });
  });

  it('non-HIPAA production keeps monthly points one year', () => {
    const ctx = makeContext({ spec: { compliance: { frameworks: ['pipeda'] } } });
    const r = resolveBackup(ctx.plan);
    expect(r.plans.map((p) => p.retentionDays)).toEqual([35, 365]);
    expect(r.vaultLock).toEqual({ minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 });
  });

  it('rejects a spec plan that leaves cold storage too early, and a DR copy without a DR region', () => {
    const bad = makeContext({ spec: { backup: { plans: [{ name: 'weekly', schedule: 'weekly', retentionDays: 100, coldAfterDays: 30 }] } } });
    expect(() => backupFeature.apply(bad)).toThrow(/at least 90 days/);
    const noDr = makeContext({ spec: { regions: { primary: 'us-east-1' }, backup: { plans: [{ name: 'daily', retentionDays: 30, copyToDr: true }] } } });
    expect(() => backupFeature.apply(noDr)).toThrow(/regions.dr/);
  });

  it('backs an EKS cluster up in a plan of its own (weekly, 90 days) in the same vault, selected by cluster ARN', () => {
    const ctx = makeContext({ spec: { clusters: { main: { backup: { schedule: 'weekly', retentionDays: 90 } } } } });
    const arn = 'arn:aws:eks:us-east-1:111111111111:cluster/cec-production-main';
    ctx.registry.workloads.set('clusters.main', { name: 'main', kind: 'eks-cluster', connections: new ec2.Connections(), backupArn: arn });
    backupFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.resourceCountIs('AWS::Backup::BackupVault', 1);
    t.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'cec-production-main-backup-plan',
        BackupPlanRule: [Match.objectLike({ RuleName: 'weekly', ScheduleExpression: 'cron(0 5 ? * SUN *)', Lifecycle: { DeleteAfterDays: 90 }, TargetBackupVault: Match.anyValue() })],
      },
    });
    t.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ Resources: [arn] }) });
    // The selection role carries AWS Backup's managed backup policy, which covers EKS.
    t.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] }]),
    });
    // One role AWS Backup assumes for both plans' selections.
    const backupRoles = Object.values(t.findResources('AWS::IAM::Role')).filter((r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('backup.amazonaws.com'));
    expect(backupRoles).toHaveLength(1);
    const selections = Object.values(t.findResources('AWS::Backup::BackupSelection'));
    expect(selections).toHaveLength(2);
    expect(new Set(selections.map((sel) => JSON.stringify(sel.Properties.BackupSelection.IamRoleArn))).size).toBe(1);
    // The vault lock admits the cluster plan's retention.
    expect(resolveBackup(ctx.plan).clusterPlans).toEqual([{ cluster: 'main', schedule: 'weekly', retentionDays: 90 }]);
  });

  it('spec vault lock false disables the production lock', () => {
    const ctx = makeContext({ spec: { backup: { vaultLock: false } } });
    expect(resolveBackup(ctx.plan).vaultLock).toBeUndefined();
  });
});
