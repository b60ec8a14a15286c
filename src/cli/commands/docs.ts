import type { Command } from 'commander';
import { loadSpec } from '../../spec/loader';
import type { CliContext } from '../main';

export function registerDocs(program: Command, cli: CliContext): void {
  program
    .command('docs')
    .description('generate Markdown documentation (architecture, inventory, security, DR, monitoring, cost, runbooks)')
    .argument('<spec>', 'path to haven.yaml')
    .option('-e, --env <name...>', 'only these environments (default: all)')
    .requiredOption('-o, --out <dir>', 'directory to write the documentation to')
    .option('--no-check', 'leave the compliance summary out (faster)')
    .action(async (file: string, opts: { env?: string[]; out: string; check: boolean }) => {
      const { checkEnvironment, costOf, docsInput, selectEnvironments, templatesOf, writeDocsTo } = await import('../workflow');
      const loaded = loadSpec(file);
      const plans = selectEnvironments(loaded, opts.env);
      const templates = templatesOf(loaded, plans.map((p) => p.name));
      const cost = costOf(loaded, plans, templates);
      const checks = opts.check ? plans.map((p) => checkEnvironment(loaded, p)) : [];
      const written = writeDocsTo(opts.out, docsInput(loaded, plans, templates, cost, checks));
      cli.io.out(`Wrote ${written.length} files to ${opts.out}`);
    });
}
