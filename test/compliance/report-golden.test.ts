import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { renderReport, runCheck } from '../../src/compliance';
import { goldenInput } from './golden-platform';

const GOLDEN = path.join(__dirname, 'golden', 'report.json');

describe('JSON report (golden)', () => {
  it('matches the reviewed golden file (UPDATE_GOLDEN=1 to rewrite after a deliberate change)', () => {
    const json = renderReport(runCheck(goldenInput()), 'json');
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, json);
    expect(JSON.parse(json)).toEqual(JSON.parse(fs.readFileSync(GOLDEN, 'utf8')));
  });

  it('is deterministic', () => {
    expect(renderReport(runCheck(goldenInput()), 'json')).toBe(renderReport(runCheck(goldenInput()), 'json'));
  });

  it('fails on the unencrypted bucket, the expired acknowledgement and the flow logs, not on the acknowledged secret', () => {
    const r = runCheck(goldenInput());
    const open = r.findings.filter((f) => f.status === 'fail' && f.severity === 'error').map((f) => `${f.ruleId} ${f.evidence.resource}`);
    expect(open.sort()).toEqual(['AwsSolutions-VPC7 Vpc8378EB38', 'HAVEN-ACK-EXPIRED buckets.uploads', 'HAVEN-ENCRYPTION-AT-REST buckets.uploads', 'HAVEN-S3-TLS buckets.uploads'].sort());
    expect(r.errors).toBe(4);
    const byStatus = new Set(r.controls.map((c) => c.status));
    expect([...byStatus].sort()).toEqual(['met', 'met_with_exception', 'not_applicable', 'not_met', 'organizational']);
    expect(r.findings.find((f) => f.ruleId === 'HAVEN-ALARM-COVERAGE')?.acknowledgement).toMatchObject({ builtin: true, owner: 'haven' });
  });
});
