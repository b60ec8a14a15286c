import type { AcknowledgementUse, CheckReport, ControlResult, Finding } from '../types';
import { isOpenError, openFindingsOutsideControls, STATUS_LABEL } from './verdict';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function describe(f: Finding): string {
  return `${f.ruleId} ${f.evidence.stack}/${f.evidence.logicalId} ${f.evidence.property}=${JSON.stringify(f.evidence.value)}: ${f.message}`;
}

/** "haven: reason (docs)" or "owner: reason (expires …)" for one acknowledgement. */
function exceptionLine(a: AcknowledgementUse): string {
  return a.builtin ? `Haven built-in acknowledgement of ${a.rules.join(', ')}: ${a.reason} (${a.docs ?? 'no docs'})` : `Acknowledged in the spec by ${a.owner}${a.expires ? ` until ${a.expires}` : ''}: ${a.reason}`;
}

function controlCase(c: ControlResult, byId: ReadonlyMap<string, Finding>, uses: readonly AcknowledgementUse[]): string[] {
  const mine = c.findings.map((id) => byId.get(id)).filter((f): f is Finding => f !== undefined);
  const warnings = mine.filter((f) => f.status === 'fail' && f.severity === 'warning').map(describe);
  const body: string[] = [];
  if (c.status === 'not_met') {
    body.push(`      <failure message="${xmlEscape(c.rationale)}">${xmlEscape(mine.filter(isOpenError).map(describe).join('\n'))}</failure>`);
  } else if (c.status === 'organizational' || c.status === 'not_applicable') {
    body.push(`      <skipped message="${xmlEscape(`${STATUS_LABEL[c.status]}: ${c.rationale}`)}"/>`);
  } else if (c.status === 'met_with_exception' || warnings.length > 0) {
    // JUnit has no outcome for "passes through an exception" or for warnings: the case passes and says so.
    const excepted = new Set(mine.filter((f) => f.status === 'acknowledged' && f.severity === 'error').map((f) => f.id));
    const exceptions = uses.filter((a) => a.findings.some((id) => excepted.has(id))).map(exceptionLine);
    body.push(`      <system-out>${xmlEscape([`${STATUS_LABEL[c.status]}: ${c.rationale}`, ...exceptions, ...warnings].join('\n'))}</system-out>`);
  }
  return [`    <testcase classname="haven.${c.framework}" name="${xmlEscape(`${c.id} ${c.title}`)}">`, ...body, '    </testcase>'];
}

/**
 * JUnit XML for CI: a suite per framework, a test case per control; organizational and n/a controls are skipped, a
 * control met with an exception passes and names its acknowledgements (with the AWS docs of Haven's built-in ones).
 * A failure is exactly an unacknowledged error (the exit-code rule): a failing control, or an open finding that no
 * reported control lists, in a suite of its own.
 */
export function renderJunit(report: CheckReport): string {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const outside = openFindingsOutsideControls(report);
  const outsideFailures = outside.filter(isOpenError).length;
  const failures = report.controls.filter((c) => c.status === 'not_met').length + outsideFailures;
  out.push(`<testsuites name="haven check ${xmlEscape(report.environment)}" tests="${report.controls.length + outside.length}" failures="${failures}">`);
  for (const s of report.summary) {
    const controls = report.controls.filter((c) => c.framework === s.framework);
    out.push(`  <testsuite name="${xmlEscape(s.title)}" tests="${controls.length}" failures="${s.not_met}" skipped="${s.not_applicable + s.organizational}">`);
    for (const c of controls) out.push(...controlCase(c, byId, report.acknowledgements));
    out.push('  </testsuite>');
  }
  if (outside.length > 0) {
    out.push(`  <testsuite name="Unmapped findings" tests="${outside.length}" failures="${outsideFailures}" skipped="0">`);
    for (const f of outside) {
      const why = f.unmapped ? `${f.ruleId} maps to no framework control` : `${f.ruleId} evidences none of the reported controls`;
      out.push(`    <testcase classname="haven.unmapped" name="${xmlEscape(f.id)}">`);
      out.push(isOpenError(f)
        ? `      <failure message="${xmlEscape(why)}">${xmlEscape(`${f.evidence.stack}/${f.evidence.logicalId}: ${f.message}`)}</failure>`
        : `      <system-out>${xmlEscape(`${f.severity}: ${why}. ${f.evidence.stack}/${f.evidence.logicalId}: ${f.message}`)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
