import { SpecError, type SpecIssue } from '../../src/spec/errors';
import { parseSpec, type LoadOptions } from '../../src/spec/loader';

export interface SpecOutcome {
  readonly errors: SpecIssue[];
  readonly warnings: readonly SpecIssue[];
}

/** Loads a spec text: its errors when it is rejected, else its warnings. Any other exception is a bug and rethrown. */
export function specOutcome(text: string, file = 'spec.yaml', options: LoadOptions = {}): SpecOutcome {
  try {
    return { errors: [], warnings: parseSpec(text, file, options).warnings ?? [] };
  } catch (e) {
    if (e instanceof SpecError) return { errors: [...e.issues], warnings: [] };
    throw e;
  }
}

/** The errors of a spec text; none when it loads. */
export function issuesOf(text: string, file = 'spec.yaml', options: LoadOptions = {}): SpecIssue[] {
  return specOutcome(text, file, options).errors;
}

/** The errors of a spec text the test expects to be rejected; throws when it loads. */
export function rejectionOf(text: string, file = 'spec.yaml', options: LoadOptions = {}): SpecIssue[] {
  const errors = issuesOf(text, file, options);
  if (errors.length === 0) throw new Error('expected the spec to be rejected');
  return errors;
}
