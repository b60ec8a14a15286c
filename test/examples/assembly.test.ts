import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { runGuard, runGuardUnfiltered } from '../../src/compliance';
import { attachChecks, checkBuilt, checkEnvironment, CHECKED_SYNTH_CONTEXT } from '../../src/cli/workflow';
import { synthesizeTo } from '../../src/cli/synthesize';
import { synthesizedTemplates } from '../../src/platform/app';
import { loadSpec } from '../../src/spec/loader';
import { EXAMPLES } from '../helpers';
import { exampleAssembly } from '../support/example-assembly';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `haven-${name}-`));
const withoutDate = <T extends { date: string }>(r: T) => ({ ...r, date: undefined });

// `haven plan` synthesizes once, with the rule packs attached and the check context, and writes that assembly.
describe('one synthesis for plan', () => {
  const loaded = loadSpec(path.join(EXAMPLES, 'omnirapeutic.yaml'));
  const envs = Object.keys(loaded.plans);
  const plain = synthesizeTo(loaded, path.join(tmp('plain'), 'cdk.out'), envs);
  const checked = synthesizeTo(loaded, path.join(tmp('checked'), 'cdk.out'), envs, { context: CHECKED_SYNTH_CONTEXT, prepare: (b) => attachChecks(b) });

  it('writes the same templates as haven synth (the packs only read them)', () => {
    const a = synthesizedTemplates(plain.built, plain.outdir);
    const b = synthesizedTemplates(checked.built, checked.outdir);
    expect(b.map((t) => t.name)).toEqual(a.map((t) => t.name));
    expect(b.length).toBeGreaterThan(0);
    for (let i = 0; i < a.length; i++) expect(b[i].template, a[i].name).toEqual(a[i].template);
    // The one addition is cdk-nag's report, which the check reads.
    expect(fs.existsSync(path.join(checked.outdir, 'validation-report.json'))).toBe(true);
  });

  it('checks every environment from that assembly exactly as a separate check synthesis does', () => {
    const fromPlan = checkBuilt(checked.built, checked.outdir, loaded.date);
    expect(fromPlan.map((r) => r.environment)).toEqual(envs);
    for (const report of fromPlan) {
      const alone = checkEnvironment(loaded, loaded.plans[report.environment]);
      expect(report.findings.length).toBeGreaterThan(0);
      expect(withoutDate(report)).toEqual(withoutDate(alone));
    }
  });
});

// runGuard cuts templates down per rule and runs rules in parallel groups; it must report what guard reports when
// every rule reads every whole template (the slow reference runner).
describe('fast cfn-guard runner', () => {
  it('finds exactly what the reference runner finds on an example environment', () => {
    const env = exampleAssembly('omnirapeutic.yaml', Object.keys(loadSpec(path.join(EXAMPLES, 'omnirapeutic.yaml')).plans)[0]);
    const files = fs.readdirSync(env.dir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(env.dir, f));
    const key = (vs: ReturnType<typeof runGuard>) => vs.flatMap((v) => v.logicalIds.map((id) => [path.basename(v.templatePath), v.controlId, v.ruleName, v.description, v.fix, id].join(' | '))).sort();
    const fast = key(runGuard(files, { cache: false }));
    expect(fast.length).toBeGreaterThan(0);
    expect(fast).toEqual(key(runGuardUnfiltered(files)));
    // And the cache returns the same again.
    expect(key(runGuard(files))).toEqual(fast);
    expect(key(runGuard(files))).toEqual(fast);
  }, 600_000);
});
