/**
 * What an OpsError means to the caller, and so its exit code: `failure` — the operation ran and did not succeed
 * (exit 1); `input` — bad input or a missing environment (credentials, account, DR region), nothing was attempted
 * (exit 2, like any other bad input).
 */
export type OpsErrorKind = 'failure' | 'input';

const EXIT_CODE: Readonly<Record<OpsErrorKind, 1 | 2>> = { failure: 1, input: 2 };

/** An error meant for the operator: the message says what went wrong and what to do; no stack trace needed. */
export class OpsError extends Error {
  readonly kind: OpsErrorKind = 'failure';
  constructor(message: string, readonly hint?: string) {
    super(hint ? `${message}\n  → ${hint}` : message);
    this.name = 'OpsError';
  }
}

/** Bad input or a missing environment: no or expired credentials, the wrong account, no DR region. */
export class OpsInputError extends OpsError {
  override readonly kind: OpsErrorKind = 'input';
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'OpsInputError';
  }
}

/** The one mapping from an operator-facing error to the process exit code. */
export function opsExitCode(e: OpsError): 1 | 2 {
  return EXIT_CODE[e.kind];
}

/** A DR or deploy step failed: names the step so the operator (and the journal) know exactly where it stopped. */
export class StepFailedError extends OpsError {
  // A step that stopped on missing credentials is still a missing environment, not a failed operation.
  override readonly kind: OpsErrorKind;
  constructor(readonly stepId: string, override readonly cause: unknown) {
    super(`Step "${stepId}" failed: ${errorMessage(cause)}`, 'Fix the cause and run the same command again; completed steps are skipped, this one is retried.');
    this.name = 'StepFailedError';
    this.kind = cause instanceof OpsError ? cause.kind : 'failure';
  }
}

/** An asynchronous AWS operation did not reach the expected state in time. */
export class WaitTimeoutError extends OpsError {
  constructor(readonly what: string, readonly timeoutMs: number, readonly lastState?: string) {
    super(`Timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${lastState ? ` (last state: ${lastState})` : ''}`);
    this.name = 'WaitTimeoutError';
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

export function errorName(e: unknown): string | undefined {
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [o.name, o.Code, o.code]) if (typeof v === 'string' && v !== 'Error') return v;
  }
  return undefined;
}
