import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { REPO } from '../helpers';
import { copyExample, editSpec, tmpDir } from './edit';

const DOC = fs.readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8');

function fenced(language: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

interface Step { readonly name?: string; readonly run?: string; readonly uses?: string; readonly with?: Record<string, unknown> }
interface Workflow { readonly on: unknown; readonly jobs: Record<string, { readonly env: Record<string, string>; readonly steps: Step[] }> }

const workflow = parse(fenced('yaml').find((b) => b.includes('jobs:'))!) as Workflow;
const job = Object.values(workflow.jobs)[0];

/** The workflow's haven commands, each a single `npx haven …` line (the test runs exactly these). */
const havenRuns = job.steps.filter((s) => s.run?.includes('npx haven')).map((s) => s.run!.trim());

/** Shell words of a simple command line, with $VAR and ${VAR} expanded outside single quotes. */
function words(line: string, env: Record<string, string>): string[] {
  const expand = (s: string) => s.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (_, name: string) => {
    if (!(name in env)) throw new Error(`${name} is not set for: ${line}`);
    return env[name];
  });
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => (m[2] !== undefined ? m[2] : expand(m[1] ?? m[3])));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

describe('docs/ci.md', () => {
  it('the workflow validates, checks and diffs, posts the Markdown diff, and can see the base commit', () => {
    expect(havenRuns.map((r) => r.split(' ').slice(0, 3).join(' '))).toEqual(['npx haven validate', 'npx haven check', 'npx haven diff']);
    for (const run of havenRuns) expect(run).not.toContain('\n');
    expect(workflow.on).toHaveProperty('pull_request');
    expect(job.steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with).toEqual({ 'fetch-depth': 0 });
    const diff = havenRuns.find((r) => r.includes('haven diff'))!;
    const out = diff.match(/--out (\S+)/)![1];
    expect(diff).toContain('--format markdown');
    expect(job.steps.find((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment'))?.with?.path).toBe(out);
  });

  it('the generic recipe runs the same haven commands as the workflow', () => {
    const recipe = fenced('sh').find((b) => b.includes('haven diff'))!;
    const commands = recipe.split('\n').filter((l) => l.startsWith('npx haven')).map((l) => l.replace(/\s+\|\|.*$/, ''));
    expect(commands).toEqual(havenRuns);
  });

  it('its commands run on a pull request that resizes a database (exit 0, comment written)', async () => {
    // A repository whose platform has one environment so far: BerthCare staging.
    const root = tmpDir('haven-ci-');
    const spec = copyExample('berthcare', root, 'haven.yaml');
    editSpec(spec, (doc) => {
      for (const p of [['environments', 'production'], ['compliance', 'acknowledge'], ['buckets', 'photos', 'replicate']]) doc.deleteIn(p);
    });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'platform');
    const baseSha = git(root, 'rev-parse', 'HEAD').trim();
    editSpec(spec, (doc) => doc.setIn(['databases', 'postgres', 'instanceClass'], 'db.t4g.large'));

    const env = { ...job.env, BASE_SHA: baseSha };
    const cwd = process.cwd();
    process.chdir(root);
    const results: { command: string; code: number; err: string }[] = [];
    try {
      for (const run of havenRuns) {
        const [npx, haven, ...argv] = words(run, env);
        expect([npx, haven]).toEqual(['npx', 'haven']);
        const err: string[] = [];
        const code = await main(argv, { out: () => undefined, err: (s) => err.push(s) });
        results.push({ command: argv[0], code, err: err.join('') });
      }
    } finally {
      process.chdir(cwd);
    }
    expect(results.map((r) => [r.command, r.code])).toEqual([['validate', 0], ['check', 0], ['diff', 0]]);
    const comment = fs.readFileSync(path.join(root, 'haven-diff.md'), 'utf8');
    expect(comment.split('\n')[0]).toMatch(/^✅ \*\*Haven diff — berthcare\*\*: 0 to add, 3 to modify, 0 to replace, 0 to remove · cost \+\$[\d.,]+\/month$/);
    expect(comment).toContain(`\`git:${baseSha}:haven.yaml\` → \`haven.yaml\``);
    expect(fs.readFileSync(path.join(root, 'haven-check.md'), 'utf8')).toContain('staging');
  });
});
