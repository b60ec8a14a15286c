import { describe, expect, it } from 'vitest';
import { HAVEN_RULES, runCheck, type CheckReport } from '../../src/compliance';
import { exitCodeFor, renderReport, REPORT_FORMATS, type ReportFormat } from '../../src/compliance/report';
import type { AcknowledgementSpec } from '../../src/spec/sections/compliance';
import { BASELINE, ctx, stack } from './fixtures';

const DATE = '2026-11-23';
const secrets = stack({ ...BASELINE, Key: { Type: 'AWS::SecretsManager::Secret', Metadata: { 'haven:resource': 'secrets.stripe' } } });
const rotation = HAVEN_RULES.find((r) => r.id === 'HAVEN-SECRET-ROTATION')!;
const ack = (over: Partial<AcknowledgementSpec> = {}): AcknowledgementSpec => ({
  rule: 'HAVEN-SECRET-ROTATION', resource: 'secrets.stripe', reason: 'Rotated by hand in the vendor dashboard.', owner: 'security@example.com', expires: '2027-01-31', ...over,
});

/** What each format says about the verdict, read the way its consumer reads it. */
const VERDICT: Record<ReportFormat, (text: string) => 0 | 1> = {
  text: (t) => (/^FAILED/m.test(t) ? 1 : /^PASSED/m.test(t) ? 0 : fail(`no verdict in text:\n${t}`)),
  json: (t) => (JSON.parse(t).passed ? 0 : 1),
  markdown: (t) => (t.includes('**Failed') ? 1 : t.includes('**Passed') ? 0 : fail('no verdict in markdown')),
  html: (t) => (/id="verdict" class="verdict fail"/.test(t) ? 1 : /id="verdict" class="verdict pass"/.test(t) ? 0 : fail('no verdict in html')),
  // GitHub code scanning fails on an error-level result nobody suppressed.
  sarif: (t) => {
    const run = JSON.parse(t).runs[0];
    const open = run.results.filter((r: { level: string; suppressions?: unknown[] }) => r.level === 'error' && !r.suppressions?.length).length;
    expect(run.properties.passed).toBe(open === 0);
    return open > 0 ? 1 : 0;
  },
  // CI reads the failures attribute of <testsuites>; it must also match the failure elements.
  junit: (t) => {
    const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(t)![1]);
    expect((t.match(/<failure /g) ?? []).length).toBe(failures);
    return failures > 0 ? 1 : 0;
  },
};

function fail(message: string): never {
  throw new Error(message);
}

const REPORTS: Record<string, () => CheckReport> = {
  'an unacknowledged error on a control': () => runCheck({ context: ctx([secrets]), date: DATE }),
  'only warnings on a control': () => runCheck({ context: ctx([secrets]), date: DATE, rules: [{ ...rotation, severity: 'warning' }] }),
  'an error no control lists (an expired acknowledgement)': () => runCheck({ context: ctx([secrets]), date: DATE, acknowledgements: [ack(), ack({ rule: 'HAVEN-S3-TLS', resource: undefined, expires: '2026-01-01' })] }),
  'everything acknowledged': () => runCheck({ context: ctx([secrets]), date: DATE, acknowledgements: [ack()] }),
};

describe('every report format agrees with the exit code', () => {
  for (const [name, build] of Object.entries(REPORTS)) {
    it(name, () => {
      const report = build();
      const code = exitCodeFor(report);
      for (const format of REPORT_FORMATS) expect({ format, verdict: VERDICT[format](renderReport(report, format)) }).toEqual({ format, verdict: code });
    });
  }

  it('the cases cover both outcomes and the warning-only control', () => {
    expect(exitCodeFor(REPORTS['an unacknowledged error on a control']())).toBe(1);
    expect(exitCodeFor(REPORTS['an error no control lists (an expired acknowledgement)']())).toBe(1);
    const warned = REPORTS['only warnings on a control']();
    expect(exitCodeFor(warned)).toBe(0);
    // A control whose only open findings are warnings is met (it passes on its own) and carries them, never failing.
    expect(warned.controls.filter((c) => c.status === 'met' && c.warnings > 0).length).toBeGreaterThan(0);
    expect(warned.controls.filter((c) => c.status === 'not_met')).toEqual([]);
    expect(exitCodeFor(REPORTS['everything acknowledged']())).toBe(0);
  });
});
