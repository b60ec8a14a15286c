import type { EnvironmentPlan } from '../spec/resolve';
import { drStandbyCompute, drDesign } from './strategy';
import { isEuRegion } from './regions';

/**
 * DNS as one plan per hosted zone: every record Haven creates, across environments, edge and DR, listed before any
 * stack is built. The edge feature builds records from it (primary and DR stacks) and the `dns` validation rule
 * reports clashes from it, so what validation accepts is exactly what Route 53 will be asked to create.
 *
 * Route 53 rules the plan follows (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-routing.html):
 * - a name carries either one simple record per type or records of one routing policy (here: a failover pair),
 *   never both; the failover pair therefore replaces a plain record of the same name;
 * - both records of a failover pair have the same type; Haven makes them alias records (A), so a pair never
 *   mixes a CNAME with an alias;
 * - an alias targets an AWS endpoint (ALB, CloudFront) or another record in the SAME hosted zone.
 */

export type DnsRouting = 'simple' | 'failover-primary' | 'failover-secondary' | 'geolocation';

/** What a record answers with: the primary ALB, CloudFront, the DR region's ALB, or another record in the zone. */
export type DnsTargetKind = 'alb' | 'cdn' | 'dr-alb' | 'record';

export interface PlannedDnsRecord {
  /** Zone name, lower case, without the trailing dot. */
  readonly zone: string;
  readonly hostedZoneId?: string;
  /** Fully qualified name, lower case, without the trailing dot. */
  readonly name: string;
  readonly type: 'A' | 'AAAA';
  readonly routing: DnsRouting;
  readonly environment: string;
  /** Spec field (inside the environment's merged view) the record comes from. */
  readonly path: readonly (string | number)[];
  readonly target: { readonly kind: DnsTargetKind; readonly recordName?: string };
  /** Region of the endpoint that answers ('global' for CloudFront). */
  readonly endpointRegion: string;
  /** Stack that creates the record. */
  readonly stack: 'primary' | 'dr';
}

/** The failover pair of one environment and what guards it (see FailoverRecords). */
export interface FailoverPlan {
  readonly zone: string;
  readonly hostedZoneId?: string;
  readonly name: string;
  /** Record the PRIMARY aliases: Haven's per-region origin record, or the spec's primaryTarget (same zone). */
  readonly primaryAliasName: string;
  /** Whether Haven creates `primaryAliasName` itself (in the primary stack), and what it aliases. */
  readonly origin?: { readonly kind: 'alb' | 'cdn' };
  readonly secondary: { readonly kind: 'dr-alb' } | { readonly kind: 'record'; readonly recordName: string };
  /** Name the endpoint health check probes over HTTPS (the primary origin, never the failover name itself). */
  readonly healthCheckFqdn: string;
  readonly healthCheckPath: string;
}

export interface EnvironmentDnsPlan {
  readonly records: readonly PlannedDnsRecord[];
  readonly failover?: FailoverPlan;
  /** The DR region runs a load balancer of its own (pilot light / warm standby with edge.alb). */
  readonly drLoadBalancer: boolean;
  /** What the environment's DNS cannot do; the dns rule reports them as validation errors. */
  readonly issues: readonly { readonly path: readonly (string | number)[]; readonly message: string }[];
}

const DEFAULT_ALB_RECORD = 'app';
const DEFAULT_CDN_RECORD = 'cdn';

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** Name of the plain record Haven gives the primary endpoint behind a failover pair (the health check probes it). */
export function primaryOriginName(failoverName: string, primaryRegion: string): string {
  return `${primaryRegion}.${failoverName}`;
}

/**
 * Whether the DR region builds a load balancer: compute is deployed there (at zero or minimum) behind edge.alb.
 * Pilot light builds it too (decision): the SECONDARY then exists ahead of time and failing over is a DNS change
 * plus a scale-up, for the price of an idle ALB; creating it at failover would add a deployment to the RTO.
 */
export function drBuildsLoadBalancer(plan: EnvironmentPlan): boolean {
  return Boolean(plan.edge?.alb) && drDesign(plan).drRegion !== undefined && drStandbyCompute(plan).deploy;
}

/** Every record one environment creates, its failover pair, and what cannot be built. Pure. */
export function environmentDnsPlan(environment: string, plan: EnvironmentPlan): EnvironmentDnsPlan {
  const records: PlannedDnsRecord[] = [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  const edge = plan.edge;
  const domain = edge?.domain;
  const primaryRegion = plan.regions.primary;
  const albName = domain ? normalizeName(`${edge?.alb?.recordName ?? DEFAULT_ALB_RECORD}.${domain.name}`) : undefined;
  const cdnName = domain ? normalizeName(`${edge?.cdn?.recordName ?? DEFAULT_CDN_RECORD}.${domain.name}`) : undefined;
  if (domain?.hostedZoneId) {
    const zone = normalizeName(domain.name);
    const common = { zone, hostedZoneId: domain.hostedZoneId, routing: 'simple' as const, environment, stack: 'primary' as const };
    if (edge?.alb) records.push({ ...common, name: albName!, type: 'A', path: ['edge', 'alb', 'recordName'], target: { kind: 'alb' }, endpointRegion: primaryRegion });
    if (edge?.cdn) {
      for (const type of ['A', 'AAAA'] as const) records.push({ ...common, name: cdnName!, type, path: ['edge', 'cdn', 'recordName'], target: { kind: 'cdn' }, endpointRegion: 'global' });
    }
  }
  const drLoadBalancer = drBuildsLoadBalancer(plan);
  const design = drDesign(plan);
  if (drLoadBalancer && !domain?.hostedZoneId) {
    issues.push({ path: ['edge', 'domain', 'hostedZoneId'], message: `the DR region's load balancer (dr.strategy ${design.strategy}) needs a certificate issued in ${design.drRegion}: give edge.domain.hostedZoneId so Haven can DNS-validate one there (edge.domain.certificateArn is regional)` });
  }
  const spec = plan.dr?.failover;
  if (!spec || !design.failover || !design.drRegion) return { records, drLoadBalancer, issues };

  const zone = normalizeName(spec.zoneName);
  const name = normalizeName(spec.recordName);
  const hostedZoneId = spec.hostedZoneId ?? (domain && normalizeName(domain.name) === zone ? domain.hostedZoneId : undefined);
  if (!inZone(name, zone)) issues.push({ path: ['dr', 'failover', 'recordName'], message: `${spec.recordName} is not in the zone ${spec.zoneName}` });
  // A missing zone id is reported by the objectives rule (dr.failover.hostedZoneId).

  // The pair replaces a plain record of the same name: the endpoint it served becomes the PRIMARY's target.
  const replaced = records.filter((r) => r.zone === zone && r.name === name);
  for (const r of replaced) records.splice(records.indexOf(r), 1);
  let primaryAliasName: string | undefined;
  let origin: FailoverPlan['origin'];
  if (spec.primaryTarget) {
    primaryAliasName = normalizeName(spec.primaryTarget);
    if (!inZone(primaryAliasName, zone)) issues.push({ path: ['dr', 'failover', 'primaryTarget'], message: `a failover record is an alias, which can point only at an AWS endpoint or a record in the same zone; ${spec.primaryTarget} is outside ${spec.zoneName} (leave primaryTarget out to use the environment's ALB or CloudFront)` });
  } else {
    const kind = replaced[0]?.target.kind === 'cdn' ? 'cdn' : edge?.alb && domain?.hostedZoneId ? 'alb' : edge?.cdn && domain?.hostedZoneId ? 'cdn' : undefined;
    if (!kind) {
      issues.push({ path: ['dr', 'failover'], message: 'no PRIMARY target: the environment has no edge.alb or edge.cdn with edge.domain.hostedZoneId, and dr.failover.primaryTarget is not set' });
    } else {
      origin = { kind };
      primaryAliasName = primaryOriginName(name, primaryRegion);
      records.push({ zone, hostedZoneId, name: primaryAliasName, type: 'A', routing: 'simple', environment, path: ['dr', 'failover', 'recordName'], target: { kind }, endpointRegion: kind === 'cdn' ? 'global' : primaryRegion, stack: 'primary' });
    }
  }
  let secondary: FailoverPlan['secondary'] | undefined;
  if (spec.drTarget) {
    const target = normalizeName(spec.drTarget);
    if (!inZone(target, zone)) issues.push({ path: ['dr', 'failover', 'drTarget'], message: `a failover record is an alias, which can point only at an AWS endpoint or a record in the same zone; ${spec.drTarget} is outside ${spec.zoneName}` });
    secondary = { kind: 'record', recordName: target };
  } else if (drLoadBalancer) {
    secondary = { kind: 'dr-alb' };
  } else {
    issues.push({ path: ['dr', 'failover'], message: `no SECONDARY target: dr.strategy ${design.strategy} builds no load balancer in ${design.drRegion} (pilot-light and warm-standby with edge.alb do); set dr.failover.drTarget to a record in ${spec.zoneName}, or remove dr.failover` });
  }
  const path = ['dr', 'failover', 'recordName'];
  if (primaryAliasName) {
    records.push({ zone, hostedZoneId, name, type: 'A', routing: 'failover-primary', environment, path, target: { kind: 'record', recordName: primaryAliasName }, endpointRegion: primaryRegion, stack: 'dr' });
  }
  if (secondary) {
    records.push({ zone, hostedZoneId, name, type: 'A', routing: 'failover-secondary', environment, path: spec.drTarget ? ['dr', 'failover', 'drTarget'] : path, target: secondary.kind === 'record' ? { kind: 'record', recordName: secondary.recordName } : { kind: 'dr-alb' }, endpointRegion: design.drRegion, stack: 'dr' });
  }
  const failover = primaryAliasName && secondary
    ? { zone, hostedZoneId, name, primaryAliasName, origin, secondary, healthCheckFqdn: primaryAliasName, healthCheckPath: spec.healthCheckPath ?? '/health' }
    : undefined;
  return { records, failover, drLoadBalancer, issues };
}

/** The records of every environment, grouped by hosted zone. */
export function dnsPlan(plans: Readonly<Record<string, EnvironmentPlan>>): Map<string, PlannedDnsRecord[]> {
  const zones = new Map<string, PlannedDnsRecord[]>();
  for (const [environment, plan] of Object.entries(plans)) {
    for (const record of environmentDnsPlan(environment, plan).records) {
      const list = zones.get(record.zone) ?? [];
      list.push(record);
      zones.set(record.zone, list);
    }
  }
  return zones;
}

export interface DnsClash {
  readonly first: PlannedDnsRecord;
  readonly second: PlannedDnsRecord;
  readonly message: string;
}

function describe(r: PlannedDnsRecord): string {
  const routing = r.routing === 'simple' ? 'plain record' : r.routing;
  return `${r.environment}: ${[...r.path].join('.')} (${routing})`;
}

/**
 * Pairs of records Route 53 would refuse in one zone: the same name claimed by two environments (only a routing
 * policy such as geolocation may share a name, and the plan makes none), a plain record next to a failover pair,
 * or two records of the same name, type and routing.
 */
export function dnsClashes(zones: ReadonlyMap<string, readonly PlannedDnsRecord[]>): DnsClash[] {
  const clashes: DnsClash[] = [];
  // One finding per pair of fields and name: an A/AAAA pair from the same field is one claim.
  const reported = new Set<string>();
  for (const [zone, records] of zones) {
    const byName = new Map<string, PlannedDnsRecord[]>();
    for (const r of records) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    for (const [name, list] of byName) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i];
          const b = list[j];
          let why: string | undefined;
          if (a.environment !== b.environment && !(a.routing === 'geolocation' && b.routing === 'geolocation')) {
            why = `environments ${a.environment} and ${b.environment} both claim ${name} in the zone ${zone}; give one a distinct name (e.g. ${b.environment}.${name})`;
          } else if ((a.routing === 'simple') !== (b.routing === 'simple') && a.type === b.type) {
            why = `${name} would carry a plain record and a failover record; Route 53 allows one routing policy per name`;
          } else if (a.routing === b.routing && a.type === b.type) {
            why = `${name} ${a.type} is created twice`;
          }
          const key = [zone, name, a.environment, a.path.join('.'), a.routing, b.environment, b.path.join('.'), b.routing].join('|');
          if (why && !reported.has(key)) {
            reported.add(key);
            clashes.push({ first: a, second: b, message: `${why} (${describe(a)} and ${describe(b)})` });
          }
        }
      }
    }
  }
  return clashes;
}

/**
 * GDPR: a name an EU environment serves must never answer with an endpoint outside the EU: neither another
 * environment's record of the same name, nor an alias (a failover target) to a record answered from outside the EU.
 * CloudFront ('global') is left to the CDN's own origin, which stays in the environment's region.
 */
export function dnsResidencyIssues(zones: ReadonlyMap<string, readonly PlannedDnsRecord[]>, plans: Readonly<Record<string, EnvironmentPlan>>): { record: PlannedDnsRecord; message: string }[] {
  const issues: { record: PlannedDnsRecord; message: string }[] = [];
  const isEuEnvironment = (env: string) => isEuRegion(plans[env]?.regions.primary ?? '');
  for (const records of zones.values()) {
    const euNames = new Set(records.filter((r) => isEuEnvironment(r.environment)).map((r) => r.name));
    for (const r of records) {
      if (!euNames.has(r.name)) continue;
      const aliased = r.target.kind === 'record' ? records.filter((x) => x.name === r.target.recordName) : [];
      const regions = aliased.length ? aliased.map((x) => x.endpointRegion) : [r.endpointRegion];
      const outside = regions.find((region) => region !== 'global' && !isEuRegion(region));
      if (outside) issues.push({ record: r, message: `GDPR: ${r.name} is served by an EU environment, but ${describe(r)} answers it with an endpoint in ${outside}` });
    }
  }
  return issues;
}
