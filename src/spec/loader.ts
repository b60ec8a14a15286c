import * as fs from 'fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { RELEASE_DATE, type IsoDate } from './date';
import { dottedPath, SpecError, type SpecIssue } from './errors';
import { havenSpecSchema, type HavenSpec } from './schema';
import { resolveEnvironment, type EnvironmentPlan } from './resolve';
import { CROSS_FIELD_RULES } from './rules';

/** A spec that passed both validation phases, with each environment resolved. */
export interface LoadedSpec {
  readonly file: string;
  readonly spec: HavenSpec;
  readonly plans: Readonly<Record<string, EnvironmentPlan>>;
  /** The date the spec was validated for, and so the date it is built for (`haven:date`). */
  readonly date: IsoDate;
}

export interface LoadOptions {
  /** Date expiries and support windows are judged against. @default RELEASE_DATE (the CLI passes --date, default today) */
  readonly date?: IsoDate;
}

/** Specs are a few KB; anything this large is a mistake or an attack, not a platform description. */
const MAX_SPEC_BYTES = 1024 * 1024;
/** Far above what a real spec needs; stops "billion laughs" alias expansion cheaply. */
const MAX_ALIAS_COUNT = 50;

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

function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Turns zod issues into located spec issues; unknown keys are reported one by one at the key itself. */
function structuralIssues(error: z.ZodError, raw: unknown, file: string, finder: PositionFinder): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const pos = finder.locate(path, key);
        issues.push({ file, ...pos, path: dottedPath([...path, key]), message: 'unknown key (check the spelling; see `haven schema` for the allowed keys)' });
      }
      continue;
    }
    const received = valueAt(raw, path);
    let message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'invalid_type') {
      message = received === undefined ? `required key is missing (expected ${issue.expected === 'record' || issue.expected === 'object' ? 'a mapping' : issue.expected})` : `expected ${issue.expected}, got ${describeReceived(received)}`;
    } else if (received !== undefined && !Array.isArray(received) && typeof received !== 'object' && !message.includes(JSON.stringify(received))) {
      message = `${message}; got ${describeReceived(received)}`;
    }
    issues.push({ file, ...finder.locate(path), path: dottedPath(path), message });
  }
  return issues;
}

function sortIssues(issues: SpecIssue[]): SpecIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col || a.path.localeCompare(b.path));
}

/** Parses and validates spec text. Throws SpecError with every issue found. */
export function parseSpec(text: string, file: string, options: LoadOptions = {}): LoadedSpec {
  const date = options.date ?? RELEASE_DATE;
  const fail = (message: string, line = 1, col = 1): never => {
    throw new SpecError([{ file, line, col, path: '', message }]);
  };
  if (text.trim() === '') fail('the spec is empty; expected a mapping with project, compliance, regions, network and environments');

  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  if (doc.errors.length > 0) {
    throw new SpecError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, path: '', message: `YAML syntax: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    fail(`YAML could not be expanded: ${(e as Error).message} (aliases are limited to ${MAX_ALIAS_COUNT} expansions)`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail(`expected a mapping at the top of the spec, got ${describeReceived(raw)}`);
  }
  const finder = new PositionFinder(doc, lines);

  // Phase 1: shape.
  const parsed = havenSpecSchema.safeParse(raw);
  if (!parsed.success) throw new SpecError(sortIssues(structuralIssues(parsed.error, raw, file, finder)));
  const spec = parsed.data;
  const rawSpec = raw as Record<string, unknown>;

  // Merged environments must also be structurally valid (an override can, e.g., null out a required field).
  const issues: SpecIssue[] = [];
  const plans: Record<string, EnvironmentPlan> = {};
  for (const envName of Object.keys(spec.environments)) {
    try {
      plans[envName] = resolveEnvironment(spec, envName, rawSpec);
    } catch (e) {
      const zerr = e as z.ZodError;
      if (!Array.isArray(zerr.issues)) throw e;
      for (const issue of zerr.issues) {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        const envPath = ['environments', envName, ...path];
        const at = finder.has(envPath) ? envPath : path;
        issues.push({ file, ...finder.locate(at), path: dottedPath(at), message: `${issue.message} (in environment ${envName})` });
      }
    }
  }
  if (issues.length > 0) throw new SpecError(sortIssues(issues));

  // Phase 2: cross-field rules, all of them, every finding located.
  for (const rule of CROSS_FIELD_RULES) {
    for (const found of rule(spec, plans, { date })) {
      let at = [...found.path];
      if (found.environment !== undefined) {
        const envPath = ['environments', found.environment, ...found.path];
        at = finder.has(envPath) ? envPath : at;
      }
      const suffix = found.environment !== undefined && at[0] !== 'environments' ? ` (in environment ${found.environment})` : '';
      issues.push({ file, ...finder.locate(at), path: dottedPath(at), message: found.message + suffix });
    }
  }
  if (issues.length > 0) throw new SpecError(sortIssues(dedupe(issues)));
  return { file, spec, plans, date };
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.line}:${i.col}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
