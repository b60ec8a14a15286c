/** One problem with a spec, located in the file as written. */
export interface SpecIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted path into the spec, e.g. `databases.main.instanceClass` (empty for the document itself). */
  readonly path: string;
  readonly message: string;
}

/** The spec cannot be used: every issue found, structural and cross-field, reported together. */
export class SpecError extends Error {
  constructor(readonly issues: readonly SpecIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'SpecError';
  }
}

export function formatIssue(issue: SpecIssue): string {
  // Line 0: the problem is with the file itself (missing, unreadable), not a place in it.
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : `${issue.file}:`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}
