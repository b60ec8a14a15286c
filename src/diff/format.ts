import { STATUS_LABEL } from '../compliance/report/verdict';
import type { ComplianceDelta, ControlChange } from './compliance';
import type { CostDelta } from './cost';
import type { DrDelta, Recovery } from './dr';
import { countChanges, type DiffReport, type EnvironmentDiff } from './report';
import type { PropertyChange, ResourceChange } from './resources';

export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

function money(n: number): string {
  return `$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function signed(n: number): string {
  if (n === 0) return '±$0.00';
  return `${n > 0 ? '+' : '−'}${money(n)}`;
}

function minutes(m: number | null | undefined): string {
  if (m === null || m === undefined) return 'not recoverable';
  return m < 120 ? `${Math.round(m)} min` : `${(m / 60).toFixed(1).replace(/\.0$/, '')} h`;
}

function recoveryText(r: Recovery | undefined): string {
  if (!r) return '—';
  if (!r.drRegion) return 'no DR region';
  return `RPO ${minutes(r.rpoMinutes)} / RTO ${minutes(r.rtoMinutes)} (${r.strategy}, ${r.drRegion})`;
}

function value(v: unknown, max = 60): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function propertyText(p: PropertyChange): string {
  const mark = p.replacement === 'always' ? ' [replaces]' : p.replacement === 'conditional' ? ' [may replace]' : '';
  return `${p.name}: ${value(p.before)} → ${value(p.after)}${mark}`;
}

const VERB: Record<ResourceChange['change'], string> = { add: 'add', remove: 'remove', modify: 'modify', replace: 'REPLACE' };

function resourceLabel(r: ResourceChange): string {
  return r.resource ? `${r.resource} (${r.logicalId})` : r.logicalId;
}

function resourceNote(r: ResourceChange): string {
  const notes: string[] = [];
  if (r.dataLoss) notes.push(r.change === 'replace' ? `DATA LOSS: new ${r.dataKind} starts empty` : `DATA LOSS: ${r.dataKind} ${r.dataKind === 'encryption key' ? 'scheduled for deletion' : 'deleted'}`);
  else if (r.dataKind && r.change === 'remove') notes.push(`${r.dataKind} ${r.oldResource === 'snapshot' ? 'snapshotted' : 'retained'}, no longer managed`);
  if (r.change === 'replace' && r.oldResource && r.oldResource !== 'deleted') notes.push(`old one ${r.oldResource === 'snapshot' ? 'snapshotted' : 'retained'}`);
  if (r.change === 'modify' && r.replacement === 'conditional') notes.push('may be replaced (conditional update)');
  return notes.join('; ');
}

function countsText(e: Pick<EnvironmentDiff, 'resources'>): string {
  const c = countChanges(e.resources);
  const parts = [`${c.add} added`, `${c.modify} modified`, `${c.replace} replaced`, `${c.remove} removed`];
  if (c.dataLoss > 0) parts.push(`${c.dataLoss} with DATA LOSS`);
  return parts.join(', ');
}

function complianceSummary(c: ComplianceDelta): string {
  const n = (t: string) => c.findings.filter((f) => f.transition === t).length;
  const parts = [
    c.introducedErrors > 0 ? `${c.introducedErrors} new error(s)` : '',
    n('new-failure') + n('acknowledgement-lost') - c.introducedErrors > 0 ? `${n('new-failure') + n('acknowledgement-lost') - c.introducedErrors} new warning(s)` : '',
    n('acknowledgement-lost') > 0 ? `${n('acknowledgement-lost')} acknowledgement(s) lost` : '',
    n('fixed') + n('resolved') > 0 ? `${n('fixed') + n('resolved')} fixed` : '',
    n('acknowledged') + n('new-acknowledged') > 0 ? `${n('acknowledged') + n('new-acknowledged')} newly acknowledged` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no change';
}

function costSummary(c: CostDelta): string {
  const budget = c.budget ? ` (budget ${money(c.budget.limitUsd)}: ${c.budget.withinBudget ? `${c.budget.percentUsed}% used` : `OVER, ${c.budget.percentUsed}%`})` : '';
  return `${money(c.before)} → ${money(c.after)} (${signed(c.delta)})${budget}`;
}

function drSummary(d: DrDelta): string {
  if (!d.changed) return `unchanged: ${recoveryText(d.after ?? d.before)}`;
  const met = d.metAfter === undefined ? '' : d.metAfter ? '; objectives met' : '; objectives NOT met';
  return `${recoveryText(d.before)} → ${recoveryText(d.after)}${d.worse ? ' (worse)' : ''}${met}`;
}

function headline(r: DiffReport): string {
  const s = r.summary;
  const parts = [
    `${s.add} to add, ${s.modify} to modify, ${s.replace} to replace, ${s.remove} to remove`,
    s.dataLoss > 0 ? `${s.dataLoss} with DATA LOSS` : '',
    `cost ${signed(s.cost.delta)}/month`,
    s.introducedErrors > 0 ? `${s.introducedErrors} new error finding(s)` : '',
    s.fixedFindings > 0 ? `${s.fixedFindings} finding(s) fixed` : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

function envStatus(e: EnvironmentDiff): string {
  return e.status === 'added' ? ' (new environment)' : e.status === 'removed' ? ' (environment removed from the spec)' : e.status === 'unchanged' ? ' (no change)' : '';
}

// ---------------------------------------------------------------------------------------------------- text

function textReport(r: DiffReport): string {
  const lines = [`Haven diff${r.project ? ` — ${r.project}` : ''}: ${r.base} → ${r.new}`, `  ${headline(r)}`, ''];
  for (const e of r.environments) {
    lines.push(`${e.name}${envStatus(e)}`);
    lines.push(`  resources:  ${countsText(e)}`);
    for (const res of e.resources) {
      const note = resourceNote(res);
      lines.push(`    ${VERB[res.change].padEnd(8)}${resourceLabel(res)} ${res.type} [${res.region}]${note ? ` — ${note}` : ''}`);
      for (const p of res.properties) lines.push(`        ${propertyText(p)}`);
    }
    lines.push(`  cost:       ${costSummary(e.cost)}`);
    for (const c of e.cost.categories) lines.push(`    ${c.category.padEnd(26)}${money(c.before).padStart(12)} → ${money(c.after).padStart(12)}  ${signed(c.delta)}`);
    lines.push(`  compliance: ${complianceSummary(e.compliance)} (errors ${e.compliance.errorsBefore} → ${e.compliance.errorsAfter})`);
    for (const f of e.compliance.findings) lines.push(`    ${f.transition.padEnd(22)}${f.severity.padEnd(8)}${f.ruleId} on ${f.resource}: ${f.message}`);
    for (const c of e.compliance.controls) lines.push(`    control ${c.framework.toUpperCase()} ${c.id}: ${statusText(c.before)} → ${statusText(c.after)}`);
    lines.push(`  recovery:   ${drSummary(e.dr)}`);
    lines.push('');
  }
  if (r.warnings.length) lines.push('Review:', ...r.warnings.map((w) => `  - ${w}`), '');
  if (r.priceDate) lines.push(`Prices as of ${r.priceDate}; USD per month.`);
  lines.push(r.blocking.length ? `FAIL (exit 1):\n${r.blocking.map((b) => `  - ${b}`).join('\n')}` : 'OK (exit 0): no data loss, no new error finding, within budget');
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------ markdown

/** Escapes what would break a table cell or start markup. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/** GitHub refuses comments over 65,536 characters; the JSON report always has every resource. */
const MAX_TABLE_ROWS = 120;

function resourceTable(resources: readonly ResourceChange[]): string[] {
  const rows = ['| Change | Resource | Type | Region | Changed properties |', '|---|---|---|---|---|'];
  for (const r of resources.slice(0, MAX_TABLE_ROWS)) {
    const note = resourceNote(r);
    const change = r.dataLoss ? `**${VERB[r.change]}** ⚠️` : VERB[r.change];
    const props = r.properties.map((p) => code(propertyText(p))).join('<br>');
    rows.push(`| ${change} | ${cell(resourceLabel(r))}${note ? `<br>_${cell(note)}_` : ''} | ${code(r.type)} | ${r.region} | ${cell(props) || '—'} |`);
  }
  if (resources.length > MAX_TABLE_ROWS) rows.push('', `… and ${resources.length - MAX_TABLE_ROWS} more (data loss listed first); \`--format json\` lists every one.`);
  return rows;
}

function markdownEnvironment(e: EnvironmentDiff): string[] {
  const out: string[] = [];
  if (e.resources.length) out.push(...details(`<b>${e.name}</b> — resources: ${countsText(e)}`, resourceTable(e.resources)));
  if (e.cost.delta !== 0 || e.cost.categories.length) {
    const rows = ['| Category | Before | After | Change |', '|---|--:|--:|--:|', ...e.cost.categories.map((c) => `| ${c.category} | ${money(c.before)} | ${money(c.after)} | ${signed(c.delta)} |`)];
    rows.push(`| **Total** | **${money(e.cost.before)}** | **${money(e.cost.after)}** | **${signed(e.cost.delta)}** |`);
    if (e.cost.budget) rows.push('', `Budget ${money(e.cost.budget.limitUsd)}/month: ${e.cost.budget.withinBudget ? `${e.cost.budget.percentUsed}% used` : `**over budget** (${e.cost.budget.percentUsed}%)`}.`);
    out.push(...details(`<b>${e.name}</b> — cost: ${costSummary(e.cost)}`, rows));
  }
  if (e.compliance.findings.length || e.compliance.controls.length) {
    const rows = ['| Change | Severity | Rule | Resource | Finding |', '|---|---|---|---|---|'];
    for (const f of e.compliance.findings) {
      const ack = f.acknowledgement ? `<br>_acknowledged by ${cell(f.acknowledgement.owner)}${f.acknowledgement.expires ? ` until ${f.acknowledgement.expires}` : ''}: ${cell(f.acknowledgement.reason)}_` : '';
      rows.push(`| ${f.transition} | ${f.severity} | ${code(f.ruleId)} | ${cell(f.resource)} | ${cell(f.message)}${ack} |`);
    }
    if (e.compliance.controls.length) {
      rows.push('', '| Framework | Control | Before | After |', '|---|---|---|---|');
      for (const c of e.compliance.controls) rows.push(`| ${c.framework.toUpperCase()} | ${cell(`${c.id} ${c.title}`)} | ${statusText(c.before)} | ${statusText(c.after)} |`);
    }
    out.push(...details(`<b>${e.name}</b> — compliance: ${complianceSummary(e.compliance)}`, rows));
  }
  if (e.dr.changed) {
    const t = e.dr.targets;
    const rows = [
      '| | Before | After |', '|---|---|---|',
      `| DR region | ${e.dr.before?.drRegion ?? '—'} | ${e.dr.after?.drRegion ?? '—'} |`,
      `| Strategy | ${e.dr.before?.strategy ?? '—'} | ${e.dr.after?.strategy ?? '—'} |`,
      `| RPO | ${e.dr.before ? minutes(e.dr.before.rpoMinutes) : '—'} | ${e.dr.after ? minutes(e.dr.after.rpoMinutes) : '—'} |`,
      `| RTO | ${e.dr.before ? minutes(e.dr.before.rtoMinutes) : '—'} | ${e.dr.after ? minutes(e.dr.after.rtoMinutes) : '—'} |`,
    ];
    if (t) rows.push('', `Objectives in the spec: RPO ${minutes(t.rpoMinutes)}, RTO ${minutes(t.rtoMinutes)} — ${e.dr.metAfter ? 'met' : '**not met**'} after the change.`);
    out.push(...details(`<b>${e.name}</b> — recovery: ${drSummary(e.dr)}`, rows));
  }
  return out;
}

function markdownReport(r: DiffReport): string {
  const icon = r.exitCode === 0 ? '✅' : '❌';
  const lines = [`${icon} **Haven diff${r.project ? ` — ${r.project}` : ''}**: ${headline(r)}`, ''];
  lines.push('| Environment | Resources | Monthly cost | Compliance | Recovery |', '|---|---|---|---|---|');
  for (const e of r.environments) {
    lines.push(`| **${e.name}**${envStatus(e)} | ${countsText(e)} | ${costSummary(e.cost)} | ${complianceSummary(e.compliance)} | ${cell(drSummary(e.dr))} |`);
  }
  lines.push('');
  if (r.blocking.length) lines.push('**Blocking:**', ...r.blocking.map((b) => `- ${cell(b)}`), '');
  if (r.warnings.length) lines.push('**Review:**', ...r.warnings.map((w) => `- ${cell(w)}`), '');
  for (const e of r.environments) lines.push(...markdownEnvironment(e));
  lines.push(`<sub>${code(r.base)} → ${code(r.new)}${r.priceDate ? ` · prices as of ${r.priceDate}, USD per month` : ''} · haven diff</sub>`);
  return lines.join('\n');
}

export function formatDiffReport(report: DiffReport, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return `${format === 'markdown' ? markdownReport(report) : textReport(report)}\n`;
}

/** A control status as the check reports name it ("met with exception"), or "absent". */
function statusText(s: ControlChange['before']): string {
  return s === 'absent' ? s : STATUS_LABEL[s];
}
