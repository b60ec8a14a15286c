import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { checkEnvironment } from '../../src/cli/workflow';
import { loadSpec } from '../../src/spec/loader';
import { EXAMPLES } from '../helpers';

// Every bundled example, every environment: it loads (validate), synthesizes (the check synthesizes it) and
// passes `haven check` with only reasoned acknowledgements: what README.md promises a newcomer.
const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort();
const cases = examples.flatMap((file) => Object.keys(loadSpec(path.join(EXAMPLES, file)).plans).map((env) => [file, env] as const));

describe('bundled examples', () => {
  it('there are five, one per seed', () => {
    expect(examples).toEqual(['berthcare.yaml', 'capitol-eye-care.yaml', 'estate-kit.yaml', 'omnirapeutic.yaml', 'techcorp.yaml']);
  });

  it.each(cases)('%s, environment %s: haven check passes with no unacknowledged finding', (file, env) => {
    const loaded = loadSpec(path.join(EXAMPLES, file));
    const report = checkEnvironment(loaded, loaded.plans[env]);
    const open = report.findings.filter((f) => f.severity === 'error' && f.status === 'fail').map((f) => f.id);
    expect(open).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.passed).toBe(true);
    // The check really ran the framework packs over a real platform.
    expect(report.packs.length).toBeGreaterThan(0);
    expect(report.rules.length).toBeGreaterThan(10);
  }, 180_000);
});

// The AWS Control Tower proactive controls (cfn-guard, `haven check --guard`) over the same platforms: every control
// either holds in the templates or is acknowledged with Haven's reason or the spec's. Slow (the guard binary reads
// each template, nested ones included), so one test per environment, in parallel with the rest of the suite.
describe('bundled examples under the Control Tower proactive controls', () => {
  it.each(cases)('%s, environment %s: haven check --guard passes', (file, env) => {
    const loaded = loadSpec(path.join(EXAMPLES, file));
    const report = checkEnvironment(loaded, loaded.plans[env], { guard: true });
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
  }, 600_000);
});
