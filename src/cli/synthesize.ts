import * as fs from 'fs';
import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp, type BuiltApp } from '../platform/app';
import { planOf, type LoadedSpec } from '../spec/loader';
import { UserError } from './errors';

export interface Synthesized {
  readonly built: BuiltApp;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
}

/**
 * Synthesizes into a fresh sibling directory and swaps it into place only when synthesis succeeded, so a failure
 * never leaves a half-written assembly where the previous good one was.
 */
export function synthesizeTo(loaded: LoadedSpec, outdir: string, environments?: string[], context?: Record<string, string>): Synthesized {
  for (const env of environments ?? []) {
    if (!planOf(loaded, env)) throw new UserError(`unknown environment ${env}; ${loaded.file} defines ${Object.keys(loaded.plans).join(', ')}`);
  }
  const target = path.resolve(outdir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.tmp-`);
  try {
    const built = buildApp(loaded, { environments, outdir: staging, context });
    built.app.synth();
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    return { built, assembly: new CloudAssembly(target), outdir: target };
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
