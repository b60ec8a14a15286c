import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** A version of the spec to compare: its text, a label for reports, and the path it stands for. */
export interface SpecSource {
  readonly text: string;
  /** `haven.yaml`, or `git:main:haven.yaml`. */
  readonly label: string;
  /** The file on disk (for a git revision: the working-tree path it was read at). */
  readonly file: string;
}

/** A source that cannot be read (missing file, not a git repository, unknown ref): bad input. */
export class SpecSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecSourceError';
  }
}

const GIT_PREFIX = 'git:';

export function isGitSource(arg: string): boolean {
  return arg.startsWith(GIT_PREFIX);
}

function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 4 * 1024 * 1024 });
}

function stderrOf(e: unknown): string {
  const err = e as { stderr?: string | Buffer; code?: string; message?: string };
  if (err.code === 'ENOENT') return 'git is not installed';
  return String(err.stderr ?? err.message ?? e).trim().split('\n')[0];
}

/** The real path of a file that may not exist in the working tree (its directory must). */
function realPath(file: string): string {
  const abs = path.resolve(file);
  return fs.existsSync(abs) ? fs.realpathSync(abs) : path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
}

/**
 * The spec at `git:REF`: `git show REF:<path relative to the repository root>` for `file`, the path the other
 * side of the diff names. https://git-scm.com/docs/git-show ("<rev>:<path>" names a blob, gitrevisions(7)).
 */
function readAtRevision(ref: string, file: string): SpecSource {
  // A ref starting with '-' would be read as an option.
  if (ref === '' || ref.startsWith('-')) throw new SpecSourceError(`git:${ref}: expected git:REF, e.g. git:main or git:HEAD~1`);
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new SpecSourceError(`${dir}: no such directory`);
  let root: string;
  try {
    root = fs.realpathSync(git(['rev-parse', '--show-toplevel'], dir).trim());
  } catch (e) {
    throw new SpecSourceError(`git:${ref}: ${path.dirname(file)} is not inside a git repository (${stderrOf(e)})`);
  }
  const relative = path.relative(root, realPath(file)).split(path.sep).join('/');
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  } catch {
    throw new SpecSourceError(`git:${ref}: unknown revision in ${root}`);
  }
  try {
    return { text: git(['show', `${ref}:${relative}`], root), label: `git:${ref}:${relative}`, file };
  } catch (e) {
    throw new SpecSourceError(`git:${ref}: ${relative} does not exist at ${ref} (${stderrOf(e)})`);
  }
}

/**
 * One side of `haven diff`: a spec file, or `git:REF` for the other side's path at a git revision.
 * `otherSide` is the other argument; a git side needs it to name a file.
 */
export function readSpecSource(arg: string, otherSide: string): SpecSource {
  if (isGitSource(arg)) {
    if (isGitSource(otherSide)) throw new SpecSourceError('at most one side may be git:REF; the other names the spec file (haven diff git:main haven.yaml)');
    return readAtRevision(arg.slice(GIT_PREFIX.length), otherSide);
  }
  if (!fs.existsSync(arg) || !fs.statSync(arg).isFile()) throw new SpecSourceError(`${arg}: no such file`);
  return { text: fs.readFileSync(arg, 'utf8'), label: arg, file: arg };
}
