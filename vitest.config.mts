import { availableParallelism } from 'os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CDK synthesis is CPU-heavy; generous timeouts keep a loaded 2-core CI machine from flaking.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores, i.e. ONE worker on the 2-core CI machine, which leaves a
    // core idle: the main process only collects results. Test files are independent processes (shared example
    // assemblies are built once under a lock, test/support/example-assembly.ts), so use every core.
    maxWorkers: availableParallelism(),
    // CDK's built-in CloudFormation schema validation (a WASM engine) dominates synthesis time; tests that need it
    // turn it on explicitly, every other Template assertion runs without it.
    env: { CDK_VALIDATION: 'false' },
  },
});
