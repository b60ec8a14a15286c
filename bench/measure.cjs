'use strict';
// One measurement in a fresh process: `node bench/measure.cjs <stage> <spec>` prints one JSON line
// {ms, cpuMs, totalMs, maxRssMb, stages, cpuStages}. `ms` is the stage's own wall time, `cpuMs` its CPU time; `totalMs` the whole process from the first
// require (start-up, prerequisites and the stage); peak RSS covers the whole process. Stages call the compiled
// library exactly as the CLI does (dist/src/cli/workflow.js, synthesize.js).
const path = require('path');
const os = require('os');
const fs = require('fs');
const dist = path.join(__dirname, '..', 'dist', 'src');
const processStart = process.hrtime.bigint();

const [stage, spec] = process.argv.slice(2);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-'));
const lib = () => ({
  loader: require(path.join(dist, 'spec', 'loader')),
  workflow: require(path.join(dist, 'cli', 'workflow')),
  synth: require(path.join(dist, 'cli', 'synthesize')),
  app: require(path.join(dist, 'platform', 'app')),
});
// Times one step; `timed` collects the named steps of the measured stage.
// CPU time (user + system, all threads) is reported beside wall time: on a shared machine it varies far less.
const timed = {};
const cpu = {};
function step(name, fn) {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  const result = fn();
  timed[name] = Number(process.hrtime.bigint() - t) / 1e6;
  const d = process.cpuUsage(c);
  cpu[name] = (d.user + d.system) / 1000;
  return result;
}

const nag = process.env.HAVEN_BENCH_NAG !== '0';
const cleanup = [];
const stages = {
  // Baseline: a one-bucket CDK app, synthesized in the same way; every figure is also given as a ratio to it.
  baseline() {
    const { App, Stack } = require('aws-cdk-lib');
    const s3 = require('aws-cdk-lib/aws-s3');
    return step('baseline', () => {
      const outdir = tmp();
      cleanup.push(outdir);
      // Same App settings as Haven's synth: CDK's built-in WASM template validation off (Haven leaves it to check).
      const app = new App({ outdir, builtinCloudFormationValidation: false });
      new s3.Bucket(new Stack(app, 'Baseline', { env: { account: '111111111111', region: 'us-east-1' } }), 'Bucket');
      app.synth();
    });
  },
  validate() {
    const { loader } = lib();
    step('validate', () => loader.loadSpec(spec));
  },
  // All environments and regions into one assembly, as `haven synth` does.
  synth() {
    const { loader, synth } = lib();
    const loaded = loader.loadSpec(spec);
    const dir = tmp();
    cleanup.push(dir);
    step('synth', () => synth.synthesizeTo(loaded, path.join(dir, 'out')));
  },
  // Every environment checked with the rule packs (each check builds and synthesizes its environment itself).
  check() {
    const { loader, workflow } = lib();
    const loaded = loader.loadSpec(spec);
    const plans = workflow.selectEnvironments(loaded);
    step('check', () => plans.map((p) => workflow.checkEnvironment(loaded, p, { nag })));
  },
  // `haven check --guard` of every environment (cfn-guard's on-disk cache off: a cold run).
  guard() {
    process.env.HAVEN_GUARD_CACHE = '0';
    const { loader, workflow } = lib();
    const loaded = loader.loadSpec(spec);
    const plans = workflow.selectEnvironments(loaded);
    step('guard', () => plans.map((p) => workflow.checkEnvironment(loaded, p, { nag, guard: true })));
  },
  // Cost from synthesized templates; only the pricing is timed.
  cost() {
    const { loader, workflow } = lib();
    const loaded = loader.loadSpec(spec);
    const plans = workflow.selectEnvironments(loaded);
    const templates = workflow.templatesOf(loaded, plans.map((p) => p.name));
    step('cost', () => workflow.costOf(loaded, plans, templates));
  },
  // Docs from templates and cost (without check reports, which `plan` includes); only the docs step is timed.
  docs() {
    const { loader, workflow } = lib();
    const loaded = loader.loadSpec(spec);
    const plans = workflow.selectEnvironments(loaded);
    const templates = workflow.templatesOf(loaded, plans.map((p) => p.name));
    const cost = workflow.costOf(loaded, plans, templates);
    const dir = tmp();
    cleanup.push(dir);
    step('docs', () => workflow.writeDocsTo(dir, workflow.docsInput(loaded, plans, templates, cost, [])));
  },
  // validate → synth → check → cost → docs in one process, as `haven plan` does; each step is also reported.
  plan() {
    const { loader, workflow, synth, app } = lib();
    const dir = tmp();
    cleanup.push(dir);
    const t = process.hrtime.bigint();
    const loaded = step('validate', () => loader.loadSpec(spec));
    const plans = workflow.selectEnvironments(loaded);
    // One synthesis with the rule packs attached (as `haven plan`); check reads that assembly.
    const s = step('synth', () => synth.synthesizeTo(loaded, path.join(dir, 'cdk.out'), plans.map((p) => p.name), workflow.CHECKED_SYNTH_CONTEXT, (b) => workflow.attachChecks(b, { nag })));
    const templates = app.synthesizedTemplates(s.built, s.outdir);
    const checks = step('check', () => workflow.checkBuilt(s.built, s.outdir, { nag }));
    const cost = step('cost', () => workflow.costOf(loaded, plans, templates));
    step('docs', () => workflow.writeDocsTo(path.join(dir, 'docs'), workflow.docsInput(loaded, plans, templates, cost, checks)));
    timed.plan = Number(process.hrtime.bigint() - t) / 1e6;
    cpu.plan = Object.values(cpu).reduce((a, b) => a + b, 0);
  },
};

const run = stages[stage];
if (!run) {
  process.stderr.write(`unknown stage ${stage}; expected ${Object.keys(stages).join(', ')}\n`);
  process.exit(2);
}
Promise.resolve(run()).then(() => {
  const totalMs = Number(process.hrtime.bigint() - processStart) / 1e6;
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  const ms = timed[stage];
  process.stdout.write(JSON.stringify({ ms, cpuMs: cpu[stage], totalMs, maxRssMb: process.resourceUsage().maxRSS / 1024, stages: timed, cpuStages: cpu }) + '\n');
});
