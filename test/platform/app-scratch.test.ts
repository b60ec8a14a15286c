import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it, expect } from 'vitest';
import { buildApp } from '../../src/platform/app';
import { loadSpec } from '../../src/spec/loader';
import { EXAMPLES } from '../helpers';

// A scratch build (check, cost, docs read the templates once and delete the assembly) skips tree.json and the
// per-resource creation stack traces, which cost a tenth of synthesis on large specs; templates are unchanged.
function synth(scratch: boolean) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-scratch-test-'));
  const built = buildApp(loadSpec(path.join(EXAMPLES, 'omnirapeutic.yaml')), { outdir, scratch });
  built.app.synth();
  const stack = built.environments[0].stacks[0];
  const read = (f: string) => fs.readFileSync(path.join(outdir, f), 'utf8');
  const result = { tree: fs.existsSync(path.join(outdir, 'tree.json')), metadata: read(`${stack.artifactId}.metadata.json`), template: read(stack.templateFile) };
  fs.rmSync(outdir, { recursive: true, force: true });
  return result;
}

describe('buildApp scratch', () => {
  it('drops tree.json and creation stack traces but keeps the templates identical', () => {
    const kept = synth(false);
    const scratch = synth(true);
    expect(kept.tree).toBe(true);
    expect(kept.metadata).toContain('aws:cdk:creationStack');
    expect(scratch.tree).toBe(false);
    expect(scratch.metadata).not.toContain('aws:cdk:creationStack');
    expect(scratch.template).toEqual(kept.template);
  }, 120_000);
});
