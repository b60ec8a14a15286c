/** Settings every DR step gets, and the journal keys steps hand to each other. */
import { AwsClients, Clock } from '../../aws';
import { OpsError } from '../../errors';
import { OpsDatabase, OpsTarget } from '../../target';
import { StepContext } from '../engine';

/** Wait limits per kind of asynchronous operation (overridable; tests shrink them). */
export interface DrTimeouts {
  readonly database: number;
  readonly snapshot: number;
  readonly service: number;
  readonly dns: number;
  readonly secret: number;
  /** Drill: replica lag reaching 0 once writes stopped. */
  readonly catchUp: number;
}

export const DEFAULT_TIMEOUTS: DrTimeouts = {
  database: 60 * 60_000, // promotion / restore of a large instance can take most of an hour
  snapshot: 2 * 60 * 60_000, // cross-region copies scale with size
  service: 20 * 60_000,
  dns: 10 * 60_000,
  secret: 2 * 60_000,
  catchUp: 15 * 60_000,
};

/**
 * - `drill`: planned switchover while the primary is healthy; writes stop first, nothing is lost.
 * - `outage`: the primary region is gone; no step calls its APIs; data not yet replicated is lost (bounded by the RPO).
 */
export type DrMode = 'drill' | 'outage';

export interface DrSettings {
  readonly clients: AwsClients;
  readonly target: OpsTarget;
  readonly clock: Clock;
  readonly timeouts: DrTimeouts;
  /** Seconds of replica lag tolerated before failing over (the RPO). @default 900 */
  readonly maxReplicaLagSeconds: number;
  /** Age of the newest replicated backup/recovery point tolerated. @default 24 */
  readonly maxBackupAgeHours: number;
  /** Failover mode; failback always runs with the primary reachable. */
  readonly mode: DrMode;
  /** Journals and state files (`.haven`). */
  readonly stateDir: string;
}

export function regions(s: DrSettings): { primary: string; dr: string } {
  const dr = s.target.regions.dr;
  if (!dr) throw new OpsError(`Environment ${s.target.environment} has no DR region (regions.dr).`);
  return { primary: s.target.regions.primary, dr };
}

export const opt = (s: DrSettings) => ({ clock: s.clock, profile: s.clients.profile });

export function need<T>(v: T | undefined, what: string): T {
  if (v === undefined || v === null || v === '') {
    throw new OpsError(`${what} is unknown.`, 'Set it in the target, or make sure the stack output that carries it is deployed (see docs/operations.md, output names).');
  }
  return v;
}

export const endpointKey = (db: OpsDatabase) => `db.${db.name}.endpoint`;
/** Journal keys of the drill evidence: data-loss bound observed when the DR copy became the writer. */
export const rpoKey = (db: OpsDatabase) => `rpo.${db.name}.seconds`;
export const rpoBasisKey = (db: OpsDatabase) => `rpo.${db.name}.basis`;
export const WRITES_STOPPED = 'writesStoppedAt';

export function recordEndpoint(ctx: StepContext, db: OpsDatabase, address: string | undefined): void {
  if (address) ctx.record(endpointKey(db), address);
}
