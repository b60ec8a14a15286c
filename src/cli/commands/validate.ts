import type { Command } from 'commander';
import { loadSpec } from '../../spec/loader';
import type { CliContext } from '../main';

export function registerValidate(program: Command, cli: CliContext): void {
  program
    .command('validate')
    .description('check a spec: shape, then cross-field rules; every problem reported with file:line:col')
    .argument('<spec>', 'path to haven.yaml')
    .option('--json', 'machine-readable result')
    .action((file: string, opts: { json?: boolean }) => {
      const loaded = loadSpec(file, { date: cli.date });
      const environments = Object.values(loaded.plans).map((p) => ({ name: p.name, tier: p.tier, primary: p.regions.primary, dr: p.regions.dr ?? null }));
      if (opts.json) {
        cli.io.out(JSON.stringify({ file, valid: true, project: loaded.spec.project.name, environments }, null, 2));
      } else {
        cli.io.out(`${file}: valid — project ${loaded.spec.project.name}, ${environments.length} environment(s): ${environments.map((e) => `${e.name} (${e.tier}, ${e.primary}${e.dr ? ` → DR ${e.dr}` : ''})`).join(', ')}`);
      }
    });
}
