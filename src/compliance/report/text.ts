import type { CheckReport, Finding } from '../types';
import { acknowledgementsBySource, metOnOwnText, NO_BUILTIN_NOTE, verdictText } from './verdict';

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

function summaryTable(report: CheckReport): string[] {
  const w = Math.max(9, ...report.summary.map((s) => s.title.length));
  const lines = [`${'Framework'.padEnd(w)}   met  except  not met  n/a  org  warn  met on own`];
  for (const s of report.summary) {
    lines.push(`${s.title.padEnd(w)}  ${String(s.met).padStart(4)}  ${String(s.met_with_exception).padStart(6)}  ${String(s.not_met).padStart(7)}  ${String(s.not_applicable).padStart(3)}  ${String(s.organizational).padStart(3)}  ${String(s.warnings).padStart(4)}  ${metOnOwnText(s)}`);
  }
  lines.push('(met: passes on its own; except: met only through acknowledged exceptions; warn: controls with open warnings)');
  return lines;
}

/** Per-framework summary, then every unacknowledged finding with its evidence and controls, then the exceptions. */
export function renderText(report: CheckReport): string {
  const lines: string[] = [];
  lines.push(`Haven compliance check — environment ${report.environment} (${report.tier}), ${report.date}`);
  if (report.packs.length > 0) lines.push(`Rule packs: Haven rules, ${report.packs.join(', ')}`);
  if (!report.builtinAcknowledgements) lines.push(NO_BUILTIN_NOTE);
  lines.push('', ...summaryTable(report));
  const failing = report.controls.filter((c) => c.status === 'not_met');
  if (failing.length > 0) {
    lines.push('', 'Controls not met:');
    for (const c of failing) lines.push(`  ${c.framework.toUpperCase()} ${c.id}  ${c.title}`);
  }
  const excepted = report.controls.filter((c) => c.status === 'met_with_exception');
  if (excepted.length > 0) {
    lines.push('', 'Controls met with a documented exception:');
    for (const c of excepted) lines.push(`  ${c.framework.toUpperCase()} ${c.id}  ${c.title}`);
  }
  const warned = report.controls.filter((c) => c.warnings > 0 && c.status !== 'not_met');
  if (warned.length > 0) {
    lines.push('', 'Controls with warnings:');
    for (const c of warned) lines.push(`  ${c.framework.toUpperCase()} ${c.id}  ${c.title}`);
  }
  const open = report.findings.filter((f) => f.status === 'fail');
  if (open.length > 0) {
    lines.push('', `Findings (${open.length}):`);
    for (const f of open) lines.push(...describeFinding(f));
  }
  const { builtin, spec } = acknowledgementsBySource(report);
  if (builtin.length > 0) {
    lines.push('', `Haven's built-in acknowledgements (design decisions, ${builtin.reduce((n, a) => n + a.findings.length, 0)} finding(s)):`);
    for (const a of builtin) lines.push(`  ${a.rules.join(', ')} (${a.findings.length})`, `        ${a.reason}`, `        docs: ${a.docs ?? '—'}`);
  }
  if (spec.length > 0) {
    lines.push('', `The spec's acknowledgements (${spec.reduce((n, a) => n + a.findings.length, 0)} finding(s)):`);
    for (const a of spec) lines.push(`  ${a.rules.join(', ')} (${a.findings.length}), owner ${a.owner}${a.expires ? `, expires ${a.expires}` : ''}`, `        ${a.reason}`);
  }
  lines.push('', verdictText(report).replace(/^(Passed|Failed)/, (w) => w.toUpperCase()));
  return lines.join('\n') + '\n';
}
