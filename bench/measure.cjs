'use strict';
// One measurement in a fresh process: `node bench/measure.cjs <stage> <spec>` prints {ms, maxRssMb} as JSON.
// Stages call the compiled library exactly as the CLI does, so start-up cost is included once per process.
const path = require('path');
const os = require('os');
const fs = require('fs');
const dist = path.join(__dirname, '..', 'dist', 'src');

const [stage, spec] = process.argv.slice(2);
const stages = {
  // Baseline: a one-bucket CDK app, synthesized in the same way; every figure is also given as a ratio to it.
  baseline() {
    const { App, Stack } = require('aws-cdk-lib');
    const s3 = require('aws-cdk-lib/aws-s3');
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-')) });
    new s3.Bucket(new Stack(app, 'Baseline', { env: { account: '111111111111', region: 'us-east-1' } }), 'Bucket');
    app.synth();
  },
  validate() {
    require(path.join(dist, 'spec', 'loader')).loadSpec(spec);
  },
  synth() {
    const loaded = require(path.join(dist, 'spec', 'loader')).loadSpec(spec);
    const { synthesizeTo } = require(path.join(dist, 'cli', 'synthesize'));
    synthesizeTo(loaded, fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-')) + '/out');
  },
};

const run = stages[stage];
if (!run) {
  process.stderr.write(`unknown stage ${stage}; expected ${Object.keys(stages).join(', ')}\n`);
  process.exit(2);
}
const start = process.hrtime.bigint();
Promise.resolve(run()).then(() => {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
});
