import { isOpenError, type CheckReport, type Finding } from '../types';

/** The one-line verdict every human-readable format prints; it says what `exitCodeFor` decides. */
export function verdictText(report: CheckReport): string {
  return report.passed
    ? `Passed (${report.warnings} warning(s))`
    : `Failed: ${report.errors} unacknowledged error(s), ${report.warnings} warning(s)`;
}

/**
 * Open findings (unacknowledged) that no reported control lists: tool findings Haven has no mapping for, an expired
 * acknowledgement, a rule that evidences none of the reported frameworks. Formats organised by control report them
 * on their own, so an error among them still shows as a failure there.
 */
export function openFindingsOutsideControls(report: CheckReport): Finding[] {
  const listed = new Set(report.controls.flatMap((c) => c.findings));
  return report.findings.filter((f) => f.status === 'fail' && !listed.has(f.id));
}

export { isOpenError };
