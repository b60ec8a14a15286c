import { isOpenError, type AcknowledgementUse, type CheckReport, type ControlStatus, type Finding, type FrameworkSummary } from '../types';

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

/** How every format names a control status. */
export const STATUS_LABEL: Readonly<Record<ControlStatus, string>> = {
  met: 'met',
  met_with_exception: 'met with exception',
  not_met: 'not met',
  not_applicable: 'n/a',
  organizational: 'organizational',
};

/** "12/15 (80%)": controls met on their own out of those infrastructure evidences, or "—" when there are none. */
export function metOnOwnText(s: FrameworkSummary): string {
  if (s.metOnOwnShare === null) return '—';
  return `${s.met}/${s.met + s.met_with_exception + s.not_met} (${Math.round(s.metOnOwnShare * 100)}%)`;
}

/** The acknowledgements that applied, split into Haven's built-in ones (design decisions) and the spec's. */
export function acknowledgementsBySource(report: CheckReport): { builtin: AcknowledgementUse[]; spec: AcknowledgementUse[] } {
  return { builtin: report.acknowledgements.filter((a) => a.builtin), spec: report.acknowledgements.filter((a) => !a.builtin) };
}

/** Said by every format when the check ran without Haven's built-in acknowledgements. */
export const NO_BUILTIN_NOTE = 'Run without Haven\'s built-in acknowledgements: what they would cover is reported as not met.';
