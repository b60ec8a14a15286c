import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { EXAMPLES, REPO } from '../helpers';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

/** The date every run is pinned to, so the suite gives the same result on any day. */
const DATE = '2026-12-02';

async function run(...argv: string[]) {
  const c = capture();
  const code = await main(argv, c.io, () => new Date(`${DATE}T12:00:00Z`));
  return { code, out: c.out.join(''), err: c.err.join('') };
}

const berthcare = path.join(EXAMPLES, 'berthcare.yaml');

describe('haven CLI', () => {
  it('validate: exit 0 and a one-line summary for a valid spec', async () => {
    const r = await run('validate', berthcare);
    expect(r.code).toBe(0);
    expect(r.out).toContain('valid — project berthcare, 2 environment(s)');
  });

  it('validate: exit 2, every problem located, no stack trace for a broken spec', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-'));
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, fs.readFileSync(berthcare, 'utf8').replace('cidr: 10.0.0.0/16', 'cidr: 10.0.0.0/33').replace('    multiAz: true\n    backupRetentionDays', '    multiAZ: true\n    backupRetentionDays'));
    const r = await run('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the spec has 2 problems');
    expect(r.err).toMatch(/broken\.yaml:\d+:\d+ network\.cidr: expected an IPv4 CIDR block/);
    expect(r.err).toMatch(/broken\.yaml:\d+:5 databases\.postgres\.multiAZ: unknown key/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('synth: writes nothing when the spec is invalid', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'project: [\n');
    const out = path.join(dir, 'out');
    const r = await run('synth', file, '--out', out);
    expect(r.code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('synth: an unknown environment is a user error naming the environments that exist', async () => {
    const r = await run('synth', berthcare, '--env', 'qa', '--out', path.join(os.tmpdir(), 'never'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown environment qa; ');
    expect(r.err).toContain('staging, production');
  });

  it('synth: writes a standard cloud assembly for the chosen environment', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haven-')), 'cdk.out');
    const r = await run('synth', berthcare, '--env', 'staging', '--out', out, '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    // The primary stack, plus the us-east-1 stacks CloudFront needs (certificate and WAF before, alarms after).
    expect(summary.stacks.map((s: { name: string }) => s.name).sort()).toEqual(['berthcare-staging-ca-central-1', 'berthcare-staging-ca-central-1-edge', 'berthcare-staging-ca-central-1-edge-alarms']);
    // The recovery objectives the design achieves come with every synth (staging has no DR region).
    expect(summary.recovery.staging).toMatchObject({ strategy: 'none', rpoMinutes: null });
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts['berthcare-staging-ca-central-1'].environment).toBe('aws://111111111111/ca-central-1');
    expect(fs.existsSync(path.join(out, 'berthcare-staging-ca-central-1.template.json'))).toBe(true);
  });

  it('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await run(flag);
      expect(r.code).toBe(0);
      expect(r.out.trim()).toBe(version);
    }
  });

  it('schema: prints the JSON Schema', async () => {
    const r = await run('schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).title).toBe('Haven platform spec');
  });

  it('check: an unknown framework is a usage error (exit 2) listing the valid ones', async () => {
    const r = await run('check', berthcare, '--framework', 'hippa');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/'hippa' is invalid.*hipaa, pipeda, gdpr/s);
  });

  it('--date: a day that does not exist is bad input', async () => {
    for (const bad of ['2026-02-30', '02/12/2026', 'tomorrow']) {
      const r = await run('--date', bad, 'validate', berthcare);
      expect(r.code, bad).toBe(2);
      expect(r.err).toContain(`--date ${bad} is not a calendar date; expected YYYY-MM-DD`);
    }
  });

  it('--date is the day validation judges support against: TechCorp\'s runtimes are deprecated by 2027-07-01', async () => {
    expect((await run('--date', '2027-04-30', 'validate', path.join(EXAMPLES, 'techcorp.yaml'))).code).toBe(0);
    const r = await run('validate', path.join(EXAMPLES, 'techcorp.yaml'), '--date', '2027-07-01');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/techcorp\.yaml:\d+:\d+ functions\.defaults\.runtime: functions\.defaults: Lambda runtime nodejs22\.x was deprecated on 2027-04-30 \(checked on 2027-07-01\)/);
  });

  it('check --date: an acknowledgement past its expiry is reported and fails the check', async () => {
    // Capitol Eye Care acknowledges its development tier's single-AZ, unprotected database (and more) until 2027-11-01.
    const on = async (date: string) => {
      const r = await run('--date', date, 'check', path.join(EXAMPLES, 'capitol-eye-care.yaml'), '--env', 'development', '--no-nag', '--format', 'json');
      return { code: r.code, report: JSON.parse(r.out) as { date: string; findings: { ruleId: string; evidence: { value: unknown } }[] } };
    };
    const last = await on('2027-11-01');
    expect(last.report.date).toBe('2027-11-01');
    expect(last.report.findings.filter((f) => f.ruleId === 'HAVEN-ACK-EXPIRED')).toEqual([]);
    const after = await on('2027-11-02');
    expect(after.report.date).toBe('2027-11-02');
    const expired = after.report.findings.filter((f) => f.ruleId === 'HAVEN-ACK-EXPIRED').map((f) => f.evidence.value);
    expect(expired.length).toBeGreaterThan(0);
    expect(new Set(expired)).toEqual(new Set(['2027-11-01']));
    expect(after.code).toBe(1);
  });

  it('a usage error exits 2', async () => {
    expect((await run('validate')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('an unexpected failure is an internal error, with the stack only under --debug', async () => {
    const boom = { out: () => { throw new Error('disk full'); }, err: () => undefined };
    const errors: string[] = [];
    const io = { out: boom.out, err: (s: string) => errors.push(s) };
    expect(await main(['--date', DATE, 'validate', berthcare], io)).toBe(70);
    expect(errors.join('')).toContain('internal error: disk full');
    expect(errors.join('')).not.toMatch(/\n\s+at /);
    errors.length = 0;
    expect(await main(['--date', DATE, 'validate', berthcare, '--debug'], io)).toBe(70);
    expect(errors.join('')).toMatch(/at /);
  });
});
