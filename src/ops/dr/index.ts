import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBInstancesCommand, DBInstance } from '@aws-sdk/client-rds';
import { GetHealthCheckCommand } from '@aws-sdk/client-route-53';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { AwsClients, Clock, call, checkAccount, isNotFound, realClock } from '../aws';
import { OpsError, OpsInputError, errorMessage } from '../errors';
import { Prompt, confirmTyped } from '../prompt';
import { resolveTarget } from '../resolve';
import { OpsTarget, confirmationName } from '../target';
import { Journal, JournalStore, PlanLine, RunResult, formatPlan, planSteps, runSteps } from './engine';
import { DEFAULT_TIMEOUTS, DrSettings, DrTimeouts, failbackSteps, failoverSteps } from './steps';

export type DrOperation = 'status' | 'failover' | 'failback';

export interface DrOptions {
  /** Make changes. Without it the command prints the plan with the current state (dry run). */
  readonly execute?: boolean;
  /** Skip the typed confirmation (non-interactive runs). */
  readonly yes?: boolean;
  /** Fail over although the primary answers (planned drill). */
  readonly force?: boolean;
  /** @default '.haven' */
  readonly stateDir?: string;
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
  readonly plan?: PlanLine[];
  readonly run?: RunResult;
  readonly status?: DrStatus;
}

export interface DrStatus {
  readonly primaryRegion: string;
  readonly drRegion?: string;
  readonly databases: { name: string; primary: string; dr: string; replicaLagSeconds?: number }[];
  readonly services: { name: string; desired?: number; running?: number; error?: string }[];
  readonly dns?: { healthCheckInverted?: boolean; error?: string };
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
  const inst = async (region: string, id?: string): Promise<string> => {
    if (!id) return 'unknown';
    return safe(async () => {
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
    const row: { name: string; primary: string; dr: string; replicaLagSeconds?: number } = { name: db.name, primary: await inst(primary, db.identifier), dr: dr ? await inst(dr, db.drIdentifier) : 'no DR region' };
    if (dr && db.drStrategy === 'replica' && db.drIdentifier && row.dr.includes('replica of')) {
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
  const hc = target.resources.dns?.primaryHealthCheckId;
  if (hc) {
    const r = await safe(() => call<{ HealthCheck?: { HealthCheckConfig?: { Inverted?: boolean } } }>(deps.clients.route53(), new GetHealthCheckCommand({ HealthCheckId: hc }), opt));
    dns = typeof r === 'string' ? { error: r } : { healthCheckInverted: Boolean(r.HealthCheck?.HealthCheckConfig?.Inverted) };
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
  if (s.dns) l.push(`  DNS primary health check: ${s.dns.error ?? (s.dns.healthCheckInverted ? 'INVERTED (traffic on DR)' : 'normal')}`);
  for (const j of s.journals) l.push(`  journal ${j.operation}: ${j.status}${j.failedStep ? ` (failed at ${j.failedStep})` : ''} — ${j.file}`);
  return l;
}

/** `haven dr status|failover|failback`: dry run (plan with current state) unless `execute`. */
export async function runDr(op: DrOperation, target: OpsTarget, options: DrOptions, deps: DrDeps): Promise<DrOutcome> {
  const out = deps.out ?? ((l: string) => console.log(l));
  const clock = deps.clock ?? realClock;
  const stateDir = options.stateDir ?? '.haven';
  if (!target.regions.dr) throw new OpsInputError(`Environment ${target.environment} has no DR region; nothing to fail over to.`);
  // DR region: during a failover the primary's STS endpoint may be the thing that is down.
  await checkAccount(deps.clients, target.regions.dr, target.account, { clock });
  let t = target;
  if (options.resolveOutputs ?? true) {
    const r = await resolveTarget(target, deps.clients, { clock });
    t = r.target;
    for (const u of r.unreadable) out(`(outputs of ${u.stack} in ${u.region} unreadable: ${u.error})`);
  }
  if (op === 'status') {
    const status = await drStatus(t, deps, stateDir);
    for (const l of formatStatus(status)) out(l);
    return { operation: op, executed: false, status };
  }
  const settings: DrSettings = {
    clients: deps.clients, target: t, clock, stateDir,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    maxReplicaLagSeconds: options.maxReplicaLagSeconds ?? 900,
    maxBackupAgeHours: options.maxBackupAgeHours ?? 24,
    force: Boolean(options.force),
  };
  const steps = op === 'failover' ? failoverSteps(settings) : failbackSteps(settings);
  const store = JournalStore.for(stateDir, t.environment, op);
  const meta = { project: t.project, environment: t.environment, operation: op };
  if (!options.execute) {
    const existing = store.load();
    const journal = existing && existing.status !== 'completed' ? existing : undefined;
    out(`${op} plan for ${t.project}/${t.environment} (dry run — nothing changes; add --execute to run)${journal ? `; resumes run ${journal.runId}` : ''}:`);
    const plan = await planSteps(steps, journal, clock, out);
    for (const l of formatPlan(plan)) out(l);
    return { operation: op, executed: false, plan };
  }
  await confirmTyped(deps.prompt, `${op} ${t.environment} (${op === 'failover' ? `${t.regions.primary} → ${t.regions.dr}` : `${t.regions.dr} → ${t.regions.primary}`})`, confirmationName(t), options.yes);
  const run = await runSteps(steps, store, meta, clock, out);
  out(`${op} completed (${run.executed.length} step(s) run, ${run.skipped.length} skipped from an earlier run). Journal: ${store.file}`);
  if (op === 'failback') out('Next: `haven deploy` the DR stack to re-create the cross-region replica; the promoted DR instance is left in place for you to retire.');
  return { operation: op, executed: true, run };
}
