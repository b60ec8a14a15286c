import { hex } from '../ids';
import { SimResource } from '../model';
import { awsError } from '../service';
import { World } from '../world';

/**
 * What the DR runbook changes in a simulated account, on top of the resources CloudFormation created: promotions,
 * restored instances, secrets promoted to standalone, alarm states, ECS desired counts. Asynchronous operations
 * complete at a time on the world's clock (`world.now`), so a test's fast clock makes the runbook's waits really wait.
 */
export interface DrState {
  /** Replica (resource) → when PromoteReadReplica finishes. */
  readonly promotions: Map<SimResource, number>;
  /** Instances a restore created, by `<region>/<identifier>`. */
  readonly restored: Map<string, RestoredInstance>;
  /** Secret values written (PutSecretValue), by `<region>/<name>`. */
  readonly secretValues: Map<string, Record<string, unknown>>;
  /** Replica secrets promoted to standalone (StopReplicationToReplica), by `<region>/<name>`. */
  readonly standaloneSecrets: Set<string>;
  /** Alarm (resource) → its state and when it took it; `next` is the state the next evaluation gives it. */
  readonly alarms: Map<SimResource, { state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; next?: { state: 'OK' | 'ALARM'; at: number } }>;
  /** ECS service (resource) → desired count set by UpdateService, when, and the running count before. */
  readonly services: Map<SimResource, { desired: number; since: number; runningBefore: number }>;
  /**
   * Aurora global database → the writer cluster's ARN once a failover/switchover finishes (`from` until then), and when
   * it finishes; after an unplanned failover the old writer re-synchronizes as a secondary (`resync`).
   */
  readonly globalWriters: Map<string, { writer: string; from: string; at: number; kind: 'failing-over' | 'switching-over'; resync?: { cluster: string; at: number } }>;
  /** EKS managed node group (resource) → scaling set through Cloud Control, when the update finishes, the desired size before. */
  readonly nodegroups: Map<SimResource, { scaling: NodegroupScaling; at: number; desiredBefore: number }>;
  /** Cloud Control resource requests by RequestToken. */
  readonly requests: Map<string, ResourceRequest>;
  /** Template DB instances renamed (ModifyDBInstance NewDBInstanceIdentifier): their identifier now, and until when they show `renaming`. */
  readonly renamed: Map<SimResource, { id: string; until: number }>;
  /** Manual DB snapshots (CreateDBSnapshot, CopyDBSnapshot), by `<region>/<identifier>`. */
  readonly snapshots: Map<string, SimSnapshot>;
  /** Automated backup replications started by the runbook (StartDBInstanceAutomatedBackupsReplication), by `<region>/<DbiResourceId>`. */
  readonly backupReplications: Map<string, { source: LiveInstance; region: string; kmsKeyId?: string; retention?: number; since: number }>;
  /** Aurora clusters restored from a recovery point (RestoreDBClusterFromSnapshot), by `<region>/<identifier>`. */
  readonly restoredClusters: Map<string, RestoredCluster>;
  /** Secret replicas whose re-replication failed (ReplicateSecretToRegions onto a standalone secret without ForceOverwriteReplicaSecret). */
  readonly replicationFailures: Map<string, string>;
  /** Operation → errors to answer with before answering normally (one step failing halfway). */
  readonly faults: Map<string, Error[]>;
}

export interface NodegroupScaling { MinSize: number; MaxSize: number; DesiredSize: number }

export interface ResourceRequest {
  readonly token: string;
  readonly clientToken?: string;
  readonly typeName: string;
  readonly identifier: string;
  readonly patch: string;
  readonly at: number;
  readonly error?: { code: string; message: string };
}

export interface RestoredInstance {
  readonly identifier: string;
  readonly region: string;
  readonly readyAt: number;
  readonly input: Record<string, unknown>;
  readonly engine: string;
  /** Read replica (CreateDBInstanceReadReplica): the source's identifier. */
  readonly replicaOf?: string;
  /** KMS key of its storage (the snapshot's, or the KmsKeyId a replica was created with). */
  readonly kmsKeyId?: string;
  readonly dbiResourceId: string;
  /** Renamed: shows `renaming` until then. */
  readonly renamingUntil?: number;
}

export interface RestoredCluster {
  readonly identifier: string;
  readonly region: string;
  readonly readyAt: number;
  readonly input: Record<string, unknown>;
  readonly engine: string;
}

/** DescribeDBClusters for a cluster a restore created: `creating` until ready; its members are the instances created in it. */
export function describeRestoredCluster(world: World, c: RestoredCluster) {
  const zone = hex(`${c.region}/${world.account}`, 12);
  const members = [...drState(world).restored.values()].filter((i) => i.region === c.region && i.input.DBClusterIdentifier === c.identifier);
  return {
    DBClusterIdentifier: c.identifier, DBClusterArn: `arn:aws:rds:${c.region}:${world.account}:cluster:${c.identifier}`, Status: world.now() < c.readyAt ? 'creating' : 'available',
    Engine: c.engine, StorageEncrypted: true, KmsKeyId: c.input.KmsKeyId, DeletionProtection: Boolean(c.input.DeletionProtection),
    DBClusterParameterGroup: c.input.DBClusterParameterGroupName, DBSubnetGroup: c.input.DBSubnetGroupName,
    VpcSecurityGroups: ((c.input.VpcSecurityGroupIds as string[] | undefined) ?? []).map((g) => ({ VpcSecurityGroupId: g, Status: 'active' })),
    Endpoint: `${c.identifier}.cluster-c${zone}.${c.region}.rds.amazonaws.com`, ReaderEndpoint: `${c.identifier}.cluster-ro-c${zone}.${c.region}.rds.amazonaws.com`, Port: 5432,
    DBClusterMembers: members.map((i, n) => ({ DBInstanceIdentifier: i.identifier, IsClusterWriter: n === 0 })),
  };
}

export interface SimSnapshot {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  readonly readyAt: number;
  readonly sourceInstance: string;
  readonly engine: string;
  readonly kmsKeyId?: string;
  readonly instanceClass?: unknown;
}

/** A DB instance as RDS sees it now: one CloudFormation created (possibly renamed), or one the runbook created. */
export type LiveInstance = { readonly resource: SimResource; readonly restored?: undefined } | { readonly restored: RestoredInstance; readonly resource?: undefined };

/** The identifier a template instance has now (RDS keeps identifiers lowercase). */
export function liveId(world: World, r: SimResource): string {
  return drState(world).renamed.get(r)?.id ?? r.physicalId;
}

export function findInstance(world: World, region: string, id: string | undefined): LiveInstance | undefined {
  const want = id?.toLowerCase();
  if (!want) return undefined;
  const resource = world.resources('AWS::RDS::DBInstance', region).find((x) => liveId(world, x) === want);
  if (resource) return { resource };
  const restored = drState(world).restored.get(`${region}/${want}`);
  return restored ? { restored } : undefined;
}

/** `arn:aws:rds:<region>:<account>:db:<id>` → the instance now carrying that name, else an id in `region`. */
export function findInstanceByArnOrId(world: World, region: string, arnOrId: string | undefined): LiveInstance | undefined {
  const m = /^arn:[^:]+:rds:([^:]+):\d+:db:(.+)$/.exec(arnOrId ?? '');
  return m ? findInstance(world, m[1], m[2]) : findInstance(world, region, arnOrId);
}

export function instanceArn(world: World, region: string, id: string): string {
  return `arn:aws:rds:${region}:${world.account}:db:${id}`;
}

const states = new WeakMap<World, DrState>();

export function drState(world: World): DrState {
  let s = states.get(world);
  if (!s) {
    s = { promotions: new Map(), restored: new Map(), secretValues: new Map(), standaloneSecrets: new Set(), alarms: new Map(), services: new Map(), globalWriters: new Map(), nodegroups: new Map(), requests: new Map(), renamed: new Map(), snapshots: new Map(), backupReplications: new Map(), restoredClusters: new Map(), replicationFailures: new Map(), faults: new Map() };
    states.set(world, s);
  }
  return s;
}

/** Makes the next call of `operation` fail with `error` (once per error given). */
export function injectFault(world: World, operation: string, ...errors: Error[]): void {
  drState(world).faults.set(operation, [...(drState(world).faults.get(operation) ?? []), ...errors]);
}

/** Throws the next injected fault of an operation, if any. */
export function takeFault(world: World, operation: string): void {
  const f = drState(world).faults.get(operation);
  const e = f?.shift();
  if (e) throw e;
}

/** Minutes RDS takes, in the world's time, to finish a promotion / a restore (both documented as "several minutes"). */
export const PROMOTION_MS = 5 * 60_000;
export const RESTORE_MS = 12 * 60_000;
/** An Aurora global failover or switchover: "typically a minute or two" (Aurora User Guide, global database failover). */
export const GLOBAL_SWITCH_MS = 2 * 60_000;

/** Applies a finished promotion: the instance no longer replicates (what CloudFormation's SourceDBInstanceIdentifier said). */
export function settlePromotion(world: World, r: SimResource): 'modifying' | undefined {
  const at = drState(world).promotions.get(r);
  if (at === undefined) return undefined;
  if (world.now() < at) return 'modifying';
  world.set(r, 'SourceDBInstanceIdentifier', undefined);
  drState(world).promotions.delete(r);
  return undefined;
}

export function restoredInstance(world: World, region: string, id: string | undefined): RestoredInstance | undefined {
  return id ? drState(world).restored.get(`${region}/${id.toLowerCase()}`) : undefined;
}

/** DescribeDBInstances for an instance a restore created (not in any template). */
export function describeRestored(world: World, i: RestoredInstance) {
  const p = i.input;
  return {
    DBInstanceIdentifier: i.identifier, DBInstanceArn: instanceArn(world, i.region, i.identifier), DbiResourceId: i.dbiResourceId,
    DBInstanceStatus: world.now() < i.readyAt ? 'creating' : i.renamingUntil && world.now() < i.renamingUntil ? 'renaming' : 'available', Engine: i.engine, DBInstanceClass: p.DBInstanceClass,
    MultiAZ: Boolean(p.MultiAZ), StorageEncrypted: true, KmsKeyId: i.kmsKeyId, DeletionProtection: Boolean(p.DeletionProtection), PubliclyAccessible: Boolean(p.PubliclyAccessible),
    // A replica starts without automated backups; a restored instance keeps them on (PITR).
    BackupRetentionPeriod: i.replicaOf ? 0 : 1, ReadReplicaSourceDBInstanceIdentifier: i.replicaOf, DBClusterIdentifier: p.DBClusterIdentifier, DBSubnetGroup: { DBSubnetGroupName: p.DBSubnetGroupName },
    VpcSecurityGroups: ((p.VpcSecurityGroupIds as string[] | undefined) ?? []).map((g) => ({ VpcSecurityGroupId: g, Status: 'active' })),
    DBParameterGroups: p.DBParameterGroupName ? [{ DBParameterGroupName: p.DBParameterGroupName, ParameterApplyStatus: 'in-sync' }] : [],
    Endpoint: { Address: `${i.identifier}.c${hex(`${i.region}/${world.account}`, 12)}.${i.region}.rds.amazonaws.com`, Port: 5432 },
  };
}

/** Alarm state now: a pending evaluation that is due takes effect first. Alarms start OK (the platform's are quiet). */
export function alarmState(world: World, a: SimResource): 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' {
  const s = drState(world).alarms.get(a);
  if (!s) return 'OK';
  if (s.next && world.now() >= s.next.at) {
    s.state = s.next.state;
    s.next = undefined;
  }
  return s.state;
}

export function breaches(operator: string | undefined, value: number, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'GreaterThanThreshold': return value > threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
    default: throw awsError('ValidationError', `unsupported ComparisonOperator ${operator}`);
  }
}

/** The desired and running counts of an ECS service now: tasks reach a new desired count 30 s (world time) after UpdateService. */
export function serviceCounts(world: World, r: SimResource): { desired: number; running: number } {
  const initial = Number(world.prop(r, 'DesiredCount') ?? 1);
  const s = drState(world).services.get(r);
  if (!s) return { desired: initial, running: initial };
  return { desired: s.desired, running: world.now() >= s.since + 30_000 ? s.desired : s.runningBefore };
}

/** Minutes a managed node group takes, in the world's time, to reach a new size (nodes drained, then terminated). */
export const NODEGROUP_UPDATE_MS = 4 * 60_000;

/** A managed node group's scaling configuration now (the template's until an update), and the nodes it runs. */
export function nodegroupScaling(world: World, r: SimResource): { scaling: NodegroupScaling; nodes: number; updating: boolean } {
  const c = world.prop<Partial<NodegroupScaling>>(r, 'ScalingConfig') ?? {};
  const initial = { MinSize: Number(c.MinSize ?? 1), MaxSize: Number(c.MaxSize ?? 2), DesiredSize: Number(c.DesiredSize ?? c.MinSize ?? 1) };
  const s = drState(world).nodegroups.get(r);
  if (!s) return { scaling: initial, nodes: initial.DesiredSize, updating: false };
  const done = world.now() >= s.at;
  return { scaling: s.scaling, nodes: done ? s.scaling.DesiredSize : s.desiredBefore, updating: !done };
}

/**
 * Writes reach a primary database while any application of its region runs: an ECS service with tasks, or an EKS
 * managed node group with nodes.
 */
export function primaryWrites(world: World, region: string): boolean {
  return world.resources('AWS::EKS::Nodegroup', region).some((r) => nodegroupScaling(world, r).nodes > 0)
    || world.resources('AWS::ECS::Service', region).some((r) => serviceCounts(world, r).desired > 0);
}

interface HealthCheckConfig {
  Type?: string; Inverted?: boolean | string; FullyQualifiedDomainName?: string; ChildHealthChecks?: string[]; HealthThreshold?: number | string;
  AlarmIdentifier?: { Name?: string; Region?: string }; InsufficientDataHealthStatus?: string;
}

/**
 * Route 53's view of a health check, per https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html:
 * an endpoint check fails while its endpoint's region is unreachable (Haven names the probed record after the region);
 * a CloudWatch-alarm check is unhealthy while the alarm is in ALARM (INSUFFICIENT_DATA, or the alarm's region
 * unreachable: InsufficientDataHealthStatus, https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html);
 * a calculated check is healthy while at least HealthThreshold children are; Inverted flips the result last.
 */
export function healthCheckHealthy(world: World, id: string, seen: Set<string> = new Set()): boolean | undefined {
  const hc = world.find('AWS::Route53::HealthCheck', undefined, (r) => r.physicalId === id);
  if (!hc || seen.has(id)) return undefined;
  seen.add(id);
  const c = world.prop<HealthCheckConfig>(hc, 'HealthCheckConfig') ?? {};
  let healthy: boolean;
  if (c.Type === 'CALCULATED') {
    const up = (c.ChildHealthChecks ?? []).filter((child) => healthCheckHealthy(world, child, seen) === true).length;
    healthy = up >= Number(c.HealthThreshold ?? 1);
  } else if (c.Type === 'CLOUDWATCH_METRIC') {
    const alarm = world.find('AWS::CloudWatch::Alarm', c.AlarmIdentifier?.Region, (a) => a.physicalId === c.AlarmIdentifier?.Name);
    // An unreachable region's CloudWatch tells Route 53 nothing: insufficient data. LastKnownStatus keeps the state the
    // alarm last had (the sim's stored state; a new check without one is healthy, per HealthCheckConfig).
    const readable = !world.unreachableRegions.has(c.AlarmIdentifier?.Region ?? '');
    const state = alarm && readable ? alarmState(world, alarm) : 'INSUFFICIENT_DATA';
    const lastKnown = alarm ? alarmState(world, alarm) !== 'ALARM' : true;
    healthy = state === 'INSUFFICIENT_DATA'
      ? c.InsufficientDataHealthStatus === 'LastKnownStatus' ? lastKnown : c.InsufficientDataHealthStatus !== 'Unhealthy'
      : state !== 'ALARM';
  } else {
    const fqdn = c.FullyQualifiedDomainName ?? '';
    healthy = ![...world.unreachableRegions].some((region) => fqdn.startsWith(`${region}.`));
  }
  return String(c.Inverted ?? false) === 'true' ? !healthy : healthy;
}

/** A manual snapshot in `region`, named by identifier or ARN. */
export function snapshotOf(world: World, region: string, idOrArn: string | undefined): SimSnapshot | undefined {
  const m = /^arn:[^:]+:rds:([^:]+):\d+:snapshot:(.+)$/.exec(idOrArn ?? '');
  if (m && m[1] !== region) return undefined;
  return drState(world).snapshots.get(`${region}/${(m ? m[2] : idOrArn ?? '').toLowerCase()}`);
}
