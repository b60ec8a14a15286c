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
      const [{ checkEnvironment, costOf, docsInput, selectEnvironments, templatesOf, writeDocsTo }, { checkOutputDir }] = await Promise.all([import('../workflow'), import('../output-dir')]);
      const loaded = loadSpec(file, { date: cli.date });
      const plans = selectEnvironments(loaded, opts.env);
      // Refuse a directory Haven may not replace before the slow part.
      checkOutputDir(opts.out, 'docs', { protect: [file] });
      const templates = templatesOf(loaded, plans.map((p) => p.name));
      const cost = costOf(loaded, plans, templates);
      const checks = opts.check ? plans.map((p) => checkEnvironment(loaded, p)) : [];
      const written = writeDocsTo(opts.out, docsInput(loaded, plans, templates, cost, checks), { protect: [file] });
      cli.io.out(`Wrote ${written.length} files to ${opts.out}`);
    });
}
