import { Command, CommanderError } from 'commander';
import { consoleOutput, EXIT, handleError, type Output } from './errors';
import { registerSchema } from './commands/schema';
import { registerSynth } from './commands/synth';
import { registerValidate } from './commands/validate';

export interface CliContext {
  readonly io: Output;
  /** Exit code a command asks for (findings = 1) without throwing. */
  exitCode: number;
}

const COMMANDS = [registerValidate, registerSynth, registerSchema];

/** Runs the CLI; resolves to the process exit code. Every error goes through handleError. */
export async function main(argv: string[], io: Output = consoleOutput): Promise<number> {
  const debug = argv.includes('--debug');
  const cli: CliContext = { io, exitCode: EXIT.ok };
  const program = new Command()
    .name('haven')
    .description('Compliance-grade AWS platforms from one YAML spec')
    .option('--debug', 'show stack traces for errors')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false);
  for (const register of COMMANDS) register(program, cli);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return cli.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a usage error is bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    return handleError(error, io, debug);
  }
}
