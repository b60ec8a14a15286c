import type { CheckReport } from '../types';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** JUnit XML for CI: a suite per framework, a test case per control; organizational and n/a controls are skipped. */
export function renderJunit(report: CheckReport): string {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = report.controls.length;
  const failures = report.controls.filter((c) => c.status === 'fail').length;
  // Findings no control maps to would otherwise vanish from a per-control report: they get a suite of their own.
  const unmapped = report.findings.filter((f) => f.unmapped && f.status === 'fail');
  out.push(`<testsuites name="haven check ${xmlEscape(report.environment)}" tests="${total + unmapped.length}" failures="${failures + unmapped.length}">`);
  for (const s of report.summary) {
    const controls = report.controls.filter((c) => c.framework === s.framework);
    out.push(`  <testsuite name="${xmlEscape(s.title)}" tests="${controls.length}" failures="${s.fail}" skipped="${s.not_applicable + s.organizational}">`);
    for (const c of controls) {
      out.push(`    <testcase classname="haven.${s.framework}" name="${xmlEscape(`${c.id} ${c.title}`)}">`);
      if (c.status === 'fail') {
        const detail = c.findings.map((id) => byId.get(id)).filter((f) => f && f.status === 'fail').map((f) => `${f!.ruleId} ${f!.evidence.stack}/${f!.evidence.logicalId} ${f!.evidence.property}=${JSON.stringify(f!.evidence.value)}: ${f!.message}`);
        out.push(`      <failure message="${xmlEscape(c.rationale)}">${xmlEscape(detail.join('\n'))}</failure>`);
      } else if (c.status === 'organizational' || c.status === 'not_applicable') {
        out.push(`      <skipped message="${xmlEscape(`${c.status}: ${c.rationale}`)}"/>`);
      } else if (c.status === 'acknowledged') {
        out.push(`      <system-out>${xmlEscape(c.rationale)}</system-out>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (unmapped.length > 0) {
    out.push(`  <testsuite name="Unmapped findings" tests="${unmapped.length}" failures="${unmapped.length}" skipped="0">`);
    for (const f of unmapped) {
      out.push(`    <testcase classname="haven.unmapped" name="${xmlEscape(f.id)}">`);
      out.push(`      <failure message="${xmlEscape(`${f.ruleId} maps to no framework control`)}">${xmlEscape(`${f.evidence.stack}/${f.evidence.logicalId}: ${f.message}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
