import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { RELEASE_DATE, type IsoDate } from './date';
import { dottedPath, SpecError, type SpecIssue } from './errors';
import { havenSpecSchema, type HavenSpec } from './schema';
import { accountShares } from './account-services';
import { mergedRawForEnvironment, resolveEnvironment, type EnvironmentPlan } from './resolve';
import { CROSS_FIELD_RULES } from './rules';

/** A spec that passed both validation phases, with each environment resolved. */
export interface LoadedSpec {
  readonly file: string;
  readonly spec: HavenSpec;
  /** Resolved environments by name (a null-prototype object: look names up with `planOf`). */
  readonly plans: Readonly<Record<string, EnvironmentPlan>>;
  /** The date the spec was validated for, and so the date it is built for (`haven:date`). */
  readonly date: IsoDate;
  /** Findings that do not stop the spec from building but deserve a look (e.g. a placeholder account in production). */
  readonly warnings?: readonly SpecIssue[];
}

export interface LoadOptions {
  /** Date expiries and support windows are judged against. @default RELEASE_DATE (the CLI passes --date, default today) */
  readonly date?: IsoDate;
  /**
   * Directory relative paths in the spec (function code, CloudFront public keys) resolve against.
   * @default the directory of `file` (a spec read from git names its working-tree path here)
   */
  readonly specDirectory?: string;
}

/**
 * The plan of a user-named environment, or undefined: an own-property lookup, so `constructor`, `toString` or
 * `__proto__` given on the command line are unknown environments, not Object.prototype members.
 */
export function planOf(loaded: Pick<LoadedSpec, 'plans'>, name: string): EnvironmentPlan | undefined {
  return Object.hasOwn(loaded.plans, name) ? loaded.plans[name] : undefined;
}

/** Specs are a few KB; anything this large is a mistake or an attack, not a platform description. */
const MAX_SPEC_BYTES = 1024 * 1024;
/** Far above what a real spec needs; stops "billion laughs" alias expansion cheaply. */
const MAX_ALIAS_COUNT = 50;
/** A real spec nests about eight levels; far deeper is a generated or hostile document (and would exhaust the stack). */
const MAX_NESTING = 64;
/** Values quoted in messages are cut to this many characters. */
const MAX_QUOTED = 60;

type PathKey = string | number;

/** Locates a path in the YAML document; falls back to the deepest existing ancestor. */
class PositionFinder {
  constructor(private readonly doc: Document, private readonly lines: LineCounter) {}

  locate(path: readonly PathKey[], unknownKey?: string): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let offset = (this.doc.contents as Node | null)?.range?.[0] ?? 0;
    for (const key of path) {
      const next = this.child(node, key);
      if (!next) break;
      node = next.value;
      offset = next.offset;
    }
    if (unknownKey !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === unknownKey);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) offset = keyNode.range[0];
    }
    const pos = this.lines.linePos(offset);
    return { line: pos.line, col: pos.col };
  }

  private child(node: unknown, key: PathKey): { value: unknown; offset: number } | undefined {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) return undefined;
      const value = pair.value as Node | null;
      const offset = value?.range?.[0] ?? (pair.key as Node).range?.[0] ?? 0;
      return { value, offset };
    }
    if (isSeq(node) && typeof key === 'number') {
      const value = node.items[key] as Node | undefined;
      return value?.range ? { value, offset: value.range[0] } : undefined;
    }
    return undefined;
  }

  /** How many keys of `path` exist in the document, from the top. */
  depth(path: readonly PathKey[]): number {
    let node: unknown = this.doc.contents;
    let n = 0;
    for (const key of path) {
      const next = this.child(node, key);
      if (!next) break;
      node = next.value;
      n++;
    }
    return n;
  }

  has(path: readonly PathKey[]): boolean {
    let node: unknown = this.doc.contents;
    for (const key of path) {
      const next = this.child(node, key);
      if (!next) return false;
      node = next.value;
    }
    return true;
  }
}

/** A value quoted in a message, cut so one bad 10 KB string does not drown the report. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…" (${text.length} characters)` : text;
}

function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && Number.isNaN(value)) return '.nan (not a number)';
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value > 0 ? '' : '-'}.inf (infinity)`;
  return `${typeof value} ${quote(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

type Issue = z.ZodError['issues'][number];

const TYPE_WORDS: Record<string, string> = { object: 'a mapping', record: 'a mapping', array: 'a list', string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', date: 'a date' };

/** zod's own wording ("Invalid input", "Too big: ...") rather than a message a schema gave. */
const isGeneric = (message: string) => /^(Invalid|Too (big|small))/.test(message);

/** What one issue at the value itself asked for, in words ("a mapping", "one of a, b"). */
function expectedBy(issue: Issue): string {
  if (issue.code === 'invalid_type') return TYPE_WORDS[issue.expected] ?? issue.expected;
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => String(v)).join(', ')}`;
  return issue.message.replace(/^expected /, '');
}

/** "connectionArn and repository": the keys a mapping branch of a union found missing. */
function missingKeys(issues: readonly Issue[]): string[] {
  return [...new Set(issues.filter((i) => i.code === 'invalid_type' && i.path.length === 1).map((i) => String(i.path[0])))];
}

/**
 * A union that matched no branch: when exactly one branch fits the value's shape best, its own issues (deeper, and
 * precise); otherwise a sentence naming what each branch expects.
 */
function unionIssues(issue: Extract<Issue, { code: 'invalid_union' }>): { nested?: Issue[]; expected: string } {
  const branches = issue.errors as Issue[][];
  const shaped = branches.filter((b) => b.every((i) => i.path.length > 0));
  if (shaped.length > 0) {
    const fewest = Math.min(...shaped.map((b) => b.length));
    const best = shaped.filter((b) => b.length === fewest);
    if (best.length === 1) return { nested: best[0], expected: '' };
  }
  const top = branches.map((b) => b.find((i) => i.path.length === 0));
  const own = top.filter((i): i is Issue => i !== undefined && !isGeneric(i.message) && i.code !== 'invalid_value' && i.code !== 'invalid_type');
  if (own.length > 0) return { expected: own[own.length - 1].message.replace(/^expected /, '') };
  const values = top.every((i) => i?.code === 'invalid_value') ? top.flatMap((i) => (i?.code === 'invalid_value' ? i.values.map(String) : [])) : undefined;
  if (values) return { expected: `one of ${values.join(', ')}` };
  const words = branches.map((b, n) => {
    const t = top[n];
    if (t) return expectedBy(t);
    const keys = missingKeys(b);
    return keys.length > 0 ? `a mapping with ${keys.join(' and ')}` : 'a mapping';
  });
  return { expected: [...new Set(words)].join(', or ') };
}

function boundMessage(issue: Issue, received: unknown): string | undefined {
  if (issue.code !== 'too_big' && issue.code !== 'too_small') return undefined;
  if (!isGeneric(issue.message)) return issue.message;
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' || issue.origin === 'set' ? ' items' : '';
  if (big && limit >= Number.MAX_SAFE_INTEGER) return `${describeReceived(received)} is far too large for this field`;
  const word = big ? (issue.inclusive ? 'at most' : 'less than') : (issue.inclusive ? 'at least' : 'more than');
  const got = Array.isArray(received) ? `${received.length}` : typeof received === 'string' ? `${received.length}` : describeReceived(received);
  return `expected ${word} ${limit}${unit}, got ${got}`;
}

/** One zod issue in words: what was found and what is expected. */
function explain(issue: Issue, received: unknown): { message: string; nested?: Issue[] } {
  if (issue.code === 'invalid_union') {
    const union = unionIssues(issue);
    if (union.nested) return { message: '', nested: union.nested };
    return { message: received === undefined ? `required key is missing (expected ${union.expected})` : `expected ${union.expected}; got ${describeReceived(received)}` };
  }
  if (issue.code === 'invalid_type') {
    const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
    return { message: received === undefined ? `required key is missing (expected ${expected})` : `expected ${expected}, got ${describeReceived(received)}` };
  }
  if (issue.code === 'invalid_value') {
    const expected = isGeneric(issue.message) ? `expected ${expectedBy(issue)}` : issue.message;
    return { message: received === undefined ? `required key is missing (${expected})` : `${expected}; got ${describeReceived(received)}` };
  }
  if (issue.code === 'invalid_key') {
    const rule = (issue.issues as Issue[]).map((i) => i.message).filter((m) => !isGeneric(m)).join('; ') || 'not an allowed name';
    return { message: `the name ${quote(issue.path[issue.path.length - 1])} is not allowed: ${rule}` };
  }
  const bound = boundMessage(issue, received);
  let message = bound ?? issue.message.replace(/^Invalid input: /, '');
  if (bound === undefined && received !== undefined && !Array.isArray(received) && typeof received !== 'object' && !message.includes(quote(received))) {
    message = `${message}; got ${describeReceived(received)}`;
  }
  return { message };
}

/** Turns zod issues into located spec issues; unknown keys are reported one by one at the key itself. */
function structuralIssues(
  error: { issues: readonly Issue[] },
  raw: unknown,
  locate: (path: readonly PathKey[], key?: string) => { line: number; col: number; path: readonly PathKey[] },
  file: string,
  prefix: readonly PathKey[] = [],
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  // zod reports an integer past 2^53 twice: as unsafe and against the field's own maximum. The field's limit is the one to show.
  const ownLimit = new Set(error.issues.filter((i) => i.code === 'too_big' && Number(i.maximum) < Number.MAX_SAFE_INTEGER).map((i) => i.path.join('\0')));
  for (const issue of error.issues) {
    if (issue.code === 'too_big' && Number(issue.maximum) >= Number.MAX_SAFE_INTEGER && ownLimit.has(issue.path.join('\0'))) continue;
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = locate(path, key);
        issues.push({ file, line: at.line, col: at.col, path: dottedPath([...at.path, cut(key)]), message: 'unknown key (check the spelling; see `haven schema` for the allowed keys)' });
      }
      continue;
    }
    const received = valueAt(raw, path);
    const { message, nested } = explain(issue, received);
    if (nested) {
      issues.push(...structuralIssues({ issues: nested }, raw, locate, file, path));
      continue;
    }
    const key = issue.code === 'invalid_key' ? String(path[path.length - 1]) : undefined;
    const at = key !== undefined ? locate(path.slice(0, -1), key) : locate(path);
    const shown = key !== undefined ? [...at.path, cut(key)] : at.path;
    issues.push({ file, line: at.line, col: at.col, path: dottedPath(shown), message });
  }
  return issues;
}

const cut = (text: string) => (text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text);

function sortIssues(issues: SpecIssue[]): SpecIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path));
}

/** Plain words for what the YAML parser reports in its own terms. */
function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'MULTIPLE_DOCS':
      return 'the file holds several YAML documents (a line with ---); a spec is one document: remove the separator or split the file';
    case 'DUPLICATE_KEY':
      return 'a key appears twice in the same mapping; keep one';
    default:
      // The parser gives up on very deep nesting with the engine's own words.
      if (/call stack/i.test(first)) return `the spec nests too deeply to read; a Haven spec needs about ten levels`;
      return `YAML syntax: ${first}`;
  }
}

/** Encodings and line endings the YAML parser would misread, said plainly before parsing. */
function encodingProblem(text: string): string | undefined {
  if (text.startsWith('\uFFFE') || /^\uFEFF?[^\0]?\0/.test(text) || text.includes('\0')) {
    return 'the file is not UTF-8 text (it looks like UTF-16 or binary); save the spec as UTF-8';
  }
  if (text.includes('\r') && !text.includes('\n')) {
    return 'the file uses old Mac line endings (CR only); save the spec with LF (or CRLF) line endings';
  }
  return undefined;
}

/**
 * Duplicate keys, one pass over every mapping (yaml's own uniqueKeys check compares every pair of keys, which takes
 * minutes on a mapping with tens of thousands of keys). Also measures nesting, which deep documents would otherwise
 * turn into a stack overflow later.
 */
function scanDocument(doc: Document, lines: LineCounter, file: string): SpecIssue[] {
  const issues: SpecIssue[] = [];
  let deepest: Node | undefined;
  visit(doc, {
    Map(_key, node, path) {
      if (!deepest && path.length > MAX_NESTING * 2) deepest = node;
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        const offset = pair.key.range?.[0] ?? 0;
        const first = seen.get(name);
        if (first !== undefined) {
          const pos = lines.linePos(offset);
          issues.push({ file, line: pos.line, col: pos.col, path: cut(name), message: `duplicate key ${quote(name)}: it is already set at line ${lines.linePos(first).line} of the same mapping; keep one` });
        } else {
          seen.set(name, offset);
        }
      }
    },
    Seq(_key, node, path) {
      if (!deepest && path.length > MAX_NESTING * 2) deepest = node;
    },
  });
  if (deepest) {
    const pos = lines.linePos(deepest.range?.[0] ?? 0);
    issues.push({ file, line: pos.line, col: pos.col, path: '', message: `the spec nests deeper than ${MAX_NESTING} levels here; a Haven spec needs about ten` });
  }
  return issues;
}

/** Issues found for several environments at the same place with the same words are reported once, naming them all. */
function mergeEnvironmentIssues(found: Array<SpecIssue & { environment?: string }>): SpecIssue[] {
  const groups = new Map<string, { issue: SpecIssue; environments: string[] }>();
  for (const { environment, ...issue } of found) {
    const key = `${issue.line}:${issue.col}:${issue.path}:${issue.message}`;
    const group = groups.get(key) ?? { issue, environments: [] };
    if (environment !== undefined && !group.environments.includes(environment)) group.environments.push(environment);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ issue, environments }) => (environments.length === 0
    ? issue
    : { ...issue, message: `${issue.message} (in environment${environments.length > 1 ? 's' : ''} ${environments.join(', ')})` }));
}

/** Parses and validates spec text. Throws SpecError with every issue found. */
export function parseSpec(text: string, file: string, options: LoadOptions = {}): LoadedSpec {
  const date = options.date ?? RELEASE_DATE;
  const fail = (message: string, line = 1, col = 1): never => {
    throw new SpecError([{ file, line, col, path: '', message }]);
  };
  if (text.trim() === '') fail('the spec is empty; expected a mapping with project, compliance, regions, network and environments');
  const encoding = encodingProblem(text);
  if (encoding) fail(encoding);

  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, version: '1.2' });
  } catch (e) {
    if (e instanceof RangeError) fail(`the spec nests too deeply to read; a Haven spec needs about ten levels`);
    throw e;
  }
  if (doc.errors.length > 0) {
    throw new SpecError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, path: '', message: yamlMessage(e.code, e.message) };
      }),
    );
  }
  const scanned = scanDocument(doc, lines, file);
  if (scanned.length > 0) throw new SpecError(sortIssues(scanned));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = (e as Error).message;
    const alias = /Unresolved alias.*: (.+)$/.exec(message);
    if (alias) {
      let at = 0;
      visit(doc, { Alias(_k, node) { if (at === 0 && node.source === alias[1]) at = node.range?.[0] ?? 0; } });
      const pos = lines.linePos(at);
      fail(`the alias *${cut(alias[1])} refers to no anchor &${cut(alias[1])} defined before it`, pos.line, pos.col);
    }
    fail(`YAML could not be expanded: ${message} (aliases are limited to ${MAX_ALIAS_COUNT} expansions)`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail(`expected a mapping at the top of the spec, got ${describeReceived(raw)}`);
  }
  const finder = new PositionFinder(doc, lines);
  const locateShared = (p: readonly PathKey[], key?: string) => ({ ...finder.locate(p, key), path: p });

  // Phase 1: shape.
  const parsed = havenSpecSchema.safeParse(raw);
  if (!parsed.success) throw new SpecError(sortIssues(structuralIssues(parsed.error, raw, locateShared, file)));
  const spec = parsed.data;
  const rawSpec = raw as Record<string, unknown>;

  /**
   * Where an environment's finding is shown: in its override when that goes at least as deep into the path as the
   * shared section does (the override caused it), otherwise in the shared section.
   */
  const inEnvironment = (environment: string, p: readonly PathKey[], preferOverride: boolean): readonly PathKey[] => {
    const envPath = ['environments', environment, ...p];
    const envDepth = finder.depth(envPath) - 2;
    const sharedDepth = finder.depth(p);
    if (envDepth <= 0) return p;
    if (envDepth === p.length) return envPath;
    return envDepth > sharedDepth || (preferOverride && envDepth === sharedDepth) ? envPath : p;
  };

  // Merged environments must also be structurally valid (an override can, e.g., null out a required field).
  const merged: Array<SpecIssue & { environment?: string }> = [];
  const plans: Record<string, EnvironmentPlan> = Object.create(null) as Record<string, EnvironmentPlan>;
  const specDirectory = options.specDirectory ?? path.dirname(path.resolve(file));
  for (const envName of Object.keys(spec.environments)) {
    try {
      plans[envName] = { ...resolveEnvironment(spec, envName, rawSpec), specDirectory };
    } catch (e) {
      const zerr = e as z.ZodError;
      if (!Array.isArray(zerr.issues)) throw e;
      const mergedRaw = mergedRawForEnvironment(rawSpec, envName);
      const locate = (p: readonly PathKey[], key?: string) => {
        const at = inEnvironment(envName, p, true);
        return { ...finder.locate(at, key), path: at };
      };
      for (const issue of structuralIssues(zerr, mergedRaw, locate, file)) {
        merged.push(issue.path.startsWith('environments.') ? issue : { ...issue, environment: envName });
      }
    }
  }
  if (merged.length > 0) throw new SpecError(sortIssues(mergeEnvironmentIssues(merged)));
  // Which environment creates each account-and-region singleton (GuardDuty, Config, Security Hub, ECR registry settings).
  const shares = accountShares(plans);
  for (const envName of Object.keys(plans)) plans[envName] = { ...plans[envName], accountShares: shares[envName] };

  // Phase 2: cross-field rules, all of them, every finding located.
  const errors: Array<SpecIssue & { environment?: string }> = [];
  const warnings: Array<SpecIssue & { environment?: string }> = [];
  for (const rule of CROSS_FIELD_RULES) {
    for (const found of rule(spec, plans, { date })) {
      const at = found.environment !== undefined ? inEnvironment(found.environment, found.path, false) : found.path;
      const environment = found.environment !== undefined && at[0] !== 'environments' ? found.environment : undefined;
      (found.severity === 'warning' ? warnings : errors).push({ file, ...finder.locate(at), path: dottedPath(at), message: found.message, environment });
    }
  }
  if (errors.length > 0) throw new SpecError(sortIssues(mergeEnvironmentIssues(errors)));
  return { file, spec, plans, date, warnings: sortIssues(mergeEnvironmentIssues(warnings)) };
}

/** Reads and validates a spec file. Throws SpecError (never a raw stack) for anything wrong with the input. */
export function loadSpec(file: string, options: LoadOptions = {}): LoadedSpec {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new SpecError([{ file, line: 0, col: 0, path: '', message: 'cannot read the spec: no such file' }]);
  }
  if (stat.isDirectory()) throw new SpecError([{ file, line: 0, col: 0, path: '', message: 'expected a spec file, got a directory' }]);
  if (stat.size > MAX_SPEC_BYTES) throw new SpecError([{ file, line: 0, col: 0, path: '', message: `the spec is ${stat.size} bytes; the limit is ${MAX_SPEC_BYTES}` }]);
  return parseSpec(fs.readFileSync(file, 'utf8'), file, options);
}
