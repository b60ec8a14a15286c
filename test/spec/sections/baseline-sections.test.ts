import { describe, expect, it } from 'vitest';
import { CONFORMANCE_PACK_IDS } from '../../../src/constructs/config';
import { GUARDDUTY_FEATURES, SECURITY_HUB_STANDARDS } from '../../../src/constructs/threat-detection';
import { backupSchema } from '../../../src/spec/sections/backup';
import { budgetSchema } from '../../../src/spec/sections/budget';
import { ALARM_DEFAULTS, ALARM_IDS, monitoringSchema, resolveAlarmTuning } from '../../../src/spec/sections/monitoring';
import { CONFORMANCE_PACK_NAMES, GUARDDUTY_FEATURE_NAMES, SECURITY_HUB_STANDARD_NAMES, securitySchema } from '../../../src/spec/sections/security';

describe('security section', () => {
  it('accepts the full shape', () => {
    const parsed = securitySchema.parse({
      cloudTrail: { retentionDays: 2557, glacierAfterDays: 90, cloudWatchRetentionDays: 365, dataEvents: { s3: ['photos'], lambda: true } },
      config: { enabled: true, conformancePacks: ['hipaa', 'nist'] },
      guardDuty: { features: ['s3', 'eks-audit', 'rds-login', 'malware-ebs'] },
      securityHub: { standards: ['aws-foundational', 'cis-3.0'] },
    });
    expect(parsed.cloudTrail?.dataEvents?.s3).toEqual(['photos']);
  });

  it('rejects unknown keys, packs, features and standards', () => {
    expect(securitySchema.safeParse({ cloudtrail: {} }).success).toBe(false);
    expect(securitySchema.safeParse({ config: { conformancePacks: ['iso27001'] } }).success).toBe(false);
    expect(securitySchema.safeParse({ guardDuty: { features: ['everything'] } }).success).toBe(false);
    expect(securitySchema.safeParse({ securityHub: { standards: ['cis'] } }).success).toBe(false);
    expect(securitySchema.safeParse({ cloudTrail: { retentionDays: 0 } }).success).toBe(false);
  });

  it('names the same choices as the constructs', () => {
    expect([...GUARDDUTY_FEATURE_NAMES]).toEqual([...GUARDDUTY_FEATURES]);
    expect([...SECURITY_HUB_STANDARD_NAMES]).toEqual([...SECURITY_HUB_STANDARDS]);
    expect([...CONFORMANCE_PACK_NAMES]).toEqual([...CONFORMANCE_PACK_IDS]);
  });
});

describe('backup section', () => {
  it('accepts plans, presets and cron schedules, a lock object or boolean, and tag selection', () => {
    const parsed = backupSchema.parse({
      plans: [
        { name: 'daily', schedule: 'daily', retentionDays: 35, continuous: true },
        { name: 'monthly', schedule: 'cron(0 5 1 * ? *)', retentionDays: 2557, coldAfterDays: 90, copyToDr: true },
      ],
      vaultLock: { minRetentionDays: 7, maxRetentionDays: 2557, changeableForDays: 3 },
      selection: { tags: { backup: 'true' } },
    });
    expect(parsed.plans).toHaveLength(2);
    expect(backupSchema.parse({ vaultLock: false }).vaultLock).toBe(false);
  });

  it('rejects a bad schedule, an empty plan list and a lock grace under 3 days', () => {
    expect(backupSchema.safeParse({ plans: [{ name: 'x', schedule: 'every day', retentionDays: 7 }] }).success).toBe(false);
    expect(backupSchema.safeParse({ plans: [] }).success).toBe(false);
    expect(backupSchema.safeParse({ vaultLock: { minRetentionDays: 7, changeableForDays: 1 } }).success).toBe(false);
    expect(backupSchema.safeParse({ plans: [{ name: 'x', retentionDays: 7, extra: 1 }] }).success).toBe(false);
  });
});

describe('budget section', () => {
  it('accepts Omnirapeutic\'s $1,500 budget and rejects bad values', () => {
    expect(budgetSchema.parse({ monthlyUsd: 1500, thresholds: [50, 80, 100], emails: ['ops@example.com'] }).monthlyUsd).toBe(1500);
    expect(budgetSchema.safeParse({ monthlyUsd: -1 }).success).toBe(false);
    expect(budgetSchema.safeParse({ monthlyUsd: 10, emails: ['not-an-email'] }).success).toBe(false);
    expect(budgetSchema.safeParse({}).success).toBe(false);
  });
});

describe('monitoring section', () => {
  it('has a default for every alarm id, with the seed thresholds', () => {
    expect(Object.keys(ALARM_DEFAULTS).sort()).toEqual([...ALARM_IDS].sort());
    expect(ALARM_DEFAULTS.rdsCpu).toMatchObject({ threshold: 80, periodMinutes: 5, evaluationPeriods: 2, direction: 'above' });
    expect(ALARM_DEFAULTS.rdsFreeStorageGb).toMatchObject({ threshold: 10, direction: 'below' });
    expect(ALARM_DEFAULTS.rdsFreeableMemoryMb).toMatchObject({ threshold: 512, direction: 'below' });
    expect(ALARM_DEFAULTS.redisEvictions.threshold).toBe(1000);
    expect(ALARM_DEFAULTS.cloudfront5xxRate.threshold).toBe(5);
  });

  it('merges tuning; a threshold switches on an alarm that is off by default', () => {
    expect(resolveAlarmTuning('rdsConnections').enabled).toBe(false);
    expect(resolveAlarmTuning('rdsConnections', { threshold: 50 })).toMatchObject({ enabled: true, threshold: 50 });
    expect(resolveAlarmTuning('rdsCpu', { enabled: false, threshold: 90 }).enabled).toBe(false);
    expect(resolveAlarmTuning('redisCpu', { periodMinutes: 10 })).toMatchObject({ threshold: 80, periodMinutes: 10 });
  });

  it('accepts tracing and rejects an unknown alarm id or a sampling rate above 1', () => {
    expect(monitoringSchema.parse({ tracing: { samplingRate: 0.05 } }).tracing?.samplingRate).toBe(0.05);
    expect(monitoringSchema.safeParse({ alarms: { rdsDiskQueue: { threshold: 1 } } }).success).toBe(false);
    expect(monitoringSchema.safeParse({ tracing: { samplingRate: 2 } }).success).toBe(false);
  });
});
