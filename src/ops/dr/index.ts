import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBInstancesCommand, DBInstance } from '@aws-sdk/client-rds';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { failoverSwitch } from '../../platform/outputs';
import { AwsClients, Clock, call, checkAccount, isNotFound, realClock } from '../aws';
import { OpsError, OpsInputError, errorMessage } from '../errors';
import { Prompt, confirmTyped } from '../prompt';
import { resolveTarget } from '../resolve';
import { OpsTarget, confirmationName } from '../target';
import { ROUTE53_METRICS_REGION, observe } from './dns';
import { Journal, JournalStore, PlanLine, RunResult, formatPlan, planSteps, runSteps } from './engine';
import { DrillEvidence, drillEvidence, writeEvidence } from './evidence';
import { DEFAULT_TIMEOUTS, DrMode, DrSettings, DrTimeouts, describeCluster, failbackSteps, failoverSteps } from './steps';

export { DrMode } from './steps';
export type DrOperation = 'status' | 'failover' | 'failback' | 'drill';

export interface DrOptions {
  /** Make changes. Without it the command prints the plan with the current state (dry run). */
  readonly execute?: boolean;
  /** Skip the typed confirmation (non-interactive runs). */
  readonly yes?: boolean;
  /** Failover mode (required for `failover`; `drill` implies `drill`). */
  readonly mode?: DrMode;
  /** Old spelling of `mode: 'drill'`. */
  readonly force?: boolean;
  /** @default '.haven' */
  readonly stateDir?: string;
  /** Where `drill` writes its evidence. @default 'docs/dr-evidence' */
  readonly evidenceDir?: string;
  /** @default 900 */
  readonly maxReplicaLagSeconds?: number;
  /** @default 24 */
  readonly maxBackupAgeHours?: number;
  readonly timeouts?: Partial<DrTimeouts>;
  /** Read physical names from stack outputs (DescribeStacks). @default true */
  readonly resolveOutputs?: boolean;
}

export interface DrDeps {
  readonly clients: AwsClients;
  readonly prompt?: Prompt;
  readonly out?: (line: string) => void;
  readonly clock?: Clock;
}

export interface DrOutcome {
  readonly operation: DrOperation;
  readonly executed: boolean;
  readonly mode?: DrMode;
  readonly plan?: PlanLine[];
  readonly run?: RunResult;
  readonly status?: DrStatus;
  readonly evidence?: { readonly report: DrillEvidence; readonly json: string; readonly markdown: string };
}

export interface DrStatus {
  readonly primaryRegion: string;
  readonly drRegion?: string;
  readonly databases: { name: string; primary: string; dr: string; replicaLagSeconds?: number }[];
  readonly services: { name: string; desired?: number; running?: number; error?: string }[];
  /** PRIMARY record's health (Route 53 metric, else the failover switch alarm). */
  readonly dns?: { primaryHealthy?: boolean; detail?: string; error?: string };
  readonly journals: { file: string; operation: string; status: string; failedStep?: string }[];
  readonly lastActive?: { activeRegion?: string; recordedAt?: string };
}

function describeDb(i: DBInstance | undefined): string {
  if (!i) return 'absent';
  return `${i.DBInstanceStatus}${i.ReadReplicaSourceDBInstanceIdentifier ? `, replica of ${i.ReadReplicaSourceDBInstanceIdentifier}` : ''}`;
}

async function safe<T>(f: () => Promise<T>): Promise<T | string> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof OpsError) throw e;
    return `error: ${errorMessage(e)}`;
  }
}

/** `haven dr status`: where each piece of the environment stands now, and any unfinished DR run. */
export async function drStatus(target: OpsTarget, deps: DrDeps, stateDir = '.haven'): Promise<DrStatus> {
  const clock = deps.clock ?? realClock;
  const opt = { clock, profile: deps.clients.profile, maxAttempts: 3 };
  const { primary, dr } = target.regions;
  const inst = async (region: string, id: string | undefined, kind: 'instance' | 'cluster'): Promise<string> => {
    if (!id) return 'unknown';
    return safe(async () => {
      if (kind === 'cluster') {
        const c = await describeCluster({ clients: deps.clients, clock }, region, id);
        return c ? `${c.Status}${c.GlobalClusterIdentifier ? `, global ${c.GlobalClusterIdentifier}` : ''}` : 'absent';
      }
      try {
        const r = await call<{ DBInstances?: DBInstance[] }>(deps.clients.rds(region), new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }), opt);
        return describeDb(r.DBInstances?.[0]);
      } catch (e) {
        if (isNotFound(e)) return 'absent';
        throw e;
      }
    });
  };
  const databases: DrStatus['databases'] = [];
  for (const db of target.resources.databases) {
    const row: { name: string; primary: string; dr: string; replicaLagSeconds?: number } = { name: db.name, primary: await inst(primary, db.identifier, db.kind), dr: dr ? await inst(dr, db.drIdentifier, db.kind) : 'no DR region' };
    if (dr && db.kind === 'instance' && db.drStrategy === 'replica' && db.drIdentifier && row.dr.includes('replica of')) {
      const now = clock.now();
      const m = await safe(() => call<{ Datapoints?: { Timestamp?: Date; Maximum?: number }[] }>(deps.clients.cloudwatch(dr), new GetMetricStatisticsCommand({
        Namespace: 'AWS/RDS', MetricName: 'ReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: db.drIdentifier }],
        StartTime: new Date(now - 15 * 60_000), EndTime: new Date(now), Period: 60, Statistics: ['Maximum'],
      }), opt));
      if (typeof m !== 'string') {
        const latest = [...(m.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
        if (latest?.Maximum !== undefined) row.replicaLagSeconds = latest.Maximum;
      }
    }
    databases.push(row);
  }
  const services: DrStatus['services'] = [];
  for (const s of target.resources.standbyServices) {
    if (!dr || !s.drCluster || !s.drService) { services.push({ name: s.name, error: 'unknown cluster/service' }); continue; }
    const r = await safe(() => call<{ services?: { desiredCount?: number; runningCount?: number }[] }>(deps.clients.ecs(dr), new DescribeServicesCommand({ cluster: s.drCluster, services: [s.drService!] }), opt));
    services.push(typeof r === 'string' ? { name: s.name, error: r } : { name: s.name, desired: r.services?.[0]?.desiredCount, running: r.services?.[0]?.runningCount });
  }
  let dns: DrStatus['dns'];
  if (dr && target.resources.dns) {
    const settings = { clients: deps.clients, clock, target } as unknown as DrSettings;
    // Status never assumes the primary is up: Route 53's metrics region is used only if it is not the primary.
    const r = await safe(() => observe(settings, failoverSwitch(target.project, target.environment).alarmName, primary !== ROUTE53_METRICS_REGION));
    dns = typeof r === 'string' ? { error: r } : { primaryHealthy: r.primaryHealthy, detail: r.detail };
  }
  const journals: DrStatus['journals'] = [];
  for (const op of ['failover', 'failback']) {
    const store = JournalStore.for(stateDir, target.environment, op);
    const j: Journal | undefined = store.load();
    if (j) journals.push({ file: store.file, operation: op, status: j.status, failedStep: Object.entries(j.steps).find(([, v]) => v.status === 'failed')?.[0] });
  }
  const activeFile = path.join(stateDir, 'dr', `${target.environment}-active.json`);
  const lastActive = fs.existsSync(activeFile) ? JSON.parse(fs.readFileSync(activeFile, 'utf8')) as { activeRegion?: string; recordedAt?: string } : undefined;
  return { primaryRegion: primary, drRegion: dr, databases, services, dns, journals, lastActive };
}

export function formatStatus(s: DrStatus): string[] {
  const l = [`Primary ${s.primaryRegion}, DR ${s.drRegion ?? '(none)'}${s.lastActive?.activeRegion ? `; last recorded active region ${s.lastActive.activeRegion} at ${s.lastActive.recordedAt}` : ''}`];
  for (const d of s.databases) l.push(`  database ${d.name}: primary ${d.primary}; DR ${d.dr}${d.replicaLagSeconds !== undefined ? `; lag ${d.replicaLagSeconds}s` : ''}`);
  for (const v of s.services) l.push(`  service ${v.name} (DR): ${v.error ?? `desired ${v.desired}, running ${v.running}`}`);
  if (s.dns) l.push(`  DNS PRIMARY record: ${s.dns.error ?? `${s.dns.primaryHealthy === undefined ? 'unknown' : s.dns.primaryHealthy ? 'healthy (traffic on primary)' : 'unhealthy (traffic on DR)'} — ${s.dns.detail}`}`);
  for (const j of s.journals) l.push(`  journal ${j.operation}: ${j.status}${j.failedStep ? ` (failed at ${j.failedStep})` : ''} — ${j.file}`);
  return l;
}

function failoverMode(op: DrOperation, options: DrOptions): DrMode {
  if (op === 'drill' || options.force) {
    if (options.mode === 'outage') throw new OpsInputError('--force (drill) and --mode outage contradict each other.');
    return 'drill';
  }
  if (op === 'failback') return 'drill'; // failback needs the primary reachable, like a drill
  if (!options.mode) {
    throw new OpsInputError('Say which failover this is: --mode drill (planned switchover, primary healthy, no data loss) or --mode outage (primary region lost; accepts the loss of unreplicated data).');
  }
  return options.mode;
}

/** `haven dr status|failover|failback|drill`: dry run (plan with current state) unless `execute`. */
export async function runDr(op: DrOperation, target: OpsTarget, options: DrOptions, deps: DrDeps): Promise<DrOutcome> {
  const out = deps.out ?? ((l: string) => console.log(l));
  const clock = deps.clock ?? realClock;
  const stateDir = options.stateDir ?? '.haven';
  if (!target.regions.dr) throw new OpsInputError(`Environment ${target.environment} has no DR region; nothing to fail over to.`);
  const mode = op === 'status' ? undefined : failoverMode(op, options);
  // DR region: during a failover the primary's STS endpoint may be the thing that is down.
  await checkAccount(deps.clients, target.regions.dr, target.account, { clock });
  let t = target;
  if (options.resolveOutputs ?? true) {
    // Outage: never ask the failed region for anything, not even its stack outputs (the DR stack carries what DR needs).
    const readable = mode === 'outage' ? { ...target, stacks: target.stacks.filter((x) => x.role !== 'primary') } : target;
    const r = await resolveTarget(readable, deps.clients, { clock });
    t = { ...r.target, stacks: target.stacks };
    for (const u of r.unreadable) out(`(outputs of ${u.stack} in ${u.region} unreadable: ${u.error})`);
  }
  if (op === 'status') {
    const status = await drStatus(t, deps, stateDir);
    for (const l of formatStatus(status)) out(l);
    return { operation: op, executed: false, status };
  }
  const settings: DrSettings = {
    clients: deps.clients, target: t, clock, stateDir, mode: mode!,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    maxReplicaLagSeconds: options.maxReplicaLagSeconds ?? 900,
    maxBackupAgeHours: options.maxBackupAgeHours ?? 24,
  };
  const journalOp = op === 'failback' ? 'failback' : 'failover';
  const steps = journalOp === 'failover' ? failoverSteps(settings) : failbackSteps(settings);
  const store = JournalStore.for(stateDir, t.environment, journalOp);
  const meta = { project: t.project, environment: t.environment, operation: journalOp };
  const existing = store.load();
  const unfinished = existing && existing.status !== 'completed' ? existing : undefined;
  if (unfinished && journalOp === 'failover' && unfinished.outputs.mode && unfinished.outputs.mode !== mode) {
    throw new OpsError(`An unfinished ${unfinished.outputs.mode} failover (run ${unfinished.runId}) is recorded in ${store.file}.`, `Resume it with --mode ${unfinished.outputs.mode}; the two modes take different steps.`);
  }
  const label = op === 'drill' ? 'drill (failover, drill mode)' : op === 'failover' ? `failover (${mode} mode)` : op;
  if (!options.execute) {
    out(`${label} plan for ${t.project}/${t.environment} (dry run — nothing changes; add --execute to run)${unfinished ? `; resumes run ${unfinished.runId}` : ''}:`);
    const plan = await planSteps(steps, unfinished, clock, out);
    for (const l of formatPlan(plan)) out(l);
    return { operation: op, executed: false, mode, plan };
  }
  await confirmTyped(deps.prompt, `${label} ${t.environment} (${journalOp === 'failover' ? `${t.regions.primary} → ${t.regions.dr}` : `${t.regions.dr} → ${t.regions.primary}`})`, confirmationName(t), options.yes);
  const run = await runSteps(steps, store, meta, clock, out);
  out(`${label} completed (${run.executed.length} step(s) run, ${run.skipped.length} skipped from an earlier run). Journal: ${store.file}`);
  if (op === 'failback') out('The DR instances that served during the failover were renamed *-retired-<run> and kept: check them, then delete them yourself when no longer needed.');
  if (op !== 'drill') return { operation: op, executed: true, mode, run };
  const report = drillEvidence(t, run.journal, steps);
  const files = writeEvidence(report, options.evidenceDir ?? path.join('docs', 'dr-evidence'));
  out(`Drill evidence: ${files.json}, ${files.markdown} (RTO ${report.achieved.rtoMinutes} min: ${report.verdict.rto}; RPO ${report.achieved.rpoMinutes ?? 'not measured'}${report.achieved.rpoMinutes === null ? '' : ' min'}: ${report.verdict.rpo})`);
  out('The environment now runs in the DR region: run `haven dr failback` to return.');
  return { operation: op, executed: true, mode, run, evidence: { report, ...files } };
}
