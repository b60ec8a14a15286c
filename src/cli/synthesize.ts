import * as fs from 'fs';
import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { PLACEHOLDER_ACCOUNT, buildApp, type BuiltApp } from '../platform/app';
import type { LoadedSpec } from '../spec/loader';
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
    if (!loaded.plans[env]) throw new UserError(`unknown environment ${env}; ${loaded.file} defines ${Object.keys(loaded.plans).join(', ')}`);
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

/**
 * The one warning synth and plan print (on stderr) when environments name no AWS account: their ARNs carry
 * PLACEHOLDER_ACCOUNT, which `haven deploy` refuses. Undefined when every selected environment names one.
 */
export function placeholderAccountWarning(loaded: LoadedSpec, environments?: readonly string[]): string | undefined {
  const missing = Object.values(loaded.plans).filter((p) => (!environments || environments.includes(p.name)) && !p.account).map((p) => p.name);
  if (!missing.length) return undefined;
  return `haven: warning: ${missing.length === 1 ? 'environment' : 'environments'} ${missing.join(', ')} name no AWS account: ARNs carry the placeholder account ${PLACEHOLDER_ACCOUNT} and \`haven deploy\` refuses them (set project.account, or environments.<name>.account).`;
}
