import type { Command } from 'commander';
import { formatIssue, SpecError } from '../../spec/errors';
import { loadSpec } from '../../spec/loader';
import { EXIT } from '../errors';
import type { CliContext } from '../main';

export function registerValidate(program: Command, cli: CliContext): void {
  program
    .command('validate')
    .description('check a spec: shape, then cross-field rules; every problem reported with file:line:col')
    .argument('<spec>', 'path to haven.yaml')
    .option('--json', 'machine-readable result (also when the spec is invalid)')
    .action((file: string, opts: { json?: boolean }) => {
      let loaded;
      try {
        loaded = loadSpec(file, { date: cli.date });
      } catch (error) {
        if (!opts.json || !(error instanceof SpecError)) throw error;
        // A tool reading --json gets JSON on stdout either way; the exit code still says "bad input".
        cli.io.out(JSON.stringify({ file, valid: false, issues: error.issues }, null, 2));
        cli.exitCode = EXIT.badInput;
        return;
      }
      const warnings = loaded.warnings ?? [];
      const environments = Object.values(loaded.plans).map((p) => ({ name: p.name, tier: p.tier, primary: p.regions.primary, dr: p.regions.dr ?? null }));
      if (opts.json) {
        cli.io.out(JSON.stringify({ file, valid: true, project: loaded.spec.project.name, environments, warnings }, null, 2));
        return;
      }
      for (const warning of warnings) cli.io.err(`haven: warning: ${formatIssue(warning)}`);
      cli.io.out(`${file}: valid — project ${loaded.spec.project.name}, ${environments.length} environment(s): ${environments.map((e) => `${e.name} (${e.tier}, ${e.primary}${e.dr ? ` → DR ${e.dr}` : ''})`).join(', ')}`);
    });
}
