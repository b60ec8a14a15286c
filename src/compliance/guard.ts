import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Haven runs the AWS Control Tower proactive controls with the cfn-guard binary and rules bundled in
 * @cdklabs/cdk-validator-cfnguard, but reads guard's output itself. Two reasons:
 * - the validator's own parser expects every failed check to carry `traversed.to.path`; the bundled guard reports
 *   checks of rules that call named sub-rules as nested `Rule` / `Clause` / `UnResolved` objects instead, and the
 *   validator then throws ("reading 'to'"). CDK turns that into a plugin failure with no violations, so every realistic
 *   Haven template silently produced zero guard findings;
 * - CDK hands validation plugins only top-level stack templates, never nested stack templates.
 */

/** One failed Control Tower control on one template, with the resources that fail it. */
export interface GuardViolation {
  /** Control Tower id (`CT.S3.PR.1`), or undefined for a rule whose message names none. */
  readonly controlId?: string;
  /** The guard rule's name, e.g. `s3_bucket_default_encryption_kms_check`. */
  readonly ruleName: string;
  /** `[CT.S3.PR.10]: Require …`, as the rule states it. */
  readonly description: string;
  readonly fix?: string;
  readonly templatePath: string;
  readonly logicalIds: readonly string[];
}

interface Located { logicalId: string; message?: string }

/** Every `/Resources/<id>` path in a failed check, with the nearest enclosing custom message. */
function collect(node: unknown, message: string | undefined, out: Located[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, message, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const custom = (obj.messages as { custom_message?: unknown } | undefined)?.custom_message;
  // Only the message naming a control counts: helper sub-rules add their own ("Local Stack reference was invalid").
  const here = typeof custom === 'string' && custom.includes('[CT.') ? custom : message;
  if (typeof obj.path === 'string') {
    const m = /^\/Resources\/([^/]+)/.exec(obj.path);
    if (m) out.push({ logicalId: m[1], message: here });
  }
  for (const [k, v] of Object.entries(obj)) {
    // {path, value} pairs carry the template's own data under `value`: never read resource properties as checks.
    if (k === 'value' && typeof obj.path === 'string') continue;
    if (k === 'messages') continue;
    collect(v, here, out);
  }
}

function splitMessage(message: string | undefined): { description?: string; fix?: string } {
  const lines = (message ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const fix = lines.find((l) => l.startsWith('[FIX]'))?.replace(/^\[FIX\]:\s*/, '');
  const description = lines.find((l) => !l.startsWith('[FIX]'));
  return { ...(description ? { description } : {}), ...(fix ? { fix } : {}) };
}

/** Guard's `--output-format json --structured` results, whatever shape each failed check takes. */
export function parseGuardOutput(results: unknown): GuardViolation[] {
  const out: GuardViolation[] = [];
  for (const result of Array.isArray(results) ? results : [results]) {
    const r = result as { name?: string; not_compliant?: unknown[] } | null;
    if (!r || !Array.isArray(r.not_compliant)) continue;
    for (const item of r.not_compliant) {
      // Older guard output is the rule itself; newer wraps it as { Rule: {...} }.
      const rule = ((item as { Rule?: unknown }).Rule ?? item) as { name?: string };
      const found: Located[] = [];
      collect(rule, undefined, found);
      // Locations reached outside the sub-rule that states the control still belong to it.
      const ruleMessage = found.find((f) => f.message?.includes('[CT.'))?.message;
      const byMessage = new Map<string, Set<string>>();
      for (const f of found) {
        const key = f.message ?? ruleMessage ?? '';
        if (!byMessage.has(key)) byMessage.set(key, new Set());
        byMessage.get(key)!.add(f.logicalId);
      }
      for (const [message, ids] of byMessage) {
        const { description, fix } = splitMessage(message);
        const text = description ?? rule.name ?? 'cfn-guard rule';
        out.push({
          ...(/^\[(CT\.[A-Z0-9.-]+)\]/.test(text) ? { controlId: /^\[(CT\.[A-Z0-9.-]+)\]/.exec(text)![1] } : {}),
          ruleName: rule.name ?? 'unknown',
          description: text,
          ...(fix ? { fix } : {}),
          templatePath: r.name ?? '',
          logicalIds: [...ids].sort(),
        });
      }
    }
  }
  return out;
}

export interface GuardRunOptions {
  /** Rule files or directories (default: the Control Tower rules bundled with the validator). */
  readonly rules?: readonly string[];
  /**
   * Reuse results for a template guard has already checked with the same rules and binary: in this process, and
   * across processes in a cache directory under the OS temp dir (default true; `HAVEN_GUARD_CACHE=0` turns the disk
   * cache off).
   */
  readonly cache?: boolean;
  /** Guard processes run at once (default: the number of CPUs). */
  readonly concurrency?: number;
}

/** The cfn-guard binary and Control Tower rules bundled with @cdklabs/cdk-validator-cfnguard. */
export function bundledGuard(): { binary: string; rules: string } {
  const root = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
  const platform = process.platform === 'darwin' ? 'macos' : process.platform === 'linux' ? 'ubuntu' : undefined;
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : undefined;
  if (!platform || !arch) throw new Error(`cfn-guard is bundled for Linux and macOS on x64/arm64, not ${process.platform}/${process.arch}`);
  return { binary: path.join(root, 'bin', platform, arch, 'cfn-guard'), rules: path.join(root, 'rules', 'control-tower', 'cfn-guard') };
}

const GUARD_OUTPUT_ARGS = ['--output-format', 'json', '--show-summary', 'none', '--structured'];

function guardOutput(proc: { status: number | null; signal?: NodeJS.Signals | null; stdout: string; stderr: string; error?: Error }): unknown[] {
  if (proc.error) throw proc.error;
  // guard exits 5 or 19 when a rule fails; anything else is guard itself failing.
  if (proc.status !== 0 && proc.status !== 5 && proc.status !== 19) {
    throw new Error(`cfn-guard exited with ${proc.status ?? proc.signal}: ${proc.stderr.slice(0, 500)}`);
  }
  const text = proc.stdout.trim();
  const parsed = text ? JSON.parse(text) as unknown : [];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/**
 * The reference runner: every rule over every whole template, in one guard process. Correct but slow (guard
 * re-reads each template for each of its 237 rule files: minutes for a large platform); `runGuard` must report
 * exactly what this reports, and a test holds it to that.
 */
export function runGuardUnfiltered(templatePaths: readonly string[], options: Pick<GuardRunOptions, 'rules'> = {}): GuardViolation[] {
  if (templatePaths.length === 0) return [];
  const guard = bundledGuard();
  const args = ['validate', ...(options.rules ?? [guard.rules]).flatMap((r) => ['--rules', r]), ...templatePaths.flatMap((t) => ['--data', t]), ...GUARD_OUTPUT_ARGS];
  return parseGuardOutput(guardOutput(spawnSync(guard.binary, args, { encoding: 'utf8', maxBuffer: 1 << 30 })));
}

/** One guard rule file and the CloudFormation resource types it names (what it can report on or look up). */
interface GuardRuleFile {
  readonly file: string;
  readonly text: string;
  readonly types: readonly string[];
}

interface RuleSet {
  readonly files: readonly GuardRuleFile[];
  /** Hash of the binary's version and every rule's text: a cached result is valid only for the same one. */
  readonly fingerprint: string;
}

const ruleSets = new Map<string, RuleSet>();

function ruleFilesUnder(entry: string): string[] {
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs.readdirSync(entry).sort().flatMap((name) => {
    const full = path.join(entry, name);
    return fs.statSync(full).isDirectory() ? ruleFilesUnder(full) : /\.(guard|ruleset)$/.test(name) ? [full] : [];
  });
}

function loadRuleSet(binary: string, entries: readonly string[]): RuleSet {
  const key = [binary, ...entries].join('\0');
  const known = ruleSets.get(key);
  if (known) return known;
  const hash = createHash('sha256').update(guardVersion(binary));
  const files = entries.flatMap(ruleFilesUnder).map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    hash.update(file).update('\0').update(text);
    // Every type the rule mentions, comments included: a superset only makes the rule run more often.
    const types = [...new Set([...text.matchAll(/["'](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)["']/g)].map((m) => m[1]))].sort();
    return { file, text, types };
  });
  const set = { files, fingerprint: hash.digest('hex') };
  ruleSets.set(key, set);
  return set;
}

function guardVersion(binary: string): string {
  const manifest = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'guard-version.json');
  return `${binary}@${fs.existsSync(manifest) ? fs.readFileSync(manifest, 'utf8') : 'unknown'}`;
}

interface Template { Resources?: Record<string, { Type?: string; Properties?: unknown }>; [section: string]: unknown }

/** Logical ids a value refers to through Ref, Fn::GetAtt or Fn::Sub. */
function referencedIds(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === 'Ref' && typeof v === 'string') out.add(v);
    else if (k === 'Fn::GetAtt') out.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
    else if (k === 'Fn::Sub') for (const m of JSON.stringify(v).matchAll(/\$\{([^}.!]+)/g)) out.add(m[1]);
    referencedIds(v, out);
  }
}

/**
 * The template cut down to what rules about `types` can see. The Control Tower rules read only
 * `AWSTemplateFormatVersion` and `Resources`; they select resources by type and read their `Properties`, and follow
 * a Ref / GetAtt only to check the referenced resource's `Type` (`query_for_resource`). So the data keeps resources
 * of those types with their properties, and every resource they refer to as a bare `{ Type }`. Guard evaluates each
 * rule per resource, so what it reports on these resources is what it reports on the whole template, and a rule
 * costs guard time in proportion to the data it is given (it copies the document per rule).
 */
function templateFor(template: Template, types: ReadonlySet<string>): Template {
  const all = template.Resources ?? {};
  const resources: NonNullable<Template['Resources']> = {};
  const referenced = new Set<string>();
  for (const [id, r] of Object.entries(all)) {
    if (!types.has(r?.Type ?? '')) continue;
    resources[id] = { Type: r.Type, ...(r.Properties === undefined ? {} : { Properties: r.Properties }) };
    referencedIds(r.Properties, referenced);
  }
  for (const id of referenced) if (all[id] && !resources[id]) resources[id] = { Type: all[id].Type };
  return { ...(template.AWSTemplateFormatVersion === undefined ? {} : { AWSTemplateFormatVersion: template.AWSTemplateFormatVersion }), Resources: resources };
}

/** One guard process: these rules over these (cut-down) templates, fed through `--payload`. */
interface GuardJob {
  readonly rules: readonly string[];
  readonly data: readonly { readonly templatePath: string; readonly text: string }[];
}

/** Runs guard jobs `concurrency` at a time from a helper Node process, so callers stay synchronous. */
const POOL = `
const { spawn } = require('child_process');
let input = '';
process.stdin.on('data', (c) => { input += c; }).on('end', () => {
  const { binary, args, jobs, concurrency } = JSON.parse(input);
  const results = new Array(jobs.length);
  let next = 0;
  const start = () => {
    if (next >= jobs.length) return Promise.resolve();
    const i = next++;
    return new Promise((resolve) => {
      const p = spawn(binary, args);
      let stdout = '', stderr = '';
      p.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
      p.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
      p.on('error', (e) => { results[i] = { status: null, stdout, stderr: String(e) }; resolve(); });
      p.on('close', (status, signal) => { results[i] = { status, signal, stdout, stderr }; resolve(); });
      p.stdin.end(jobs[i]);
    }).then(start);
  };
  Promise.all(Array.from({ length: concurrency }, start)).then(() => process.stdout.write(JSON.stringify(results)));
});`;

function runJobs(binary: string, jobs: readonly GuardJob[], concurrency: number): unknown[][] {
  const args = ['validate', '--payload', ...GUARD_OUTPUT_ARGS];
  const payloads = jobs.map((j) => JSON.stringify({ rules: j.rules, data: j.data.map((d) => d.text) }));
  if (concurrency <= 1 || jobs.length <= 1) {
    return payloads.map((input) => guardOutput(spawnSync(binary, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 })));
  }
  const pool = spawnSync(process.execPath, ['-e', POOL], { input: JSON.stringify({ binary, args, jobs: payloads, concurrency }), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (pool.error) throw pool.error;
  if (pool.status !== 0) throw new Error(`cfn-guard runner exited with ${pool.status ?? pool.signal}: ${pool.stderr.slice(0, 500)}`);
  return (JSON.parse(pool.stdout) as Parameters<typeof guardOutput>[0][]).map(guardOutput);
}

function holdsAny(template: Template, types: ReadonlySet<string>): boolean {
  return Object.values(template.Resources ?? {}).some((r) => types.has(r?.Type ?? ''));
}

/**
 * What starting one guard process costs, in units of guard's evaluation work (one rule over one byte of data):
 * about 0.1 s of CPU, as much as a rule over ~64 KB of template (measured with cfn-guard 3.1.1).
 */
const PROCESS_COST = 64 * 1024;

interface Batch { readonly types: ReadonlySet<string>; readonly rules: readonly string[]; readonly bytes: number }

/**
 * Which rules run together. Rules naming the same types share one cut-down template; smaller such groups are then
 * merged while one process is cheaper than the extra evaluation (in a merged process every rule sees every group's
 * data), down to one process per CPU. Only rules whose types occur in some template run at all.
 */
function planJobs(files: readonly GuardRuleFile[], templates: readonly Template[], concurrency: number): Batch[] {
  const byTypes = new Map<string, { types: Set<string>; rules: string[] }>();
  for (const rule of files) {
    const id = rule.types.join(',');
    if (!byTypes.has(id)) byTypes.set(id, { types: new Set(rule.types), rules: [] });
    byTypes.get(id)!.rules.push(rule.text);
  }
  const batches: Batch[] = [...byTypes.values()]
    .map((g) => ({ ...g, bytes: templates.filter((t) => holdsAny(t, g.types)).reduce((n, t) => n + JSON.stringify(templateFor(t, g.types)).length, 0) }))
    .filter((b) => b.bytes > 0);
  // Cost of merging two batches: each one's rules over the other's data (the sizes add up, at most).
  const extra = (a: Batch, b: Batch) => a.rules.length * b.bytes + b.rules.length * a.bytes;
  while (batches.length > concurrency) {
    let best: [number, number] | undefined;
    for (let i = 0; i < batches.length; i++) {
      for (let j = i + 1; j < batches.length; j++) {
        if (!best || extra(batches[i], batches[j]) < extra(batches[best[0]], batches[best[1]])) best = [i, j];
      }
    }
    const [a, b] = [batches[best![0]], batches[best![1]]];
    if (extra(a, b) > PROCESS_COST) break;
    batches.splice(best![1], 1);
    batches.splice(best![0], 1, { types: new Set([...a.types, ...b.types]), rules: [...a.rules, ...b.rules], bytes: a.bytes + b.bytes });
  }
  // Largest first, so the last process to start is a short one.
  return batches.sort((a, b) => b.rules.length * b.bytes - a.rules.length * a.bytes);
}

/** Results by template fingerprint, for this process. */
const memoryCache = new Map<string, GuardViolation[]>();

function diskCacheDir(): string | undefined {
  return process.env.HAVEN_GUARD_CACHE === '0' ? undefined : path.join(os.tmpdir(), 'haven-guard-cache');
}

function cached(key: string, useCache: boolean): GuardViolation[] | undefined {
  if (!useCache) return undefined;
  const hit = memoryCache.get(key);
  if (hit) return hit;
  const dir = diskCacheDir();
  const file = dir && path.join(dir, `${key}.json`);
  if (!file || !fs.existsSync(file)) return undefined;
  try {
    const found = JSON.parse(fs.readFileSync(file, 'utf8')) as GuardViolation[];
    memoryCache.set(key, found);
    return found;
  } catch {
    return undefined; // A torn or foreign file is a miss, never an error.
  }
}

function remember(key: string, violations: GuardViolation[], useCache: boolean): void {
  if (!useCache) return;
  memoryCache.set(key, violations);
  const dir = diskCacheDir();
  if (!dir) return;
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Written aside and renamed: a concurrent reader sees the whole file or none.
    const tmp = path.join(dir, `${key}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(violations));
    fs.renameSync(tmp, path.join(dir, `${key}.json`));
  } catch {
    // The cache is an optimisation: a read-only temp dir must not fail the check.
  }
}

function sortViolations(violations: GuardViolation[]): GuardViolation[] {
  const key = (v: GuardViolation) => `${v.templatePath}\0${v.ruleName}\0${v.description}\0${v.logicalIds.join(',')}`;
  return violations.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Run the Control Tower rules over templates, fast: each rule runs only on templates holding a resource type it
 * names, and sees only those resources (and what they refer to) rather than the whole template; rules naming the
 * same types share one guard process, and the processes run in parallel. Results are cached by template content.
 * Reports the same violations as `runGuardUnfiltered`, in a stable order.
 */
export function runGuard(templatePaths: readonly string[], options: GuardRunOptions = {}): GuardViolation[] {
  if (templatePaths.length === 0) return [];
  const guard = bundledGuard();
  const rules = loadRuleSet(guard.binary, options.rules ?? [guard.rules]);
  const useCache = options.cache ?? true;
  const results = new Map<string, GuardViolation[]>();
  const pending: { templatePath: string; key: string; template: Template }[] = [];
  for (const templatePath of new Set(templatePaths)) {
    const text = fs.readFileSync(templatePath, 'utf8');
    const key = createHash('sha256').update(rules.fingerprint).update('\0').update(text).digest('hex');
    const hit = cached(key, useCache);
    if (hit) results.set(templatePath, hit.map((v) => ({ ...v, templatePath })));
    else pending.push({ templatePath, key, template: JSON.parse(text) as Template });
  }

  const concurrency = Math.max(1, options.concurrency ?? os.cpus().length);
  const jobs = planJobs(rules.files, pending.map((p) => p.template), concurrency).map((batch) => ({
    rules: batch.rules,
    data: pending.filter((p) => holdsAny(p.template, batch.types)).map((p) => ({ templatePath: p.templatePath, text: JSON.stringify(templateFor(p.template, batch.types)) })),
  }));

  const found = new Map<string, GuardViolation[]>(pending.map((p) => [p.templatePath, []]));
  const outputs = runJobs(guard.binary, jobs, concurrency);
  outputs.forEach((output, i) => {
    // Payload data is named DATA_STDIN[n], n counting from 1 in the order given.
    for (const v of parseGuardOutput(output)) {
      const n = /^DATA_STDIN\[(\d+)\]$/.exec(v.templatePath)?.[1];
      const templatePath = n ? jobs[i].data[Number(n) - 1]?.templatePath : undefined;
      if (!templatePath) throw new Error(`cfn-guard reported on unknown data ${v.templatePath}`);
      found.get(templatePath)!.push({ ...v, templatePath });
    }
  });
  for (const p of pending) {
    const violations = sortViolations(found.get(p.templatePath)!);
    remember(p.key, violations.map((v) => ({ ...v, templatePath: '' })), useCache);
    results.set(p.templatePath, violations);
  }
  return templatePaths.flatMap((t) => results.get(t) ?? []);
}
