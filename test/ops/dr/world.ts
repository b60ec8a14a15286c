import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeAvailabilityZonesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CopyDBSnapshotCommand, CreateDBSnapshotCommand, DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand, PromoteReadReplicaCommand, RDSClient, RestoreDBInstanceFromDBSnapshotCommand, RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { GetHealthCheckCommand, GetHealthCheckStatusCommand, Route53Client, UpdateHealthCheckCommand } from '@aws-sdk/client-route-53';
import { GetBucketVersioningCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, StopReplicationToReplicaCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, DR, PRIMARY, awsError, throttle } from '../fixtures';

export const mocks = {
  cfn: mockClient(CloudFormationClient), cw: mockClient(CloudWatchClient), ec2: mockClient(EC2Client), ecs: mockClient(ECSClient),
  rds: mockClient(RDSClient), r53: mockClient(Route53Client), s3: mockClient(S3Client), sm: mockClient(SecretsManagerClient), sts: mockClient(STSClient),
};

async function regionOf(getClient: () => { config: { region: unknown } }): Promise<string> {
  const r = getClient().config.region;
  return typeof r === 'function' ? await (r as () => Promise<string>)() : String(r);
}

interface Instance { status: string; source?: string; endpoint: string; pendingPolls?: number; next?: Partial<Instance> }
interface Snapshot { status: string; arn: string; pendingPolls: number; created: Date }

/**
 * A small stateful AWS: asynchronous operations (promotion, restore, snapshot copy, ECS scaling,
 * health checks) complete after a number of describe polls, so waits really wait.
 */
export class World {
  primaryDown = true;
  instances = new Map<string, Instance>();
  snapshots = new Map<string, Snapshot>();
  lagSeconds: number | undefined = 3;
  objects: Record<string, { Key: string; Size: number }[]> = {};
  secrets = new Map<string, { value: Record<string, unknown>; primaryRegion: string }>();
  services = new Map<string, { desired: number; running: number }>();
  healthCheck = { inverted: false, version: 1 };
  /** Polls an async operation needs before completing; Infinity = never (timeout). */
  asyncPolls = 2;
  automatedBackups: { arn: string; latest: Date }[] = [];
  calls: string[] = [];
  /** Calls (by operation name) to answer with ThrottlingException first. */
  throttles = new Map<string, number>();

  constructor() {
    for (const m of Object.values(mocks)) m.reset();
    this.instances.set(`${PRIMARY}/berthcare-prod-main`, { status: 'available', endpoint: 'main.primary.rds.amazonaws.com' });
    this.instances.set(`${DR}/berthcare-prod-main-dr`, { status: 'available', source: `arn:aws:rds:${PRIMARY}:${ACCOUNT}:db:berthcare-prod-main`, endpoint: 'main-dr.dr.rds.amazonaws.com' });
    this.objects['berthcare-prod-photos'] = [{ Key: 'a.jpg', Size: 100 }, { Key: 'b.jpg', Size: 250 }, { Key: 'c.jpg', Size: 5 }];
    this.objects['berthcare-prod-photos-dr'] = [{ Key: 'a.jpg', Size: 100 }, { Key: 'b.jpg', Size: 250 }, { Key: 'c.jpg', Size: 5 }];
    this.secrets.set(`${DR}/berthcare-prod-main-credentials`, { value: { host: 'main.primary.rds.amazonaws.com', port: 5432, password: 's3cr3t-value' }, primaryRegion: PRIMARY });
    this.secrets.set(`${PRIMARY}/berthcare-prod-main-credentials`, { value: { host: 'main.primary.rds.amazonaws.com', port: 5432, password: 's3cr3t-value' }, primaryRegion: PRIMARY });
    this.services.set('berthcare-prod-dr/api', { desired: 0, running: 0 });
    this.install();
  }

  count(name: string): number {
    return this.calls.filter((c) => c === name).length;
  }

  private install(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the fakes are closures over the world's state
    const w = this;
    const log = (n: string) => {
      const t = w.throttles.get(n) ?? 0;
      if (t > 0) {
        w.throttles.set(n, t - 1);
        throw throttle();
      }
      w.calls.push(n);
    };
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    mocks.cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id x does not exist'));
    mocks.ec2.on(DescribeAvailabilityZonesCommand).callsFake(async () => {
      log('DescribeAvailabilityZones');
      if (w.primaryDown) throw awsError('TimeoutError', 'connect ETIMEDOUT');
      return { AvailabilityZones: [{ ZoneName: `${PRIMARY}a`, State: 'available' }, { ZoneName: `${PRIMARY}b`, State: 'available' }] };
    });
    mocks.rds.on(DescribeDBInstancesCommand).callsFake(async (input, getClient) => {
      log('DescribeDBInstances');
      const region = await regionOf(getClient);
      if (region === PRIMARY && w.primaryDown) throw awsError('TimeoutError', 'connect ETIMEDOUT');
      const i = w.instances.get(`${region}/${input.DBInstanceIdentifier}`);
      if (!i) throw awsError('DBInstanceNotFoundFault', `DBInstance ${input.DBInstanceIdentifier} not found`);
      if (i.next && i.pendingPolls !== undefined) {
        if (i.pendingPolls <= 0) { Object.assign(i, i.next); i.next = undefined; i.pendingPolls = undefined; } else i.pendingPolls--;
      }
      return { DBInstances: [{ DBInstanceIdentifier: input.DBInstanceIdentifier, DBInstanceStatus: i.status, ReadReplicaSourceDBInstanceIdentifier: i.source, Endpoint: { Address: i.endpoint, Port: 5432 } }] };
    });
    mocks.rds.on(PromoteReadReplicaCommand).callsFake(async (input, getClient) => {
      log('PromoteReadReplica');
      const i = w.instances.get(`${await regionOf(getClient)}/${input.DBInstanceIdentifier}`)!;
      i.status = 'modifying';
      i.pendingPolls = w.asyncPolls;
      i.next = { status: 'available', source: undefined };
      return {};
    });
    mocks.cw.on(GetMetricStatisticsCommand).callsFake(async () => ({ Datapoints: w.lagSeconds === undefined ? [] : [{ Timestamp: new Date(), Maximum: w.lagSeconds }] }));
    mocks.s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    mocks.s3.on(ListObjectsV2Command).callsFake(async (input, getClient) => {
      log('ListObjectsV2');
      if ((await regionOf(getClient)) === PRIMARY && w.primaryDown) throw awsError('TimeoutError', 'connect ETIMEDOUT');
      const all = w.objects[input.Bucket] ?? [];
      // Two objects per page, to exercise pagination.
      const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
      const page = all.slice(start, start + 2);
      const more = start + 2 < all.length;
      return { Contents: page, IsTruncated: more, NextContinuationToken: more ? String(start + 2) : undefined };
    });
    mocks.sm.on(DescribeSecretCommand).callsFake(async (input, getClient) => ({ PrimaryRegion: w.secrets.get(`${await regionOf(getClient)}/${input.SecretId}`)?.primaryRegion }));
    mocks.sm.on(StopReplicationToReplicaCommand).callsFake(async (input, getClient) => {
      log('StopReplicationToReplica');
      const region = await regionOf(getClient);
      w.secrets.get(`${region}/${input.SecretId}`)!.primaryRegion = region;
      return {};
    });
    mocks.sm.on(GetSecretValueCommand).callsFake(async (input, getClient) => ({ SecretString: JSON.stringify(w.secrets.get(`${await regionOf(getClient)}/${input.SecretId}`)!.value) }));
    mocks.sm.on(PutSecretValueCommand).callsFake(async (input, getClient) => {
      log('PutSecretValue');
      const region = await regionOf(getClient);
      const sec = w.secrets.get(`${region}/${input.SecretId}`)!;
      if (sec.primaryRegion !== region) throw awsError('InvalidRequestException', 'Operation not permitted on a replica secret');
      sec.value = JSON.parse(input.SecretString);
      return {};
    });
    mocks.ecs.on(DescribeServicesCommand).callsFake(async (input) => {
      const s = w.services.get(`${input.cluster}/${input.services[0]}`);
      if (!s) return { services: [], failures: [{ reason: 'MISSING' }] };
      if (s.running < s.desired) s.running = Math.min(s.desired, s.running + 1);
      if (s.running > s.desired) s.running = s.desired;
      return { services: [{ desiredCount: s.desired, runningCount: s.running, status: 'ACTIVE' }] };
    });
    mocks.ecs.on(UpdateServiceCommand).callsFake(async (input) => {
      log('UpdateService');
      w.services.get(`${input.cluster}/${input.service}`)!.desired = input.desiredCount;
      return {};
    });
    mocks.r53.on(GetHealthCheckCommand).callsFake(async () => ({ HealthCheck: { HealthCheckVersion: w.healthCheck.version, HealthCheckConfig: { Inverted: w.healthCheck.inverted } } }));
    mocks.r53.on(UpdateHealthCheckCommand).callsFake(async (input) => {
      log('UpdateHealthCheck');
      if (input.HealthCheckVersion !== w.healthCheck.version) throw awsError('HealthCheckVersionMismatch');
      w.healthCheck = { inverted: Boolean(input.Inverted), version: w.healthCheck.version + 1 };
      return {};
    });
    mocks.r53.on(GetHealthCheckStatusCommand).callsFake(async () => {
      const failing = w.healthCheck.inverted || (w.primaryDown && !w.healthCheck.inverted && false);
      const st = failing ? 'Failure: inverted' : 'Success: HTTP 200';
      return { HealthCheckObservations: [1, 2, 3].map(() => ({ StatusReport: { Status: st } })) };
    });
    mocks.rds.on(CreateDBSnapshotCommand).callsFake(async (input, getClient) => {
      log('CreateDBSnapshot');
      const region = await regionOf(getClient);
      w.snapshots.set(`${region}/${input.DBSnapshotIdentifier}`, { status: 'creating', arn: `arn:aws:rds:${region}:${ACCOUNT}:snapshot:${input.DBSnapshotIdentifier}`, pendingPolls: w.asyncPolls, created: new Date() });
      return {};
    });
    mocks.rds.on(CopyDBSnapshotCommand).callsFake(async (input, getClient) => {
      log('CopyDBSnapshot');
      const region = await regionOf(getClient);
      w.snapshots.set(`${region}/${input.TargetDBSnapshotIdentifier}`, { status: 'copying', arn: `arn:aws:rds:${region}:${ACCOUNT}:snapshot:${input.TargetDBSnapshotIdentifier}`, pendingPolls: w.asyncPolls, created: new Date() });
      return {};
    });
    mocks.rds.on(DescribeDBSnapshotsCommand).callsFake(async (input, getClient) => {
      const region = await regionOf(getClient);
      const s = w.snapshots.get(`${region}/${input.DBSnapshotIdentifier}`);
      if (!s) throw awsError('DBSnapshotNotFoundFault', `${input.DBSnapshotIdentifier} not found`);
      if (s.status !== 'available') { if (s.pendingPolls <= 0) s.status = 'available'; else s.pendingPolls--; }
      return { DBSnapshots: [{ DBSnapshotIdentifier: input.DBSnapshotIdentifier, DBSnapshotArn: s.arn, Status: s.status, SnapshotCreateTime: s.created }] };
    });
    mocks.rds.on(RestoreDBInstanceFromDBSnapshotCommand).callsFake(async (input, getClient) => {
      log('RestoreDBInstanceFromDBSnapshot');
      const region = await regionOf(getClient);
      w.instances.set(`${region}/${input.DBInstanceIdentifier}`, { status: 'creating', endpoint: `${input.DBInstanceIdentifier}.${region}.rds.amazonaws.com`, pendingPolls: w.asyncPolls, next: { status: 'available' } });
      return {};
    });
    mocks.rds.on(DescribeDBInstanceAutomatedBackupsCommand).callsFake(async () => ({
      DBInstanceAutomatedBackups: w.automatedBackups.map((b) => ({ DBInstanceIdentifier: 'berthcare-prod-main', DBInstanceAutomatedBackupsArn: b.arn, RestoreWindow: { LatestTime: b.latest } })),
    }));
    mocks.rds.on(RestoreDBInstanceToPointInTimeCommand).callsFake(async (input, getClient) => {
      log('RestoreDBInstanceToPointInTime');
      const region = await regionOf(getClient);
      w.instances.set(`${region}/${input.TargetDBInstanceIdentifier}`, { status: 'creating', endpoint: `${input.TargetDBInstanceIdentifier}.${region}.rds.amazonaws.com`, pendingPolls: w.asyncPolls, next: { status: 'available' } });
      return {};
    });
  }
}
