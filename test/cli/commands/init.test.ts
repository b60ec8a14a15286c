import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { parse } from 'yaml';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerInit } from '../../../src/cli/commands/init';
import { main } from '../../../src/cli/main';
import { collectAnswers } from '../../../src/cli/init/interview';
import { readlinePrompter } from '../../../src/cli/init/prompt';
import { renderSpec } from '../../../src/cli/init/spec-document';

const DATE = '2026-12-02';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, () => new Date(`${DATE}T12:00:00Z`));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'haven-init-'));
}

/** `haven init --yes` with these flags; resolves to the written file and the run. */
async function init(...flags: string[]) {
  const file = path.join(tmp(), 'haven.yaml');
  const r = await run('init', '--yes', '--out', file, '--name', 'acme', '--owner', 'ops@acme.example', ...flags);
  return { file, ...r };
}

describe('haven init (flags, no terminal)', () => {
  it('writes a commented spec that validates, built from the answers', async () => {
    const r = await init('--frameworks', 'hipaa,soc2', '--primary', 'us-west-2', '--dr', 'us-east-1', '--strategy', 'warm-standby', '--environments', 'staging,production', '--database', 'postgres', '--cache', 'yes', '--bucket', 'documents:phi', '--bucket', 'exports:confidential', '--service', 'api:512:1024:public', '--service', 'worker:256:512:internal', '--domain', 'acme.example.com', '--hosted-zone', 'Z0123456789ABC', '--budget', '6000');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const text = fs.readFileSync(r.file, 'utf8');
    const spec = parse(text);
    expect(spec.compliance.frameworks).toEqual(['hipaa', 'soc2']);
    expect(spec.regions).toEqual({ primary: 'us-west-2', dr: 'us-east-1' });
    expect(spec.dr.strategy).toBe('warm-standby');
    expect(spec.buckets.documents).toEqual({ dataClass: 'phi', replicate: true });
    expect(Object.keys(spec.services)).toEqual(['api', 'worker']);
    expect(spec.services.api).toMatchObject({ cpu: 512, memory: 1024, public: true, connects: ['main', 'cache', 'documents', 'exports'] });
    expect(spec.budget).toEqual({ monthlyUsd: 6000 });
    // The production failover pair takes the name the load balancer record had.
    expect(spec.environments.production.dr.failover).toEqual({ zoneName: 'acme.example.com', hostedZoneId: 'Z0123456789ABC', recordName: 'app.acme.example.com' });
    expect(spec.environments.staging.edge.alb.recordName).toBe('app-staging');
    // One comment line per section, and the reference linked.
    for (const key of Object.keys(spec)) expect(text, key).toMatch(new RegExp(`# [^\\n]+\\n${key}:`));
    expect(text).toContain('docs/spec.md');
    expect((await run('validate', r.file)).code).toBe(0);
  });

  it('refuses to overwrite an existing file (exit 2) and leaves it as it was', async () => {
    const file = path.join(tmp(), 'haven.yaml');
    fs.writeFileSync(file, 'mine\n');
    const r = await run('init', '--yes', '--out', file, '--name', 'acme', '--owner', 'ops@acme.example');
    expect(r.code).toBe(2);
    expect(r.err).toContain('refusing to overwrite');
    expect(fs.readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('a required answer missing, or a bad flag, is exit 2 naming the flag; nothing is written', async () => {
    const dir = tmp();
    const file = path.join(dir, 'haven.yaml');
    const missing = await run('init', '--yes', '--out', file, '--name', 'acme');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--owner is required');
    const bad = await run('init', '--yes', '--out', file, '--name', 'acme', '--owner', 'ops@acme.example', '--service', 'api:300:512:public');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('cpu 300 / memory 512 is not a Fargate size');
    const publicWithoutDomain = await run('init', '--yes', '--out', file, '--name', 'acme', '--owner', 'ops@acme.example', '--service', 'api:256:512:public');
    expect(publicWithoutDomain.code).toBe(2);
    expect(publicWithoutDomain.err).toContain('needs a domain');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('--function NAME:SCHEDULE (repeatable) writes a scheduled function with the newest supported Node.js runtime', async () => {
    const r = await init('--function', 'nightly-export:cron(0 3 * * ? *)', '--function', 'sweep:rate(15 minutes)', '--function', 'report:cron(0 8 ? * MON,FRI *)', '--time-zone', 'Europe/London');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const text = fs.readFileSync(r.file, 'utf8');
    const spec = parse(text);
    expect(Object.keys(spec.functions.definitions)).toEqual(['nightly-export', 'sweep', 'report']);
    // nodejs20.x was deprecated on 2026-04-30; on 2026-12-02 the newest Node.js runtime is nodejs24.x.
    expect(spec.functions.definitions['nightly-export']).toEqual({ runtime: 'nodejs24.x', reservedConcurrency: 5, triggers: [{ schedule: 'cron(0 3 * * ? *)', timeZone: 'Europe/London' }] });
    expect(spec.functions.definitions.report.triggers).toEqual([{ schedule: 'cron(0 8 ? * MON,FRI *)', timeZone: 'Europe/London' }]);
    expect(text).toMatch(/# Lambda functions[^\n]*\nfunctions:/);
    expect((await run('validate', r.file)).code).toBe(0);
    // No --function: no functions section; --time-zone defaults to UTC.
    expect(parse(fs.readFileSync((await init()).file, 'utf8')).functions).toBeUndefined();
    const utc = parse(fs.readFileSync((await init('--function', 'sweep:rate(1 hour)')).file, 'utf8'));
    expect(utc.functions.definitions.sweep.triggers).toEqual([{ schedule: 'rate(1 hour)', timeZone: 'UTC' }]);
  });

  it('a bad --function or --time-zone is exit 2 with the schedule parser\'s reason; nothing is written', async () => {
    const cases: [string[], string][] = [
      [['--function', 'sweep'], 'expected NAME:SCHEDULE such as sweep:rate(15 minutes)'],
      [['--function', 'Sweep:rate(5 minutes)'], 'expected NAME:SCHEDULE'],
      [['--function', 'sweep:every 5 minutes'], "function sweep: schedule \"every 5 minutes\": expected 'rate(value unit)' or 'cron("],
      [['--function', 'sweep:rate(5 minute)'], "write 'rate(5 minutes)'"],
      [['--function', 'nightly:cron(0 3 * * * *)'], "one of day-of-month and day-of-week must be '?'"],
      [['--function', 'nightly:cron(0 25 * * ? *)'], "hours '25' is outside 0-23"],
      [['--function', 'a:rate(1 hour)', '--function', 'a:rate(2 hours)'], 'function a is named twice'],
      [['--function', 'a:rate(1 hour)', '--time-zone', 'Mars/Olympus'], 'time zone "Mars/Olympus": expected an IANA time zone name'],
      [['--time-zone', 'Europe/London'], '--time-zone needs a scheduled function (--function)'],
    ];
    for (const [flags, message] of cases) {
      const r = await init(...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err, flags.join(' ')).toContain(message);
      expect(fs.existsSync(r.file)).toBe(false);
    }
  });

  it('residency: PIPEDA proposes Canadian regions; a DR region outside Canada needs a reason and writes dr.crossBorder', async () => {
    const canadian = parse(fs.readFileSync((await init('--frameworks', 'pipeda', '--dr', 'ca-west-1')).file, 'utf8'));
    expect(canadian.regions).toEqual({ primary: 'ca-central-1', dr: 'ca-west-1' });
    expect(canadian.dr.crossBorder).toBeUndefined();
    const noReason = await init('--frameworks', 'pipeda', '--dr', 'us-east-1');
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('--cross-border-reason is required');
    const across = await init('--frameworks', 'pipeda', '--dr', 'us-east-1', '--cross-border-reason', 'Second Canadian region lacks a service we need for recovery');
    expect(across.code).toBe(0);
    expect(parse(fs.readFileSync(across.file, 'utf8')).dr.crossBorder).toEqual({ reason: 'Second Canadian region lacks a service we need for recovery', approvedBy: 'ops@acme.example', expires: '2027-12-02', regions: ['us-east-1'] });
  });

  it('residency: GDPR proposes EU regions and refuses a DR region outside the EU', async () => {
    const eu = parse(fs.readFileSync((await init('--frameworks', 'gdpr', '--dr', 'eu-central-1')).file, 'utf8'));
    expect(eu.regions).toEqual({ primary: 'eu-west-1', dr: 'eu-central-1' });
    const out = await init('--frameworks', 'gdpr', '--dr', 'us-east-1');
    expect(out.code).toBe(2);
    expect(out.err).toContain('GDPR: an EU deployment keeps replicas and backup copies in EU regions');
  });

  it('the DR region is proposed in the primary\'s jurisdiction by default; --dr none opts out', async () => {
    const spec = parse(fs.readFileSync((await init('--frameworks', 'hipaa')).file, 'utf8'));
    expect(spec.regions).toEqual({ primary: 'us-east-1', dr: 'us-west-2' });
    const none = parse(fs.readFileSync((await init('--frameworks', 'soc2', '--dr', 'none')).file, 'utf8'));
    expect(none.regions).toEqual({ primary: 'us-east-1' });
    expect(none.dr).toBeUndefined();
    const strategyAlone = await init('--dr', 'none', '--strategy', 'warm-standby');
    expect(strategyAlone.code).toBe(2);
    expect(strategyAlone.err).toContain('--strategy needs a DR region (--dr)');
  });
});

describe('haven init (terminal)', () => {
  it('asks each question in turn, re-asks after a bad answer, and proposes the DR region from the primary', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => { shown += chunk.toString(); });
    const prompter = readlinePrompter(input, output);
    const typed = [
      'Acme', 'acme', // a bad name first, then a good one
      'ops@acme.example',
      'pipeda',
      '', // primary: the Canadian default
      '', // DR: the proposal in Canada
      'pilot-light',
      'staging,production',
      'aurora-postgresql',
      '', // class: tier default
      'yes',
      'records:phi',
      'acme.example.com',
      'Z0123456789ABC',
      'api:1024:2048:public',
      'sweep:rate(1 minutes), report:cron(0 8 ? * MON,FRI *)', // a bad rate first (plural for 1), then good ones
      'sweep:rate(15 minutes), report:cron(0 8 ? * MON,FRI *)',
      'Europe/Nowhere', 'America/Toronto',
      '4000',
    ];
    input.write(typed.join('\n') + '\n');
    const answers = await collectAnswers({}, prompter);
    prompter.close();
    expect(shown).toContain('project name "Acme": expected 2-32 lower-case letters');
    expect(shown).toContain('Regions for pipeda, the jurisdiction\'s own first: ca-central-1, ca-west-1');
    expect(shown).toContain('Proposed in the same jurisdiction as ca-central-1: ca-west-1');
    expect(shown).toContain('? Disaster-recovery region, or none [ca-west-1]: ');
    expect(answers).toMatchObject({
      name: 'acme', owner: 'ops@acme.example', frameworks: ['pipeda'], primary: 'ca-central-1', dr: 'ca-west-1', strategy: 'pilot-light',
      database: 'aurora-postgresql', cache: true, buckets: [{ name: 'records', dataClass: 'phi' }], domain: 'acme.example.com',
      services: [{ name: 'api', cpu: 1024, memory: 2048, public: true }], budget: 4000,
      functions: [{ name: 'sweep', schedule: 'rate(15 minutes)' }, { name: 'report', schedule: 'cron(0 8 ? * MON,FRI *)' }], timeZone: 'America/Toronto',
    });
    expect(shown).toContain("function sweep: schedule \"rate(1 minutes)\": write 'rate(1 minute)'");
    expect(shown).toContain('time zone "Europe/Nowhere": expected an IANA time zone name');
    expect(answers.environments.map((e) => e.tier)).toEqual(['staging', 'production']);
    const spec = parse(renderSpec(answers, DATE));
    expect(spec.dr).toEqual({ strategy: 'pilot-light', database: { replication: 'snapshot-copy' } });
  });

  it('a whole session through the command on a terminal: flags answer their questions, the rest is asked, the file validates', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => { shown += chunk.toString(); });
    const said: string[] = [];
    const cli = { io: { out: (s: string) => said.push(s), err: (s: string) => said.push(s) }, exitCode: 0, date: DATE };
    const program = new Command().exitOverride();
    registerInit(program, cli, { input, output });
    const file = path.join(tmp(), 'haven.yaml');
    // Name comes as a flag; every other question is answered on the terminal (Enter takes the default).
    input.write(['ops@acme.example', 'gdpr', '', 'us-east-1', 'eu-central-1', '', 'production', '', '', 'no', '', '', '', '', '2500'].join('\n') + '\n');
    await program.parseAsync(['init', '--out', file, '--name', 'acme'], { from: 'user' });
    expect(shown).not.toContain('Project name');
    expect(shown).toContain('Regions for gdpr, the jurisdiction\'s own first: eu-west-1');
    expect(shown).toContain('GDPR: an EU deployment keeps replicas and backup copies in EU regions');
    expect(said.join('\n')).toContain(`Wrote ${file}: project acme, 1 environment(s) (production).`);
    const spec = parse(fs.readFileSync(file, 'utf8'));
    expect(spec.regions).toEqual({ primary: 'eu-west-1', dr: 'eu-central-1' });
    expect(spec.budget).toEqual({ monthlyUsd: 2500 });
    expect((await run('validate', file)).code).toBe(0);
  });
});
