/**
 * Synthesized assemblies of the bundled examples, built once per source tree and shared by every test file.
 *
 * Synthesizing an example environment costs seconds of CPU; vitest runs each test file in its own process
 * (`pool: 'forks'`), so an in-memory cache would not be shared. This module keeps each environment's assembly on disk
 * under `os.tmpdir()/haven-test-assemblies/<key>/`, where the key hashes the spec file, every file under `src/` and the
 * installed aws-cdk-lib / cdk-nag versions: any change to the platform or the spec synthesizes afresh, an unchanged
 * tree reuses the assembly from an earlier file or run. A build is written to a staging directory and renamed into
 * place, so a concurrent reader sees a whole assembly or none (two files racing both build; one rename wins).
 *
 * The assembly is synthesized as `haven plan` synthesizes (src/cli/workflow.ts `attachChecks`): the check context and
 * the cdk-nag packs of the environment's frameworks attached, so it also holds `validation-report.json`; as a scratch
 * build (`buildApp({ scratch: true })`: no tree.json, no creation stack traces in metadata). Its templates are the
 * ones `haven synth` writes (test/examples/assembly.test.ts, test/platform/app-scratch.test.ts).
 *
 * Usage:
 *   const env = exampleAssembly('berthcare.yaml', 'production');
 *   env.dir                          // the cloud assembly directory (manifest.json, *.template.json, assets)
 *   env.templates                    // every template, nested included, with stack name / region / role
 *   env.template('berthcare-production-ca-central-1')   // one template by stack name
 *   checkExample('berthcare.yaml', 'production', { guard: true })   // the `haven check` report, no new synthesis
 *
 * Treat the directory as read-only: it is shared with other test files. Tests that need to mutate an assembly
 * copy it first (`fs.cpSync(env.dir, mine, { recursive: true })`).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkSynthesized, type CheckReport, type SynthesizedForCheck } from '../../src/compliance';
import { attachChecks, checkInputFor, CHECKED_SYNTH_CONTEXT, type CheckOptions } from '../../src/cli/workflow';
import { describeForCheck, nagPacksFor } from '../../src/compliance';
import { buildApp, synthesizedTemplates, type SynthesizedTemplate } from '../../src/platform/app';
import { loadSpec, type LoadedSpec } from '../../src/spec/loader';

const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(REPO, 'examples');

export interface ExampleAssembly {
  /** The spec as loaded (validated). */
  readonly loaded: LoadedSpec;
  readonly environment: string;
  /** Cloud assembly directory: shared, do not modify. */
  readonly dir: string;
  /** Every template of the environment, nested stacks included, in stack order. */
  readonly templates: readonly SynthesizedTemplate[];
  /** The template of one stack (`name` as in `templates`); throws when there is none. */
  template(name: string): SynthesizedTemplate['template'];
  /** What `checkSynthesized` needs to check this assembly. */
  readonly forCheck: SynthesizedForCheck;
}

interface Stored {
  readonly templates: SynthesizedTemplate[];
  readonly forCheck: SynthesizedForCheck;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort();
}

let sourceHash: string | undefined;
/** Hash of everything that shapes a synthesized assembly besides the spec: Haven's sources and the CDK versions. */
function sourcesKey(): string {
  if (sourceHash) return sourceHash;
  const hash = createHash('sha256');
  for (const file of filesUnder(path.join(REPO, 'src'))) hash.update(path.relative(REPO, file)).update('\0').update(fs.readFileSync(file));
  for (const pkg of ['aws-cdk-lib', 'cdk-nag', 'constructs']) hash.update(`${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}`);
  sourceHash = hash.digest('hex');
  return sourceHash;
}

/** Where the shared assemblies live (override with HAVEN_TEST_ASSEMBLIES, e.g. to inspect one). */
export function assemblyCacheRoot(): string {
  return process.env.HAVEN_TEST_ASSEMBLIES ?? path.join(os.tmpdir(), 'haven-test-assemblies');
}

const loadedSpecs = new Map<string, LoadedSpec>();
const memory = new Map<string, ExampleAssembly>();

/**
 * One example environment's synthesized assembly (e.g. `exampleAssembly('techcorp.yaml', 'production')`), built at
 * most once per source tree across test files and runs. Throws for an unknown example or environment.
 */
export function exampleAssembly(example: string, environment: string): ExampleAssembly {
  const specFile = path.join(EXAMPLES, example);
  const loaded = loadedSpecs.get(specFile) ?? loadSpec(specFile);
  loadedSpecs.set(specFile, loaded);
  if (!loaded.plans[environment]) throw new Error(`${example} has no environment ${environment}; it has ${Object.keys(loaded.plans).join(', ')}`);
  const key = createHash('sha256').update(sourcesKey()).update(fs.readFileSync(specFile)).update(environment).digest('hex').slice(0, 24);
  const hit = memory.get(key);
  if (hit) return hit;
  const dir = path.join(assemblyCacheRoot(), `${example.replace(/\.ya?ml$/, '')}-${environment}-${key}`);
  const storedFile = path.join(dir, 'haven-test.json');
  if (!fs.existsSync(storedFile)) buildOnce(loaded, environment, dir, storedFile);
  const stored = JSON.parse(fs.readFileSync(storedFile, 'utf8')) as Stored;
  const result: ExampleAssembly = {
    loaded,
    environment,
    dir,
    templates: stored.templates,
    forCheck: stored.forCheck,
    template(name) {
      const found = stored.templates.find((t) => t.name === name);
      if (!found) throw new Error(`no stack ${name} in ${example} ${environment}; there are ${stored.templates.map((t) => t.name).join(', ')}`);
      return found.template;
    },
  };
  memory.set(key, result);
  return result;
}

const LOCK_STALE_MS = 10 * 60_000;
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the assembly unless another test process is building it already: vitest runs test files in parallel
 * workers, and two workers wanting the same example would otherwise both synthesize it (seconds of CPU each).
 * `mkdir` of the lock is atomic; the waiter polls for the finished assembly. A lock older than a build can take
 * (its builder crashed) is taken over.
 */
function buildOnce(loaded: LoadedSpec, environment: string, dir: string, storedFile: string): void {
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (fs.existsSync(storedFile)) return;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(200);
    }
  }
  try {
    if (!fs.existsSync(storedFile)) build(loaded, environment, dir);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function build(loaded: LoadedSpec, environment: string, dir: string): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.tmp-`);
  try {
    const built = buildApp(loaded, { environments: [environment], outdir: staging, scratch: true, context: CHECKED_SYNTH_CONTEXT });
    attachChecks(built);
    built.app.synth();
    const env = built.environments[0];
    // Paths are stored relative to the assembly and resolved on read: the directory is renamed into place.
    const forCheck = describeForCheck(built.app, staging, { stackRoles: env.roles, packs: nagPacksFor(env.plan.compliance.frameworks) });
    const stored: Stored = {
      templates: synthesizedTemplates(built, staging),
      forCheck: { ...forCheck, assemblyDir: '.', stacks: forCheck.stacks.map((s) => ({ ...s, templateFile: path.relative(staging, s.templateFile) })) },
    };
    fs.writeFileSync(path.join(staging, 'haven-test.json'), JSON.stringify(stored));
    try {
      fs.renameSync(staging, dir);
    } catch (e) {
      // Another test file built the same assembly first: use theirs.
      if (!fs.existsSync(path.join(dir, 'haven-test.json'))) throw e;
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * `haven check` of an example environment from its shared assembly: the report `checkEnvironment` gives, without
 * synthesizing again. `date` pins acknowledgement expiry (default today, as the CLI).
 */
export function checkExample(example: string, environment: string, options: CheckOptions & { date?: string } = {}): CheckReport {
  const env = exampleAssembly(example, environment);
  const plan = env.loaded.plans[environment];
  const forCheck: SynthesizedForCheck = {
    ...env.forCheck,
    assemblyDir: env.dir,
    stacks: env.forCheck.stacks.map((s) => ({ ...s, templateFile: path.resolve(env.dir, s.templateFile) })),
  };
  return checkSynthesized(forCheck, checkInputFor(plan, options.date ?? env.loaded.date, options));
}
