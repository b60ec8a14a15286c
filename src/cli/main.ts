import { Command, CommanderError } from 'commander';
import { consoleOutput, EXIT, handleError, UserError, type Output } from './errors';
import { registerSchema } from './commands/schema';
import { registerSynth } from './commands/synth';
import { registerValidate } from './commands/validate';
import { checkCommand } from './commands/check';
import { registerCost } from './commands/cost';
import { registerDocs } from './commands/docs';
import { registerPlan } from './commands/plan';
import { registerDiff } from './commands/diff';
import { registerInit } from './commands/init';
import { havenVersion } from './version';
import { registerOpsCommands } from '../ops/cli';
import { parseIsoDate, utcDay, type IsoDate } from '../spec/date';
import { loadSpec } from '../spec/loader';

export interface CliContext {
  readonly io: Output;
  /** Exit code a command asks for (findings = 1) without throwing. */
  exitCode: number;
  /** The date every command judges expiry and support against (`--date`, default today in UTC). */
  date: IsoDate;
}

function registerCheck(program: Command, cli: CliContext): void {
  const check = checkCommand(
    {
      // One environment per check: the one named, else the most protected (production first).
      async buildApp(specPath, env, appContext) {
        const [{ buildApp }, { selectEnvironments }] = await Promise.all([import('../platform/app'), import('./workflow')]);
        const loaded = loadSpec(specPath, { date: cli.date });
        const plans = selectEnvironments(loaded, env ? [env] : undefined);
        const plan = env ? plans[0] : [...plans].sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier))[0];
        const built = buildApp(loaded, { environments: [plan.name], scratch: true, context: appContext });
        return { app: built.app, plan, stackRoles: built.environments[0].roles, date: loaded.date };
      },
      write: (text) => cli.io.out(text),
    },
    (code) => {
      cli.exitCode = code;
    },
  );
  // addCommand (unlike command()) inherits nothing: without this a usage error would exit the process with 1.
  program.addCommand(check.copyInheritedSettings(program));
}

const TIER_ORDER = ['production', 'staging', 'development'];

function registerOps(program: Command, cli: CliContext): void {
  registerOpsCommands(program, {
    // Synthesis (CDK) and the AWS SDK load only when an ops command runs.
    loadTarget: async (spec, environment, purpose) => (await import('./ops-target')).loadOpsTarget(spec, environment, { drFoundation: purpose === 'deploy', date: cli.date }),
    out: (line) => cli.io.out(line),
    err: (line) => cli.io.err(line),
    setExitCode: (code) => {
      cli.exitCode = code;
    },
  });
}

const COMMANDS = [registerInit, registerValidate, registerSynth, registerCheck, registerCost, registerDocs, registerPlan, registerDiff, registerOps, registerSchema];

function dateOption(value: string | undefined, today: IsoDate): IsoDate {
  if (value === undefined) return today;
  const date = parseIsoDate(value);
  if (!date) throw new UserError(`--date ${value} is not a calendar date; expected YYYY-MM-DD, e.g. --date ${today}`);
  return date;
}

/**
 * Runs the CLI; resolves to the process exit code: 0 ok, 1 findings, 2 bad input or a missing environment, 70 a bug.
 * Every error goes through handleError. `now` is the one read of the clock (the default `--date`).
 */
export async function main(argv: string[], io: Output = consoleOutput, now: () => Date = () => new Date()): Promise<number> {
  const debug = argv.includes('--debug');
  const today = utcDay(now());
  const cli: CliContext = { io, exitCode: EXIT.ok, date: today };
  const program = new Command()
    .name('haven')
    .description('Compliance-grade AWS platforms from one YAML spec')
    .version(havenVersion(), '-V, --version', 'print Haven\'s version')
    .option('--debug', 'show stack traces for errors')
    .option('--date <YYYY-MM-DD>', 'judge expiries and support windows (acknowledgements, EKS, Lambda runtimes) as of this day (default: today, UTC)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false);
  program.hook('preAction', () => {
    cli.date = dateOption(program.opts<{ date?: string }>().date, today);
  });
  for (const register of COMMANDS) register(program, cli);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return cli.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a usage error (commander printed it, with the allowed choices) is bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    return handleError(error, io, debug);
  }
}
