// Benchmarks Haven's stages (validate, synth, check, cost, docs, and plan = all of them in one process) on the
// bundled examples and on a generated series (1 → 200 services, 1 → 3 regions, 1 → 3 environments): median wall
// time over several fresh processes and the peak memory, each also as a ratio to a baseline (a one-bucket CDK
// app) measured in the same run, so figures from different machines compare. Growth per service is a
// least-squares slope over the service series. Writes bench/RESULTS.md (or --out FILE).
//
// Usage: npm run bench [-- --runs 3] [--quick] [--examples techcorp,omnirapeutic] [--no-series] [--no-examples]
//   --quick: one run per row and series points 1, 50, 200.  --stages validate,synth,check,cost,docs,plan,guard adds the
//   standalone cost and docs processes (by default `plan` reports their times).
// Not part of `npm test`: a full run takes minutes on a 2-core machine.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seriesSpec } from './series.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : fallback);
const quick = flag('--quick');
const runs = Number(option('--runs', quick ? 1 : 3));
const outFile = path.resolve(option('--out', path.join(here, 'RESULTS.md')));
// cost and docs are cheap next to their prerequisites; `plan` reports them, so they run alone only on request.
const exampleStages = option('--stages', 'validate,synth,check,plan,guard').split(',');
const only = option('--examples', '');
const examples = fs
  .readdirSync(path.join(root, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .filter((f) => !only || only.split(',').some((o) => f.startsWith(o)))
  .sort();
const servicePoints = option('--services', quick ? '1,50,200' : '1,25,50,100,200').split(',').map(Number);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-series-'));

function measure(stage, spec = '') {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [path.join(here, 'measure.cjs'), stage, spec], { encoding: 'utf8', maxBuffer: 1 << 26 });
    samples.push(JSON.parse(out.trim().split('\n').pop()));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const steps = Object.fromEntries(Object.keys(samples[0].stages).map((k) => [k, median(samples.map((s) => s.stages[k]))]));
  const cpuSteps = Object.fromEntries(Object.keys(samples[0].cpuStages).map((k) => [k, median(samples.map((s) => s.cpuStages[k]))]));
  return { medianMs: median(samples.map((s) => s.ms)), cpuMs: median(samples.map((s) => s.cpuMs)), cpuSteps, processMs: median(samples.map((s) => s.totalMs)), maxRssMb: Math.max(...samples.map((s) => s.maxRssMb)), steps };
}

/** Least-squares slope and intercept of y over x. */
function fit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

const log = (s) => process.stderr.write(s + '\n');
const started = Date.now();
const baseline = measure('baseline');
log(`baseline: ${baseline.medianMs.toFixed(0)} ms (process ${baseline.processMs.toFixed(0)} ms), ${baseline.maxRssMb.toFixed(0)} MB`);
const ratio = (m) => ({ timeRatio: m.medianMs / baseline.processMs, memRatio: m.maxRssMb / baseline.maxRssMb });

// CLI cold start: the whole `bin/haven` process, as a user runs it.
function cold(args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    try { execFileSync(process.execPath, [path.join(root, 'bin', 'haven'), ...args], { stdio: 'ignore' }); } catch { /* exit codes are not the point */ }
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}
const coldRows = [['--help'], ['validate', path.join(root, 'examples', 'omnirapeutic.yaml')]].map((args) => ({ command: `haven ${args.map((a) => path.basename(a)).join(' ')}`, ms: cold(args) }));
for (const r of coldRows) log(`cold start ${r.command}: ${r.ms.toFixed(0)} ms`);

const exampleRows = [];
if (!flag('--no-examples')) {
  for (const example of examples) {
    for (const stage of exampleStages) {
      const m = measure(stage, path.join(root, 'examples', example));
      exampleRows.push({ example, stage, ...m, ...ratio(m) });
      log(`${example} ${stage}: ${m.medianMs.toFixed(0)} ms (cpu ${m.cpuMs.toFixed(0)}, process ${m.processMs.toFixed(0)} ms), ${m.maxRssMb.toFixed(0)} MB ${stage === 'plan' ? JSON.stringify(m.steps) : ''}`);
    }
  }
}

// Generated series: services at 1 region / 1 environment (synth and check), then regions and environments at a
// fixed service count (plan, which reports every step).
const seriesRows = [];
if (!flag('--no-series')) {
  const point = (label, opts, stages) => {
    const file = path.join(tmp, `${label}.yaml`);
    fs.writeFileSync(file, seriesSpec(opts));
    for (const stage of stages) {
      const m = measure(stage, file);
      seriesRows.push({ label, ...opts, stage, ...m, ...ratio(m) });
      log(`series ${label} ${stage}: ${m.medianMs.toFixed(0)} ms (cpu ${m.cpuMs.toFixed(0)}), ${m.maxRssMb.toFixed(0)} MB`);
    }
  };
  for (const services of servicePoints) point(`s${services}-r1-e1`, { services, regions: 1, environments: 1 }, ['synth', 'check']);
  const fixed = Number(option('--fixed-services', 25));
  for (const regions of [1, 2, 3]) point(`s${fixed}-r${regions}-e1`, { services: fixed, regions, environments: 1 }, ['plan']);
  for (const environments of [2, 3]) point(`s${fixed}-r3-e${environments}`, { services: fixed, regions: 3, environments }, ['plan']);
}
fs.rmSync(tmp, { recursive: true, force: true });

const STEPS = ['validate', 'synth', 'check', 'cost', 'docs', 'plan'];
const f0 = (n) => n.toFixed(0);
const f2 = (n) => n.toFixed(2);
const growth = ['synth', 'check'].map((stage) => {
  const rows = seriesRows.filter((r) => r.regions === 1 && r.environments === 1 && r.stage === stage);
  if (rows.length < 2) return undefined;
  const t = fit(rows.map((r) => r.services), rows.map((r) => r.medianMs));
  const c = fit(rows.map((r) => r.services), rows.map((r) => r.cpuMs));
  const m = fit(rows.map((r) => r.services), rows.map((r) => r.maxRssMb));
  return { stage, t, c, m };
}).filter(Boolean);

const lines = [
  '# Benchmark results',
  '',
  `Generated by \`npm run bench${argv.length ? ' -- ' + argv.join(' ') : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${((Date.now() - started) / 60000).toFixed(1)} min: ` +
    `${runs} fresh process(es) per row, median wall time and CPU time (user + system) of the stage itself, peak RSS of the whole process.`,
  `Machine: ${process.platform} ${process.arch}, ${os.cpus().length} cores (shared with other work while measured, so times are noisy), Node ${process.version}, load average at the end ${os.loadavg().map(f2).join(' ')}.`,
  `Baseline (one-bucket CDK app, whole process: start-up, require aws-cdk-lib and synth): ${f0(baseline.processMs)} ms, ${f0(baseline.maxRssMb)} MB.`,
  'Ratios are to that baseline, measured in the same run; compare ratios across machines, not milliseconds.',
  'check runs the cdk-nag packs the spec\'s frameworks call for, per environment (each check builds and synthesizes its environment itself).',
  'cost and docs alone time only that step, after untimed prerequisites; docs alone has no check reports (plan has).',
  '',
];
if (exampleRows.length) {
  lines.push(
    '## Examples (all environments and regions)',
    '',
    '| example | stage | median ms | CPU ms | × baseline time | process ms | peak MB | × baseline memory |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...exampleRows.map((r) => `| ${r.example} | ${r.stage} | ${f0(r.medianMs)} | ${f0(r.cpuMs)} | ${f2(r.timeRatio)} | ${f0(r.processMs)} | ${f0(r.maxRssMb)} | ${f2(r.memRatio)} |`),
    '',
    'Steps inside `plan` (one process; median wall ms, CPU ms in brackets):',
    '',
    '| example | validate | synth | check | cost | docs | plan total | peak MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...exampleRows.filter((r) => r.stage === 'plan').map((r) => `| ${r.example} | ${STEPS.map((k) => `${f0(r.steps[k])} (${f0(r.cpuSteps[k])})`).join(' | ')} | ${f0(r.maxRssMb)} |`),
    '',
    'Ratios to `synth` of the same example, CPU time (plan synthesizes once and checks that assembly; check alone',
    'synthesizes with the packs attached; guard = check --guard with a cold cfn-guard cache):',
    '',
    '| example | plan / synth | check / synth | guard / synth | guard wall ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...[...new Set(exampleRows.map((r) => r.example))].map((ex) => {
      const cpu = (stage) => exampleRows.find((r) => r.example === ex && r.stage === stage);
      const ratio = (stage) => (cpu(stage) && cpu('synth') ? f2(cpu(stage).cpuMs / cpu('synth').cpuMs) : '–');
      return `| ${ex} | ${ratio('plan')} | ${ratio('check')} | ${ratio('guard')} | ${cpu('guard') ? f0(cpu('guard').medianMs) : '–'} |`;
    }),
    '',
  );
}
lines.push(
  '## CLI cold start (whole `bin/haven` process, median wall ms)',
  '',
  '| command | ms | × baseline time |',
  '| --- | ---: | ---: |',
  ...coldRows.map((r) => `| ${r.command} | ${f0(r.ms)} | ${f2(r.ms / baseline.processMs)} |`),
  '',
);
if (seriesRows.length) {
  lines.push(
    '## Generated series',
    '',
    'Spec from `bench/series.mjs`: one `services` group of N public services (`/{name}/*`), an Aurora database and a bucket',
    'the fleet connects to, HIPAA. Regions: 1 = primary only, 2 = + DR region (`dr:` warm standby), 3 = + CloudFront in',
    'front of the load balancer (us-east-1 edge stack). Environments beyond the first are staging and development.',
    '',
    '| point | services | regions | environments | stage | median ms | CPU ms | × baseline time | peak MB | × baseline memory |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...seriesRows.map((r) => `| ${r.label} | ${r.services} | ${r.regions} | ${r.environments} | ${r.stage} | ${f0(r.medianMs)} | ${f0(r.cpuMs)} | ${f2(r.timeRatio)} | ${f0(r.maxRssMb)} | ${f2(r.memRatio)} |`),
    '',
  );
  const planRows = seriesRows.filter((r) => r.stage === 'plan');
  if (planRows.length) {
    lines.push(
      'Steps inside `plan` for the region and environment points (median wall ms, CPU ms in brackets):',
      '',
      '| point | validate | synth | check | cost | docs | plan total |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...planRows.map((r) => `| ${r.label} | ${STEPS.map((k) => `${f0(r.steps[k])} (${f0(r.cpuSteps[k])})`).join(' | ')} |`),
      '',
    );
  }
  if (growth.length) {
    lines.push(
      '### Growth per service (least-squares fit over the service points, 1 region, 1 environment)',
      '',
      '| stage | wall ms per service | fixed wall ms | CPU ms per service | fixed CPU ms | MB per service | fixed MB |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...growth.map((g) => `| ${g.stage} | ${f0(g.t.slope)} | ${f0(g.t.intercept)} | ${f0(g.c.slope)} | ${f0(g.c.intercept)} | ${f2(g.m.slope)} | ${f0(g.m.intercept)} |`),
      '',
    );
  }
}
const notes = path.join(here, 'NOTES.md');
if (fs.existsSync(notes)) lines.push(fs.readFileSync(notes, 'utf8'));
fs.writeFileSync(outFile, lines.join('\n'));
log(`wrote ${path.relative(process.cwd(), outFile)}`);
