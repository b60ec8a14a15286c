import type { CheckReport, ControlResult, Finding } from '../types';
import { isOpenError, openFindingsOutsideControls } from './verdict';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function describe(f: Finding): string {
  return `${f.ruleId} ${f.evidence.stack}/${f.evidence.logicalId} ${f.evidence.property}=${JSON.stringify(f.evidence.value)}: ${f.message}`;
}

function controlCase(c: ControlResult, byId: ReadonlyMap<string, Finding>): string[] {
  const open = c.findings.map((id) => byId.get(id)).filter((f): f is Finding => f !== undefined && f.status === 'fail');
  const body: string[] = [];
  if (c.status === 'fail') {
    body.push(`      <failure message="${xmlEscape(c.rationale)}">${xmlEscape(open.filter(isOpenError).map(describe).join('\n'))}</failure>`);
  } else if (c.status === 'organizational' || c.status === 'not_applicable') {
    body.push(`      <skipped message="${xmlEscape(`${c.status}: ${c.rationale}`)}"/>`);
  } else if (c.status === 'acknowledged') {
    body.push(`      <system-out>${xmlEscape(c.rationale)}</system-out>`);
  } else if (c.status === 'warning') {
    // JUnit has no warning outcome: the case passes (the check does) and carries the warnings.
    body.push(`      <system-out>${xmlEscape([c.rationale, ...open.map(describe)].join('\n'))}</system-out>`);
  }
  return [`    <testcase classname="haven.${c.framework}" name="${xmlEscape(`${c.id} ${c.title}`)}">`, ...body, '    </testcase>'];
}

/**
 * JUnit XML for CI: a suite per framework, a test case per control; organizational and n/a controls are skipped.
 * A failure is exactly an unacknowledged error (the exit-code rule): a failing control, or an open finding that no
 * reported control lists, in a suite of its own.
 */
export function renderJunit(report: CheckReport): string {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const outside = openFindingsOutsideControls(report);
  const outsideFailures = outside.filter(isOpenError).length;
  const failures = report.controls.filter((c) => c.status === 'fail').length + outsideFailures;
  out.push(`<testsuites name="haven check ${xmlEscape(report.environment)}" tests="${report.controls.length + outside.length}" failures="${failures}">`);
  for (const s of report.summary) {
    const controls = report.controls.filter((c) => c.framework === s.framework);
    out.push(`  <testsuite name="${xmlEscape(s.title)}" tests="${controls.length}" failures="${s.fail}" skipped="${s.not_applicable + s.organizational}">`);
    for (const c of controls) out.push(...controlCase(c, byId));
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
