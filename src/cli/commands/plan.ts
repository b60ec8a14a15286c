import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import type { CheckReport } from '../../compliance';
import { renderReport } from '../../compliance/report';
import { formatCostReport } from '../../cost';
import { loadSpec } from '../../spec/loader';
import type { CliContext } from '../main';

function usd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;
}

/** validate → synth → check → cost → docs, with progress per stage and a one-screen summary. */
export function registerPlan(program: Command, cli: CliContext): void {
  program
    .command('plan')
    .description('validate, synthesize, check, price and document the platform in one go (offline)')
    .argument('<spec>', 'path to haven.yaml')
    .option('-e, --env <name...>', 'only these environments (default: all)')
    .option('-o, --out <dir>', 'where the assembly, reports and docs go (default: out/<project>)')
    .option('--no-nag', 'Haven rules only, without the cdk-nag packs (faster)')
    .action(async (file: string, opts: { env?: string[]; out?: string; nag: boolean }) => {
      const started = Date.now();
      const [{ synthesizeTo, placeholderAccountWarning }, { synthesizedTemplates }, { attachChecks, checkBuilt, CHECKED_SYNTH_CONTEXT, costOf, docsInput, recoveryOf, selectEnvironments, writeDocsTo }, { checkOutputDir, claimOutputDir }] =
        await Promise.all([import('../synthesize'), import('../../platform/app'), import('../workflow'), import('../output-dir')]);
      const stage = (name: string) => {
        const t = Date.now();
        cli.io.err(`• ${name}…`);
        return () => cli.io.err(`  ${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      };

      let done = stage('validate');
      const loaded = loadSpec(file, { date: cli.date });
      const plans = selectEnvironments(loaded, opts.env);
      done();

      const out = path.resolve(opts.out ?? path.join('out', loaded.spec.project.name));
      checkOutputDir(out, 'plan', { protect: [file] });
      // One synthesis for every step: the rule packs run inside it (CDK validation plugins) and write their findings
      // into the kept assembly's validation-report.json; check, cost and docs all read that assembly.
      done = stage('synth');
      claimOutputDir(out, 'plan', { protect: [file] });
      const { built, assembly, outdir } = synthesizeTo(loaded, path.join(out, 'cdk.out'), plans.map((p) => p.name), { context: CHECKED_SYNTH_CONTEXT, prepare: (b) => attachChecks(b, { nag: opts.nag }) });
      const templates = synthesizedTemplates(built, outdir);
      done();
      const warning = placeholderAccountWarning(loaded, plans.map((p) => p.name));
      if (warning) cli.io.err(warning);

      done = stage('check');
      const checks: CheckReport[] = checkBuilt(built, outdir, loaded.date, { nag: opts.nag });
      fs.mkdirSync(path.join(out, 'check'), { recursive: true });
      for (const report of checks) {
        fs.writeFileSync(path.join(out, 'check', `${report.environment}.html`), renderReport(report, 'html'));
        fs.writeFileSync(path.join(out, 'check', `${report.environment}.json`), renderReport(report, 'json'));
      }
      done();

      done = stage('cost');
      const cost = costOf(loaded, plans, templates);
      fs.writeFileSync(path.join(out, 'cost.md'), formatCostReport(cost, 'markdown'));
      done();

      done = stage('docs');
      const docs = writeDocsTo(path.join(out, 'docs'), docsInput(loaded, plans, templates, cost, checks), { protect: [file] });
      done();

      const recovery = recoveryOf(loaded, plans);
      const resources = templates.reduce((n, t) => n + Object.keys(t.template.Resources ?? {}).length, 0);
      const lines = [
        '',
        `Haven plan — ${loaded.spec.project.name} (${loaded.spec.compliance.frameworks.join(', ')}), as of ${loaded.date}`,
        `  stacks: ${assembly.stacks.length} (+${templates.length - assembly.stacks.length} nested), resources: ${resources}`,
        '',
        `  ${'environment'.padEnd(14)}${'tier'.padEnd(13)}${'regions'.padEnd(28)}${'monthly'.padStart(10)}  ${'RPO / RTO'.padEnd(20)}compliance`,
      ];
      for (const plan of plans) {
        const check = checks.find((c) => c.environment === plan.name)!;
        const envCost = cost.environments.find((e) => e.name === plan.name)?.monthlyUsd ?? 0;
        const o = recovery[plan.name];
        const rr = o.rpoMinutes === null ? 'no region DR' : `${Math.round(o.rpoMinutes)} min / ${Math.round(o.rtoMinutes ?? 0)} min`;
        const frameworks = check.summary.map((s) => `${s.framework} ${[s.not_met ? `${s.not_met} not met` : '', s.met_with_exception ? `${s.met_with_exception} with exceptions` : '', s.warnings ? `${s.warnings} with warnings` : ''].filter(Boolean).join(', ') || 'ok'}`).join(', ');
        const regions = plan.regions.dr ? `${plan.regions.primary} → ${plan.regions.dr}` : plan.regions.primary;
        lines.push(`  ${plan.name.padEnd(14)}${plan.tier.padEnd(13)}${regions.padEnd(28)}${usd(envCost).padStart(10)}  ${rr.padEnd(20)}${check.passed ? 'PASS' : 'FAIL'} (${frameworks})`);
      }
      const overBudget = cost.budgets.filter((b) => !b.withinBudget);
      lines.push(
        '',
        `  total monthly estimate: ${usd(cost.monthlyUsd)} (prices as of ${cost.priceTable.asOf})${overBudget.length ? ` — OVER BUDGET in ${overBudget.map((b) => b.scope).join(', ')}` : ''}`,
        `  assembly: ${outdir}`,
        `  reports:  ${path.join(out, 'check')}/<env>.html, ${path.join(out, 'cost.md')}`,
        `  docs:     ${path.join(out, 'docs')} (${docs.length} files)`,
      );
      cli.io.out(lines.join('\n'));
      // Timing is progress, like the stage lines: on stderr, so the summary is the same on every run.
      cli.io.err(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (checks.some((c) => !c.passed)) cli.exitCode = 1;
    });
}
