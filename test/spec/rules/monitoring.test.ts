import { describe, expect, it } from 'vitest';
import { resolveEnvironment } from '../../../src/spec/resolve';
import { logRetentionDaysFor, logRetentionRule } from '../../../src/spec/rules/monitoring';
import { havenSpecSchema } from '../../../src/spec/schema';

function plans(extra: Record<string, unknown>) {
  const raw = {
    project: { name: 'demo' }, compliance: { frameworks: ['soc2'] }, regions: { primary: 'us-east-1' }, network: { cidr: '10.0.0.0/16', flowLogs: { retentionDays: 90 } },
    environments: { production: { tier: 'production' }, development: { tier: 'development' } }, ...extra,
  };
  const spec = havenSpecSchema.parse(raw);
  return { spec, plans: Object.fromEntries(['production', 'development'].map((e) => [e, resolveEnvironment(spec, e, raw)])) };
}

describe('log retention rule', () => {
  it('warns (does not fail) when production would keep a log group under a year, naming the field; other tiers keep what they ask', () => {
    const { spec, plans: p } = plans({ monitoring: { logRetentionDays: { application: 30 } } });
    const issues = logRetentionRule(spec, p, { date: '2026-12-01' } as never);
    expect(issues.map((i) => [i.environment, i.path.join('.'), i.severity])).toEqual([
      ['production', 'network.flowLogs.retentionDays', 'warning'],
      ['production', 'monitoring.logRetentionDays.application', 'warning'],
    ]);
    expect(issues[0].message).toMatch(/CT\.CLOUDWATCH\.PR\.2.*raised to 365/);
  });

  it('raises production retention to a year and leaves other tiers alone', () => {
    const { plans: p } = plans({});
    expect(logRetentionDaysFor(p.production, 30)).toBe(365);
    expect(logRetentionDaysFor(p.production, 2557)).toBe(2557);
    expect(logRetentionDaysFor(p.development, 30)).toBe(30);
  });
});
