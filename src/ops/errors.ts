/** An error meant for the operator: the message says what went wrong and what to do; no stack trace needed. */
export class OpsError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(hint ? `${message}\n  → ${hint}` : message);
    this.name = 'OpsError';
  }
}

/** A DR or deploy step failed: names the step so the operator (and the journal) know exactly where it stopped. */
export class StepFailedError extends OpsError {
  constructor(readonly stepId: string, override readonly cause: unknown) {
    super(`Step "${stepId}" failed: ${errorMessage(cause)}`, 'Fix the cause and run the same command again; completed steps are skipped, this one is retried.');
    this.name = 'StepFailedError';
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
