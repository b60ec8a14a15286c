import type { CheckReport } from '../types';
import { verdictText } from './verdict';

function cell(s: unknown): string {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(report: CheckReport): string {
  const out: string[] = [];
  out.push(`# Compliance report: ${report.environment} (${report.tier})`, '', `Checked ${report.date}. **${verdictText(report)}**.`, '');
  out.push('| Framework | Pass | Fail | Warning | Acknowledged | N/A | Organizational |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const s of report.summary) out.push(`| ${s.title} | ${s.pass} | ${s.fail} | ${s.warning} | ${s.acknowledged} | ${s.not_applicable} | ${s.organizational} |`);
  const open = report.findings.filter((f) => f.status === 'fail');
  if (open.length > 0) {
    out.push('', '## Findings', '', '| Severity | Rule | Resource | Property | Value | Controls | Message |', '|---|---|---|---|---|---|---|');
    for (const f of open) {
      const e = f.evidence;
      out.push(`| ${f.severity} | ${cell(f.ruleId)} | ${cell(`${e.stack}/${e.logicalId}`)} | ${cell(e.property)} | \`${cell(JSON.stringify(e.value))}\` | ${f.unmapped ? 'unmapped' : cell(f.controls.map((c) => `${c.framework}:${c.control}`).join(', '))} | ${cell(f.message)} |`);
    }
  }
  for (const s of report.summary) {
    out.push('', `## ${s.title}`, '', '| Control | Title | Status | Why |', '|---|---|---|---|');
    for (const c of report.controls.filter((x) => x.framework === s.framework)) {
      out.push(`| ${cell(c.id)} | ${cell(c.title)}${c.interpretation ? ` _(Haven interpretation: ${cell(c.interpretation)})_` : ''} | ${c.status} | ${cell(c.rationale)} |`);
    }
  }
  const acked = report.findings.filter((f) => f.status === 'acknowledged');
  if (acked.length > 0) {
    out.push('', '## Acknowledged', '', '| Rule | Resource | Owner | Expires | Reason |', '|---|---|---|---|---|');
    for (const f of acked) out.push(`| ${cell(f.ruleId)} | ${cell(`${f.evidence.stack}/${f.evidence.logicalId}`)} | ${cell(f.acknowledgement?.owner ?? '')} | ${f.acknowledgement?.expires ?? '—'} | ${cell(f.acknowledgement?.reason ?? '')} |`);
  }
  return out.join('\n') + '\n';
}
