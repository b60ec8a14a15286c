import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { rejectionOf as issuesOf } from './issues';
import { main } from '../../src/cli/main';
import { type SpecIssue } from '../../src/spec/errors';
import { MINIMAL_SPEC } from '../helpers';

const minimal = MINIMAL_SPEC;


const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

async function run(args: string[], text: string): Promise<{ code: number; out: string; err: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-messages-'));
  const file = path.join(dir, 'haven.yaml');
  fs.writeFileSync(file, text);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main([args[0], file, ...args.slice(1)], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('messages say what was found and what is expected', () => {
  it('a missing enum field names the choices', () => {
    const [issue] = issuesOf(minimal.replace('    tier: development\n', '    account: "123456789012"\n'));
    expect(issue.path).toBe('environments.dev.tier');
    expect(issue.message).toBe('required key is missing (expected one of development, staging, production)');
  });

  it('a wrong enum value names the choices and the value', () => {
    const [issue] = issuesOf(minimal.replace('tier: development', 'tier: prod'));
    expect(issue.message).toBe('expected one of development, staging, production; got string "prod"');
  });

  it('a union names each accepted form instead of "Invalid input"', () => {
    const [bastion] = issuesOf(`${minimal.replace('environments:', 'access:\n  bastion: yes-please\nenvironments:')}`);
    expect(bastion.message).toBe('expected true or false, or a mapping; got string "yes-please"');
    const [source] = issuesOf(minimal.replace('environments:', 'pipeline:\n  source: {}\nenvironments:'));
    expect(source.message).toBe('expected a mapping with connectionArn and repository, or a mapping with bucket and key; got a mapping');
    const [schedule] = issuesOf(minimal.replace('environments:', 'backup:\n  plans:\n    - { name: xx, retentionDays: 7, schedule: often }\nenvironments:'));
    expect(schedule.message).toBe('expected hourly, daily, weekly, monthly or cron(...); got string "often"');
  });

  it('a union whose value has the mapping shape reports the field inside it', () => {
    const [issue] = issuesOf(minimal.replace('environments:', 'access:\n  bastion: { instanceType: huge }\nenvironments:'));
    expect(issue.path).toBe('access.bastion.instanceType');
    expect(issue.message).toMatch(/expected an EC2 instance type/);
  });

  it('a record key that breaks the naming rule says which rule, at the key', () => {
    const text = minimal.replace('  dev:', '  Dev:');
    const [issue] = issuesOf(text);
    expect(issue.path).toBe('environments.Dev');
    expect(issue.line).toBe(lineOf(text, 'Dev:'));
    expect(issue.message).toBe('the name "Dev" is not allowed: expected a short lower-case environment name');
  });

  it('.nan and .inf are named as such', () => {
    const [nan] = issuesOf(minimal.replace('environments:', 'budget:\n  monthlyUsd: .nan\nenvironments:'));
    expect(nan.message).toBe('expected a number, got .nan (not a number)');
    const [inf] = issuesOf(minimal.replace('environments:', 'budget:\n  monthlyUsd: .inf\nenvironments:'));
    expect(inf.message).toMatch(/\.inf \(infinity\)/);
  });

  it('an integer past the field\'s real limit gives that limit, not MAX_SAFE_INTEGER', () => {
    const [issue] = issuesOf(minimal.replace('environments:', 'databases:\n  main: { version: "16", backupRetentionDays: 1e20 }\nenvironments:'));
    expect(issue.message).toMatch(/0-35 days/);
    expect(issue.message).not.toMatch(/9007199254740991/);
    const [other] = issuesOf(minimal.replace('environments:', 'functions:\n  defaults: { runtime: nodejs22.x, reservedConcurrency: 1e20 }\n  names: [a]\nenvironments:'));
    expect(other.message).not.toMatch(/9007199254740991/);
  });

  it('a bound says the limit and the value', () => {
    const [issue] = issuesOf(minimal.replace('environments:', 'usage:\n  hoursPerMonth: 800\nenvironments:'));
    expect(issue.message).toBe('expected at most 744, got number 800');
  });

  it('usage figures are bounded (1e308 printed $∞ in cost)', () => {
    const [issue] = issuesOf(minimal.replace('environments:', 'usage:\n  s3: { storageGb: 1e308 }\nenvironments:'));
    expect(issue.path).toBe('usage.s3.storageGb');
    expect(issue.message).toMatch(/at most 1,000,000,000 .*typo/);
  });

  it('long values are cut', () => {
    const [issue] = issuesOf(minimal.replace('tier: development', `tier: ${'x'.repeat(5000)}`));
    expect(issue.message.length).toBeLessThan(200);
    expect(issue.message).toMatch(/…" \(5002 characters\)/);
  });
});

describe('environments', () => {
  const overridden = `${minimal}  prod:
    tier: production
    functions:
      names: [worker]
`;

  it('a merge error points at the override that caused it, not the top of the file', () => {
    const [issue] = issuesOf(overridden);
    expect(issue.path).toMatch(/^environments\.prod\.functions/);
    expect(issue.line).toBeGreaterThanOrEqual(lineOf(overridden, '    functions:'));
    expect(issue.message).toMatch(/no runtime/);
  });

  it('a cross-field error in a shared section is reported once, naming every environment', () => {
    const text = `${minimal.replace('environments:', 'backup:\n  plans:\n    - { name: pitr, continuous: true, retentionDays: 60 }\nenvironments:')}  stage:\n    tier: staging\n`;
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/\(in environments dev, stage\)$/);
  });

  it('--env constructor, toString or __proto__ is an unknown environment (exit 2), not an internal error', async () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const result = await run(['synth', '--env', name, '--out', path.join(os.tmpdir(), 'haven-never-written')], minimal);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(new RegExp(`unknown environment ${name}`));
    }
  });
});

describe('YAML in plain words', () => {
  it('several documents', () => {
    const [issue] = issuesOf(`${minimal}---\nother: 1\n`);
    expect(issue.message).toMatch(/several YAML documents/);
  });

  it('an unresolved alias at its own line', () => {
    const text = minimal.replace('  cidr: 10.0.0.0/16', '  cidr: *vpc');
    const [issue] = issuesOf(text);
    expect(issue.line).toBe(lineOf(text, '*vpc'));
    expect(issue.message).toBe('the alias *vpc refers to no anchor &vpc defined before it');
  });

  it('deep nesting', () => {
    const [issue] = issuesOf(`${minimal}  deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(issue.message).toMatch(/nests/);
  });

  it('UTF-16 and CR-only files', () => {
    const utf16 = Buffer.from(`\uFEFF${minimal}`, 'utf16le').toString('utf8');
    expect(issuesOf(utf16)[0].message).toMatch(/not UTF-8.*UTF-16/);
    expect(issuesOf(minimal.replace(/\n/g, '\r'))[0].message).toMatch(/CR only/);
  });

  it('a duplicate key is found in one pass: 50,000 tag keys validate in bounded time', () => {
    // yaml's own uniqueKeys check compares every pair: over a minute for this mapping. The parse itself is linear.
    const tags = Array.from({ length: 50_000 }, (_, i) => `    k${i}: v`).join('\n');
    const text = minimal.replace('  name: demo', `  name: demo\n  tags:\n${tags}`).replace('    k49999: v', '    k7: v');
    const started = Date.now();
    const duplicated = issuesOf(text);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(duplicated).toHaveLength(1);
    expect(duplicated[0].line).toBe(text.split('\n').lastIndexOf('    k7: v') + 1);
    expect(duplicated[0].message).toBe(`duplicate key "k7": it is already set at line ${lineOf(text, '    k7: v')} of the same mapping; keep one`);
  });
});

describe('validate --json', () => {
  it('prints a JSON error object and exits 2 when the spec is invalid', async () => {
    const result = await run(['validate', '--json'], minimal.replace('tier: development', 'tier: prod'));
    expect(result.code).toBe(2);
    const body = JSON.parse(result.out) as { valid: boolean; issues: SpecIssue[] };
    expect(body.valid).toBe(false);
    expect(body.issues[0]).toMatchObject({ path: 'environments.dev.tier', line: lineOf(minimal, 'tier: development') });
  });

  it('prints valid: true and the warnings when the spec is valid', async () => {
    const result = await run(['validate', '--json'], minimal);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ valid: true, warnings: [] });
  });
});
