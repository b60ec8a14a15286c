import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { OUTPUT_MARKER } from '../../src/cli/output-dir';
import { MINIMAL_SPEC } from '../helpers';

/** A small valid spec: one development environment, nothing but the baseline. */
const SPEC = MINIMAL_SPEC;

/** Runs haven as if in `cwd`: relative paths in argv (the spec, --out) are taken from there. */
async function run(cwd: string, command: string, spec: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const abs = argv.map((a, i) => (argv[i - 1] === '--out' ? path.resolve(cwd, a) : a));
  const code = await main(['--date', '2026-12-02', command, path.join(cwd, spec), ...abs], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

/** A project directory holding the spec and a file of the user's. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-out-'));
  fs.writeFileSync(path.join(dir, 'haven.yaml'), SPEC);
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  return dir;
}

function listing(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((f) => {
    const p = path.join(dir, f);
    return [f, fs.statSync(p).isDirectory() ? '<dir>' : fs.readFileSync(p, 'utf8')];
  }));
}

describe('output directories: Haven replaces only what it created', () => {
  it('synth --out . in the spec directory exits 2 and deletes nothing', async () => {
    const dir = project();
    const before = listing(dir);
    const r = await run(dir, 'synth', 'haven.yaml', '--out', '.');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`refusing to write into ${path.resolve(dir)}: it contains ${path.join(dir, 'haven.yaml')}`);
    expect(r.err).toMatch(/haven\.yaml/);
    expect(listing(dir)).toEqual(before);
  });

  it('synth --out into a foreign non-empty directory exits 2 and leaves it alone', async () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, 'cdk.out'));
    fs.writeFileSync(path.join(dir, 'cdk.out', 'keep.json'), '{}');
    const r = await run(dir, 'synth', 'haven.yaml', '--out', 'cdk.out');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cdk\.out: it is not empty and Haven did not create it.*--out/);
    expect(fs.readFileSync(path.join(dir, 'cdk.out', 'keep.json'), 'utf8')).toBe('{}');
    expect(fs.readdirSync(dir).sort()).toEqual(['cdk.out', 'haven.yaml', 'notes.txt']);
  });

  it('synth --out FILE exits 2 and the file is intact', async () => {
    const dir = project();
    const r = await run(dir, 'synth', 'haven.yaml', '--out', 'notes.txt');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/notes\.txt: it is a file, not a directory/);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(fs.readdirSync(dir).sort()).toEqual(['haven.yaml', 'notes.txt']);
  });

  it('synth replaces its own previous output, and only that', async () => {
    const dir = project();
    expect((await run(dir, 'synth', 'haven.yaml', '--out', 'cdk.out')).code).toBe(0);
    const out = path.join(dir, 'cdk.out');
    expect(JSON.parse(fs.readFileSync(path.join(out, OUTPUT_MARKER), 'utf8'))).toEqual({ tool: 'haven', kind: 'assembly' });
    fs.writeFileSync(path.join(out, 'stale.template.json'), '{}');
    expect((await run(dir, 'synth', 'haven.yaml', '--out', 'cdk.out')).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'stale.template.json'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(true);
    // No staging or previous copies left beside it; the user's files untouched.
    expect(fs.readdirSync(dir).sort()).toEqual(['cdk.out', 'haven.yaml', 'notes.txt']);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('docs: refuses the spec directory and a file, rewrites its own docs', async () => {
    const dir = project();
    const before = listing(dir);
    expect((await run(dir, 'docs', 'haven.yaml', '--no-check', '--out', '.')).code).toBe(2);
    expect((await run(dir, 'docs', 'haven.yaml', '--no-check', '--out', 'notes.txt')).code).toBe(2);
    expect(listing(dir)).toEqual(before);
    expect((await run(dir, 'docs', 'haven.yaml', '--no-check', '--out', 'docs')).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'docs', 'old.md'), 'stale');
    expect((await run(dir, 'docs', 'haven.yaml', '--no-check', '--out', 'docs')).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'docs', 'README.md'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'docs', 'old.md'))).toBe(false);
    // Docs output is not an assembly: synth will not replace it.
    const r = await run(dir, 'synth', 'haven.yaml', '--out', 'docs');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds Haven docs output, not assembly/);
  });

  it('cost --out onto a directory is refused (exit 2), not an internal error', async () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, 'reports'));
    const r = await run(dir, 'cost', 'haven.yaml', '--out', 'reports');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/reports: it exists and is not a file/);
  });

  it('plan: refuses a foreign directory, re-runs into its own', async () => {
    const dir = project();
    const before = listing(dir);
    expect((await run(dir, 'plan', 'haven.yaml', '--no-nag', '--out', '.')).code).toBe(2);
    expect(listing(dir)).toEqual(before);
    const first = await run(dir, 'plan', 'haven.yaml', '--no-nag', '--out', 'plan');
    expect(first.code, first.err).toBeLessThan(2);
    expect(first.out).toContain('as of 2026-12-02');
    const again = await run(dir, 'plan', 'haven.yaml', '--no-nag', '--out', 'plan');
    expect(again.code).toBe(first.code);
    expect(fs.readdirSync(path.join(dir, 'plan')).sort()).toEqual([OUTPUT_MARKER, 'cdk.out', 'check', 'cost.md', 'docs']);
  });
});
