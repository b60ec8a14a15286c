import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsClients, Clock, checkAccount, realClock } from '../aws';
import { OpsError, errorMessage } from '../errors';
import { redact } from '../redact';
import { resolveTarget } from '../resolve';
import { OpsTarget } from '../target';
import { CheckResult, CheckStatus, buildChecks } from './checks';

export { CheckResult, CheckStatus, buildChecks, isModernTlsPolicy } from './checks';

export interface VerifyOptions {
  /** Evidence directory. @default 'docs/infra-verification' (seed 003's location) */
  readonly outDir?: string;
  /** Redact account ids, access keys, secret fields and endpoint ids. @default true (`--no-redact` turns it off) */
  readonly redact?: boolean;
  /** Read physical names from stack outputs. @default true */
  readonly resolveOutputs?: boolean;
  /** Write evidence files. @default true */
  readonly write?: boolean;
}

export interface VerifyDeps {
  readonly clients: AwsClients;
  readonly clock?: Clock;
  readonly out?: (line: string) => void;
}

export interface VerifyReport {
  readonly project: string;
  readonly environment: string;
  readonly tier: string;
  readonly account: string;
  readonly regions: { primary: string; dr?: string };
  readonly generatedAt: string;
  readonly redacted: boolean;
  readonly summary: Record<CheckStatus, number>;
  readonly ok: boolean;
  readonly results: CheckResult[];
  /** Stack outputs (the seed's verification table), redacted like the rest. */
  readonly outputs: Record<string, string>;
}

export interface VerifyOutcome {
  readonly report: VerifyReport;
  readonly files: { json?: string; markdown?: string };
}

function fileStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace('T', '-').replace(/\.\d+Z$/, '');
}

function cell(s: unknown): string {
  return String(s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function toMarkdown(r: VerifyReport): string {
  const icon: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skip: 'SKIP' };
  const lines = [
    `# Verification evidence — ${r.project} / ${r.environment}`,
    '',
    `- Generated: ${r.generatedAt}`,
    `- Tier: ${r.tier}; account: ${r.account}; regions: ${r.regions.primary}${r.regions.dr ? ` (DR ${r.regions.dr})` : ''}`,
    `- Result: **${r.ok ? 'all checks passed' : 'checks failed'}** — ${r.summary.pass} pass, ${r.summary.fail} fail, ${r.summary.error} error, ${r.summary.skip} skip`,
    `- Redacted: ${r.redacted ? 'yes' : 'NO (contains account identifiers; do not commit)'}`,
    '',
    '| Check | Status | Resource | Region | Detail |',
    '| ----- | ------ | -------- | ------ | ------ |',
    ...r.results.map((x) => `| ${cell(x.title)} (\`${x.id}\`) | ${icon[x.status]} | ${cell(x.resource)} | ${x.region} | ${cell(x.message)} |`),
  ];
  const outs = Object.entries(r.outputs);
  if (outs.length) {
    lines.push('', '## Stack outputs', '', '| Output | Value |', '| ------ | ----- |', ...outs.sort().map(([k, v]) => `| ${k} | ${cell(v)} |`));
  }
  lines.push('', 'Evidence per check is in the JSON file with the same name.', '');
  return lines.join('\n');
}

/** `haven verify`: checks the live account against what the spec promises and writes timestamped evidence. */
export async function verifyEnvironment(target: OpsTarget, options: VerifyOptions, deps: VerifyDeps): Promise<VerifyOutcome> {
  const clock = deps.clock ?? realClock;
  const out = deps.out ?? ((l: string) => console.log(l));
  const account = await checkAccount(deps.clients, target.regions.primary, target.account, { clock });
  let t = target;
  let outputs: Record<string, string> = {};
  if (options.resolveOutputs ?? true) {
    const r = await resolveTarget(target, deps.clients, { clock });
    t = r.target;
    outputs = r.outputs;
    for (const u of r.unreadable) out(`(outputs of ${u.stack} in ${u.region} unreadable: ${u.error})`);
  }
  const results: CheckResult[] = [];
  for (const c of buildChecks({ clients: deps.clients, target: t, clock })) {
    let res: { status: CheckStatus; message: string; evidence?: Record<string, unknown> };
    try {
      res = await c.run();
    } catch (e) {
      // Missing credentials are fatal for every check: stop with the clear message instead of N errors.
      if (e instanceof OpsError) throw e;
      res = { status: 'error', message: errorMessage(e) };
    }
    const r: CheckResult = { id: c.id, title: c.title, region: c.region, resource: c.resource, status: res.status, message: res.message, evidence: res.evidence ?? {} };
    results.push(r);
    out(`${r.status.toUpperCase().padEnd(5)} ${r.id}: ${r.message}`);
  }
  const summary: Record<CheckStatus, number> = { pass: 0, fail: 0, error: 0, skip: 0 };
  for (const r of results) summary[r.status]++;
  const doRedact = options.redact ?? true;
  const raw: VerifyReport = {
    project: t.project, environment: t.environment, tier: t.tier, account, regions: { ...t.regions },
    generatedAt: new Date(clock.now()).toISOString(), redacted: doRedact, summary, ok: summary.fail === 0 && summary.error === 0, results, outputs,
  };
  const report = doRedact ? { ...redact(raw), generatedAt: raw.generatedAt, redacted: true } : raw;
  const files: VerifyOutcome['files'] = {};
  if (options.write ?? true) {
    const dir = options.outDir ?? path.join('docs', 'infra-verification');
    fs.mkdirSync(dir, { recursive: true });
    const base = path.join(dir, `${t.environment}-${fileStamp(raw.generatedAt)}`);
    files.json = `${base}.json`;
    files.markdown = `${base}.md`;
    fs.writeFileSync(files.json, JSON.stringify(report, null, 2) + '\n');
    fs.writeFileSync(files.markdown, toMarkdown(report));
    out(`Evidence: ${files.json}, ${files.markdown}`);
  }
  out(`${summary.pass} pass, ${summary.fail} fail, ${summary.error} error${report.redacted ? '' : ' (NOT redacted)'}`);
  return { report, files };
}
