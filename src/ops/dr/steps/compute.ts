/** Compute: ECS services stopped for maintenance (writes stop), resumed, and scaled between standby and active. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { call, poll } from '../../aws';
import { OpsError } from '../../errors';
import { OpsStandbyService } from '../../target';
import { DrStep } from '../engine';
import { DrSettings, WRITES_STOPPED, need, opt, regions } from './shared';

// ECS DescribeServices / UpdateService: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
async function serviceCounts(s: DrSettings, region: string, cluster: string, service: string): Promise<{ desired: number; running: number }> {
  const r = await call<{ services?: { desiredCount?: number; runningCount?: number }[]; failures?: { reason?: string }[] }>(
    s.clients.ecs(region), new DescribeServicesCommand({ cluster, services: [service] }), opt(s),
  );
  const x = r.services?.[0];
  if (!x) throw new OpsError(`ECS service ${service} not found in ${cluster} (${region}): ${r.failures?.[0]?.reason ?? 'missing'}`);
  return { desired: x.desiredCount ?? 0, running: x.runningCount ?? 0 };
}

function stoppedServicesFile(s: DrSettings): string {
  return path.join(s.stateDir, 'dr', `${s.target.environment}-stopped-services.json`);
}

/** Desired counts a maintenance step found before stopping services, so failback can restore them. */
function readStopped(s: DrSettings): Record<string, number> {
  const f = stoppedServicesFile(s);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, number> : {};
}

export interface ScaleServiceOptions {
  /** Step id. */
  readonly id: string;
  readonly region: string;
  /** ECS cluster; unknown (undefined) fails the step with a hint to deploy the output that carries it. */
  readonly cluster?: string;
  readonly service?: string;
  readonly svc: OpsStandbyService;
  /** Desired count, or a function read when the step runs (a count recorded by an earlier run). */
  readonly want: number | (() => number);
  /** `Primary` or `DR`, for messages. */
  readonly what: string;
  /** Store the desired count this step replaces, so failback can restore it. @default false */
  readonly remember?: boolean;
  /** Treat a service already running (desired > 0) as done: haven did not stop it. @default false */
  readonly leaveRunning?: boolean;
}

/**
 * Set an ECS service's desired count and wait for the tasks. `id` names the step; `remember` stores the count it
 * replaces (a maintenance stop) in a state file, so a later run can put it back.
 */
export function scaleService(s: DrSettings, o: ScaleServiceOptions): DrStep {
  const cluster = () => need(o.cluster, `${o.what} cluster of service ${o.svc.name}`);
  const service = () => need(o.service, `${o.what} service ${o.svc.name}`);
  const want = () => (typeof o.want === 'function' ? o.want() : o.want);
  const reached = (d: { desired: number; running: number }) => d.desired === want() && (d.running === want() || (want() > 0 && d.running >= want()));
  return {
    id: o.id,
    describe: () => `set ${o.cluster}/${o.service} in ${o.region} to ${typeof o.want === 'number' ? o.want : 'its recorded'} task(s)`,
    check: async () => {
      const d = await serviceCounts(s, o.region, cluster(), service());
      const detail = `desired ${d.desired}, running ${d.running}`;
      if (reached(d)) return { state: 'done', detail };
      if (o.leaveRunning && d.desired > 0) return { state: 'done', detail: `${detail} (not stopped by haven; left as is)` };
      return { state: d.desired === want() ? 'pending' : 'todo', detail };
    },
    run: async () => {
      if (o.remember) {
        const d = await serviceCounts(s, o.region, cluster(), service());
        const f = stoppedServicesFile(s);
        const prev = readStopped(s);
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, JSON.stringify({ ...prev, [`${o.region}/${cluster()}/${service()}`]: d.desired }, null, 2) + '\n');
      }
      await call(s.clients.ecs(o.region), new UpdateServiceCommand({ cluster: cluster(), service: service(), desiredCount: want() }), opt(s));
    },
    waitFor: () => poll(async () => {
      const d = await serviceCounts(s, o.region, cluster(), service());
      return { done: reached(d), state: `desired ${d.desired}, running ${d.running}` };
    }, { what: `${o.service} reaching ${want()} running task(s)`, timeoutMs: s.timeouts.service, clock: s.clock, initialDelayMs: 10_000 }),
  };
}

/** Marks the moment writes stopped (after the maintenance steps), for the catch-up wait and the evidence. */
export function writesStopped(s: DrSettings, where: string): DrStep {
  return {
    id: 'maintenance.writes-stopped',
    describe: () => `record that application writes to ${where} have stopped`,
    check: async () => ({ state: 'todo' }),
    run: async (ctx) => { ctx.record(WRITES_STOPPED, new Date(s.clock.now()).toISOString()); },
  };
}

export function primaryServiceStop(s: DrSettings, svc: OpsStandbyService): DrStep {
  const { primary } = regions(s);
  return scaleService(s, { id: `maintenance.${svc.name}.primary-stop`, region: primary, cluster: svc.primaryCluster, service: svc.primaryService, svc, want: 0, what: 'Primary', remember: true });
}

export function drServiceStop(s: DrSettings, svc: OpsStandbyService): DrStep {
  const { dr } = regions(s);
  return scaleService(s, { id: `maintenance.${svc.name}.dr-stop`, region: dr, cluster: svc.drCluster, service: svc.drService, svc, want: 0, what: 'DR' });
}

export function primaryServiceResume(s: DrSettings, svc: OpsStandbyService): DrStep {
  const { primary } = regions(s);
  const recorded = () => readStopped(s)[`${primary}/${svc.primaryCluster}/${svc.primaryService}`];
  // A service haven stopped goes back to the count it had; one it did not stop is left alone unless it is at zero.
  return scaleService(s, {
    id: `ecs.${svc.name}.primary-resume`, region: primary, cluster: svc.primaryCluster, service: svc.primaryService, svc,
    want: () => recorded() ?? svc.activeCount, what: 'Primary', leaveRunning: recorded() === undefined,
  });
}

export function drServiceScale(s: DrSettings, svc: OpsStandbyService, mode: 'active' | 'standby'): DrStep {
  const { dr } = regions(s);
  return scaleService(s, {
    id: `ecs.${svc.name}.${mode === 'active' ? 'scale-up' : 'scale-down'}`, region: dr, cluster: svc.drCluster, service: svc.drService, svc,
    want: mode === 'active' ? svc.activeCount : svc.standbyCount, what: 'DR',
  });
}
