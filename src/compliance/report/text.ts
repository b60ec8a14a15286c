import type { CheckReport, Finding } from '../types';
import { verdictText } from './verdict';

function fmtValue(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'null' : s.length > 120 ? s.slice(0, 117) + '...' : s;
}

export function describeFinding(f: Finding): string[] {
  const e = f.evidence;
  const controls = f.controls.map((c) => `${c.framework.toUpperCase()} ${c.control}`).join(', ');
  return [
    `  ${f.severity === 'error' ? 'ERROR' : 'WARN '} ${f.ruleId}  ${f.message}`,
    `        at ${e.stack}/${e.logicalId} (${e.resourceType}${e.resource !== e.logicalId ? `, ${e.resource}` : ''}) ${e.property} = ${fmtValue(e.value)}`,
    ...(f.unmapped ? ['        controls: unmapped (Haven has no control mapping for this rule yet)'] : controls ? [`        controls: ${controls}`] : []),
  ];
}

/** Per-framework summary, then every unacknowledged finding with its evidence and controls. */
export function renderText(report: CheckReport): string {
  const lines: string[] = [];
  lines.push(`Haven compliance check — environment ${report.environment} (${report.tier}), ${report.date}`);
  if (report.packs.length > 0) lines.push(`Rule packs: Haven rules, ${report.packs.join(', ')}`);
  lines.push('');
  const w = Math.max(9, ...report.summary.map((s) => s.title.length));
  lines.push(`${'Framework'.padEnd(w)}  pass  fail  warn  ack  n/a  org`);
  for (const s of report.summary) {
    lines.push(`${s.title.padEnd(w)}  ${String(s.pass).padStart(4)}  ${String(s.fail).padStart(4)}  ${String(s.warning).padStart(4)}  ${String(s.acknowledged).padStart(3)}  ${String(s.not_applicable).padStart(3)}  ${String(s.organizational).padStart(3)}`);
  }
  const failing = report.controls.filter((c) => c.status === 'fail');
  if (failing.length > 0) {
    lines.push('', 'Failing controls:');
    for (const c of failing) lines.push(`  ${c.framework.toUpperCase()} ${c.id}  ${c.title}`);
  }
  const warned = report.controls.filter((c) => c.status === 'warning');
  if (warned.length > 0) {
    lines.push('', 'Controls with warnings only:');
    for (const c of warned) lines.push(`  ${c.framework.toUpperCase()} ${c.id}  ${c.title}`);
  }
  const open = report.findings.filter((f) => f.status === 'fail');
  if (open.length > 0) {
    lines.push('', `Findings (${open.length}):`);
    for (const f of open) lines.push(...describeFinding(f));
  }
  const acked = report.findings.filter((f) => f.status === 'acknowledged');
  if (acked.length > 0) {
    const builtin = acked.filter((f) => f.acknowledgement?.builtin).length;
    lines.push('', `Acknowledged: ${acked.length} finding(s) (${builtin} by Haven's design, ${acked.length - builtin} in the spec).`);
  }
  lines.push('', verdictText(report).replace(/^(Passed|Failed)/, (w) => w.toUpperCase()));
  return lines.join('\n') + '\n';
}
