import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';

/** What Haven writes into a directory of its own. */
export type OutputKind = 'assembly' | 'docs' | 'plan';

/** Written into every directory Haven creates, so a later run knows it may replace that directory and nothing else. */
export const OUTPUT_MARKER = '.haven-output.json';

interface Marker {
  readonly tool: 'haven';
  readonly kind: OutputKind;
}

function readMarker(dir: string): Marker | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, OUTPUT_MARKER), 'utf8')) as Partial<Marker>;
    return m.tool === 'haven' && (m.kind === 'assembly' || m.kind === 'docs' || m.kind === 'plan') ? (m as Marker) : undefined;
  } catch {
    return undefined;
  }
}

/** Is `dir` output Haven wrote before, of this kind? An assembly must also still be an assembly (manifest.json). */
function isHavenOutput(dir: string, kind: OutputKind): boolean {
  if (readMarker(dir)?.kind !== kind) return false;
  return kind !== 'assembly' || fs.existsSync(path.join(dir, 'manifest.json'));
}

function refuse(dir: string, why: string, option: string): never {
  throw new UserError(`refusing to write into ${dir}: ${why}. Haven replaces only a directory it created (one holding ${OUTPUT_MARKER}); pass ${option} a new or empty directory, or move ${dir} aside yourself`);
}

/**
 * Where a command may write output of `kind`: an absent path, an empty directory, or Haven's own earlier output of the
 * same kind. Anything else (a file, a symlink, a directory holding other files such as the spec) is refused with a
 * UserError naming the path, before any work is done. `protect` are files that must never end up inside `dir`.
 * Returns the resolved directory and whether it exists.
 */
export function checkOutputDir(dir: string, kind: OutputKind, options: { readonly option?: string; readonly protect?: readonly string[] } = {}): { dir: string; exists: boolean } {
  const target = path.resolve(dir);
  const option = options.option ?? '--out';
  for (const file of options.protect ?? []) {
    const rel = path.relative(target, path.resolve(file));
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) refuse(target, `it contains ${path.resolve(file)}`, option);
  }
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return { dir: target, exists: false };
  }
  if (stat.isSymbolicLink()) refuse(target, 'it is a symbolic link', option);
  if (!stat.isDirectory()) refuse(target, 'it is a file, not a directory', option);
  if (fs.readdirSync(target).length === 0 || isHavenOutput(target, kind)) return { dir: target, exists: true };
  const other = readMarker(target);
  refuse(target, other ? `it holds Haven ${other.kind} output, not ${kind}` : 'it is not empty and Haven did not create it', option);
}

function writeMarker(dir: string, kind: OutputKind): void {
  const marker: Marker = { tool: 'haven', kind };
  fs.writeFileSync(path.join(dir, OUTPUT_MARKER), JSON.stringify(marker, null, 2) + '\n');
}

/**
 * Writes output of `kind` into a fresh sibling directory and swaps it into place only when `write` succeeded, so a
 * failure never leaves half-written output where the previous good one was. The directory it replaces is checked
 * first (see `checkOutputDir`) and is the only thing deleted.
 */
export function replaceOutputDir<T>(dir: string, kind: OutputKind, write: (staging: string) => T, options: { readonly option?: string; readonly protect?: readonly string[] } = {}): T {
  const { dir: target, exists } = checkOutputDir(dir, kind, options);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.tmp-`);
  let result: T;
  try {
    result = write(staging);
    writeMarker(staging, kind);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (exists) {
    // Checked again right before the swap: nothing but Haven's own output (or an empty directory) is moved aside.
    checkOutputDir(target, kind, options);
    const previous = fs.mkdtempSync(`${target}.old-`);
    fs.renameSync(target, path.join(previous, 'output'));
    fs.renameSync(staging, target);
    fs.rmSync(previous, { recursive: true, force: true });
  } else {
    fs.renameSync(staging, target);
  }
  return result;
}

/**
 * Claims a directory Haven fills in place (the plan directory, whose parts are each replaced on their own):
 * checked like `replaceOutputDir`, then created and marked.
 */
export function claimOutputDir(dir: string, kind: OutputKind, options: { readonly option?: string; readonly protect?: readonly string[] } = {}): string {
  const { dir: target } = checkOutputDir(dir, kind, options);
  fs.mkdirSync(target, { recursive: true });
  writeMarker(target, kind);
  return target;
}

/** Writes a report file; a directory (or anything but a file) at that path is refused rather than replaced. */
export function writeOutputFile(file: string, text: string, option = '--out'): void {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (stat && !stat.isFile()) throw new UserError(`refusing to write ${path.resolve(file)}: it exists and is not a file; pass ${option} a file path`);
  fs.writeFileSync(file, text);
}
