import {
  DescribeDBClusterParametersCommand, type DescribeDBClusterParametersCommandInput, DescribeDBClustersCommand, type DescribeDBClustersCommandInput,
  DescribeDBInstanceAutomatedBackupsCommand, type DescribeDBInstanceAutomatedBackupsCommandInput, DescribeDBInstancesCommand,
  type DescribeDBInstancesCommandInput, DescribeDBParametersCommand, type DescribeDBParametersCommandInput, DescribeDBSnapshotsCommand,
  type DescribeDBSnapshotsCommandInput, RDSClient,
} from '@aws-sdk/client-rds';
import { hex, uuid } from '../ids';
import { SimResource } from '../model';
import { ServiceModule, awsError, op, page } from '../service';
import { World } from '../world';
import { LiveInstance, describeRestored, describeRestoredCluster, drState, findInstance, instanceArn, liveId, settlePromotion, snapshotOf } from './dr-state';

const INSTANCE = 'AWS::RDS::DBInstance';
const CLUSTER = 'AWS::RDS::DBCluster';

/** RDS stores identifiers in lowercase and matches them case-insensitively. */
const byId = (id: string | undefined) => (r: SimResource) => r.physicalId === id?.toLowerCase();

/** Without KmsKeyId, an encrypted RDS resource uses the AWS managed key aws/rds of its region. */
function kmsKeyArn(world: World, r: SimResource, encrypted: boolean): string | undefined {
  if (!encrypted) return undefined;
  const k = world.prop<string>(r, 'KmsKeyId');
  if (!k) return `arn:aws:kms:${r.stack.region}:${world.account}:key/${uuid(`${world.account}/${r.stack.region}/aws/rds`)}`;
  return k.startsWith('arn:') ? k : `arn:aws:kms:${r.stack.region}:${world.account}:key/${k}`;
}

function sourceOf(world: World, arnOrId: string | undefined): SimResource | undefined {
  if (!arnOrId) return undefined;
  return world.resources(INSTANCE).find((r) => r.arn === arnOrId || r.physicalId === arnOrId.toLowerCase());
}

function instanceEncrypted(world: World, r: SimResource): boolean {
  const own = world.prop<boolean | string>(r, 'StorageEncrypted');
  if (own !== undefined) return String(own) === 'true';
  // A key given means encrypted storage (a cross-region replica names its region's key); it stays so once promoted.
  if (world.prop(r, 'KmsKeyId')) return true;
  // A read replica inherits encryption from its source.
  const source = sourceOf(world, world.prop<string>(r, 'SourceDBInstanceIdentifier'));
  return source ? instanceEncrypted(world, source) : false;
}

function describeInstance(world: World, r: SimResource) {
  // A promotion under way shows 'modifying' and still replicates; once done the instance is standalone (DR runbook).
  const promoting = settlePromotion(world, r);
  const source = world.prop<string>(r, 'SourceDBInstanceIdentifier');
  const encrypted = instanceEncrypted(world, r);
  // Read replicas start with no automated backups (BackupRetentionPeriod 0); instances default to 1 day.
  const retention = Number(world.prop(r, 'BackupRetentionPeriod') ?? (source ? 0 : 1));
  const engine = String(world.prop(r, 'Engine') ?? sourceOf(world, source)?.properties.Engine ?? 'postgres');
  const group = world.prop<string>(r, 'DBParameterGroupName') ?? `default.${engine}${String(world.prop(r, 'EngineVersion') ?? '16').split('.')[0]}`;
  const id = liveId(world, r);
  const renaming = (drState(world).renamed.get(r)?.until ?? 0) > world.now() ? 'renaming' : undefined;
  return {
    DBInstanceIdentifier: id, DBInstanceArn: id === r.physicalId ? r.arn : instanceArn(world, r.stack.region, id), DbiResourceId: dbiResourceId(r),
    DBInstanceStatus: promoting ?? renaming ?? 'available', Engine: engine,
    DBInstanceClass: world.prop(r, 'DBInstanceClass'), MultiAZ: String(world.prop(r, 'MultiAZ') ?? false) === 'true',
    StorageEncrypted: encrypted, KmsKeyId: kmsKeyArn(world, r, encrypted),
    DeletionProtection: String(world.prop(r, 'DeletionProtection') ?? false) === 'true',
    BackupRetentionPeriod: retention,
    // Point-in-time recovery: transaction logs reach S3 every five minutes while backups are on.
    LatestRestorableTime: retention > 0 ? new Date(world.now() - 5 * 60_000) : undefined,
    DBParameterGroups: [{ DBParameterGroupName: group.toLowerCase(), ParameterApplyStatus: 'in-sync' }],
    ReadReplicaSourceDBInstanceIdentifier: source,
    Endpoint: { Address: r.attr('Endpoint.Address'), Port: Number(r.attr('Endpoint.Port')) },
    DBSubnetGroup: { DBSubnetGroupName: world.prop(r, 'DBSubnetGroupName') },
    VpcSecurityGroups: (world.prop<string[]>(r, 'VPCSecurityGroups') ?? []).map((g) => ({ VpcSecurityGroupId: g, Status: 'active' })),
  };
}

/** RDS's immutable id of an instance (kept across renames; a restore is a new instance with a new one). */
export function dbiResourceId(r: SimResource): string {
  return String(r.attr('DbiResourceId'));
}

export function describeLive(world: World, i: LiveInstance) {
  return i.resource ? describeInstance(world, i.resource) : describeRestored(world, i.restored);
}

function describeCluster(world: World, r: SimResource) {
  const encrypted = String(world.prop(r, 'StorageEncrypted') ?? false) === 'true';
  const retention = Number(world.prop(r, 'BackupRetentionPeriod') ?? 1);
  const engine = String(world.prop(r, 'Engine') ?? 'aurora-postgresql');
  return {
    DBClusterIdentifier: r.physicalId, DBClusterArn: r.arn, Status: 'available', Engine: engine,
    StorageEncrypted: encrypted, KmsKeyId: kmsKeyArn(world, r, encrypted),
    DeletionProtection: String(world.prop(r, 'DeletionProtection') ?? false) === 'true',
    BackupRetentionPeriod: retention, EarliestRestorableTime: new Date(world.now() - retention * 86_400_000), LatestRestorableTime: new Date(world.now() - 5 * 60_000),
    DBClusterParameterGroup: (world.prop<string>(r, 'DBClusterParameterGroupName') ?? `default.${engine}16`).toLowerCase(),
    GlobalClusterIdentifier: world.prop(r, 'GlobalClusterIdentifier'),
    Endpoint: r.attr('Endpoint.Address'), ReaderEndpoint: r.attr('ReadEndpoint.Address'), Port: Number(r.attr('Endpoint.Port')),
  };
}

/** A few engine defaults a real parameter group also lists, so callers have to page (DescribeDBParameters returns at most 100). */
const ENGINE_DEFAULTS = Array.from({ length: 120 }, (_, i) => ({ ParameterName: `sim_default_${String(i).padStart(3, '0')}`, ParameterValue: '0', Source: 'engine-default' }));

function parameters(world: World, type: string, nameProp: string, name: string | undefined, region: string, notFound: string, marker: string | undefined, max: number | undefined) {
  const g = world.find(type, region, (r) => r.physicalId === name?.toLowerCase());
  if (!g && !name?.startsWith('default.')) throw awsError(notFound, `${nameProp} ${name} not found.`, 404);
  const custom = Object.entries((g && world.prop<Record<string, unknown>>(g, 'Parameters')) ?? {}).map(([k, v]) => ({ ParameterName: k, ParameterValue: String(v), Source: 'user' }));
  const all = [...ENGINE_DEFAULTS.filter((d) => !custom.some((c) => c.ParameterName === d.ParameterName)), ...custom].sort((a, b) => a.ParameterName.localeCompare(b.ParameterName));
  const p = page(all, marker, Math.min(max ?? 100, 100));
  return { Parameters: p.items, Marker: p.next };
}

/** RDS's answer for an instance identifier it does not know. */
export const instanceNotFound = (id: string | undefined) => awsError('DBInstanceNotFoundFault', `DBInstance ${id} not found.`, 404);

export function automatedBackupsArn(world: World, region: string, source: SimResource): string {
  return `arn:aws:rds:${region}:${world.account}:auto-backup:ab-${hex(`${source.arn}/${region}`, 26)}`;
}

/** Automated backups replicated into `region`: instances (in any region) whose AutomaticBackupReplicationRegion names it. */
export function replicatedBackups(world: World, region: string) {
  return world.resources(INSTANCE).filter((source) => world.prop(source, 'AutomaticBackupReplicationRegion') === region && !world.isDeleted(source)).map((source) => {
    const kmsKeyId = world.prop(source, 'AutomaticBackupReplicationKmsKeyId') as string | undefined;
    return {
      DBInstanceIdentifier: source.physicalId, DBInstanceArn: source.arn, DbiResourceId: dbiResourceId(source), Region: source.stack.region,
      // The replicated backup's own ARN (what RestoreDBInstanceToPointInTime takes as SourceDBInstanceAutomatedBackupsArn).
      DBInstanceAutomatedBackupsArn: automatedBackupsArn(world, region, source), Status: 'replicating', Encrypted: Boolean(kmsKeyId),
      KmsKeyId: kmsKeyId, BackupRetentionPeriod: (world.prop(source, 'AutomaticBackupReplicationRetentionPeriod') ?? world.prop(source, 'BackupRetentionPeriod')) as number | undefined,
      RestoreWindow: { EarliestTime: new Date(world.now() - 86_400_000), LatestTime: new Date(world.now() - 10 * 60_000) },
    };
  }).concat(startedReplications(world, region));
}

/** Replications StartDBInstanceAutomatedBackupsReplication began: `pending` for a few minutes, then `replicating`. */
function startedReplications(world: World, region: string) {
  return [...drState(world).backupReplications.entries()].filter(([key]) => key.startsWith(`${region}/`)).map(([key, b]) => {
    const d = describeLive(world, b.source);
    return {
      DBInstanceIdentifier: d.DBInstanceIdentifier, DBInstanceArn: d.DBInstanceArn, DbiResourceId: key.slice(region.length + 1), Region: b.region,
      DBInstanceAutomatedBackupsArn: `arn:aws:rds:${region}:${world.account}:auto-backup:ab-${hex(key, 26)}`,
      Status: world.now() >= b.since + 5 * 60_000 ? 'replicating' : 'pending', Encrypted: Boolean(b.kmsKeyId), KmsKeyId: b.kmsKeyId, BackupRetentionPeriod: b.retention,
      RestoreWindow: { EarliestTime: new Date(b.since), LatestTime: new Date(Math.max(b.since, world.now() - 10 * 60_000)) },
    };
  });
}

export const rds: ServiceModule = {
  client: RDSClient,
  operations: [
    // DescribeDBInstances: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html
    op<DescribeDBInstancesCommandInput>(DescribeDBInstancesCommand, (world, input, region) => {
      if (input.DBInstanceIdentifier) {
        const i = findInstance(world, region, input.DBInstanceIdentifier);
        if (!i) throw instanceNotFound(input.DBInstanceIdentifier);
        return { DBInstances: [describeLive(world, i)] };
      }
      const p = page(world.resources(INSTANCE, region), input.Marker, input.MaxRecords ?? 100);
      return { DBInstances: p.items.map((r) => describeInstance(world, r)), Marker: p.next };
    }),
    // DescribeDBClusters: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html
    op<DescribeDBClustersCommandInput>(DescribeDBClustersCommand, (world, input, region) => {
      if (input.DBClusterIdentifier) {
        const r = world.find(CLUSTER, region, byId(input.DBClusterIdentifier));
        const restored = drState(world).restoredClusters.get(`${region}/${input.DBClusterIdentifier.toLowerCase()}`);
        if (!r && restored) return { DBClusters: [describeRestoredCluster(world, restored)] };
        if (!r) throw awsError('DBClusterNotFoundFault', `DBCluster ${input.DBClusterIdentifier} not found.`, 404);
        return { DBClusters: [describeCluster(world, r)] };
      }
      return { DBClusters: world.resources(CLUSTER, region).map((r) => describeCluster(world, r)) };
    }),
    // DescribeDBParameters: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameters.html
    op<DescribeDBParametersCommandInput>(DescribeDBParametersCommand, (world, input, region) =>
      parameters(world, 'AWS::RDS::DBParameterGroup', 'DBParameterGroup', input.DBParameterGroupName, region, 'DBParameterGroupNotFoundFault', input.Marker, input.MaxRecords)),
    // DescribeDBClusterParameters: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterParameters.html
    op<DescribeDBClusterParametersCommandInput>(DescribeDBClusterParametersCommand, (world, input, region) =>
      parameters(world, 'AWS::RDS::DBClusterParameterGroup', 'DBClusterParameterGroup', input.DBClusterParameterGroupName, region, 'DBParameterGroupNotFoundFault', input.Marker, input.MaxRecords)),
    // DescribeDBInstanceAutomatedBackups: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstanceAutomatedBackups.html
    op<DescribeDBInstanceAutomatedBackupsCommandInput>(DescribeDBInstanceAutomatedBackupsCommand, (world, input, region) => ({
      DBInstanceAutomatedBackups: replicatedBackups(world, region)
        .filter((b) => (!input.DBInstanceIdentifier || b.DBInstanceIdentifier === input.DBInstanceIdentifier.toLowerCase()) && (!input.DbiResourceId || b.DbiResourceId === input.DbiResourceId)),
    })),
    // DescribeDBSnapshots: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html
    // A snapshot is named by its identifier, or by its ARN; an unknown one is DBSnapshotNotFoundFault.
    op<DescribeDBSnapshotsCommandInput>(DescribeDBSnapshotsCommand, (world, input, region) => {
      const snap = snapshotOf(world, region, input.DBSnapshotIdentifier);
      if (!snap) throw awsError('DBSnapshotNotFoundFault', `DBSnapshot ${input.DBSnapshotIdentifier} not found.`, 404);
      const ready = world.now() >= snap.readyAt;
      return { DBSnapshots: [{
        DBSnapshotIdentifier: snap.id, DBSnapshotArn: snap.arn, DBInstanceIdentifier: snap.sourceInstance, Engine: snap.engine, SnapshotType: 'manual',
        Status: ready ? 'available' : 'creating', PercentProgress: ready ? 100 : 50, Encrypted: Boolean(snap.kmsKeyId), KmsKeyId: snap.kmsKeyId,
      }] };
    }),
  ],
};
