import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { listedAwsFacts } from '../../src/docs/aws-facts';
import { loadSpec } from '../../src/spec/loader';
import { EXAMPLES } from '../helpers';
import { checkExample } from '../support/example-assembly';

// Every bundled example, every environment: it loads (validate), synthesizes and passes `haven check` with only
// reasoned acknowledgements: what README.md promises a newcomer. Each environment is synthesized once, with the
// rule packs attached, and shared (test/support/example-assembly.ts); both checks below read that assembly.
const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const cases = examples.flatMap((file) => Object.keys(loadSpec(path.join(EXAMPLES, file)).plans).map((env) => [file, env] as const));

describe('bundled examples', () => {
  it('there are five, one per seed', () => {
    expect(examples).toEqual(['berthcare.yaml', 'capitol-eye-care.yaml', 'estate-kit.yaml', 'omnirapeutic.yaml', 'techcorp.yaml']);
  });

  it.each(cases)('%s, environment %s: haven check passes with no unacknowledged finding', (file, env) => {
    const report = checkExample(file, env);
    const open = report.findings.filter((f) => f.severity === 'error' && f.status === 'fail').map((f) => f.id);
    expect(open).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.passed).toBe(true);
    // The check really ran the framework packs over a real platform.
    expect(report.packs.length).toBeGreaterThan(0);
    expect(report.rules.length).toBeGreaterThan(10);
  });
});

// The AWS Control Tower proactive controls (cfn-guard, `haven check --guard`) over the same platforms: every control
// either holds in the templates or is acknowledged with Haven's reason or the spec's.
describe('bundled examples under the Control Tower proactive controls', () => {
  it.each(cases)('%s, environment %s: haven check --guard passes', (file, env) => {
    const report = checkExample(file, env, { guard: true });
    expect(report.packs).toContain('cfn-guard');
    const open = report.findings.filter((f) => f.severity === 'error' && f.status === 'fail').map((f) => f.id);
    expect(open).toEqual([]);
    // Guard did evaluate the platform: its findings are there, each acknowledged with a reason and mapped to controls.
    const guard = report.findings.filter((f) => f.source === 'cfn-guard');
    expect(guard.length).toBeGreaterThan(0);
    for (const f of guard) {
      expect(f.acknowledgement?.reason.length, f.id).toBeGreaterThan(20);
      expect(f.unmapped, f.id).toBeUndefined();
    }
    // Every rule Haven's built-in acknowledgements keep from failing is named, with the AWS page of its fact, in the
    // example's traceability file (issue #15; `npm run trace:facts` writes that section).
    const listed = listedAwsFacts(fs.readFileSync(path.join(EXAMPLES, file.replace(/\.yaml$/, '.md')), 'utf8'));
    const builtin = report.acknowledgements.filter((a) => a.builtin);
    expect(builtin.length).toBeGreaterThan(0);
    for (const use of builtin) {
      for (const rule of use.rules) expect(listed, `${rule}: ${use.reason}`).toContainEqual({ rule, docs: use.docs ?? '—', builtin: true });
    }
  });
});
