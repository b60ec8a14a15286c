import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { checkEnvironment } from '../../src/cli/workflow';
import type { CheckReport, Finding } from '../../src/compliance';
import { loadSpec } from '../../src/spec/loader';

/**
 * Issue 15: a HIPAA tele-psychiatry spec with an Aurora warm standby, written from the README alone, failed Haven's own
 * check on the DR Aurora secondary (pgAudit, backup coverage, 1-day retention, logging, enhanced monitoring) and on a
 * DR-objectives finding contradicting the RPO `validate` prints. `haven check` (cdk-nag HIPAA and the Control Tower
 * rules) must pass its databases and caches in every environment without acknowledging them.
 */
const loaded = loadSpec(path.join(__dirname, 'specs', 'telepsychiatry.yaml'));
const DATA_TYPES = /^AWS::(RDS|ElastiCache)::/;
const DATA_RULES = /^HAVEN-(DR-OBJECTIVES|BACKUP-COVERAGE|BACKUP-RETENTION|PGAUDIT|DB-TLS|CACHE-TLS)$/;
const isData = (f: Finding) => DATA_TYPES.test(f.evidence.resourceType ?? '') || DATA_RULES.test(f.ruleId);
const describeFinding = (f: Finding) => `${f.ruleId} ${f.evidence.logicalId ?? ''}: ${f.message}`;

describe.each(Object.keys(loaded.plans))('HIPAA tele-psychiatry with Aurora warm standby: %s', (environment) => {
  let report: CheckReport | undefined;
  const check = () => (report ??= checkEnvironment(loaded, loaded.plans[environment], { guard: true }));

  it('has no open finding on its databases, caches, backups or DR objectives', () => {
    expect(check().findings.filter((f) => f.status === 'fail' && isData(f)).map(describeFinding)).toEqual([]);
  });

  it('acknowledges nothing on the Aurora clusters or the cache', () => {
    const acknowledged = check().findings.filter((f) => f.status === 'acknowledged' && /^AWS::(RDS::DBCluster|ElastiCache::ReplicationGroup)$/.test(f.evidence.resourceType ?? ''));
    expect(acknowledged.map(describeFinding)).toEqual([]);
  });

  it('judges the DR objectives on the one database the global secondary carries', () => {
    expect(check().rules.find((r) => r.id === 'HAVEN-DR-OBJECTIVES')).toMatchObject({ checked: 2, failed: 0 });
  });
}, 600_000);
