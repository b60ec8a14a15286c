import * as fs from 'fs';
import * as path from 'path';
import type { Readable, Writable } from 'stream';
import { Command } from 'commander';
import { parseSpec } from '../../spec/loader';
import { UserError } from '../errors';
import { collectAnswers, type InitFlags } from '../init/interview';
import { readlinePrompter } from '../init/prompt';
import { renderSpec } from '../init/spec-document';
import type { CliContext } from '../main';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Refuses before any question is asked: `init` never overwrites a file (exit 2). */
function refuseExisting(file: string): void {
  if (fs.existsSync(file)) throw new UserError(`refusing to overwrite ${path.resolve(file)}: it exists; pass --out a new file name, or move it aside yourself`);
}

/** Where questions are asked: the process's terminal, or a fake one in tests. */
export interface Terminal {
  readonly input: Readable & { readonly isTTY?: boolean };
  readonly output: Writable;
}

export function registerInit(program: Command, cli: CliContext, terminal: Terminal = { input: process.stdin, output: process.stdout }): void {
  program
    .command('init')
    .description('write a first commented spec from a few questions (or flags), ready for validate and check')
    .option('-o, --out <file>', 'file to write (never overwritten)', 'haven.yaml')
    .option('-y, --yes', 'take the default for every question not answered by a flag; never prompt')
    .option('--name <name>', 'project name')
    .option('--owner <email>', 'owner e-mail (alarms and budget alerts)')
    .option('--frameworks <list>', 'compliance frameworks, e.g. hipaa,soc2')
    .option('--primary <region>', 'primary region')
    .option('--dr <region>', 'disaster-recovery region, or none')
    .option('--strategy <strategy>', 'DR strategy: backup-restore, pilot-light, warm-standby, aurora-global')
    .option('--cross-border-reason <text>', 'why DR copies may leave the jurisdiction (PIPEDA); written to dr.crossBorder')
    .option('--environments <list>', 'environments, e.g. staging,production (or name:tier)')
    .option('--database <engine>', 'postgres, aurora-postgresql or none')
    .option('--database-class <class>', 'database instance class (default: the tier\'s)')
    .option('--cache <yes|no>', 'a Redis cache')
    .option('--bucket <NAME:CLASS>', 'a bucket and its data class (repeatable), e.g. documents:phi', collect)
    .option('--service <NAME:CPU:MEMORY:public|internal>', 'a Fargate service (repeatable), e.g. api:512:1024:public', collect)
    .option('--function <NAME:SCHEDULE>', "a Lambda function on an EventBridge Scheduler schedule (repeatable; quote it), e.g. 'sweep:rate(15 minutes)' or 'nightly-export:cron(0 3 * * ? *)'", collect)
    .option('--time-zone <zone>', 'IANA time zone the function schedules are read in (default UTC)')
    .option('--domain <name>', 'domain the platform serves under, or none')
    .option('--hosted-zone <id>', 'Route 53 hosted zone id of the domain')
    .option('--budget <usd>', 'monthly budget per environment in USD, or none')
    .action(async (opts: InitFlags & { out: string; yes?: boolean }) => {
      refuseExisting(opts.out);
      // A terminal is asked; a pipe or --yes takes the defaults (a required answer missing is exit 2).
      const prompter = !opts.yes && terminal.input.isTTY ? readlinePrompter(terminal.input, terminal.output) : undefined;
      let answers;
      try {
        answers = await collectAnswers(opts, prompter);
      } finally {
        prompter?.close();
      }
      const text = renderSpec(answers, cli.date);
      // What is written must validate: a choice the rules refuse (say, a HIPAA-ineligible region) is exit 2, nothing written.
      parseSpec(text, opts.out, { date: cli.date });
      refuseExisting(opts.out);
      fs.writeFileSync(opts.out, text, { flag: 'wx' });
      const envs = answers.environments.map((e) => e.name);
      cli.io.out(`Wrote ${opts.out}: project ${answers.name}, ${envs.length} environment(s) (${envs.join(', ')}).`);
      cli.io.out(`Next: haven validate ${opts.out} && haven check ${opts.out} --env ${envs[envs.length - 1]}`);
    });
}
