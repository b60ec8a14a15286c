import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp, type BuiltApp } from '../platform/app';
import type { LoadedSpec } from '../spec/loader';
import { UserError } from './errors';
import { replaceOutputDir } from './output-dir';

export interface Synthesized {
  readonly built: BuiltApp;
  readonly assembly: CloudAssembly;
  readonly outdir: string;
}

export interface SynthesizeOptions {
  /** Extra App context. */
  readonly context?: Record<string, string>;
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
    if (!loaded.plans[env]) throw new UserError(`unknown environment ${env}; ${loaded.file} defines ${Object.keys(loaded.plans).join(', ')}`);
  }
  const target = path.resolve(outdir);
  const built = replaceOutputDir(target, 'assembly', (staging) => {
    const app = buildApp(loaded, { environments, outdir: staging, context: options.context });
    app.app.synth();
    return app;
  }, { option: options.option, protect: [loaded.file] });
  return { built, assembly: new CloudAssembly(target), outdir: target };
}
