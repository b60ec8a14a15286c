import type { Command } from 'commander';
import type { AwsClients, Clock } from './aws';
import type { OpsToolkit } from './deploy';
import type { DrOperation } from './dr';
import { OpsError, opsExitCode } from './errors';
import type { Prompt } from './prompt';
import type { OpsTarget } from './target';

/**
 * Wiring for `haven deploy | verify | dr`. The ops layer never reads the spec: the caller passes
 * `loadTarget`, which parses/resolves the spec and synthesizes (or locates) the assembly.
 * The AWS SDK and the CDK toolkit load only when one of these commands runs, so the offline commands start fast.
 */
export interface OpsCliOptions {
  /** Builds the OpsTarget of one environment from the spec path; `deploy` also needs the DR foundation assembly. */
  readonly loadTarget: (specPath: string, environment: string, purpose: OpsPurpose) => Promise<OpsTarget>;
  readonly clients?: (profile: string | undefined) => AwsClients;
  readonly prompt?: Prompt;
  readonly toolkit?: OpsToolkit;
  readonly clock?: Clock;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
  /** @default sets process.exitCode */
  readonly setExitCode?: (code: number) => void;
}

export type OpsPurpose = 'deploy' | 'verify' | 'dr';

export function registerOpsCommands(program: Command, o: OpsCliOptions): void {
  const out = o.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = o.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  const exit = o.setExitCode ?? ((c: number) => { process.exitCode = c; });
  const clients = async (profile?: string) => (o.clients ? o.clients(profile) : new (await import('./aws')).AwsClients({ profile }));
  const prompt = async () => o.prompt ?? new (await import('./prompt')).TerminalPrompt();
  const guard = (f: () => Promise<number>) => async () => {
    try {
      exit(await f());
    } catch (e) {
      if (!(e instanceof OpsError)) throw e;
      err(`haven: ${e.message}`);
      // 1: the operation ran and failed; 2: bad input or a missing environment (see OpsErrorKind).
      exit(opsExitCode(e));
    }
  };

  program.command('deploy')
    .description('Deploy an environment: change summary, bootstrap check, typed confirmation for production, stacks in dependency order')
    .argument('<spec>', 'path to haven.yaml')
    .requiredOption('-e, --env <name>', 'environment name')
    .option('--region <region>', 'only the stacks of this region')
    .option('-y, --yes', 'skip the typed confirmation (security-sensitive changes to production still need it)')
    .option('--dry-run', 'show the stacks in order and what they would create (offline without credentials), plus the live change summary with credentials, and stop')
    .option('--allow-data-replacement', 'allow replacing or removing data resources in production')
    .option('--concurrency <n>', 'independent stacks deployed in parallel', (v) => Number(v), 4)
    .option('--profile <name>', 'AWS profile (SSO profiles included)')
    .action((spec: string, opts: { env: string; region?: string; yes?: boolean; dryRun?: boolean; allowDataReplacement?: boolean; concurrency: number; profile?: string }) => guard(async () => {
      const target = await o.loadTarget(spec, opts.env, 'deploy');
      const { deployEnvironment } = await import('./deploy');
      await deployEnvironment(target, { region: opts.region, yes: opts.yes, dryRun: opts.dryRun, allowDataReplacement: opts.allowDataReplacement, concurrency: opts.concurrency }, {
        clients: await clients(opts.profile), toolkit: o.toolkit, prompt: await prompt(), out, clock: o.clock,
      });
      return 0;
    })());

  program.command('verify')
    .description('Check the live account against what the spec promises; write timestamped, redacted evidence')
    .argument('<spec>', 'path to haven.yaml')
    .requiredOption('-e, --env <name>', 'environment name')
    .option('--out <dir>', 'evidence directory', 'docs/infra-verification')
    .option('--no-redact', 'keep account ids and endpoints in the evidence (do not commit it)')
    .option('--profile <name>', 'AWS profile (SSO profiles included)')
    .action((spec: string, opts: { env: string; out: string; redact: boolean; profile?: string }) => guard(async () => {
      const target = await o.loadTarget(spec, opts.env, 'verify');
      const { verifyEnvironment } = await import('./verify');
      const r = await verifyEnvironment(target, { outDir: opts.out, redact: opts.redact }, { clients: await clients(opts.profile), out, clock: o.clock });
      return r.report.ok ? 0 : 1;
    })());

  const dr = program.command('dr').description('Region failover / failback procedures and drills (dry run unless --execute)');
  for (const op of ['status', 'failover', 'failback', 'drill'] as DrOperation[]) {
    const c = dr.command(op)
      .argument('<spec>', 'path to haven.yaml')
      .requiredOption('-e, --env <name>', 'environment name')
      .option('--profile <name>', 'AWS profile (SSO profiles included)')
      .option('--state-dir <dir>', 'where journals are kept', '.haven');
    if (op !== 'status') {
      c.option('--execute', 'make the changes (default: print the plan with the current state)')
        .option('-y, --yes', 'skip the typed confirmation');
    }
    if (op === 'failover') {
      c.option('--mode <mode>', 'drill (planned switchover, primary healthy, no data loss) or outage (primary region lost; never called)')
        .option('--force', 'same as --mode drill (kept for existing runbooks)');
    }
    if (op === 'drill') c.option('--out <dir>', 'where the drill evidence (JSON + Markdown) is written', 'docs/dr-evidence');
    const what: Record<DrOperation, string> = {
      status: 'Show replica, compute, DNS state and unfinished runs',
      failover: 'Move the environment to its DR region (--mode drill|outage)',
      failback: 'Move the environment back to its primary region (writes stop first; nothing is deleted)',
      drill: 'Planned failover that measures RTO/RPO against the objectives and writes evidence (HIPAA §164.308(a)(7)(ii)(D), SOC 2 A1.3)',
    };
    c.description(what[op])
      .action((spec: string, opts: { env: string; profile?: string; stateDir: string; execute?: boolean; yes?: boolean; force?: boolean; mode?: string; out?: string }) => guard(async () => {
        if (opts.mode !== undefined && opts.mode !== 'drill' && opts.mode !== 'outage') {
          err(`haven: --mode must be drill or outage (got ${opts.mode})`);
          return 2;
        }
        const target = await o.loadTarget(spec, opts.env, 'dr');
        const { runDr } = await import('./dr');
        await runDr(op, target, { execute: opts.execute, yes: opts.yes, force: opts.force, mode: opts.mode as 'drill' | 'outage' | undefined, stateDir: opts.stateDir, evidenceDir: opts.out }, {
          clients: await clients(opts.profile), prompt: await prompt(), out, clock: o.clock,
        });
        return 0;
      })());
  }
}
