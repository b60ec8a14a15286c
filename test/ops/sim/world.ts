import { SimModel, SimResource, SimStack } from './model';

/**
 * The live state of a simulated account, derived from the resources CloudFormation created, plus the knobs a test
 * flips to inject one fault. Service handlers read (and, for DR operations, mutate) it; nothing here knows an SDK.
 */
export class World {
  /** Milliseconds since epoch: the account's clock (LatestRestorableTime, metric timestamps). Tests pin it. */
  now: () => number;
  /** Resources deleted out of band (a vault someone removed, an alarm deleted by hand). */
  private readonly deleted = new Set<SimResource>();
  /** Properties changed out of band (a listener's TLS policy weakened), over the template's. */
  private readonly overrides = new Map<SimResource, Record<string, unknown>>();
  /** Trails whose logging was stopped (StopLogging); every trail logs after creation. */
  readonly stoppedTrails = new Set<string>();
  /** RDS ReplicaLag (seconds) per replica identifier; replicas not listed lag `defaultReplicaLagSeconds`. */
  readonly replicaLagSeconds = new Map<string, number>();
  defaultReplicaLagSeconds = 2;
  /** SNS email subscriptions stay `PendingConfirmation` until the recipient confirms; the default world is operated, so confirmed. */
  subscriptionsConfirmed = true;
  /** Recovery points per backup vault. */
  recoveryPoints = 12;
  /** Regions where every call fails like a network failure (a regional outage). */
  readonly unreachableRegions = new Set<string>();
  /** Operation name → number of upcoming calls answered with a throttling error. */
  readonly throttled = new Map<string, number>();
  /** Every call answered, as `<region> <Operation>` (tests assert on what was asked). */
  readonly calls: string[] = [];
  /** Every call sent, answered or not (an unreachable region's included), as `<region> <Operation>`. */
  readonly attempted: string[] = [];

  private loaded?: SimModel;

  /** `model` may be a loader: the CLI writes the assembly only when the command runs, before its first AWS call. */
  constructor(private readonly source: SimModel | (() => SimModel), opts: { now?: () => number } = {}) {
    this.now = opts.now ?? (() => Date.now());
  }

  get model(): SimModel {
    return (this.loaded ??= typeof this.source === 'function' ? this.source() : this.source);
  }

  get account(): string {
    return this.model.account;
  }

  /** Live resources of a type (in a region, when given). */
  resources(type: string, region?: string): SimResource[] {
    return this.model.allResources().filter((r) => r.type === type && (!region || r.stack.region === region) && !this.deleted.has(r));
  }

  find(type: string, region: string | undefined, match: (r: SimResource) => boolean): SimResource | undefined {
    return this.resources(type, region).find(match);
  }

  /** A property as the service reports it now: an out-of-band change wins over the template. */
  prop<T = unknown>(r: SimResource, name: string): T | undefined {
    const o = this.overrides.get(r);
    return (o && name in o ? o[name] : r.properties[name]) as T | undefined;
  }

  stack(name: string, region: string): SimStack | undefined {
    return this.model.allStacks().find((s) => (s.name === name || s.stackId === name) && s.region === region);
  }

  isDeleted(r: SimResource): boolean {
    return this.deleted.has(r);
  }

  // ---- fault knobs ------------------------------------------------------------------------------------------------

  /** Deletes a resource out of band (CloudFormation still lists it: drift). */
  remove(r: SimResource | undefined): this {
    if (!r) throw new Error('World.remove: no such resource');
    this.deleted.add(r);
    return this;
  }

  /** Changes a property out of band (console edit, drift). */
  set(r: SimResource | undefined, name: string, value: unknown): this {
    if (!r) throw new Error('World.set: no such resource');
    this.overrides.set(r, { ...this.overrides.get(r), [name]: value });
    return this;
  }

  stopTrail(name: string): this {
    this.stoppedTrails.add(name);
    return this;
  }

  setReplicaLag(identifier: string, seconds: number): this {
    this.replicaLagSeconds.set(identifier, seconds);
    return this;
  }

  unreachable(region: string): this {
    this.unreachableRegions.add(region);
    return this;
  }

  /** The region answers again (the outage is over). */
  reachable(region: string): this {
    this.unreachableRegions.delete(region);
    return this;
  }

  throttle(operation: string, times = 1): this {
    this.throttled.set(operation, times);
    return this;
  }
}
