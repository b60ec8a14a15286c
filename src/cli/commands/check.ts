import type { App } from 'aws-cdk-lib';
import { Command, Option } from 'commander';
import { exitCodeFor, renderReport, REPORT_FORMATS, type ReportFormat } from '../../compliance/report';
import { checkEnvironmentFromPlan } from '../../compliance/plan';
import type { EnvironmentPlan } from '../../spec/resolve';
import { FRAMEWORKS, type Framework } from '../../spec/sections/compliance';
import { writeOutputFile } from '../output-dir';

/** What the check command needs from the rest of Haven: build (not synthesize) one environment's app. */
export interface CheckCommandDeps {
  /**
   * Load and validate the spec, then build the CDK app for one environment (the default one when `env` is
   * undefined). `appContext` must be passed to `new App({ context })`. `date` is the day the spec was validated
   * for; acknowledgement expiry is judged against it.
   */
  buildApp(specPath: string, env: string | undefined, appContext: Record<string, unknown>): Promise<{ app: App; plan: EnvironmentPlan; stackRoles?: Record<string, string>; date: string }>;
  write?(text: string): void;
}

export interface CheckOptions {
  env?: string;
  framework?: Framework[];
  format: ReportFormat;
  out?: string;
  guard?: boolean;
  nag?: boolean;
  /** Commander's `--no-builtin-acknowledgements`: false runs the packs without Haven's built-in acknowledgements. */
  builtinAcknowledgements?: boolean;
}

/** Run `haven check`; resolves to the process exit code (1 when an unacknowledged error remains). */
export async function runCheckCommand(specPath: string, opts: CheckOptions, deps: CheckCommandDeps): Promise<number> {
  // cdk-nag and the rule packs load only when a check runs.
  const { CHECK_APP_CONTEXT, checkApp } = await import('../../compliance/synth');
  const { app, plan, stackRoles, date } = await deps.buildApp(specPath, opts.env, { ...CHECK_APP_CONTEXT });
  const report = checkApp(app, {
    frameworks: plan.compliance.frameworks,
    reportFrameworks: opts.framework,
    environment: checkEnvironmentFromPlan(plan),
    acknowledgements: plan.compliance.acknowledge,
    stackRoles,
    nag: opts.nag,
    guard: opts.guard,
    builtinAcknowledgements: opts.builtinAcknowledgements,
    date,
  });
  const text = renderReport(report, opts.format);
  if (opts.out) {
    writeOutputFile(opts.out, text);
    // Keep the one-screen summary on the terminal when the full report goes to a file.
    if (opts.format !== 'text') (deps.write ?? ((t) => process.stdout.write(t)))(renderReport(report, 'text'));
  } else {
    (deps.write ?? ((t) => process.stdout.write(t)))(text);
  }
  return exitCodeFor(report);
}

/** `haven check <spec> [--env] [--framework …] [--format …] [--out FILE] [--guard] [--no-nag] [--no-builtin-acknowledgements]` */
export function checkCommand(deps: CheckCommandDeps, onExit: (code: number) => void = (c) => { process.exitCode = c; }): Command {
  return new Command('check')
    .description('Prove the synthesized platform against the spec\'s compliance frameworks, control by control')
    .argument('<spec>', 'path to haven.yaml')
    .option('-e, --env <name>', 'environment to check')
    .addOption(new Option('-f, --framework <framework...>', 'report only these frameworks').choices([...FRAMEWORKS]))
    .addOption(new Option('--format <format>', 'report format').choices([...REPORT_FORMATS]).default('text'))
    .option('-o, --out <file>', 'write the report to a file')
    .option('--guard', 'also run the AWS Control Tower proactive controls (cfn-guard; slow)', false)
    .option('--no-nag', 'skip the cdk-nag packs (Haven rules only)')
    .option('--no-builtin-acknowledgements', 'apply none of Haven\'s built-in acknowledgements: shows what the platform meets on its own (the spec\'s acknowledgements still apply)')
    .action(async (spec: string, opts: CheckOptions) => {
      onExit(await runCheckCommand(spec, opts, deps));
    });
}
