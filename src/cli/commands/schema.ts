import type { Command } from 'commander';
import { havenJsonSchema } from '../../spec/schema';
import type { CliContext } from '../main';

export function registerSchema(program: Command, cli: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of haven.yaml (for yaml-language-server and other editors)')
    .option('--markdown', 'print the spec reference instead (docs/spec.md): every field, type, default and the tier defaults')
    .action(async (opts: { markdown?: boolean }) => {
      if (opts.markdown) {
        const { specReferenceMarkdown } = await import('../../docs/spec-reference');
        cli.io.out(specReferenceMarkdown());
        return;
      }
      cli.io.out(JSON.stringify(havenJsonSchema(), null, 2));
    });
}
