import type { AcknowledgementUse, CheckReport } from '../types';
import { acknowledgementsBySource, metOnOwnText, NO_BUILTIN_NOTE, STATUS_LABEL, verdictText } from './verdict';

function cell(s: unknown): string {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function acknowledgementRows(uses: readonly AcknowledgementUse[], builtin: boolean): string[] {
  return builtin
    ? ['| Rules | Findings | Reason | AWS documentation |', '|---|---:|---|---|', ...uses.map((a) => `| ${cell(a.rules.join(', '))} | ${a.findings.length} | ${cell(a.reason)} | ${a.docs ? `<${a.docs}>` : '—'} |`)]
    : ['| Rules | Findings | Owner | Expires | Reason |', '|---|---:|---|---|---|', ...uses.map((a) => `| ${cell(a.rules.join(', '))} | ${a.findings.length} | ${cell(a.owner)} | ${a.expires ?? '—'} | ${cell(a.reason)} |`)];
}

export function renderMarkdown(report: CheckReport): string {
  const out: string[] = [];
  out.push(`# Compliance report: ${report.environment} (${report.tier})`, '', `Checked ${report.date}. **${verdictText(report)}**.`, '');
  if (!report.builtinAcknowledgements) out.push(`> ${NO_BUILTIN_NOTE}`, '');
  out.push('| Framework | Met | Met with exception | Not met | N/A | Organizational | With warnings | Met on its own |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of report.summary) out.push(`| ${s.title} | ${s.met} | ${s.met_with_exception} | ${s.not_met} | ${s.not_applicable} | ${s.organizational} | ${s.warnings} | ${metOnOwnText(s)} |`);
  out.push('', '_Met_: passes on its own. _Met with exception_: passes only through acknowledged findings (listed below). _Met on its own_: met controls out of those the infrastructure evidences.');
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
      out.push(`| ${cell(c.id)} | ${cell(c.title)}${c.interpretation ? ` _(Haven interpretation: ${cell(c.interpretation)})_` : ''} | ${STATUS_LABEL[c.status]} | ${cell(c.rationale)} |`);
    }
  }
  const { builtin, spec } = acknowledgementsBySource(report);
  if (builtin.length > 0) out.push('', '## Haven\'s built-in acknowledgements (design decisions)', '', 'Each rests on a fact AWS imposes or on how a rule reads the templates; the link documents it.', '', ...acknowledgementRows(builtin, true));
  if (spec.length > 0) out.push('', '## The spec\'s acknowledgements', '', ...acknowledgementRows(spec, false));
  return out.join('\n') + '\n';
}
