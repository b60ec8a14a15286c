import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { checkCommand, type CheckCommandDeps } from '../../../src/cli/commands/check';
import type { CheckReport } from '../../../src/compliance';
import type { EnvironmentPlan } from '../../../src/spec/resolve';
import { brokenPlatform, compliantPlatform } from '../../compliance/platforms';

function deps(build: (app: App) => void, region: string, acknowledge: unknown[] = []): CheckCommandDeps & { out: string[]; context?: Record<string, unknown> } {
  const d: CheckCommandDeps & { out: string[]; context?: Record<string, unknown> } = {
    out: [],
    async buildApp(_spec, env, appContext) {
      d.context = appContext;
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cli-')), context: appContext });
      build(app);
      // Only the fields the check reads; the real plan comes from resolveEnvironment.
      const plan = { name: env ?? 'prod', tier: 'production', regions: { primary: region }, compliance: { frameworks: ['pipeda', 'soc2'], acknowledge } } as unknown as EnvironmentPlan;
      return { app, plan, date: '2026-11-23' };
    },
    write: (t) => d.out.push(t),
  };
  return d;
}

async function run(d: CheckCommandDeps, args: string[]): Promise<number> {
  let code = -1;
  await checkCommand(d, (c) => { code = c; }).parseAsync(['node', 'haven', ...args]);
  return code;
}

describe('haven check', () => {
  it('exits 1 on the broken platform and prints the failures', async () => {
    const d = deps(brokenPlatform, 'us-east-1');
    expect(await run(d, ['haven.yaml', '--no-nag'])).toBe(1);
    expect(d.context).toEqual({ '@aws-cdk/core:failSynthOnValidationErrors': false });
    expect(d.out.join('')).toMatch(/HAVEN-RESIDENCY[\s\S]*buckets\.records/);
  });

  it('exits 0 when the only error is acknowledged in the spec, and writes the requested format to --out', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cli-out-')), 'report.sarif');
    const ack = { rule: 'HAVEN-AUDIT-SERVICES', reason: 'CloudTrail, Config and GuardDuty are enabled organization-wide by Control Tower.', owner: 'platform@example.com', expires: '2099-01-01' };
    const d = deps(compliantPlatform, 'ca-central-1', [ack]);
    expect(await run(d, ['haven.yaml', '--no-nag', '--format', 'sarif', '--out', file, '--framework', 'pipeda'])).toBe(0);
    const sarif = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'HAVEN-AUDIT-SERVICES')).toHaveLength(3);
    expect(sarif.runs[0].results.every((r: { suppressions?: unknown[] }) => r.suppressions?.length === 1)).toBe(true);
    expect(d.out.join('')).toMatch(/PASSED/);
  });

  it('--no-builtin-acknowledgements reports what Haven\'s built-in acknowledgements covered as open', async () => {
    const json = async (extra: string[]) => {
      const d = deps(brokenPlatform, 'us-east-1');
      await run(d, ['haven.yaml', '--no-nag', '--format', 'json', ...extra]);
      return JSON.parse(d.out.join('')) as CheckReport;
    };
    const [normal, bare] = [await json([]), await json(['--no-builtin-acknowledgements'])];
    const byHaven = normal.findings.filter((f) => f.acknowledgement?.builtin);
    expect(byHaven.length).toBeGreaterThan(0);
    expect(normal.builtinAcknowledgements).toBe(true);
    expect(bare.builtinAcknowledgements).toBe(false);
    expect(bare.findings.filter((f) => f.acknowledgement?.builtin)).toEqual([]);
    const open = (r: CheckReport) => r.findings.filter((f) => f.status === 'fail').map((f) => f.id).sort();
    expect(open(bare)).toEqual([...open(normal), ...byHaven.map((f) => f.id)].sort());
    expect(bare.summary.map((s) => s.met)).toEqual(normal.summary.map((s) => s.met));
  });

  it('rejects an unknown framework', async () => {
    const d = deps(compliantPlatform, 'ca-central-1');
    const cmd = checkCommand(d, () => undefined).exitOverride().configureOutput({ writeErr: () => undefined });
    await expect(cmd.parseAsync(['node', 'haven', 'haven.yaml', '--framework', 'iso27001'])).rejects.toThrow(/iso27001/);
  });
});
