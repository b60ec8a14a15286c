import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { PLACEHOLDER_ACCOUNT, buildApp, type BuiltApp } from '../platform/app';
import { planOf, type LoadedSpec } from '../spec/loader';
import { UserError } from './errors';
import { replaceOutputDir } from './output-dir';

export interface Synthesized {
  readonly built: BuiltApp;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
}

export interface SynthesizeOptions {
  /** Extra App context. */
  readonly context?: Record<string, unknown>;
  /** Runs on the built app before synthesis (plan attaches the rule packs here, so its one synthesis is also the check's). */
  readonly prepare?: (built: BuiltApp) => void;
  /** The command-line option that named `outdir`, for the refusal message. @default '--out' */
  readonly option?: string;
}

/**
 * Synthesizes into a fresh sibling directory and swaps it into place only when synthesis succeeded, so a failure
 * never leaves a half-written assembly where the previous good one was. `outdir` must be absent, empty or an assembly
 * Haven wrote (see output-dir.ts): anything else is refused before synthesis starts, and the spec is never inside it.
 */
export function synthesizeTo(loaded: LoadedSpec, outdir: string, environments?: string[], options: SynthesizeOptions = {}): Synthesized {
  for (const env of environments ?? []) {
    if (!planOf(loaded, env)) throw new UserError(`unknown environment ${env}; ${loaded.file} defines ${Object.keys(loaded.plans).join(', ')}`);
  }
  const target = path.resolve(outdir);
  const built = replaceOutputDir(target, 'assembly', (staging) => {
    const app = buildApp(loaded, { environments, outdir: staging, context: options.context });
    options.prepare?.(app);
    app.app.synth();
    return app;
  }, { option: options.option, protect: [loaded.file] });
  return { built, assembly: new CloudAssembly(target), outdir: target };
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
