import { ListRecoveryPointsByBackupVaultCommand, BackupClient } from '@aws-sdk/client-backup';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeAvailabilityZonesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CopyDBSnapshotCommand, CreateDBInstanceReadReplicaCommand, CreateDBSnapshotCommand, DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand, ModifyDBInstanceCommand, PromoteReadReplicaCommand, RDSClient, RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { GetHealthCheckStatusCommand, Route53Client, UpdateHealthCheckCommand } from '@aws-sdk/client-route-53';
import { GetBucketVersioningCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ReplicateSecretToRegionsCommand, SecretsManagerClient, StopReplicationToReplicaCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { OUTPUTS, dbSecretName, failoverSwitch } from '../../../src/platform/outputs';
import type { OpsTarget } from '../../../src/ops/target';
import { ACCOUNT, DR, PRIMARY, awsError, throttle, target } from '../fixtures';

export const mocks = {
  backup: mockClient(BackupClient), cfn: mockClient(CloudFormationClient), cw: mockClient(CloudWatchClient), ec2: mockClient(EC2Client), ecs: mockClient(ECSClient),
  rds: mockClient(RDSClient), r53: mockClient(Route53Client), s3: mockClient(S3Client), sm: mockClient(SecretsManagerClient), sts: mockClient(STSClient),
};

async function regionOf(getClient: () => { config: { region: unknown } }): Promise<string> {
  const r = getClient().config.region;
  return typeof r === 'function' ? await (r as () => Promise<string>)() : String(r);
}

export interface Instance {
  status: string;
  source?: string;
  endpoint: string;
  encrypted: boolean;
  kmsKeyId?: string;
  /** Where RDS put it: Haven's subnet group, or the default VPC when none was given (CreateDBInstance/Restore* docs). */
  subnetGroup?: string;
  vpc: 'haven' | 'default';
  publiclyAccessible: boolean;
  securityGroups: string[];
  parameterGroup?: string;
  instanceClass: string;
  pendingPolls?: number;
  next?: Partial<Instance>;
}
interface Snapshot { status: string; arn: string; pendingPolls: number; created: Date; encrypted: boolean; kmsKeyId?: string }
interface Secret { value: Record<string, unknown>; primaryRegion: string; replicas: Map<string, { status: string; polls: number }> }
type HealthCheck = { inverted?: boolean } & (
  | { type: 'HTTPS' }
  | { type: 'CLOUDWATCH_METRIC'; alarmName: string; alarmRegion: string }
  | { type: 'CALCULATED'; children: string[]; healthThreshold: number });

export const SWITCH = failoverSwitch('berthcare', 'prod');

/**
 * A small stateful AWS with the documented behaviour of every call the DR runbook makes. Asynchronous operations
 * complete after a number of polls, so waits really wait. With `primaryDown`, EVERY call to the primary region
 * rejects (as in a regional outage); `regionCalls` shows which region each call went to.
 */
export class World {
  readonly primary: string;
  readonly dr: string;
  primaryDown = true;
  instances = new Map<string, Instance>();
  snapshots = new Map<string, Snapshot>();
  /** ReplicaLag while the primary application writes; 0 once its services are stopped. */
  lagSeconds: number | undefined = 3;
  objects: Record<string, { Key: string; Size: number }[]> = {};
  secrets = new Map<string, Secret>();
  services = new Map<string, { desired: number; running: number }>();
  /** Polls an async operation needs before completing; Infinity = never (timeout). */
  asyncPolls = 2;
  automatedBackups: { region: string; arn: string; source: string; latest: Date }[] = [];
  vaults = new Map<string, { arn: string; resourceArn: string; created: Date; status: string }[]>();
  /** Failover switch: datapoints published, and the alarm on them (missing data: ignore). */
  switchData: { value: number; at: Date }[] = [];
  alarm = { state: 'OK' as 'OK' | 'ALARM' | 'INSUFFICIENT_DATA', pending: undefined as undefined | { state: 'OK' | 'ALARM'; polls: number } };
  healthChecks = new Map<string, HealthCheck>();
  stackOutputs: Record<string, Record<string, string>> = {};
  calls: string[] = [];
  regionCalls: { region: string; op: string }[] = [];
  /** Calls (by operation name) to answer with ThrottlingException first. */
  throttles = new Map<string, number>();

  constructor(o: { primary?: string; dr?: string } = {}) {
    this.primary = o.primary ?? PRIMARY;
    this.dr = o.dr ?? DR;
    for (const m of Object.values(mocks)) m.reset();
    const { primary: p, dr } = this;
    this.instances.set(`${p}/berthcare-prod-main`, this.instance({ endpoint: 'main.primary.rds.amazonaws.com', kmsKeyId: `arn:aws:kms:${p}:${ACCOUNT}:key/primary`, subnetGroup: 'berthcare-prod-data', securityGroups: ['sg-primary-db'], parameterGroup: 'berthcare-prod-pg' }));
    this.instances.set(`${dr}/berthcare-prod-main-dr`, this.instance({ source: this.dbArn(p, 'berthcare-prod-main'), endpoint: 'main-dr.dr.rds.amazonaws.com', kmsKeyId: `arn:aws:kms:${dr}:${ACCOUNT}:key/dr`, subnetGroup: 'berthcare-prod-dr-data', securityGroups: ['sg-dr-db'], parameterGroup: 'berthcare-prod-dr-pg' }));
    this.objects['berthcare-prod-photos'] = [{ Key: 'a.jpg', Size: 100 }, { Key: 'b.jpg', Size: 250 }, { Key: 'c.jpg', Size: 5 }];
    this.objects['berthcare-prod-photos-dr'] = [{ Key: 'a.jpg', Size: 100 }, { Key: 'b.jpg', Size: 250 }, { Key: 'c.jpg', Size: 5 }];
    const secret = dbSecretName('berthcare', 'prod', 'main');
    const value = { host: 'main.primary.rds.amazonaws.com', port: 5432, password: 's3cr3t-value' };
    this.secrets.set(`${p}/${secret}`, { value: { ...value }, primaryRegion: p, replicas: new Map([[dr, { status: 'InSync', polls: 0 }]]) });
    this.secrets.set(`${dr}/${secret}`, { value: { ...value }, primaryRegion: p, replicas: new Map() });
    this.services.set(`${p}/berthcare-prod/api`, { desired: 3, running: 3 });
    this.services.set(`${dr}/berthcare-prod-dr/api`, { desired: 0, running: 0 });
    this.vaults.set(`${dr}/berthcare-prod-dr-vault`, []);
    // The platform's DNS failover: PRIMARY guarded by a calculated check = primary endpoint AND the switch alarm.
    this.healthChecks.set('hc-endpoint', { type: 'HTTPS' });
    this.healthChecks.set('hc-switch', { type: 'CLOUDWATCH_METRIC', alarmName: SWITCH.alarmName, alarmRegion: dr });
    this.healthChecks.set('hc-primary', { type: 'CALCULATED', children: ['hc-endpoint', 'hc-switch'], healthThreshold: 2 });
    this.stackOutputs['berthcare-prod-dr'] = {
      [OUTPUTS.dbReplicaIdentifier('main')]: 'berthcare-prod-main-dr',
      [OUTPUTS.dbDrSecretName('main')]: secret,
      [OUTPUTS.dbDrSubnetGroup('main')]: 'berthcare-prod-dr-data',
      [OUTPUTS.dbDrSecurityGroupId('main')]: 'sg-dr-db',
      [OUTPUTS.dbDrParameterGroup('main')]: 'berthcare-prod-dr-pg',
      [OUTPUTS.dbDrKmsKeyArn('main')]: `arn:aws:kms:${dr}:${ACCOUNT}:key/dr`,
      [OUTPUTS.drBackupVaultName]: 'berthcare-prod-dr-vault',
      [OUTPUTS.serviceCluster('api', 'dr')]: 'berthcare-prod-dr',
      [OUTPUTS.serviceName('api', 'dr')]: 'api',
      [OUTPUTS.bucketReplicaName('photos')]: 'berthcare-prod-photos-dr',
      [OUTPUTS.dnsHostedZoneId]: 'Z123',
      [OUTPUTS.dnsRecordName]: 'api.berthcare.ca.',
      [OUTPUTS.dnsPrimaryHealthCheckId]: 'hc-primary',
    };
    this.stackOutputs['berthcare-prod-primary'] = {
      [OUTPUTS.dbIdentifier('main')]: 'berthcare-prod-main',
      [OUTPUTS.dbSecretArn('main')]: secret,
      [OUTPUTS.serviceCluster('api')]: 'berthcare-prod',
      [OUTPUTS.serviceName('api')]: 'api',
      [OUTPUTS.bucketName('photos')]: 'berthcare-prod-photos',
    };
    this.install();
  }

  dbArn(region: string, id: string): string {
    return `arn:aws:rds:${region}:${ACCOUNT}:db:${id}`;
  }

  instance(o: Partial<Instance> & { endpoint: string }): Instance {
    return { status: 'available', encrypted: true, vpc: 'haven', publiclyAccessible: false, securityGroups: [], instanceClass: 'db.r6g.large', ...o };
  }

  count(name: string): number {
    return this.calls.filter((c) => c === name).length;
  }

  callsTo(region: string): string[] {
    return this.regionCalls.filter((c) => c.region === region).map((c) => c.op);
  }

  /** Route 53's view of a health check (inversion applied last, as documented). */
  healthy(id: string): boolean {
    const hc = this.healthChecks.get(id)!;
    let raw: boolean;
    if (hc.type === 'HTTPS') raw = !this.primaryDown;
    // Alarm state ALARM: unhealthy; INSUFFICIENT_DATA: last known status (healthy for a new check).
    else if (hc.type === 'CLOUDWATCH_METRIC') raw = this.alarm.state !== 'ALARM';
    else raw = hc.children.filter((c) => this.healthy(c)).length >= hc.healthThreshold;
    return hc.inverted ? !raw : raw;
  }

  /** Which failover record Route 53 answers with. */
  dnsAnswer(): 'primary' | 'secondary' {
    return this.healthy('hc-primary') ? 'primary' : 'secondary';
  }

  /** Writes reach the primary database while any of its application services runs. */
  primaryWrites(): boolean {
    return [...this.services.entries()].some(([k, v]) => k.startsWith(`${this.primary}/`) && v.desired > 0);
  }

  private observeAlarm(): void {
    const p = this.alarm.pending;
    if (!p) return;
    if (p.polls-- <= 0) { this.alarm.state = p.state; this.alarm.pending = undefined; }
  }

  /** A DR-stack-driven target: every DR identifier comes from the stacks' outputs (or state), none is given. */
  drTarget(overrides: Partial<OpsTarget> = {}): OpsTarget {
    const t = target({ regions: { primary: this.primary, dr: this.dr } });
    return {
      ...t,
      stacks: [
        { name: 'berthcare-prod-primary', region: this.primary, role: 'primary' },
        { name: 'berthcare-prod-dr', region: this.dr, role: 'dr' },
      ],
      objectives: { rpoMinutes: 5, rtoMinutes: 60 },
      resources: {
        ...t.resources,
        databases: [{ name: 'main', kind: 'instance', engine: 'postgres', drStrategy: 'replica', backupRetentionDays: 30, deletionProtection: true, identifier: 'berthcare-prod-main' }],
        buckets: [{ name: 'photos', bucketName: 'berthcare-prod-photos' }],
        standbyServices: [{ name: 'api', activeCount: 2, standbyCount: 0 }],
        dns: undefined,
      },
      ...overrides,
    };
  }

  private install(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fakes are closures over the world's state
    const w = this;
    // Every handler goes through here: the call is logged with its region, and the failed region answers nothing.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one helper over ten differently typed client stubs
    const on = <I, O>(mock: any, cmd: unknown, name: string, f: (input: I, region: string) => O | Promise<O>) => {
      mock.on(cmd).callsFake(async (input: I, getClient: never) => {
        const region = await regionOf(getClient);
        w.regionCalls.push({ region, op: name });
        if (region === w.primary && w.primaryDown) throw awsError('TimeoutError', `connect ETIMEDOUT ${name.toLowerCase()}.${region}.amazonaws.com`);
        const t = w.throttles.get(name) ?? 0;
        if (t > 0) { w.throttles.set(name, t - 1); throw throttle(); }
        w.calls.push(name);
        return f(input, region);
      });
    };
    type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- SDK inputs of many shapes
    const inst = (region: string, id: string) => w.instances.get(`${region}/${id}`);
    const advance = (i: Instance) => {
      if (i.next && i.pendingPolls !== undefined) {
        if (i.pendingPolls <= 0) { Object.assign(i, i.next); i.next = undefined; i.pendingPolls = undefined; } else i.pendingPolls--;
      }
    };
    const created = (region: string, id: string, input: Any, base: Partial<Instance>): Instance => {
      if (inst(region, id)) throw awsError('DBInstanceAlreadyExistsFault', `DB instance ${id} already exists`);
      // No DBSubnetGroupName: RDS uses the default VPC, where PubliclyAccessible defaults to true.
      const defaultVpc = !input.DBSubnetGroupName;
      const i = w.instance({
        endpoint: `${id}.${region}.rds.amazonaws.com`, encrypted: true, ...base, status: 'creating',
        subnetGroup: input.DBSubnetGroupName, vpc: defaultVpc ? 'default' : 'haven', publiclyAccessible: input.PubliclyAccessible ?? defaultVpc,
        securityGroups: input.VpcSecurityGroupIds ?? [], parameterGroup: input.DBParameterGroupName, instanceClass: input.DBInstanceClass ?? 'db.r6g.large',
        pendingPolls: w.asyncPolls, next: { status: 'available' },
      });
      w.instances.set(`${region}/${id}`, i);
      return i;
    };

    on(mocks.sts, GetCallerIdentityCommand, 'GetCallerIdentity', () => ({ Account: ACCOUNT }));
    on<Any, unknown>(mocks.cfn, DescribeStacksCommand, 'DescribeStacks', (input) => {
      const o = w.stackOutputs[input.StackName];
      if (!o) throw awsError('ValidationError', `Stack with id ${input.StackName} does not exist`);
      return { Stacks: [{ StackName: input.StackName, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(0), Outputs: Object.entries(o).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }] };
    });
    on(mocks.ec2, DescribeAvailabilityZonesCommand, 'DescribeAvailabilityZones', (_i, region) => ({ AvailabilityZones: ['a', 'b'].map((z) => ({ ZoneName: `${region}${z}`, State: 'available' })) }));

    // ---- RDS
    on<Any, unknown>(mocks.rds, DescribeDBInstancesCommand, 'DescribeDBInstances', (input, region) => {
      const i = inst(region, input.DBInstanceIdentifier);
      if (!i) throw awsError('DBInstanceNotFoundFault', `DBInstance ${input.DBInstanceIdentifier} not found`);
      advance(i);
      return { DBInstances: [{
        DBInstanceIdentifier: input.DBInstanceIdentifier, DBInstanceArn: w.dbArn(region, input.DBInstanceIdentifier), DBInstanceStatus: i.status,
        ReadReplicaSourceDBInstanceIdentifier: i.source, Endpoint: { Address: i.endpoint, Port: 5432 }, StorageEncrypted: i.encrypted, KmsKeyId: i.kmsKeyId,
        DBSubnetGroup: i.subnetGroup ? { DBSubnetGroupName: i.subnetGroup } : undefined, VpcSecurityGroups: i.securityGroups.map((g) => ({ VpcSecurityGroupId: g })),
        DBParameterGroups: i.parameterGroup ? [{ DBParameterGroupName: i.parameterGroup }] : [], DBInstanceClass: i.instanceClass, PubliclyAccessible: i.publiclyAccessible,
      }] };
    });
    on<Any, unknown>(mocks.rds, PromoteReadReplicaCommand, 'PromoteReadReplica', (input, region) => {
      const i = inst(region, input.DBInstanceIdentifier);
      if (!i) throw awsError('DBInstanceNotFoundFault');
      if (!i.source) throw awsError('InvalidDBInstanceStateFault', 'DB Instance is not a read replica.');
      Object.assign(i, { status: 'modifying', pendingPolls: w.asyncPolls, next: { status: 'available', source: undefined } });
      return {};
    });
    on<Any, unknown>(mocks.rds, ModifyDBInstanceCommand, 'ModifyDBInstance', (input, region) => {
      const i = inst(region, input.DBInstanceIdentifier);
      if (!i) throw awsError('DBInstanceNotFoundFault');
      if (input.NewDBInstanceIdentifier) {
        if (inst(region, input.NewDBInstanceIdentifier)) throw awsError('DBInstanceAlreadyExistsFault');
        // Renamed at once (ApplyImmediately): the old identifier is free, the instance shows 'renaming' for a while.
        w.instances.delete(`${region}/${input.DBInstanceIdentifier}`);
        Object.assign(i, { status: 'renaming', pendingPolls: w.asyncPolls, next: { status: 'available' } });
        w.instances.set(`${region}/${input.NewDBInstanceIdentifier}`, i);
      }
      return {};
    });
    on<Any, unknown>(mocks.rds, CreateDBInstanceReadReplicaCommand, 'CreateDBInstanceReadReplica', (input, region) => {
      const m = /^arn:aws:rds:([^:]+):\d+:db:(.+)$/.exec(input.SourceDBInstanceIdentifier ?? '');
      const srcRegion = m?.[1] ?? region;
      if (srcRegion !== region && !m) throw awsError('InvalidParameterValue', 'A cross-region source must be an ARN');
      const src = inst(srcRegion, m?.[2] ?? input.SourceDBInstanceIdentifier);
      if (!src) throw awsError('DBInstanceNotFoundFault');
      // An encrypted cross-region replica needs a key of the destination region.
      if (src.encrypted && srcRegion !== region && !input.KmsKeyId) throw awsError('InvalidParameterCombination', 'KmsKeyId is required for an encrypted cross-region read replica');
      created(region, input.DBInstanceIdentifier, input, { source: w.dbArn(srcRegion, m?.[2] ?? input.SourceDBInstanceIdentifier), encrypted: src.encrypted, kmsKeyId: input.KmsKeyId ?? src.kmsKeyId });
      return {};
    });
    on<Any, unknown>(mocks.rds, CreateDBSnapshotCommand, 'CreateDBSnapshot', (input, region) => {
      const i = inst(region, input.DBInstanceIdentifier);
      if (!i) throw awsError('DBInstanceNotFoundFault');
      w.snapshots.set(`${region}/${input.DBSnapshotIdentifier}`, { status: 'creating', arn: `arn:aws:rds:${region}:${ACCOUNT}:snapshot:${input.DBSnapshotIdentifier}`, pendingPolls: w.asyncPolls, created: new Date(0), encrypted: i.encrypted, kmsKeyId: i.kmsKeyId });
      return {};
    });
    on<Any, unknown>(mocks.rds, CopyDBSnapshotCommand, 'CopyDBSnapshot', (input, region) => {
      const src = [...w.snapshots.values()].find((x) => x.arn === input.SourceDBSnapshotIdentifier);
      if (!src) throw awsError('DBSnapshotNotFoundFault');
      // CopyDBSnapshot: an encrypted snapshot copied to another region needs a KMS key of the destination region.
      const crossRegion = !src.arn.startsWith(`arn:aws:rds:${region}:`);
      if (src.encrypted && crossRegion && !input.KmsKeyId) throw awsError('InvalidParameterValue', 'KmsKeyId is required for a cross-region copy of an encrypted snapshot');
      w.snapshots.set(`${region}/${input.TargetDBSnapshotIdentifier}`, { status: 'copying', arn: `arn:aws:rds:${region}:${ACCOUNT}:snapshot:${input.TargetDBSnapshotIdentifier}`, pendingPolls: w.asyncPolls, created: new Date(0), encrypted: src.encrypted, kmsKeyId: input.KmsKeyId ?? src.kmsKeyId });
      return {};
    });
    on<Any, unknown>(mocks.rds, DescribeDBSnapshotsCommand, 'DescribeDBSnapshots', (input, region) => {
      const s = w.snapshots.get(`${region}/${input.DBSnapshotIdentifier}`);
      if (!s) throw awsError('DBSnapshotNotFoundFault', `${input.DBSnapshotIdentifier} not found`);
      if (s.status !== 'available') { if (s.pendingPolls <= 0) s.status = 'available'; else s.pendingPolls--; }
      return { DBSnapshots: [{ DBSnapshotIdentifier: input.DBSnapshotIdentifier, DBSnapshotArn: s.arn, Status: s.status, SnapshotCreateTime: s.created, Encrypted: s.encrypted, KmsKeyId: s.kmsKeyId }] };
    });
    on<Any, unknown>(mocks.rds, RestoreDBInstanceFromDBSnapshotCommand, 'RestoreDBInstanceFromDBSnapshot', (input, region) => {
      const id = input.DBSnapshotIdentifier as string;
      const snap = w.snapshots.get(`${region}/${id}`) ?? [...w.snapshots.values()].find((x) => x.arn === id);
      const rp = [...w.vaults.entries()].filter(([k]) => k.startsWith(`${region}/`)).flatMap(([, v]) => v).find((x) => x.arn === id);
      if (!snap && !rp) throw awsError('DBSnapshotNotFoundFault', `${id} not found`);
      if (snap && snap.status !== 'available') throw awsError('InvalidDBSnapshotStateFault');
      created(region, input.DBInstanceIdentifier, input, { kmsKeyId: snap?.kmsKeyId });
      return {};
    });
    on<Any, unknown>(mocks.rds, DescribeDBInstanceAutomatedBackupsCommand, 'DescribeDBInstanceAutomatedBackups', (input, region) => ({
      DBInstanceAutomatedBackups: w.automatedBackups.filter((b) => b.region === region && b.source === input.DBInstanceIdentifier)
        .map((b) => ({ DBInstanceIdentifier: b.source, DBInstanceAutomatedBackupsArn: b.arn, RestoreWindow: { LatestTime: b.latest } })),
    }));
    on<Any, unknown>(mocks.rds, RestoreDBInstanceToPointInTimeCommand, 'RestoreDBInstanceToPointInTime', (input, region) => {
      if (!w.automatedBackups.some((b) => b.region === region && b.arn === input.SourceDBInstanceAutomatedBackupsArn)) throw awsError('DBInstanceAutomatedBackupNotFoundFault');
      created(region, input.TargetDBInstanceIdentifier, input, {});
      return {};
    });

    // ---- AWS Backup
    on<Any, unknown>(mocks.backup, ListRecoveryPointsByBackupVaultCommand, 'ListRecoveryPointsByBackupVault', (input, region) => {
      const v = w.vaults.get(`${region}/${input.BackupVaultName}`);
      if (!v) throw awsError('ResourceNotFoundException', `Backup vault ${input.BackupVaultName} not found`);
      const all = v.filter((p) => !input.ByResourceType || p.resourceArn.startsWith('arn:aws:rds:'));
      const start = Number(input.NextToken ?? 0);
      const page = all.slice(start, start + 2);
      return {
        RecoveryPoints: page.map((p) => ({ RecoveryPointArn: p.arn, ResourceArn: p.resourceArn, ResourceType: 'RDS', Status: p.status, CreationDate: p.created, BackupVaultName: input.BackupVaultName })),
        NextToken: start + 2 < all.length ? String(start + 2) : undefined,
      };
    });

    // ---- CloudWatch
    on<Any, unknown>(mocks.cw, GetMetricStatisticsCommand, 'GetMetricStatistics', (input, region) => {
      const at = input.EndTime as Date;
      if (input.Namespace === 'AWS/Route53') {
        // Route 53 publishes its health-check metrics in us-east-1 only.
        if (region !== 'us-east-1') return { Datapoints: [] };
        w.observeAlarm();
        return { Datapoints: [{ Timestamp: at, Minimum: w.healthy(input.Dimensions[0].Value) ? 1 : 0 }] };
      }
      if (input.Namespace === 'AWS/RDS' && input.MetricName === 'ReplicaLag') {
        const i = inst(region, input.Dimensions[0].Value);
        // A replica whose source is unreachable stops reporting lag.
        if (!i?.source || w.primaryDown || w.lagSeconds === undefined) return { Datapoints: [] };
        return { Datapoints: [{ Timestamp: at, Maximum: w.primaryWrites() ? w.lagSeconds : 0 }] };
      }
      return { Datapoints: [] };
    });
    on<Any, unknown>(mocks.cw, PutMetricDataCommand, 'PutMetricData', (input, region) => {
      for (const d of input.MetricData) {
        const isSwitch = input.Namespace === SWITCH.namespace && d.MetricName === SWITCH.metricName && d.Dimensions?.[0]?.Value === SWITCH.dimensions.Environment;
        // The alarm lives in the DR region: a datapoint elsewhere is another metric altogether.
        if (!isSwitch || region !== w.dr) continue;
        w.switchData.push({ value: d.Value, at: d.Timestamp });
        // Threshold >= 1, evaluated over the next period(s).
        w.alarm.pending = { state: d.Value >= 1 ? 'ALARM' : 'OK', polls: w.asyncPolls };
      }
      return {};
    });
    on<Any, unknown>(mocks.cw, DescribeAlarmsCommand, 'DescribeAlarms', (input, region) => {
      w.observeAlarm();
      if (region !== w.dr || !input.AlarmNames?.includes(SWITCH.alarmName)) return { MetricAlarms: [] };
      return { MetricAlarms: [{ AlarmName: SWITCH.alarmName, StateValue: w.alarm.state, TreatMissingData: 'ignore' }] };
    });

    // ---- Route 53 (control plane in us-east-1)
    on<Any, unknown>(mocks.r53, GetHealthCheckStatusCommand, 'GetHealthCheckStatus', (input) => {
      const hc = w.healthChecks.get(input.HealthCheckId);
      if (!hc) throw awsError('NoSuchHealthCheck');
      // Documented: GetHealthCheckStatus cannot report a calculated health check.
      if (hc.type === 'CALCULATED') throw awsError('InvalidInput', 'GetHealthCheckStatus is not supported for calculated health checks');
      const st = w.healthy(input.HealthCheckId) ? 'Success: HTTP Status Code 200' : 'Failure: Connection timed out';
      return { HealthCheckObservations: [1, 2, 3].map(() => ({ StatusReport: { Status: st } })) };
    });
    on<Any, unknown>(mocks.r53, UpdateHealthCheckCommand, 'UpdateHealthCheck', () => { throw awsError('AccessDenied', 'the runbook must not modify health checks'); });

    // ---- S3
    on(mocks.s3, GetBucketVersioningCommand, 'GetBucketVersioning', () => ({ Status: 'Enabled' }));
    on<Any, unknown>(mocks.s3, ListObjectsV2Command, 'ListObjectsV2', (input) => {
      const all = w.objects[input.Bucket] ?? [];
      const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
      const page = all.slice(start, start + 2);
      const more = start + 2 < all.length;
      return { Contents: page, IsTruncated: more, NextContinuationToken: more ? String(start + 2) : undefined };
    });

    // ---- Secrets Manager
    const secret = (region: string, id: string) => {
      const s = w.secrets.get(`${region}/${id}`);
      if (!s) throw awsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret.`);
      return s;
    };
    const syncReplicas = (region: string, id: string, s: Secret) => {
      for (const [r, st] of s.replicas) {
        if (st.status === 'InProgress' && st.polls-- <= 0) st.status = 'InSync';
        const replica = w.secrets.get(`${r}/${id}`);
        if (replica && replica.primaryRegion === region) replica.value = { ...s.value };
      }
    };
    on<Any, unknown>(mocks.sm, DescribeSecretCommand, 'DescribeSecret', (input, region) => {
      const s = secret(region, input.SecretId);
      if (s.primaryRegion === region) syncReplicas(region, input.SecretId, s);
      return { PrimaryRegion: s.primaryRegion, ReplicationStatus: s.primaryRegion === region ? [...s.replicas].map(([Region, st]) => ({ Region, Status: st.status })) : undefined };
    });
    on<Any, unknown>(mocks.sm, GetSecretValueCommand, 'GetSecretValue', (input, region) => ({ SecretString: JSON.stringify(secret(region, input.SecretId).value) }));
    on<Any, unknown>(mocks.sm, PutSecretValueCommand, 'PutSecretValue', (input, region) => {
      const s = secret(region, input.SecretId);
      // A replica secret can't be updated independently of its primary until promoted.
      if (s.primaryRegion !== region) throw awsError('InvalidRequestException', "Operation not permitted on a replica secret. Call must be made in primary secret's region.");
      s.value = JSON.parse(input.SecretString);
      syncReplicas(region, input.SecretId, s);
      return {};
    });
    on<Any, unknown>(mocks.sm, StopReplicationToReplicaCommand, 'StopReplicationToReplica', (input, region) => {
      const s = secret(region, input.SecretId);
      if (s.primaryRegion === region) throw awsError('InvalidRequestException', 'The secret is not a replica');
      // Called in the replica's region; the primary need not answer. The primary stops listing it as a replica.
      w.secrets.get(`${s.primaryRegion}/${input.SecretId}`)?.replicas.delete(region);
      s.primaryRegion = region;
      return {};
    });
    on<Any, unknown>(mocks.sm, ReplicateSecretToRegionsCommand, 'ReplicateSecretToRegions', (input, region) => {
      const s = secret(region, input.SecretId);
      for (const { Region } of input.AddReplicaRegions) {
        const existing = w.secrets.get(`${Region}/${input.SecretId}`);
        if (existing && !input.ForceOverwriteReplicaSecret) throw awsError('ResourceExistsException', `A secret named ${input.SecretId} already exists in ${Region}`);
        w.secrets.set(`${Region}/${input.SecretId}`, { value: { ...s.value }, primaryRegion: region, replicas: new Map() });
        s.replicas.set(Region, { status: 'InProgress', polls: w.asyncPolls });
      }
      return {};
    });

    // ---- ECS
    on<Any, unknown>(mocks.ecs, DescribeServicesCommand, 'DescribeServices', (input, region) => {
      const s = w.services.get(`${region}/${input.cluster}/${input.services[0]}`);
      if (!s) return { services: [], failures: [{ reason: 'MISSING' }] };
      if (s.running < s.desired) s.running = Math.min(s.desired, s.running + 1);
      if (s.running > s.desired) s.running = s.desired;
      return { services: [{ desiredCount: s.desired, runningCount: s.running, status: 'ACTIVE' }] };
    });
    on<Any, unknown>(mocks.ecs, UpdateServiceCommand, 'UpdateService', (input, region) => {
      const s = w.services.get(`${region}/${input.cluster}/${input.service}`);
      if (!s) throw awsError('ServiceNotFoundException');
      s.desired = input.desiredCount;
      return {};
    });
  }
}
