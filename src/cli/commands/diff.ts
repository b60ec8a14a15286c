import * as fs from 'fs';
import * as path from 'path';
import { Option, type Command } from 'commander';
import type { CheckReport } from '../../compliance';
import { checkEnvironmentFromPlan } from '../../compliance/plan';
import { loadPriceTable, type PriceTable } from '../../cost';
import { DIFF_FORMATS, type DiffFormat, type DiffSide } from '../../diff';
import { readSpecSource, SpecSourceError, type SpecSource } from '../../diff/source';
import { parseSpec, type LoadedSpec } from '../../spec/loader';
import { UserError } from '../errors';
import type { CliContext } from '../main';

interface DiffOptions {
  readonly env?: string;
  readonly format: DiffFormat;
  readonly out?: string;
  readonly nag: boolean;
}

function source(arg: string, other: string): SpecSource {
  try {
    return readSpecSource(arg, other);
  } catch (e) {
    if (e instanceof SpecSourceError) throw new UserError(e.message);
    throw e;
  }
}

/** The environments the diff covers on one side: all of them, or the one --env names when that side has it. */
function environmentsOf(loaded: LoadedSpec, env: string | undefined): string[] {
  const names = Object.keys(loaded.plans);
  return env === undefined ? names : names.filter((n) => n === env);
}

/** Synthesizes, prices, checks and recovers one side (the same price table for both, so prices cancel out). */
async function computeSide(src: SpecSource, loaded: LoadedSpec, environments: readonly string[], prices: PriceTable | undefined, nag: boolean): Promise<DiffSide> {
  const { checkEnvironment, costOf, recoveryOf, templatesOf } = await import('../workflow');
  const plans = environments.map((n) => loaded.plans[n]);
  const stacks = plans.length > 0 ? templatesOf(loaded, environments) : [];
  const checks: CheckReport[] = plans.map((p) => checkEnvironment(loaded, p, { nag }));
  const targets = Object.fromEntries(plans.map((p) => {
    const env = checkEnvironmentFromPlan(p);
    return [p.name, { ...(env.rpoMinutes !== undefined ? { rpoMinutes: env.rpoMinutes } : {}), ...(env.rtoMinutes !== undefined ? { rtoMinutes: env.rtoMinutes } : {}) }];
  }));
  return {
    source: src.label,
    project: loaded.spec.project.name,
    environments,
    stacks,
    cost: costOf(loaded, plans, stacks, prices),
    checks,
    recovery: recoveryOf(loaded, plans),
    targets,
  };
}

/** Refreshed prices beside the working spec (`haven cost --refresh-prices`), else the bundled table. */
function priceTableFor(spec: SpecSource): PriceTable | undefined {
  const file = path.join(path.dirname(path.resolve(spec.file)), '.haven', 'prices.json');
  return fs.existsSync(file) ? loadPriceTable(fs.readFileSync(file, 'utf8')) : undefined;
}

export function registerDiff(program: Command, cli: CliContext): void {
  program
    .command('diff')
    .description('what a spec change does: resources added, changed or replaced (data loss), cost, compliance and RPO/RTO (offline)')
    .argument('<base>', 'the spec before the change: a file, or git:REF for the other side\'s path at a git revision')
    .argument('<new>', 'the spec after the change: a file, or git:REF')
    .option('-e, --env <name>', 'only this environment (default: every environment of either side)')
    .addOption(new Option('--format <format>', 'output format').choices([...DIFF_FORMATS]).default('text'))
    .option('-o, --out <file>', 'write the report to a file')
    .option('--no-nag', 'Haven rules only, without the cdk-nag packs (faster)')
    .action(async (baseArg: string, newArg: string, opts: DiffOptions) => {
      // Every input is read and validated before anything is synthesized or written.
      if (opts.out && !fs.existsSync(path.dirname(path.resolve(opts.out)))) throw new UserError(`--out ${opts.out}: directory ${path.dirname(opts.out)} does not exist`);
      const baseSource = source(baseArg, newArg);
      const newSource = source(newArg, baseArg);
      // Relative paths in a spec read from git resolve beside the working-tree file it stands for.
      const base = parseSpec(baseSource.text, baseSource.label, { specDirectory: path.dirname(path.resolve(baseSource.file)) });
      const next = parseSpec(newSource.text, newSource.label, { specDirectory: path.dirname(path.resolve(newSource.file)) });
      if (opts.env !== undefined && !base.plans[opts.env] && !next.plans[opts.env]) {
        const known = [...new Set([...Object.keys(next.plans), ...Object.keys(base.plans)])];
        throw new UserError(`unknown environment ${opts.env}; the specs define ${known.join(', ')}`);
      }
      const prices = priceTableFor(isGit(newArg) ? baseSource : newSource);

      cli.io.err(`• ${baseSource.label}: synth, check, cost…`);
      const before = await computeSide(baseSource, base, environmentsOf(base, opts.env), prices, opts.nag);
      cli.io.err(`• ${newSource.label}: synth, check, cost…`);
      const after = await computeSide(newSource, next, environmentsOf(next, opts.env), prices, opts.nag);

      const { diffReport, formatDiffReport } = await import('../../diff');
      const report = diffReport(before, after);
      const text = formatDiffReport(report, opts.format);
      if (opts.out) fs.writeFileSync(opts.out, text);
      else cli.io.out(text);
      cli.exitCode = report.exitCode;
    });
}

function isGit(arg: string): boolean {
  return arg.startsWith('git:');
}
