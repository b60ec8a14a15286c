import { SpecError, formatIssue } from '../spec/errors';

/** A problem with what the user asked for (bad flag, missing file, unknown environment): no stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'UserError';
  }
}

export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 70 } as const;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const consoleOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** The one place errors become messages and exit codes. */
export function handleError(error: unknown, io: Output, debug: boolean): number {
  if (error instanceof SpecError) {
    const count = error.issues.length;
    io.err(`haven: the spec has ${count} problem${count === 1 ? '' : 's'}:`);
    for (const issue of error.issues) io.err(`  ${formatIssue(issue)}`);
    if (debug && error.stack) io.err(error.stack);
    return EXIT.badInput;
  }
  if (error instanceof UserError) {
    io.err(`haven: ${error.message}`);
    if (debug && error.stack) io.err(error.stack);
    return error.exitCode;
  }
  const err = error as Error;
  io.err(`haven: internal error: ${err?.message ?? String(error)}`);
  io.err(debug ? String(err?.stack ?? '') : 'run again with --debug for details, and please report it');
  return EXIT.internal;
}
