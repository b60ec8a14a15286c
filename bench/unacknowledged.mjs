// Measures issue #15's "Done when" on the bundled examples: for every environment, `haven check` without Haven's
// built-in acknowledgements (the spec's own still apply), with the cdk-nag HIPAA pack (every example, whatever its
// frameworks) and the AWS Control Tower proactive controls (cfn-guard). Prints, per environment, the distinct
// HIPAA.Security and Control Tower rules left failing, and, from the environment's own `haven check` (its frameworks,
// their packs, no cfn-guard), per framework the share of infrastructure-evidenced controls met on their own (no error
// finding, acknowledged or not).
//
// With --write-traceability it also writes each example's "AWS facts" section (examples/<name>.md): the fact behind
// every built-in acknowledgement that applied, which is what keeps each of those rules failing without them
// (src/docs/aws-facts.ts; `npm run trace:facts`).
//
// Usage: npm run build && node bench/unacknowledged.mjs [--examples techcorp,berthcare] [--json] [--write-traceability]
// Not part of `npm test`: each environment is a full synthesis plus cfn-guard (tens of seconds of CPU).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const require = createRequire(import.meta.url);
const { loadSpec } = require(path.join(root, 'dist', 'src', 'spec', 'loader.js'));
const { awsFactRows, renderAwsFacts, replaceAwsFacts } = require(path.join(root, 'dist', 'src', 'docs', 'aws-facts.js'));
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : fallback);
const only = option('--examples', '');
const examples = fs.readdirSync(path.join(root, 'examples'))
  .filter((f) => f.endsWith('.yaml') && (!only || only.split(',').some((o) => f.startsWith(o))))
  .sort();

/** `haven check --format json` of one environment with extra flags; exit code 1 (a failing check) still prints its report. */
function checkJson(spec, env, flags) {
  const args = [path.join(root, 'bin', 'haven'), 'check', spec, '--env', env, '--format', 'json', ...flags];
  try {
    return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] }));
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout);
    throw e;
  }
}

/**
 * Distinct rule ids (cdk-nag `[finding]` suffix dropped) of the error findings that `keep` selects and that fail
 * without Haven's built-in acknowledgements: open ones, and those a built-in acknowledgement covers (the spec's own
 * acknowledgements still apply, as with `--no-builtin-acknowledgements`).
 */
function failingRules(report, keep) {
  const failsWithoutBuiltin = (f) => f.status === 'fail' || f.acknowledgement?.builtin === true;
  return [...new Set(report.findings.filter((f) => failsWithoutBuiltin(f) && f.severity === 'error' && keep(f)).map((f) => f.ruleId.replace(/\[.*$/, '')))].sort();
}

const rows = [];
const reportsByExample = new Map();
for (const file of examples) {
  const spec = path.join(root, 'examples', file);
  const loaded = loadSpec(spec);
  for (const [env, plan] of Object.entries(loaded.plans)) {
    const frameworks = plan.compliance.frameworks;
    const started = Date.now();
    // The rule packs, the HIPAA pack on every example, and Control Tower; with the built-in acknowledgements, so that
    // each finding they cover names its fact (failingRules counts those findings as failing).
    const packs = checkJson(spec, env, ['--guard', '--framework', ...new Set(['hipaa', ...frameworks])]);
    reportsByExample.set(file, [...(reportsByExample.get(file) ?? []), packs]);
    const hipaa = failingRules(packs, (f) => f.ruleId.startsWith('HIPAA.Security-'));
    const controlTower = failingRules(packs, (f) => f.source === 'cfn-guard');
    // The environment's own check, as `haven check` runs it. Met on their own does not depend on acknowledgements
    // (a control is met when no error finding evidences it, acknowledged or not), so this share is the check's.
    const own = checkJson(spec, env, []);
    const share = Object.fromEntries(own.summary.map((s) => [s.framework, { met: s.met, evidenced: s.met + s.met_with_exception + s.not_met, share: s.metOnOwnShare }]));
    rows.push({ example: file.replace(/\.yaml$/, ''), environment: env, tier: plan.tier, hipaa, controlTower, metOnOwn: share });
    process.stderr.write(`${file} ${env}: ${hipaa.length} HIPAA, ${controlTower.length} Control Tower (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
}

if (argv.includes('--write-traceability')) {
  for (const [file, reports] of reportsByExample) {
    const md = path.join(root, 'examples', file.replace(/\.yaml$/, '.md'));
    const section = renderAwsFacts(awsFactRows(reports), 'npm run trace:facts');
    fs.writeFileSync(md, replaceAwsFacts(fs.readFileSync(md, 'utf8'), section));
    process.stderr.write(`wrote the AWS facts of ${path.relative(root, md)}\n`);
  }
}

if (argv.includes('--json')) {
  process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
} else {
  const pct = (s) => (s.share === null ? '—' : `${s.met}/${s.evidenced} (${Math.round(s.share * 100)}%)`);
  const lines = [
    '| example | environment | tier | HIPAA rules failing | Control Tower rules failing | met on their own |',
    '| --- | --- | --- | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.example} | ${r.environment} | ${r.tier} | ${r.hipaa.length} | ${r.controlTower.length} | ${Object.entries(r.metOnOwn).map(([f, s]) => `${f} ${pct(s)}`).join(', ')} |`),
    '',
    ...rows.flatMap((r) => [`- **${r.example} ${r.environment}** — HIPAA: ${r.hipaa.map((x) => x.replace('HIPAA.Security-', '')).join(', ') || 'none'}; Control Tower: ${r.controlTower.join(', ') || 'none'}`]),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
