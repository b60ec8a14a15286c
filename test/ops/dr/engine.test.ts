import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DrStep, JournalStore, planSteps, runSteps } from '../../../src/ops/dr/engine';
import { StepFailedError } from '../../../src/ops/errors';
import { fakeClock, tmpDir } from '../fixtures';

/** A step over an in-memory flag, counting how often each phase runs. */
function step(id: string, state: { done: boolean; failRun?: number }, counts: Record<string, number>): DrStep {
  const inc = (k: string) => { counts[k] = (counts[k] ?? 0) + 1; };
  return {
    id,
    describe: () => `set ${id}`,
    check: async () => { inc(`${id}.check`); return { state: state.done ? 'done' : 'todo' }; },
    run: async (ctx) => {
      inc(`${id}.run`);
      if (state.failRun && state.failRun-- > 0) throw new Error('boom');
      state.done = true;
      ctx.record(`${id}.value`, 'x');
    },
  };
}

const meta = { project: 'p', environment: 'e', operation: 'failover' };

describe('DR step engine', () => {
  it('plans by checking only (never running), and trusts the journal for completed steps', async () => {
    const counts: Record<string, number> = {};
    const steps = [step('a', { done: true }, counts), step('b', { done: false }, counts), step('c', { done: false }, counts)];
    const journal = { steps: { c: { status: 'completed' as const, attempts: 1, startedAt: '', note: 'earlier' } }, outputs: {}, runId: 'r' };
    const plan = await planSteps(steps, journal as never, fakeClock(), () => {});
    expect(plan.map((p) => [p.id, p.state])).toEqual([['a', 'done'], ['b', 'todo'], ['c', 'completed']]);
    expect(counts).toEqual({ 'a.check': 1, 'b.check': 1 });
  });

  it('records outputs before failing, resumes from the failed step, and keeps the attempts count', async () => {
    const store = JournalStore.for(tmpDir(), 'e', 'failover');
    const counts: Record<string, number> = {};
    const b = { done: false, failRun: 1 };
    const steps = [step('a', { done: false }, counts), step('b', b, counts), step('c', { done: false }, counts)];
    const e = await runSteps(steps, store, meta, fakeClock(), () => {}).catch((x) => x);
    expect(e).toBeInstanceOf(StepFailedError);
    expect(e.stepId).toBe('b');
    const j = store.load()!;
    expect(j.outputs).toEqual({ 'a.value': 'x' });
    expect(j.steps.b).toMatchObject({ status: 'failed', error: 'boom', attempts: 1 });
    expect(fs.existsSync(`${store.file}.tmp`)).toBe(false);

    const r = await runSteps(steps, store, meta, fakeClock(), () => {});
    expect(r.skipped).toEqual(['a']);
    expect(r.executed).toEqual(['b', 'c']);
    expect(counts).toMatchObject({ 'a.run': 1, 'b.run': 2, 'c.run': 1, 'a.check': 1 });
    expect(store.load()!.steps.b.attempts).toBe(2);
  });

  it('refuses a journal that belongs to another operation, and an unreadable journal', async () => {
    const dir = tmpDir();
    const store = JournalStore.for(dir, 'e', 'failover');
    fs.mkdirSync(path.dirname(store.file), { recursive: true });
    fs.writeFileSync(store.file, JSON.stringify({ status: 'failed', operation: 'failback', environment: 'e', steps: {}, outputs: {} }));
    await expect(runSteps([], store, meta, fakeClock(), () => {})).rejects.toThrow(/belongs to failback of e/);
    fs.writeFileSync(store.file, '{ truncated');
    await expect(runSteps([], store, meta, fakeClock(), () => {})).rejects.toThrow(/unreadable/);
  });
});

describe('DR run lock', () => {
  it('refuses a second concurrent run, takes over a lock left by a dead process, and releases the lock', async () => {
    const store = JournalStore.for(tmpDir(), 'e', 'failover');
    fs.mkdirSync(path.dirname(store.file), { recursive: true });
    fs.writeFileSync(`${store.file}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname() }));
    await expect(runSteps([], store, meta, fakeClock(), () => {})).rejects.toThrow(new RegExp(`Another run holds .*pid ${process.pid}`));
    expect(fs.existsSync(store.file)).toBe(false);
    fs.writeFileSync(`${store.file}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname() }));
    const r = await runSteps([], store, meta, fakeClock(), () => {});
    expect(r.journal.status).toBe('completed');
    expect(fs.existsSync(`${store.file}.lock`)).toBe(false);
  });
});
