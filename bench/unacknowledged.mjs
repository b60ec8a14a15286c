// Measures issue #15's "Done when" on the bundled examples: for every environment, `haven check` without Haven's
// built-in acknowledgements (the spec's own still apply), with the cdk-nag HIPAA pack (every example, whatever its
// frameworks) and the AWS Control Tower proactive controls (cfn-guard). Prints, per environment, the distinct
// HIPAA.Security and Control Tower rules left failing, and, from the environment's own `haven check` (its frameworks,
// their packs, no cfn-guard), per framework the share of infrastructure-evidenced controls met on their own (no error
// finding, acknowledged or not).
//
// Usage: npm run build && node bench/unacknowledged.mjs [--examples techcorp,berthcare] [--json]
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

/** Distinct rule ids (cdk-nag `[finding]` suffix dropped) of the open error findings that `keep` selects. */
function failingRules(report, keep) {
  return [...new Set(report.findings.filter((f) => f.status === 'fail' && f.severity === 'error' && keep(f)).map((f) => f.ruleId.replace(/\[.*$/, '')))].sort();
}

const rows = [];
for (const file of examples) {
  const spec = path.join(root, 'examples', file);
  const loaded = loadSpec(spec);
  for (const [env, plan] of Object.entries(loaded.plans)) {
    const frameworks = plan.compliance.frameworks;
    const started = Date.now();
    // The rule packs without Haven's built-in acknowledgements: the HIPAA pack on every example, and Control Tower.
    const bare = checkJson(spec, env, ['--guard', '--no-builtin-acknowledgements', '--framework', ...new Set(['hipaa', ...frameworks])]);
    const hipaa = failingRules(bare, (f) => f.ruleId.startsWith('HIPAA.Security-'));
    const controlTower = failingRules(bare, (f) => f.source === 'cfn-guard');
    // The environment's own check, as `haven check` runs it. Met on their own does not depend on acknowledgements
    // (a control is met when no error finding evidences it, acknowledged or not), so this share is the check's.
    const own = checkJson(spec, env, []);
    const share = Object.fromEntries(own.summary.map((s) => [s.framework, { met: s.met, evidenced: s.met + s.met_with_exception + s.not_met, share: s.metOnOwnShare }]));
    rows.push({ example: file.replace(/\.yaml$/, ''), environment: env, tier: plan.tier, hipaa, controlTower, metOnOwn: share });
    process.stderr.write(`${file} ${env}: ${hipaa.length} HIPAA, ${controlTower.length} Control Tower (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
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
