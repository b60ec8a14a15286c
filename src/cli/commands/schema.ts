import type { Command } from 'commander';
import { havenJsonSchema } from '../../spec/schema';
import type { CliContext } from '../main';

export function registerSchema(program: Command, cli: CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of haven.yaml (for yaml-language-server and other editors)')
    .action(() => {
      cli.io.out(JSON.stringify(havenJsonSchema(), null, 2));
    });
}
