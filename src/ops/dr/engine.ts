import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock } from '../aws';
import { OpsError, StepFailedError, errorMessage } from '../errors';

export type StepState = 'done' | 'pending' | 'todo';

/** Result of looking at the live state of one step: done already, in progress (only wait), or to do. */
export interface StepCheck {
  readonly state: StepState;
  /** Current state in words, for the plan ("replica of berthcare-prod-main, lag 4s"). */
  readonly detail?: string;
}

export interface StepContext {
  readonly clock: Clock;
  readonly out: (line: string) => void;
  /** Values earlier steps recorded (new endpoints, snapshot ids); persisted in the journal so a resumed run has them. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Records a value and saves the journal at once (before any long wait), so a crash cannot lose it. */
  record(key: string, value: string): void;
  /** Run identity: stable across resumes of the same run (used in snapshot names). */
  readonly runId: string;
}

/**
 * One idempotent step of a DR procedure. `check` looks at the live state; `run` starts the change
 * only when the state is `todo`; `waitFor` blocks until the asynchronous result is there.
 */
export interface DrStep {
  readonly id: string;
  describe(): string;
  check(ctx: StepContext): Promise<StepCheck>;
  run(ctx: StepContext): Promise<void>;
  waitFor?(ctx: StepContext): Promise<void>;
}

export interface JournalStep {
  status: 'running' | 'completed' | 'failed';
  attempts: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
  note?: string;
}

export interface Journal {
  version: 1;
  project: string;
  environment: string;
  operation: string;
  runId: string;
  startedAt: string;
  updatedAt: string;
  status: 'running' | 'failed' | 'completed';
  steps: Record<string, JournalStep>;
  outputs: Record<string, string>;
}

/** Journal file of one environment and operation, under the state directory (`.haven/dr/<env>-<op>.json`). */
export class JournalStore {
  constructor(readonly file: string) {}

  static for(stateDir: string, environment: string, operation: string): JournalStore {
    return new JournalStore(path.join(stateDir, 'dr', `${environment}-${operation}.json`));
  }

  load(): Journal | undefined {
    if (!fs.existsSync(this.file)) return undefined;
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Journal;
    } catch (e) {
      throw new OpsError(`DR journal ${this.file} is unreadable: ${errorMessage(e)}`, 'Inspect it; move it aside only if you are sure no run is half done.');
    }
  }

  save(j: Journal): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // Write-then-rename so an interrupted write never leaves a truncated journal.
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(j, null, 2) + '\n');
    fs.renameSync(tmp, this.file);
  }

  /**
   * Exclusive lock for the duration of a run: two operators failing over the same environment at
   * once would issue conflicting changes. A lock left by a dead process on this host is taken over.
   */
  lock(): () => void {
    const lockFile = `${this.file}.lock`;
    fs.mkdirSync(path.dirname(lockFile), { recursive: true });
    const me = JSON.stringify({ pid: process.pid, host: os.hostname() });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(lockFile, me, { flag: 'wx' });
        return () => fs.rmSync(lockFile, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        let holder: { pid?: number; host?: string } = {};
        try { holder = JSON.parse(fs.readFileSync(lockFile, 'utf8')); } catch { /* unreadable lock: treat as stale */ }
        if (holder.host === os.hostname() && holder.pid && !alive(holder.pid)) {
          fs.rmSync(lockFile, { force: true });
          continue;
        }
        throw new OpsError(`Another run holds ${lockFile} (pid ${holder.pid ?? '?'} on ${holder.host ?? '?'}).`, 'Wait for it to finish; remove the lock file only if you are sure that run is gone.');
      }
    }
    throw new OpsError(`Could not take ${lockFile}.`);
  }

  /** Keeps a finished run's journal for the record and makes room for a new run. */
  archive(j: Journal): void {
    const dest = this.file.replace(/\.json$/, `-${j.runId}.json`);
    fs.renameSync(this.file, dest);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').toLowerCase();
}

/** Opens the journal: resumes an unfinished run, or starts a new one (archiving a completed one). */
export function openJournal(store: JournalStore, meta: { project: string; environment: string; operation: string }, clock: Clock): { journal: Journal; resumed: boolean } {
  const existing = store.load();
  if (existing && existing.status !== 'completed') {
    if (existing.operation !== meta.operation || existing.environment !== meta.environment) {
      throw new OpsError(`Journal ${store.file} belongs to ${existing.operation} of ${existing.environment}.`);
    }
    return { journal: existing, resumed: true };
  }
  if (existing) store.archive(existing);
  const now = new Date(clock.now()).toISOString();
  return {
    journal: { version: 1, ...meta, runId: stamp(clock.now()), startedAt: now, updatedAt: now, status: 'running', steps: {}, outputs: {} },
    resumed: false,
  };
}

function context(journal: Journal, store: JournalStore, clock: Clock, out: (l: string) => void): StepContext {
  return {
    clock,
    out,
    runId: journal.runId,
    get outputs() { return journal.outputs; },
    record(key, value) {
      journal.outputs[key] = value;
      journal.updatedAt = new Date(clock.now()).toISOString();
      store.save(journal);
    },
  };
}

export interface PlanLine {
  readonly id: string;
  readonly description: string;
  /** `completed` when the journal says so (not re-checked), otherwise the live check, or `unknown` if it could not be checked. */
  readonly state: StepState | 'completed' | 'unknown';
  readonly detail?: string;
}

/** Dry run: what each step would do and the state it sees now. Changes nothing (not even the journal). */
export async function planSteps(steps: readonly DrStep[], journal: Journal | undefined, clock: Clock, out: (l: string) => void): Promise<PlanLine[]> {
  const j = journal ?? { outputs: {}, runId: stamp(clock.now()), steps: {} as Record<string, JournalStep> };
  const ctx: StepContext = { clock, out, runId: j.runId, outputs: j.outputs, record: () => {} };
  const lines: PlanLine[] = [];
  for (const s of steps) {
    if (j.steps[s.id]?.status === 'completed') {
      lines.push({ id: s.id, description: s.describe(), state: 'completed', detail: j.steps[s.id].note });
      continue;
    }
    try {
      const c = await s.check(ctx);
      lines.push({ id: s.id, description: s.describe(), state: c.state, detail: c.detail });
    } catch (e) {
      lines.push({ id: s.id, description: s.describe(), state: 'unknown', detail: errorMessage(e) });
    }
  }
  return lines;
}

export function formatPlan(lines: readonly PlanLine[]): string[] {
  const mark: Record<PlanLine['state'], string> = { completed: '[journal: done]', done: '[already done]', pending: '[in progress]', todo: '[to do]', unknown: '[unknown]' };
  return lines.map((l, i) => `${String(i + 1).padStart(2)}. ${mark[l.state].padEnd(16)} ${l.id}: ${l.description}${l.detail ? `\n                        now: ${l.detail}` : ''}`);
}

export interface RunResult {
  readonly journal: Journal;
  readonly resumed: boolean;
  readonly executed: string[];
  readonly skipped: string[];
}

/**
 * Runs steps in order. Completed steps (per journal) are skipped; the failed step of an interrupted
 * run is checked and re-run; the first failure stops the run and names the step.
 */
export async function runSteps(steps: readonly DrStep[], store: JournalStore, meta: { project: string; environment: string; operation: string }, clock: Clock, out: (l: string) => void): Promise<RunResult> {
  const unlock = store.lock();
  try {
    return await runLocked(steps, store, meta, clock, out);
  } finally {
    unlock();
  }
}

async function runLocked(steps: readonly DrStep[], store: JournalStore, meta: { project: string; environment: string; operation: string }, clock: Clock, out: (l: string) => void): Promise<RunResult> {
  const { journal, resumed } = openJournal(store, meta, clock);
  if (resumed) out(`Resuming ${meta.operation} run ${journal.runId} from ${store.file}`);
  journal.status = 'running';
  store.save(journal);
  const ctx = context(journal, store, clock, out);
  const executed: string[] = [];
  const skipped: string[] = [];
  const iso = () => new Date(clock.now()).toISOString();
  for (const step of steps) {
    const prev = journal.steps[step.id];
    if (prev?.status === 'completed') {
      out(`✓ ${step.id} (completed earlier, skipped)`);
      skipped.push(step.id);
      continue;
    }
    const rec: JournalStep = { status: 'running', attempts: (prev?.attempts ?? 0) + 1, startedAt: iso() };
    journal.steps[step.id] = rec;
    journal.updatedAt = iso();
    store.save(journal);
    out(`→ ${step.id}: ${step.describe()}`);
    try {
      const c = await step.check(ctx);
      if (c.state === 'todo') await step.run(ctx);
      if (c.state !== 'done' && step.waitFor) await step.waitFor(ctx);
      rec.status = 'completed';
      rec.note = c.state === 'done' ? `already in the desired state${c.detail ? `: ${c.detail}` : ''}` : c.detail;
      rec.finishedAt = iso();
      executed.push(step.id);
      out(`✓ ${step.id}${c.state === 'done' ? ' (already done)' : ''}`);
    } catch (e) {
      rec.status = 'failed';
      rec.error = errorMessage(e);
      rec.finishedAt = iso();
      journal.status = 'failed';
      journal.updatedAt = iso();
      store.save(journal);
      out(`✗ ${step.id}: ${rec.error}`);
      throw new StepFailedError(step.id, e);
    } finally {
      journal.updatedAt = iso();
      if (rec.status !== 'failed') store.save(journal);
    }
  }
  journal.status = 'completed';
  journal.updatedAt = iso();
  store.save(journal);
  return { journal, resumed, executed, skipped };
}
