import type { CostLineItem, CostReport } from './types';

export type CostFormat = 'text' | 'json' | 'markdown' | 'html';
export const COST_FORMATS: readonly CostFormat[] = ['text', 'json', 'markdown', 'html'];

export function usd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
function qty(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

/** Renders a cost report for `haven cost --format`. */
export function formatCostReport(report: CostReport, format: CostFormat): string {
  switch (format) {
    case 'json': return JSON.stringify(report, null, 2) + '\n';
    case 'markdown': return costMarkdown(report);
    case 'html': return costHtml(report);
    default: return costText(report);
  }
}

function groupLines(report: CostReport, env: string): Map<string, CostLineItem[]> {
  const byRegion = new Map<string, CostLineItem[]>();
  for (const l of report.lineItems.filter((x) => x.environment === env)) byRegion.set(l.region, [...(byRegion.get(l.region) ?? []), l]);
  return byRegion;
}

function costText(report: CostReport): string {
  const out: string[] = [];
  out.push(`Haven monthly cost estimate: ${usd(report.monthlyUsd)} (${report.hoursPerMonth} h/month)`);
  out.push(`Prices as of ${report.priceTable.asOf}: ${report.priceTable.source}`);
  for (const env of report.environments) {
    out.push('', `== ${env.name} (${env.tier}): ${usd(env.monthlyUsd)} / month`);
    for (const [region, lines] of groupLines(report, env.name)) {
      out.push(`  -- ${region}: ${usd(lines.reduce((a, l) => a + l.monthlyUsd, 0))}`);
      const w = Math.max(...lines.map((l) => l.resourceId.length), 10);
      for (const l of lines) out.push(`    ${l.resourceId.padEnd(w)}  ${l.category.padEnd(24)} ${l.description} — ${qty(l.quantity)} ${l.unit} x $${l.unitPriceUsd} = ${usd(l.monthlyUsd)}`);
    }
    out.push('  by category:');
    for (const [cat, v] of Object.entries(env.categories).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))) out.push(`    ${cat.padEnd(26)} ${usd(v ?? 0).padStart(12)}`);
    const used = env.assumptions.filter((a) => report.lineItems.some((l) => l.environment === env.name && l.usageKeys?.includes(a.key)) || a.key === 'hoursPerMonth');
    out.push('  usage assumptions (override under `usage:`):');
    for (const a of used) out.push(`    ${a.key} = ${a.value}${a.overridden ? ' (from spec)' : ''} — ${a.description}`);
  }
  if (report.budgets.length) {
    out.push('', 'Budget:');
    for (const b of report.budgets) out.push(`  ${b.scope === '*' ? 'total' : b.scope}: ${usd(b.estimateUsd)} of ${usd(b.limitUsd)} (${b.percentUsed}%) ${b.withinBudget ? 'within budget' : 'OVER BUDGET'}`);
  }
  if (report.savings.length) {
    out.push('', 'Savings:');
    for (const s of report.savings) out.push(`  - [${s.environment}] ${s.title}: save ~${usd(s.monthlySavingsUsd)}/month — ${s.detail}`);
  }
  if (report.warnings.length) out.push('', 'Warnings:', ...report.warnings.map((w) => `  ! ${w}`));
  out.push('', 'Notes:', ...report.priceTable.notes.map((n) => `  * ${n}`));
  return out.join('\n') + '\n';
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|');

/** Markdown cost section; also embedded by the docs generator. */
export function costMarkdown(report: CostReport, headingLevel = 1): string {
  const h = (n: number): string => '#'.repeat(headingLevel + n - 1);
  const out: string[] = [];
  out.push(`${h(1)} Monthly cost estimate`, '', `**Total: ${usd(report.monthlyUsd)} / month** (${report.hoursPerMonth} hours a month; prices as of ${report.priceTable.asOf}, ${report.priceTable.source}).`, '');
  out.push('| Environment | Tier | Region | Monthly (USD) |', '| --- | --- | --- | ---: |');
  for (const e of report.environments) for (const r of e.regions) out.push(`| ${e.name} | ${e.tier} | ${r.region} | ${usd(r.monthlyUsd)} |`);
  for (const env of report.environments) {
    out.push('', `${h(2)} ${env.name} (${env.tier}): ${usd(env.monthlyUsd)}`, '', '| Service | Monthly (USD) |', '| --- | ---: |');
    for (const [cat, v] of Object.entries(env.categories).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))) out.push(`| ${cat} | ${usd(v ?? 0)} |`);
    out.push(`| **Total** | **${usd(env.monthlyUsd)}** |`);
    for (const [region, lines] of groupLines(report, env.name)) {
      out.push('', `${h(3)} ${env.name} / ${region}`, '', '| Resource | Service | Item | Quantity | Unit price | Monthly |', '| --- | --- | --- | ---: | ---: | ---: |');
      for (const l of lines) out.push(`| \`${l.resourceId}\` | ${l.category} | ${mdCell(l.description)} | ${qty(l.quantity)} ${l.unit} | $${l.unitPriceUsd} | ${usd(l.monthlyUsd)} |`);
    }
    const used = env.assumptions.filter((a) => report.lineItems.some((l) => l.environment === env.name && l.usageKeys?.includes(a.key)));
    if (used.length) {
      out.push('', `Usage assumptions for ${env.name} (override under \`usage:\` in haven.yaml):`, '', '| Key | Value | Meaning |', '| --- | ---: | --- |');
      for (const a of used) out.push(`| \`${a.key}\` | ${a.value}${a.overridden ? ' (spec)' : ''} | ${a.description} |`);
    }
  }
  if (report.budgets.length) {
    out.push('', `${h(2)} Budget`, '', '| Scope | Budget | Estimate | Used | Status |', '| --- | ---: | ---: | ---: | --- |');
    for (const b of report.budgets) out.push(`| ${b.scope === '*' ? 'all environments' : b.scope} | ${usd(b.limitUsd)} | ${usd(b.estimateUsd)} | ${b.percentUsed}% | ${b.withinBudget ? 'within budget' : '**over budget**'} |`);
  }
  if (report.savings.length) {
    out.push('', `${h(2)} Savings`, '', '| Environment | Change | Saves / month | Detail |', '| --- | --- | ---: | --- |');
    for (const s of report.savings) out.push(`| ${s.environment} | ${mdCell(s.title)} | ${usd(s.monthlySavingsUsd)} | ${mdCell(s.detail)} |`);
  }
  if (report.warnings.length) out.push('', `${h(2)} Warnings`, '', ...report.warnings.map((w) => `- ${w}`));
  out.push('', ...report.priceTable.notes.map((n) => `> ${n}`));
  return out.join('\n') + '\n';
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Self-contained HTML page (inline CSS, no scripts or external assets). */
function costHtml(report: CostReport): string {
  const e = escapeHtml;
  const rows: string[] = [];
  for (const env of report.environments) {
    rows.push(`<h2>${e(env.name)} <small>(${e(env.tier)})</small>: ${usd(env.monthlyUsd)}</h2>`);
    rows.push('<table><thead><tr><th>Service</th><th class="n">Monthly</th></tr></thead><tbody>');
    for (const [cat, v] of Object.entries(env.categories).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))) rows.push(`<tr><td>${e(cat)}</td><td class="n">${usd(v ?? 0)}</td></tr>`);
    rows.push('</tbody></table>');
    for (const [region, lines] of groupLines(report, env.name)) {
      rows.push(`<h3>${e(env.name)} / ${e(region)}</h3><table><thead><tr><th>Resource</th><th>Service</th><th>Item</th><th class="n">Quantity</th><th class="n">Unit price</th><th class="n">Monthly</th></tr></thead><tbody>`);
      for (const l of lines) rows.push(`<tr><td><code>${e(l.resourceId)}</code></td><td>${e(l.category)}</td><td>${e(l.description)}</td><td class="n">${qty(l.quantity)} ${e(l.unit)}</td><td class="n">$${l.unitPriceUsd}</td><td class="n">${usd(l.monthlyUsd)}</td></tr>`);
      rows.push('</tbody></table>');
    }
  }
  const budgets = report.budgets.map((b) => `<li class="${b.withinBudget ? 'ok' : 'over'}">${e(b.scope === '*' ? 'all environments' : b.scope)}: ${usd(b.estimateUsd)} of ${usd(b.limitUsd)} (${b.percentUsed}%) — ${b.withinBudget ? 'within budget' : 'over budget'}</li>`).join('');
  const savings = report.savings.map((s) => `<li><b>${e(s.environment)}</b>: ${e(s.title)} — saves ~${usd(s.monthlySavingsUsd)}/month <small>${e(s.detail)}</small></li>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Haven cost estimate</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f23}table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}.n{text-align:right}.over{color:#b42318;font-weight:bold}.ok{color:#067647}small{color:#57606a}</style>
</head><body>
<h1>Monthly cost estimate: ${usd(report.monthlyUsd)}</h1>
<p>${report.hoursPerMonth} hours a month. Prices as of ${e(report.priceTable.asOf)}: ${e(report.priceTable.source)}.</p>
${rows.join('\n')}
${budgets ? `<h2>Budget</h2><ul>${budgets}</ul>` : ''}
${savings ? `<h2>Savings</h2><ul>${savings}</ul>` : ''}
${report.warnings.length ? `<h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>` : ''}
<ul>${report.priceTable.notes.map((n) => `<li><small>${e(n)}</small></li>`).join('')}</ul>
</body></html>
`;
}
