import { describe, expect, it } from 'vitest';
import { recoveryOf } from '../../src/cli/workflow';
import type { CheckReport, ControlResult, Finding } from '../../src/compliance';
import type { CostReport } from '../../src/cost';
import { complianceDelta, costDelta, diffReport, drDelta, formatDiffReport, type DiffSide } from '../../src/diff';
import { loadSpec } from '../../src/spec/loader';
import { copyExample, editedExample, tmpDir } from './edit';

function finding(id: string, status: Finding['status'], severity: Finding['severity'] = 'error'): Finding {
  const [ruleId] = id.split('@');
  return {
    id, ruleId, source: 'haven', severity, message: `${ruleId} message`, status, controls: [],
    evidence: { stack: 's', logicalId: id.split('/')[1] ?? 'X', resourceType: 'AWS::RDS::DBInstance', resource: 'databases.main', property: 'Properties.MultiAZ', value: false },
    ...(status === 'acknowledged' ? { acknowledgement: { reason: 'by design', owner: 'ops@example.com', expires: '2027-11-01', builtin: false } } : {}),
  };
}

function check(environment: string, findings: Finding[], controls: Pick<ControlResult, 'id' | 'status'>[] = []): CheckReport {
  const errors = findings.filter((f) => f.status === 'fail' && f.severity === 'error').length;
  return {
    schemaVersion: 2, tool: 'haven', environment, tier: 'staging', date: '2026-12-01', frameworks: ['hipaa'], packs: [], summary: [], rules: [], builtinAcknowledgements: true, acknowledgements: [],
    controls: controls.map((c) => ({ framework: 'hipaa', title: `control ${c.id}`, rules: [], findings: [], warnings: 0, rationale: '', ...c })),
    findings, errors, warnings: 0, passed: errors === 0,
  };
}

function cost(environment: string, monthlyUsd: number, categories: Record<string, number>, budget?: number): CostReport {
  return {
    priceTable: { asOf: '2026-11-01', source: 'test', currency: 'USD', notes: [] }, hoursPerMonth: 730, monthlyUsd, lineItems: [], savings: [], warnings: [],
    environments: [{ name: environment, tier: 'staging', monthlyUsd, regions: [{ region: 'ca-central-1', monthlyUsd }], categories, assumptions: [] }],
    budgets: budget === undefined ? [] : [{ scope: environment, limitUsd: budget, estimateUsd: monthlyUsd, withinBudget: monthlyUsd <= budget, percentUsed: Math.round((monthlyUsd / budget) * 1000) / 10 }],
  };
}

describe('complianceDelta', () => {
  it('names every status transition of a finding and counts the errors the change makes fail', () => {
    const before = check('dev', [finding('A@s/Db', 'fail'), finding('B@s/Db', 'acknowledged'), finding('C@s/Db', 'fail'), finding('D@s/Db', 'acknowledged'), finding('F@s/Db', 'fail')]);
    const after = check('dev', [finding('A@s/Db', 'fail'), finding('B@s/Db', 'fail'), finding('C@s/Db', 'acknowledged'), finding('E@s/Db', 'fail'), finding('W@s/Db', 'fail', 'warning')]);
    const delta = complianceDelta(before, after);
    expect(delta.findings.map((f) => [f.id, f.transition])).toEqual([
      ['E@s/Db', 'new-failure'], ['W@s/Db', 'new-failure'], ['B@s/Db', 'acknowledgement-lost'], ['F@s/Db', 'fixed'], ['C@s/Db', 'acknowledged'], ['D@s/Db', 'resolved'],
    ]);
    // A was failing before and still is: not introduced by the change. W is a warning.
    expect(delta.introducedErrors).toBe(2);
    expect(delta.findings.find((f) => f.id === 'C@s/Db')?.acknowledgement).toEqual({ reason: 'by design', owner: 'ops@example.com', expires: '2027-11-01' });
    expect([delta.errorsBefore, delta.errorsAfter]).toEqual([3, 3]);
  });

  it('reports controls whose status moved', () => {
    const delta = complianceDelta(check('dev', [], [{ id: '164.308(a)(7)', status: 'met' }, { id: '164.312(b)', status: 'met' }]), check('dev', [], [{ id: '164.308(a)(7)', status: 'not_met' }, { id: '164.312(b)', status: 'met' }]));
    expect(delta.controls).toEqual([{ framework: 'hipaa', id: '164.308(a)(7)', title: 'control 164.308(a)(7)', before: 'met', after: 'not_met' }]);
  });
});

describe('costDelta', () => {
  it('gives the change per category and the budget after it', () => {
    const delta = costDelta('dev', cost('dev', 300, { RDS: 100, 'NAT Gateway': 200 }, 400), cost('dev', 450.5, { RDS: 250.5, 'NAT Gateway': 200 }, 400));
    expect(delta).toMatchObject({ before: 300, after: 450.5, delta: 150.5, categories: [{ category: 'RDS', before: 100, after: 250.5, delta: 150.5 }], budget: { limitUsd: 400, withinBudget: false, wasWithinBudget: true } });
  });

  it('an environment only on one side costs nothing on the other', () => {
    expect(costDelta('dev', undefined, cost('dev', 120, { RDS: 120 }))).toMatchObject({ before: 0, after: 120, delta: 120 });
  });
});

describe('drDelta from real spec edits (no synthesis)', () => {
  it('dropping berthcare production\'s DR region loses its RPO and RTO', () => {
    const dir = tmpDir();
    const base = loadSpec(copyExample('berthcare', dir, 'base.yaml'));
    const next = loadSpec(editedExample('berthcare', dir, 'new.yaml', (doc) => {
      for (const p of [['environments', 'production', 'regions'], ['environments', 'production', 'dr'], ['environments', 'production', 'network', 'drCidr'], ['buckets', 'photos', 'replicate']]) doc.deleteIn(p);
    }));
    const targets = { rpoMinutes: 30, rtoMinutes: 120 };
    const delta = drDelta(recoveryOf(base, [base.plans.production]).production, recoveryOf(next, [next.plans.production]).production, undefined, targets);
    expect(delta.before).toMatchObject({ strategy: 'backup-restore', drRegion: 'us-east-1', rpoMinutes: 30 });
    expect(delta.before!.rtoMinutes).toBeGreaterThan(0);
    expect(delta.after).toEqual({ strategy: 'none', primaryRegion: 'ca-central-1', rpoMinutes: null, rtoMinutes: null });
    expect(delta).toMatchObject({ changed: true, worse: true, metBefore: true });
  });
});

describe('diffReport verdict', () => {
  const side = (over: Partial<DiffSide>): DiffSide => ({ source: 'x.yaml', project: 'p', environments: ['dev'], stacks: [], checks: [], recovery: {}, ...over });

  it('exits 1 for a new unacknowledged error and for a budget overrun the change causes, naming the environment', () => {
    const report = diffReport(
      side({ source: 'git:main:x.yaml', checks: [check('dev', [])], cost: cost('dev', 100, { RDS: 100 }, 150) }),
      side({ checks: [check('dev', [finding('HAVEN-RDS-MULTIAZ@s/Db', 'fail')])], cost: cost('dev', 200, { RDS: 200 }, 150) }),
    );
    expect(report.exitCode).toBe(1);
    expect(report.blocking).toEqual(['dev: 1 new unacknowledged error finding(s)', 'dev: $200.00/month exceeds the $150.00 budget (133.3%)']);
    expect(report.environments[0].status).toBe('changed');
    expect(report.summary.cost).toEqual({ before: 100, after: 200, delta: 100 });
  });

  it('a data store CloudFormation may replace is a warning for the reviewer, not a failure', () => {
    const db = (multiAz: boolean) => [{ name: 'app-dev', environment: 'dev', region: 'us-east-1', template: { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t3.medium', MultiAZ: multiAz }, Metadata: { 'haven:resource': 'databases.main' } } } } }];
    const report = diffReport(side({ stacks: db(false) }), side({ stacks: db(true) }));
    expect(report.exitCode).toBe(0);
    expect(report.warnings).toEqual(['dev: databases.main (database) may be replaced — conditional update behaviour of MultiAZ; haven deploy asks for --allow-data-replacement in production']);
    expect(formatDiffReport(report, 'markdown')).toContain('**Review:**\n- dev: databases.main (database) may be replaced');
  });

  it('keeps the Markdown under GitHub\'s comment limit: data loss first, the rest counted', () => {
    const resources: Record<string, { Type: string }> = { Vault: { Type: 'AWS::Backup::BackupVault' } };
    for (let i = 0; i < 130; i++) resources[`Topic${String(i).padStart(3, '0')}`] = { Type: 'AWS::SNS::Topic' };
    const report = diffReport(side({ stacks: [{ name: 'app-dev', environment: 'dev', region: 'us-east-1', template: { Resources: resources } }] }), side({}));
    expect(report.summary).toMatchObject({ remove: 131, dataLoss: 1 });
    const md = formatDiffReport(report, 'markdown');
    expect(md).toMatch(/\| \*\*remove\*\* ⚠️ \| Vault<br>_DATA LOSS: backup vault deleted_ \|/);
    expect(md).toContain('… and 11 more (data loss listed first); `--format json` lists every one.');
    expect(md).not.toContain('Topic129');
  });

  it('exits 0 when an environment already over budget gets cheaper, and reports added and removed environments', () => {
    const report = diffReport(
      side({ environments: ['dev', 'old'], cost: cost('dev', 200, { RDS: 200 }, 150), checks: [check('old', [finding('A@s/Db', 'fail')])] }),
      side({ environments: ['dev', 'new'], cost: cost('dev', 180, { RDS: 180 }, 150), checks: [check('new', [finding('B@s/Db', 'acknowledged')])] }),
    );
    expect(report.exitCode).toBe(0);
    const byName = Object.fromEntries(report.environments.map((e) => [e.name, e.compliance]));
    expect(byName.old).toMatchObject({ errorsBefore: 1, errorsAfter: 0, findings: [] });
    expect(byName.new.findings.map((f) => f.transition)).toEqual(['new-acknowledged']);
    expect(report.summary.fixedFindings).toBe(0);
    expect(report.environments.map((e) => [e.name, e.status])).toEqual([['dev', 'changed'], ['new', 'added'], ['old', 'removed']]);
    const md = formatDiffReport(report, 'markdown');
    expect(md.split('\n')[0]).toMatch(/^✅ \*\*Haven diff — p\*\*: 0 to add, 0 to modify, 0 to replace, 0 to remove · cost −\$20\.00\/month$/);
    expect(md).toContain('| **new** (new environment) |');
    expect(md).toContain('| **old** (environment removed from the spec) |');
  });
});
