/**
 * What the ops layer (deploy / verify / dr) needs to know about one deployed environment.
 *
 * The ops layer never reads haven.yaml: the integrator builds an `OpsTarget` from the resolved
 * spec (names it can compute) and leaves physical names it cannot compute undefined; they are then
 * read from the deployed stacks' CloudFormation outputs using the `OUTPUTS` convention below.
 */

import { type NodegroupSizes, OUTPUTS } from '../platform/outputs';

export type OpsTier = 'development' | 'staging' | 'production';

export interface OpsDatabase {
  /** Spec name (e.g. `main`). */
  readonly name: string;
  readonly kind: 'instance' | 'cluster';
  /** `postgres`, `mysql`, `aurora-postgresql`, ... (TLS parameter check depends on it). */
  readonly engine: string;
  /** DB instance / cluster identifier in the primary region. @default - output `HavenDb<Name>Identifier` */
  readonly identifier?: string;
  /**
   * How the DR region gets this database back:
   * - `replica`: a cross-region read replica is promoted;
   * - `backup-replication`: restore from the latest replicated automated backup (seed 003's recommended path);
   * - `snapshot-copy`: restore from the latest snapshot copied to the DR region;
   * - `none`: not recovered in DR.
   */
  readonly drStrategy: 'replica' | 'backup-replication' | 'snapshot-copy' | 'none';
  /**
   * Aurora global database the cluster belongs to (kind `cluster`, strategy `replica`): failover
   * moves its writer to the DR cluster. @default - output `HavenDb<Name>GlobalClusterIdentifier`
   */
  readonly globalClusterIdentifier?: string;
  /** Identifier of the replica (or of the instance restored) in the DR region. @default - output `HavenDb<Name>ReplicaIdentifier`, else `<identifier>-dr` */
  readonly drIdentifier?: string;
  /**
   * Where a database created by the runbook in the DR region lands (restore, re-created replica): Haven's DR
   * network and settings, never the default VPC. @default - DR stack outputs `HavenDb<Name>DrSubnetGroup`,
   * `…DrSecurityGroupId`, `…DrParameterGroup`, `…DrKmsKeyArn`
   */
  readonly drPlacement?: OpsDbPlacement;
  /**
   * Where failback restores the primary database. @default - read from the primary instance being replaced
   * (or its `-stale` rename) before the restore
   */
  readonly primaryPlacement?: OpsDbPlacement;
  /** Expected minimum backup retention (days); PITR follows from retention > 0. */
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /** Secret holding connection details (JSON with a `host` field) to re-point on failover. */
  readonly secretId?: string;
  /** Same secret's replica in the DR region (read-only until promoted). @default - DR stack output `HavenDb<Name>DrSecretName` */
  readonly drSecretId?: string;
}

/** Network and settings of a database instance the runbook creates (restore, replica). */
export interface OpsDbPlacement {
  readonly dbSubnetGroupName?: string;
  readonly vpcSecurityGroupIds?: readonly string[];
  readonly dbParameterGroupName?: string;
  /** Customer-managed key of that region (cross-region snapshot copies and replicas are re-encrypted with it). */
  readonly kmsKeyId?: string;
  /** @default - the class of the instance it replaces */
  readonly instanceClass?: string;
  /** Aurora Serverless v2 capacity of a restored cluster (instance class `db.serverless`). @default - provisioned */
  readonly serverless?: { readonly minCapacity: number; readonly maxCapacity: number };
}

export interface OpsBucket {
  readonly name: string;
  /** @default - output `HavenBucket<Name>Name` */
  readonly bucketName?: string;
  /** Cross-region replica in the DR region. @default - output `HavenBucket<Name>ReplicaName` */
  readonly replicaBucketName?: string;
  /**
   * Default encryption the bucket must have: SSE-S3 (`AES256`) where the spec asks for it, and on server access log
   * destinations, which S3 requires to use SSE-S3. @default 'aws:kms'
   */
  readonly encryption?: 'aws:kms' | 'AES256';
}

export interface OpsCache {
  readonly name: string;
  /** @default - output `HavenCache<Name>ReplicationGroupId` */
  readonly replicationGroupId?: string;
  readonly snapshotRetentionDays: number;
}

export interface OpsStandbyService {
  readonly name: string;
  /** ECS cluster and service in the DR region. @default - DR stack outputs `HavenService<Name>DrCluster` / `HavenService<Name>DrService` */
  readonly drCluster?: string;
  readonly drService?: string;
  /**
   * The same service in the primary region: a drill stops it (writes stop) before promoting, failback resumes it.
   * @default - primary stack outputs `HavenService<Name>Cluster` / `HavenService<Name>Service`
   */
  readonly primaryCluster?: string;
  readonly primaryService?: string;
  /** Desired count while serving traffic from DR. */
  readonly activeCount: number;
  /** Desired count while on standby (pilot light, usually 0). */
  readonly standbyCount: number;
}

/** An EKS cluster whose managed node groups run the environment's applications (the writers of its databases). */
export interface OpsCluster {
  /** Spec name (`clusters.<name>`). */
  readonly name: string;
  /** Cluster in the primary region. @default - primary stack output `HavenCluster<Name>Name` */
  readonly clusterName?: string;
  /** Standby cluster in the DR region. @default - DR stack output `HavenCluster<Name>DrName` */
  readonly drClusterName?: string;
  /**
   * The standby cluster's node groups with their production (`active`) and standby sizes: failover scales them up.
   * @default - DR stack output `HavenCluster<Name>DrNodegroups`
   */
  readonly drNodegroups?: NodegroupSizes;
}

export interface OpsDns {
  readonly hostedZoneId?: string;
  /** Fully qualified record name, e.g. `api.berthcare.ca.` @default - output `HavenDnsRecordName` */
  readonly recordName?: string;
  /**
   * Calculated health check guarding the PRIMARY failover record (primary endpoint AND the failover switch alarm).
   * The runbook never modifies it: it throws the switch (`failoverSwitch`) and watches this check's status.
   * @default - output `HavenDnsPrimaryHealthCheckId`
   */
  readonly primaryHealthCheckId?: string;
  /** SetIdentifiers of the PRIMARY and SECONDARY failover records. @default 'primary' / 'secondary' */
  readonly primarySetId?: string;
  readonly secondarySetId?: string;
}

export interface OpsResources {
  readonly databases: readonly OpsDatabase[];
  readonly buckets: readonly OpsBucket[];
  readonly caches: readonly OpsCache[];
  readonly standbyServices: readonly OpsStandbyService[];
  /** EKS clusters: a drill stops the primary's node groups before promoting, failback the DR's. @default - none */
  readonly clusters?: readonly OpsCluster[];
  readonly dns?: OpsDns;
  /**
   * SNS topic the primary stack's alarms must notify. The alarms themselves are the AWS::CloudWatch::Alarm resources of
   * the environment's stacks (nested ones included), listed by `haven verify`. @default - output `HavenAlarmTopicArn`
   */
  readonly alarmTopicArn?: string;
  /** SNS topic the DR stack's alarms must notify. @default - output `HavenAlarmTopicDrArn` */
  readonly drAlarmTopicArn?: string;
  /** @default - output `HavenTrailName` */
  readonly trailName?: string;
  /** ARNs of load balancers (any region) whose listeners must use a TLS 1.2+ policy. @default - outputs `HavenLoadBalancer<Name>Arn` */
  readonly loadBalancerArns?: readonly string[];
  /** Customer-managed KMS keys (rotation must be on), in any region. @default - outputs `HavenKey<Class>Arn` and `HavenKey<Class>DrArn` */
  readonly keyArns?: readonly string[];
  /** Backup vault name the environment's AWS Backup plan writes to. @default - output `HavenBackupVaultName` */
  readonly backupVaultName?: string;
  /** Vault in the DR region receiving the cross-region copies (restore source of `snapshot-copy`). @default - DR stack output `HavenDrBackupVaultName` */
  readonly drBackupVaultName?: string;
  /** Whether the environment promises AWS Config recording and GuardDuty in the primary region. */
  readonly configRecording: boolean;
  readonly guardDuty: boolean;
}

export interface OpsTarget {
  readonly project: string;
  readonly environment: string;
  readonly tier: OpsTier;
  /** Account the environment lives in; commands refuse to run with credentials for another account. */
  readonly account?: string;
  readonly regions: { readonly primary: string; readonly dr?: string };
  /** Synthesized cloud assembly (cdk.out) for this environment. */
  readonly assemblyDir: string;
  /**
   * First deployment with DR: an assembly of the DR stack's foundation phase (keys, replica buckets, backup vault)
   * that `haven deploy` puts in place before the primary, whose replication rules need those destinations.
   * @default - no DR stack, nothing to sequence
   */
  readonly drFoundation?: { readonly assemblyDir: string; readonly stackName: string };
  /** Deployed stack names per region, read for outputs. */
  readonly stacks: readonly { readonly name: string; readonly region: string; readonly role: 'primary' | 'dr' | 'edge' }[];
  readonly resources: OpsResources;
  /**
   * Recovery objectives the spec promises (src/dr/objectives.ts); `haven dr drill` compares what it measured with
   * them. null: the environment promises none. @default - no comparison, measurements only
   */
  readonly objectives?: { readonly rpoMinutes: number | null; readonly rtoMinutes: number | null };
}

/**
 * The output contract (keys the platform emits and the ops layer reads) lives with the platform; re-exported here so
 * the ops layer names keys in one way. `pascal`: `main-db` → `MainDb` (output keys are alphanumeric).
 */
export { OUTPUTS, pascal } from '../platform/outputs';

/**
 * Values of every output `OUTPUTS.<key>(name)` can produce, found from the key with an empty name
 * (`HavenKeyArn` → `HavenKey<Class>Arn`; `HavenKeyDrArn` → `HavenKey<Class>DrArn`). Names are alphanumeric, so a
 * primary key never matches the DR pattern: `HavenKeyDataDrArn` ends with `DrArn`, which the primary pattern excludes.
 */
function prefixed(outputs: Record<string, string>, emptyNameKey: string): string[] {
  const m = /^(.*?)((?:Dr)?[A-Z][a-z]+)$/.exec(emptyNameKey);
  if (!m) throw new Error(`not a per-name output key: ${emptyNameKey}`);
  const [, prefix, suffix] = m;
  const isDr = suffix.startsWith('Dr');
  return Object.keys(outputs)
    .filter((k) => k.startsWith(prefix) && k.endsWith(suffix) && k.length > emptyNameKey.length && (isDr || !k.endsWith(`Dr${suffix}`)))
    .sort().map((k) => outputs[k]);
}

/** DR placement of a database from the DR stack's outputs; explicit fields win. */
function drPlacement(d: OpsDatabase, outputs: Record<string, string>): OpsDbPlacement | undefined {
  const sg = outputs[OUTPUTS.dbDrSecurityGroupId(d.name)];
  const p: OpsDbPlacement = {
    dbSubnetGroupName: outputs[OUTPUTS.dbDrSubnetGroup(d.name)],
    vpcSecurityGroupIds: sg ? [sg] : undefined,
    dbParameterGroupName: outputs[OUTPUTS.dbDrParameterGroup(d.name)],
    kmsKeyId: outputs[OUTPUTS.dbDrKmsKeyArn(d.name)],
    ...Object.fromEntries(Object.entries(d.drPlacement ?? {}).filter(([, v]) => v !== undefined)),
  };
  return Object.values(p).some((v) => v !== undefined) ? p : undefined;
}

const parseJson = <T>(v: string | undefined): T | undefined => (v ? JSON.parse(v) as T : undefined);

/** Fills physical names the target left undefined from merged stack outputs (explicit values win). */
export function applyOutputs(target: OpsTarget, outputs: Record<string, string>): OpsTarget {
  const r = target.resources;
  return {
    ...target,
    resources: {
      ...r,
      databases: r.databases.map((d) => {
        const identifier = d.identifier ?? outputs[OUTPUTS.dbIdentifier(d.name)];
        return {
          ...d,
          identifier,
          drIdentifier: d.drIdentifier ?? outputs[OUTPUTS.dbReplicaIdentifier(d.name)] ?? (identifier ? `${identifier}-dr` : undefined),
          secretId: d.secretId ?? outputs[OUTPUTS.dbSecretArn(d.name)],
          globalClusterIdentifier: d.globalClusterIdentifier ?? outputs[OUTPUTS.dbGlobalClusterIdentifier(d.name)],
          drSecretId: d.drSecretId ?? outputs[OUTPUTS.dbDrSecretName(d.name)],
          drPlacement: drPlacement(d, outputs),
        };
      }),
      buckets: r.buckets.map((b) => ({
        ...b,
        bucketName: b.bucketName ?? outputs[OUTPUTS.bucketName(b.name)],
        replicaBucketName: b.replicaBucketName ?? outputs[OUTPUTS.bucketReplicaName(b.name)],
      })),
      caches: r.caches.map((c) => ({ ...c, replicationGroupId: c.replicationGroupId ?? outputs[OUTPUTS.cacheReplicationGroupId(c.name)] })),
      standbyServices: r.standbyServices.map((s) => ({
        ...s,
        drCluster: s.drCluster ?? outputs[OUTPUTS.serviceCluster(s.name, 'dr')],
        drService: s.drService ?? outputs[OUTPUTS.serviceName(s.name, 'dr')],
        primaryCluster: s.primaryCluster ?? outputs[OUTPUTS.serviceCluster(s.name)],
        primaryService: s.primaryService ?? outputs[OUTPUTS.serviceName(s.name)],
      })),
      clusters: r.clusters?.map((c) => ({
        ...c,
        clusterName: c.clusterName ?? outputs[OUTPUTS.clusterName(c.name)],
        drClusterName: c.drClusterName ?? outputs[OUTPUTS.clusterName(c.name, 'dr')],
        drNodegroups: c.drNodegroups ?? parseJson<NodegroupSizes>(outputs[OUTPUTS.clusterDrNodegroups(c.name)]),
      })),
      dns: r.dns || outputs[OUTPUTS.dnsHostedZoneId]
        ? {
          ...r.dns,
          hostedZoneId: r.dns?.hostedZoneId ?? outputs[OUTPUTS.dnsHostedZoneId],
          recordName: r.dns?.recordName ?? outputs[OUTPUTS.dnsRecordName],
          primaryHealthCheckId: r.dns?.primaryHealthCheckId ?? outputs[OUTPUTS.dnsPrimaryHealthCheckId],
        }
        : undefined,
      alarmTopicArn: r.alarmTopicArn ?? outputs[OUTPUTS.alarmTopicArn('primary')],
      drAlarmTopicArn: r.drAlarmTopicArn ?? outputs[OUTPUTS.alarmTopicArn('dr')],
      trailName: r.trailName ?? outputs[OUTPUTS.trailName],
      // Every balancer of the environment: the primary's (`public`) and the DR region's standby one (named `dr`).
      loadBalancerArns: r.loadBalancerArns ?? [...prefixed(outputs, OUTPUTS.loadBalancerArn('')), ...(outputs[OUTPUTS.loadBalancerArn('dr')] ? [outputs[OUTPUTS.loadBalancerArn('dr')]] : [])],
      keyArns: r.keyArns ?? [...prefixed(outputs, OUTPUTS.keyArn('')), ...prefixed(outputs, OUTPUTS.keyArn('', 'dr'))],
      backupVaultName: r.backupVaultName ?? outputs[OUTPUTS.backupVaultName],
      drBackupVaultName: r.drBackupVaultName ?? outputs[OUTPUTS.drBackupVaultName],
    },
  };
}

/** Name typed to confirm destructive operations. */
export function confirmationName(target: OpsTarget): string {
  return target.project;
}
