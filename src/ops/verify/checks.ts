import { DescribeBackupVaultCommand, ListBackupPlansCommand } from '@aws-sdk/client-backup';
import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeListenersCommand, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import {
  DescribeDBClusterParametersCommand, DescribeDBClustersCommand, DescribeDBInstanceAutomatedBackupsCommand, DescribeDBInstancesCommand,
  DescribeDBParametersCommand,
} from '@aws-sdk/client-rds';
import { GetHealthCheckCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import {
  GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketReplicationCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { AwsClients, Clock, call, isNotFound } from '../aws';
import { OpsBucket, OpsCache, OpsDatabase, OpsTarget } from '../target';

export type CheckStatus = 'pass' | 'fail' | 'error' | 'skip';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly region: string;
  readonly resource?: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly evidence: Record<string, unknown>;
}

export interface Check {
  readonly id: string;
  readonly title: string;
  readonly region: string;
  readonly resource?: string;
  run(): Promise<{ status: CheckStatus; message: string; evidence?: Record<string, unknown> }>;
}

export interface CheckEnv {
  readonly clients: AwsClients;
  readonly target: OpsTarget;
  readonly clock: Clock;
}

const pass = (message: string, evidence: Record<string, unknown> = {}) => ({ status: 'pass' as const, message, evidence });
const fail = (message: string, evidence: Record<string, unknown> = {}) => ({ status: 'fail' as const, message, evidence });

/** TLS 1.2+ ELB policies (TLS 1.3 policies, FS 1.2 policies, and the TLS-1-2 family). */
export function isModernTlsPolicy(p: string | undefined): boolean {
  return Boolean(p && /TLS13-1-[23]|TLS-1-2|FS-1-2|TLS13-1-3/.test(p));
}

function dbChecks(e: CheckEnv, db: OpsDatabase): Check[] {
  const region = e.target.regions.primary;
  const o = { clock: e.clock, profile: e.clients.profile };
  const rds = e.clients.rds(region);
  type Db = { StorageEncrypted?: boolean; KmsKeyId?: string; DeletionProtection?: boolean; BackupRetentionPeriod?: number; LatestRestorableTime?: Date; group?: string; status?: string };
  let cached: Promise<Db | undefined> | undefined;
  const describe = () => (cached ??= (async (): Promise<Db | undefined> => {
    if (!db.identifier) return undefined;
    try {
      if (db.kind === 'cluster') {
        const r = await call<{ DBClusters?: { StorageEncrypted?: boolean; KmsKeyId?: string; DeletionProtection?: boolean; BackupRetentionPeriod?: number; EarliestRestorableTime?: Date; LatestRestorableTime?: Date; DBClusterParameterGroup?: string; Status?: string }[] }>(rds, new DescribeDBClustersCommand({ DBClusterIdentifier: db.identifier }), o);
        const c = r.DBClusters?.[0];
        return c && { ...c, group: c.DBClusterParameterGroup, status: c.Status };
      }
      const r = await call<{ DBInstances?: { StorageEncrypted?: boolean; KmsKeyId?: string; DeletionProtection?: boolean; BackupRetentionPeriod?: number; LatestRestorableTime?: Date; DBParameterGroups?: { DBParameterGroupName?: string }[]; DBInstanceStatus?: string }[] }>(rds, new DescribeDBInstancesCommand({ DBInstanceIdentifier: db.identifier }), o);
      const i = r.DBInstances?.[0];
      return i && { ...i, group: i.DBParameterGroups?.[0]?.DBParameterGroupName, status: i.DBInstanceStatus };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  })());
  const withDb = (f: (d: Db) => Promise<ReturnType<typeof pass> | ReturnType<typeof fail>> | ReturnType<typeof pass> | ReturnType<typeof fail>) => async () => {
    if (!db.identifier) return fail(`identifier unknown (output HavenDb…Identifier missing)`);
    const d = await describe();
    return d ? f(d) : fail(`${db.identifier} not found in ${region}`);
  };
  const res = db.identifier ?? db.name;
  const checks: Check[] = [
    {
      id: `rds.${db.name}.encryption`, title: `Database ${db.name} encrypted at rest with KMS`, region, resource: res,
      run: withDb((d) => (d.StorageEncrypted && d.KmsKeyId ? pass('storage encrypted', { StorageEncrypted: true, KmsKeyId: d.KmsKeyId }) : fail('storage NOT encrypted', { StorageEncrypted: Boolean(d.StorageEncrypted) }))),
    },
    {
      id: `rds.${db.name}.deletion-protection`, title: `Database ${db.name} deletion protection`, region, resource: res,
      run: withDb((d) => (!db.deletionProtection || d.DeletionProtection ? pass(`deletion protection ${d.DeletionProtection ? 'on' : 'off (not required for this tier)'}`, { DeletionProtection: Boolean(d.DeletionProtection) }) : fail('deletion protection is OFF', { DeletionProtection: false }))),
    },
    {
      id: `rds.${db.name}.backups`, title: `Database ${db.name} backups and point-in-time recovery`, region, resource: res,
      run: withDb((d) => {
        const ev = { BackupRetentionPeriod: d.BackupRetentionPeriod, LatestRestorableTime: d.LatestRestorableTime, expectedRetentionDays: db.backupRetentionDays };
        if ((d.BackupRetentionPeriod ?? 0) < db.backupRetentionDays) return fail(`retention ${d.BackupRetentionPeriod ?? 0}d < ${db.backupRetentionDays}d`, ev);
        const age = d.LatestRestorableTime ? (e.clock.now() - d.LatestRestorableTime.getTime()) / 60_000 : Infinity;
        // PITR ships transaction logs every ~5 minutes; an hour of silence means it is broken.
        if (age > 60) return fail(`point-in-time recovery stale (latest restorable ${d.LatestRestorableTime?.toISOString() ?? 'never'})`, ev);
        return pass(`retention ${d.BackupRetentionPeriod}d, restorable to ${d.LatestRestorableTime!.toISOString()}`, ev);
      }),
    },
    {
      id: `rds.${db.name}.tls`, title: `Database ${db.name} requires TLS`, region, resource: res,
      run: withDb(async (d) => {
        const [name, want] = /mysql|mariadb/.test(db.engine) ? ['require_secure_transport', /^(1|ON)$/i] : /postgres/.test(db.engine) ? ['rds.force_ssl', /^1$/] : [undefined, /./];
        if (!name) return pass(`engine ${db.engine}: TLS enforced by the engine`, {});
        if (!d.group) return fail('no parameter group', {});
        const params: { ParameterName?: string; ParameterValue?: string }[] = [];
        let marker: string | undefined;
        do {
          const r = db.kind === 'cluster'
            ? await call<{ Parameters?: typeof params; Marker?: string }>(rds, new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: d.group, Marker: marker }), o)
            : await call<{ Parameters?: typeof params; Marker?: string }>(rds, new DescribeDBParametersCommand({ DBParameterGroupName: d.group, Marker: marker }), o);
          params.push(...(r.Parameters ?? []));
          marker = r.Marker;
        } while (marker);
        const v = params.find((p) => p.ParameterName === name)?.ParameterValue;
        const ev = { parameterGroup: d.group, [name]: v ?? null };
        return v !== undefined && want.test(v) ? pass(`${name}=${v}`, ev) : fail(`${name} is ${v ?? 'unset'}: plaintext connections allowed`, ev);
      }),
    },
  ];
  const dr = e.target.regions.dr;
  if (dr && db.drStrategy === 'replica' && db.kind === 'cluster') {
    checks.push({
      id: `rds.${db.name}.dr-replica`, title: `Database ${db.name} secondary cluster in ${dr}`, region: dr, resource: db.drIdentifier,
      run: async () => {
        if (!db.drIdentifier) return fail('DR cluster identifier unknown');
        const r = await call<{ DBClusters?: { Status?: string; StorageEncrypted?: boolean; GlobalClusterIdentifier?: string }[] }>(e.clients.rds(dr), new DescribeDBClustersCommand({ DBClusterIdentifier: db.drIdentifier }), o)
          .catch((err) => (isNotFound(err) ? { DBClusters: [] } : Promise.reject(err)));
        const c = r.DBClusters?.[0];
        const ev = { status: c?.Status, StorageEncrypted: c?.StorageEncrypted };
        return c?.StorageEncrypted && c.Status === 'available' ? pass('secondary cluster available, encrypted', ev) : fail(c ? 'secondary cluster unavailable or unencrypted' : `${db.drIdentifier} not found in ${dr}`, ev);
      },
    });
  } else if (dr && db.drStrategy === 'replica') {
    checks.push({
      id: `rds.${db.name}.dr-replica`, title: `Database ${db.name} cross-region replica`, region: dr, resource: db.drIdentifier,
      run: async () => {
        if (!db.drIdentifier) return fail('DR replica identifier unknown');
        try {
          const r = await call<{ DBInstances?: { DBInstanceStatus?: string; StorageEncrypted?: boolean; ReadReplicaSourceDBInstanceIdentifier?: string }[] }>(e.clients.rds(dr), new DescribeDBInstancesCommand({ DBInstanceIdentifier: db.drIdentifier }), o);
          const i = r.DBInstances?.[0];
          const ev = { status: i?.DBInstanceStatus, StorageEncrypted: i?.StorageEncrypted, source: i?.ReadReplicaSourceDBInstanceIdentifier };
          return i?.ReadReplicaSourceDBInstanceIdentifier && i.StorageEncrypted ? pass(`replica ${i.DBInstanceStatus}, encrypted`, ev) : fail('replica missing, unencrypted or not replicating', ev);
        } catch (err) {
          if (isNotFound(err)) return fail(`${db.drIdentifier} not found in ${dr}`);
          throw err;
        }
      },
    }, replicaLagCheck(e, db, dr));
  } else if (dr && db.drStrategy === 'backup-replication') {
    checks.push({
      id: `rds.${db.name}.dr-backups`, title: `Database ${db.name} backups replicated to ${dr}`, region: dr, resource: db.identifier,
      run: async () => {
        const r = await call<{ DBInstanceAutomatedBackups?: { RestoreWindow?: { LatestTime?: Date }; Encrypted?: boolean }[] }>(e.clients.rds(dr), new DescribeDBInstanceAutomatedBackupsCommand({ DBInstanceIdentifier: db.identifier }), o);
        const b = r.DBInstanceAutomatedBackups?.[0];
        return b ? pass(`replicated, restorable to ${b.RestoreWindow?.LatestTime?.toISOString()}`, { LatestTime: b.RestoreWindow?.LatestTime, Encrypted: b.Encrypted }) : fail(`no replicated automated backups in ${dr}`);
      },
    });
  }
  return checks;
}

function bucketChecks(e: CheckEnv, b: OpsBucket): Check[] {
  const region = e.target.regions.primary;
  const o = { clock: e.clock, profile: e.clients.profile };
  const s3 = e.clients.s3(region);
  const res = b.bucketName ?? b.name;
  const sse = b.encryption ?? 'aws:kms';
  const guard = (f: (name: string) => Promise<ReturnType<typeof pass> | ReturnType<typeof fail>>) => async () => (b.bucketName ? f(b.bucketName) : fail('bucket name unknown (output HavenBucket…Name missing)'));
  const checks: Check[] = [
    {
      id: `s3.${b.name}.encryption`, title: `Bucket ${b.name} default encryption with ${sse === 'AES256' ? 'SSE-S3' : 'KMS'}`, region, resource: res,
      run: guard(async (Bucket) => {
        // GetBucketEncryption: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketEncryption.html
        const r = await call<{ ServerSideEncryptionConfiguration?: { Rules?: { ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean }[] } }>(s3, new GetBucketEncryptionCommand({ Bucket }), o);
        const rule = r.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
        const ev = { SSEAlgorithm: rule?.SSEAlgorithm, KMSMasterKeyID: rule?.KMSMasterKeyID, expected: sse };
        const ok = sse === 'AES256' ? rule?.SSEAlgorithm === 'AES256' : rule?.SSEAlgorithm?.startsWith('aws:kms');
        return ok ? pass(`${rule!.SSEAlgorithm}`, ev) : fail(`default encryption ${rule?.SSEAlgorithm ?? 'none'} (${sse} expected)`, ev);
      }),
    },
    {
      id: `s3.${b.name}.versioning`, title: `Bucket ${b.name} versioning`, region, resource: res,
      run: guard(async (Bucket) => {
        const r = await call<{ Status?: string; MFADelete?: string }>(s3, new GetBucketVersioningCommand({ Bucket }), o);
        return r.Status === 'Enabled' ? pass('versioning enabled', { Status: r.Status }) : fail(`versioning ${r.Status ?? 'never enabled'}`, { Status: r.Status ?? null });
      }),
    },
    {
      id: `s3.${b.name}.public-access-block`, title: `Bucket ${b.name} blocks public access`, region, resource: res,
      run: guard(async (Bucket) => {
        try {
          const r = await call<{ PublicAccessBlockConfiguration?: Record<string, boolean | undefined> }>(s3, new GetPublicAccessBlockCommand({ Bucket }), o);
          const c = r.PublicAccessBlockConfiguration ?? {};
          const keys = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
          const off = keys.filter((k) => !c[k]);
          return off.length ? fail(`not blocked: ${off.join(', ')}`, c) : pass('all four settings on', c);
        } catch (err) {
          if (isNotFound(err)) return fail('no public access block configured');
          throw err;
        }
      }),
    },
    {
      id: `s3.${b.name}.tls`, title: `Bucket ${b.name} denies non-TLS requests`, region, resource: res,
      run: guard(async (Bucket) => {
        let policy: { Statement?: { Effect?: string; Condition?: Record<string, Record<string, unknown>> }[] } = {};
        try {
          const r = await call<{ Policy?: string }>(s3, new GetBucketPolicyCommand({ Bucket }), o);
          policy = JSON.parse(r.Policy ?? '{}');
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        const denies = (policy.Statement ?? []).some((s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false');
        return denies ? pass('policy denies aws:SecureTransport=false', { secureTransportDeny: true }) : fail('no Deny on aws:SecureTransport=false', { secureTransportDeny: false });
      }),
    },
  ];
  if (b.replicaBucketName) {
    checks.push({
      id: `s3.${b.name}.replication`, title: `Bucket ${b.name} replicates to ${b.replicaBucketName}`, region, resource: res,
      run: guard(async (Bucket) => {
        try {
          const r = await call<{ ReplicationConfiguration?: { Rules?: { Status?: string; Destination?: { Bucket?: string } }[] } }>(s3, new GetBucketReplicationCommand({ Bucket }), o);
          const ok = (r.ReplicationConfiguration?.Rules ?? []).some((x) => x.Status === 'Enabled' && x.Destination?.Bucket?.endsWith(`:::${b.replicaBucketName}`));
          return ok ? pass('replication rule enabled', { destination: b.replicaBucketName }) : fail('no enabled replication rule to the replica', { rules: r.ReplicationConfiguration?.Rules ?? [] });
        } catch (err) {
          if (isNotFound(err)) return fail('no replication configuration');
          throw err;
        }
      }),
    });
  }
  return checks;
}

function cacheChecks(e: CheckEnv, c: OpsCache): Check[] {
  const region = e.target.regions.primary;
  const o = { clock: e.clock, profile: e.clients.profile };
  let cached: Promise<{ AtRestEncryptionEnabled?: boolean; TransitEncryptionEnabled?: boolean; SnapshotRetentionLimit?: number; AutomaticFailover?: string } | undefined> | undefined;
  const describe = () => (cached ??= call<{ ReplicationGroups?: { AtRestEncryptionEnabled?: boolean; TransitEncryptionEnabled?: boolean; SnapshotRetentionLimit?: number; AutomaticFailover?: string }[] }>(
    e.clients.elasticache(region), new DescribeReplicationGroupsCommand({ ReplicationGroupId: c.replicationGroupId }), o,
  ).then((r) => r.ReplicationGroups?.[0], (err) => (isNotFound(err) ? undefined : Promise.reject(err))));
  const res = c.replicationGroupId ?? c.name;
  return [
    {
      id: `elasticache.${c.name}.encryption`, title: `Cache ${c.name} encrypted at rest and in transit`, region, resource: res,
      run: async () => {
        if (!c.replicationGroupId) return fail('replication group id unknown');
        const g = await describe();
        if (!g) return fail(`${c.replicationGroupId} not found`);
        const ev = { AtRestEncryptionEnabled: Boolean(g.AtRestEncryptionEnabled), TransitEncryptionEnabled: Boolean(g.TransitEncryptionEnabled) };
        return g.AtRestEncryptionEnabled && g.TransitEncryptionEnabled ? pass('at rest and in transit', ev) : fail('encryption incomplete', ev);
      },
    },
    {
      id: `elasticache.${c.name}.backups`, title: `Cache ${c.name} snapshot retention`, region, resource: res,
      run: async () => {
        if (!c.replicationGroupId) return fail('replication group id unknown');
        const g = await describe();
        if (!g) return fail(`${c.replicationGroupId} not found`);
        const ev = { SnapshotRetentionLimit: g.SnapshotRetentionLimit ?? 0, expected: c.snapshotRetentionDays };
        return (g.SnapshotRetentionLimit ?? 0) >= c.snapshotRetentionDays ? pass(`${g.SnapshotRetentionLimit ?? 0} day(s)`, ev) : fail(`${g.SnapshotRetentionLimit ?? 0} < ${c.snapshotRetentionDays} day(s)`, ev);
      },
    },
  ];
}

function platformChecks(e: CheckEnv): Check[] {
  const r = e.target.resources;
  const region = e.target.regions.primary;
  const o = { clock: e.clock, profile: e.clients.profile };
  const checks: Check[] = [];
  for (const arn of r.loadBalancerArns ?? []) {
    // A load balancer lives in the region its ARN names (the DR stack's balancer is in the DR region).
    const lbRegion = arn.split(':')[3] || region;
    checks.push({
      id: `elbv2.${arn.split('/').slice(-2, -1)[0] ?? 'lb'}.tls`, title: 'Load balancer listeners use TLS 1.2+ and redirect HTTP', region: lbRegion, resource: arn,
      run: async () => {
        // DescribeListeners: https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeListeners.html
        const l = await call<{ Listeners?: { Protocol?: string; Port?: number; SslPolicy?: string; DefaultActions?: { Type?: string; RedirectConfig?: { Protocol?: string } }[] }[] }>(e.clients.elbv2(lbRegion), new DescribeListenersCommand({ LoadBalancerArn: arn }), o);
        const listeners = l.Listeners ?? [];
        const bad: string[] = [];
        const plaintext: number[] = [];
        for (const x of listeners) {
          if (x.Protocol === 'HTTPS' || x.Protocol === 'TLS') { if (!isModernTlsPolicy(x.SslPolicy)) bad.push(`${x.Port}: policy ${x.SslPolicy}`); }
          else if (x.Protocol === 'HTTP' && !(x.DefaultActions ?? []).every((a) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS')) plaintext.push(x.Port ?? 0);
        }
        // A plaintext listener the load balancer's security groups keep closed to the internet (a blue/green test
        // listener) serves nothing publicly.
        const open = plaintext.length ? await internetOpenPorts(e, lbRegion, arn) : [];
        for (const port of plaintext) if (open.some(([from, to]) => port >= from && port <= to)) bad.push(`${port}: plaintext HTTP served`);
        const ev = { listeners: listeners.map((x) => ({ port: x.Port, protocol: x.Protocol, sslPolicy: x.SslPolicy })) };
        return bad.length ? fail(bad.join('; '), ev) : pass(`${listeners.length} listener(s) compliant`, ev);
      },
    });
  }
  for (const arn of r.keyArns ?? []) {
    checks.push({
      id: `kms.${arn.split('/').pop()}.rotation`, title: 'KMS key rotation enabled', region: arn.split(':')[3] || region, resource: arn,
      run: async () => {
        const k = await call<{ KeyRotationEnabled?: boolean }>(e.clients.kms(arn.split(':')[3] || region), new GetKeyRotationStatusCommand({ KeyId: arn }), o);
        return k.KeyRotationEnabled ? pass('rotation on', { KeyRotationEnabled: true }) : fail('rotation OFF', { KeyRotationEnabled: false });
      },
    });
  }
  checks.push({ id: 'cloudwatch.alarms', title: 'Alarms the stacks created exist and notify the alarm topic', region, run: () => alarmsCheck(e) });
  if (r.alarmTopicArn) {
    const topic = r.alarmTopicArn;
    checks.push({
      id: 'sns.alarm-topic.subscriptions', title: 'Alarm topic has a confirmed subscriber', region, resource: topic,
      run: async () => {
        const s = await call<{ Subscriptions?: { Protocol?: string; SubscriptionArn?: string }[] }>(e.clients.sns(region), new ListSubscriptionsByTopicCommand({ TopicArn: topic }), o);
        const confirmed = (s.Subscriptions ?? []).filter((x) => x.SubscriptionArn && x.SubscriptionArn !== 'PendingConfirmation');
        const ev = { confirmed: confirmed.length, protocols: confirmed.map((x) => x.Protocol) };
        return confirmed.length ? pass(`${confirmed.length} confirmed subscription(s)`, ev) : fail('nobody receives alarms (no confirmed subscription)', ev);
      },
    });
  }
  checks.push({
    id: 'cloudtrail.logging', title: 'CloudTrail multi-region trail logging with validation and KMS', region, resource: r.trailName,
    run: async () => {
      if (!r.trailName) return fail('trail name unknown (output HavenTrailName missing)');
      const d = await call<{ trailList?: { Name?: string; IsMultiRegionTrail?: boolean; LogFileValidationEnabled?: boolean; KmsKeyId?: string; TrailARN?: string }[] }>(e.clients.cloudtrail(region), new DescribeTrailsCommand({ trailNameList: [r.trailName] }), o);
      const t = d.trailList?.[0];
      if (!t) return fail(`trail ${r.trailName} not found`);
      const s = await call<{ IsLogging?: boolean; LatestDeliveryTime?: Date }>(e.clients.cloudtrail(region), new GetTrailStatusCommand({ Name: t.TrailARN ?? r.trailName }), o);
      const ev = { IsLogging: Boolean(s.IsLogging), IsMultiRegionTrail: Boolean(t.IsMultiRegionTrail), LogFileValidationEnabled: Boolean(t.LogFileValidationEnabled), KmsKeyId: t.KmsKeyId ?? null, LatestDeliveryTime: s.LatestDeliveryTime };
      const bad = [!s.IsLogging && 'not logging', !t.IsMultiRegionTrail && 'single-region', !t.LogFileValidationEnabled && 'no log file validation', !t.KmsKeyId && 'not KMS-encrypted'].filter(Boolean);
      return bad.length ? fail(bad.join(', '), ev) : pass('logging', ev);
    },
  });
  if (r.configRecording) {
    checks.push({
      id: 'config.recording', title: 'AWS Config is recording', region,
      run: async () => {
        const s = await call<{ ConfigurationRecordersStatus?: { name?: string; recording?: boolean; lastStatus?: string }[] }>(e.clients.config(region), new DescribeConfigurationRecorderStatusCommand({}), o);
        const rec = (s.ConfigurationRecordersStatus ?? []).filter((x) => x.recording);
        const ev = { recorders: (s.ConfigurationRecordersStatus ?? []).map((x) => ({ name: x.name, recording: x.recording, lastStatus: x.lastStatus })) };
        return rec.length && rec.every((x) => String(x.lastStatus).toUpperCase() !== 'FAILURE') ? pass('recording', ev) : fail(rec.length ? 'recorder failing' : 'no recorder is recording', ev);
      },
    });
  }
  if (r.guardDuty) {
    checks.push({
      id: 'guardduty.enabled', title: 'GuardDuty detector enabled', region,
      run: async () => {
        const l = await call<{ DetectorIds?: string[] }>(e.clients.guardduty(region), new ListDetectorsCommand({}), o);
        const id = l.DetectorIds?.[0];
        if (!id) return fail('no GuardDuty detector');
        const d = await call<{ Status?: string; FindingPublishingFrequency?: string }>(e.clients.guardduty(region), new GetDetectorCommand({ DetectorId: id }), o);
        const ev = { Status: d.Status, FindingPublishingFrequency: d.FindingPublishingFrequency };
        return d.Status === 'ENABLED' ? pass('enabled', ev) : fail(`detector ${d.Status}`, ev);
      },
    });
  }
  if (r.backupVaultName) {
    const vault = r.backupVaultName;
    checks.push({
      id: 'backup.vault', title: 'AWS Backup vault encrypted, plan present', region, resource: vault,
      run: async () => {
        // DescribeBackupVault: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupVault.html (ResourceNotFoundException when absent)
        const v = await call<{ EncryptionKeyArn?: string; Locked?: boolean; NumberOfRecoveryPoints?: number }>(e.clients.backup(region), new DescribeBackupVaultCommand({ BackupVaultName: vault }), o)
          .catch((err) => (isNotFound(err) ? undefined : Promise.reject(err)));
        if (!v) return fail(`vault ${vault} not found in ${region}`);
        const p = await call<{ BackupPlansList?: { BackupPlanName?: string }[] }>(e.clients.backup(region), new ListBackupPlansCommand({}), o);
        const ev = { EncryptionKeyArn: v.EncryptionKeyArn, Locked: Boolean(v.Locked), NumberOfRecoveryPoints: v.NumberOfRecoveryPoints, plans: (p.BackupPlansList ?? []).map((x) => x.BackupPlanName) };
        if (!v.EncryptionKeyArn) return fail('vault not encrypted', ev);
        if (!(p.BackupPlansList ?? []).length) return fail('no backup plan', ev);
        return pass(`${v.NumberOfRecoveryPoints ?? 0} recovery point(s)`, ev);
      },
    });
  }
  const dns = r.dns;
  if (dns?.hostedZoneId && dns.recordName) {
    const name = dns.recordName.endsWith('.') ? dns.recordName : `${dns.recordName}.`;
    checks.push({
      id: 'route53.failover-records', title: `Failover records for ${name}`, region: 'global', resource: name,
      run: async () => {
        const l = await call<{ ResourceRecordSets?: { Name?: string; Failover?: string; SetIdentifier?: string; HealthCheckId?: string; Type?: string }[] }>(e.clients.route53(), new ListResourceRecordSetsCommand({ HostedZoneId: dns.hostedZoneId, StartRecordName: name, MaxItems: 10 }), o);
        const sets = (l.ResourceRecordSets ?? []).filter((x) => x.Name === name);
        const primary = sets.find((x) => x.Failover === 'PRIMARY');
        const secondary = sets.find((x) => x.Failover === 'SECONDARY');
        const ev = { records: sets.map((x) => ({ type: x.Type, failover: x.Failover, setIdentifier: x.SetIdentifier, healthCheckId: x.HealthCheckId })) };
        if (!primary || !secondary) return fail('PRIMARY and SECONDARY failover records expected', ev);
        if (!primary.HealthCheckId) return fail('PRIMARY record has no health check: Route 53 cannot fail over', ev);
        if (dns.primaryHealthCheckId) {
          const h = await call<{ HealthCheck?: { HealthCheckConfig?: { Inverted?: boolean } } }>(e.clients.route53(), new GetHealthCheckCommand({ HealthCheckId: dns.primaryHealthCheckId }), o);
          if (h.HealthCheck?.HealthCheckConfig?.Inverted) return fail('primary health check is INVERTED (a failover is in effect)', { ...ev, inverted: true });
        }
        return pass('PRIMARY (health-checked) and SECONDARY present', ev);
      },
    });
  }
  return checks;
}

/** Port ranges the load balancer's security groups open to 0.0.0.0/0 or ::/0. */
async function internetOpenPorts(e: CheckEnv, region: string, arn: string): Promise<[number, number][]> {
  const o = { clock: e.clock, profile: e.clients.profile };
  // DescribeLoadBalancers: https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
  const lb = await call<{ LoadBalancers?: { SecurityGroups?: string[] }[] }>(e.clients.elbv2(region), new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }), o);
  const groupIds = lb.LoadBalancers?.[0]?.SecurityGroups ?? [];
  if (!groupIds.length) return [[0, 65535]];
  // DescribeSecurityGroups: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
  const sg = await call<{ SecurityGroups?: { IpPermissions?: { FromPort?: number; ToPort?: number; IpProtocol?: string; IpRanges?: { CidrIp?: string }[]; Ipv6Ranges?: { CidrIpv6?: string }[] }[] }[] }>(e.clients.ec2(region), new DescribeSecurityGroupsCommand({ GroupIds: groupIds }), o);
  return (sg.SecurityGroups ?? []).flatMap((g) => g.IpPermissions ?? [])
    .filter((p) => (p.IpRanges ?? []).some((r) => r.CidrIp === '0.0.0.0/0') || (p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === '::/0'))
    .map((p): [number, number] => (p.IpProtocol === '-1' ? [0, 65535] : [p.FromPort ?? 0, p.ToPort ?? 65535]));
}

type StackRole = OpsTarget['stacks'][number]['role'];
const ALARM_TYPES = new Set(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']);

/**
 * Alarms CloudFormation created in the environment's stacks and their nested stacks: resources of type
 * AWS::CloudWatch::Alarm (physical id = alarm name). No output lists them: an output value is too small for hundreds.
 * ListStackResources (paginated; a nested stack is listed as AWS::CloudFormation::Stack with its stack ARN as
 * physical id): https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html
 */
export interface StackAlarm {
  readonly name: string;
  readonly region: string;
  readonly role: StackRole;
  /** The stack (top-level or nested) that created it also holds a CodeDeploy deployment group. */
  readonly deploymentGated: boolean;
}

export async function stackAlarms(e: CheckEnv): Promise<StackAlarm[]> {
  const o = { clock: e.clock, profile: e.clients.profile };
  const found: StackAlarm[] = [];
  const walk = async (stack: string, region: string, role: StackRole): Promise<void> => {
    const resources: { ResourceType?: string; PhysicalResourceId?: string }[] = [];
    let token: string | undefined;
    do {
      const r = await call<{ StackResourceSummaries?: typeof resources; NextToken?: string }>(e.clients.cloudformation(region), new ListStackResourcesCommand({ StackName: stack, NextToken: token }), o);
      resources.push(...(r.StackResourceSummaries ?? []));
      token = r.NextToken;
    } while (token);
    const deploymentGated = resources.some((x) => x.ResourceType === 'AWS::CodeDeploy::DeploymentGroup');
    for (const x of resources) {
      if (!x.PhysicalResourceId) continue;
      if (ALARM_TYPES.has(x.ResourceType ?? '')) found.push({ name: x.PhysicalResourceId, region, role, deploymentGated });
      else if (x.ResourceType === 'AWS::CloudFormation::Stack') await walk(x.PhysicalResourceId, region, role);
    }
  };
  for (const s of e.target.stacks) await walk(s.name, s.region, s.role);
  return found;
}

type Alarm = { AlarmName?: string; ActionsEnabled?: boolean; AlarmActions?: string[]; StateValue?: string };

/** DescribeAlarms takes at most 100 AlarmNames per call and pages its answer: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html */
async function describeAlarms(e: CheckEnv, region: string, names: readonly string[]): Promise<Alarm[]> {
  const o = { clock: e.clock, profile: e.clients.profile };
  const out: Alarm[] = [];
  for (let i = 0; i < names.length; i += 100) {
    let token: string | undefined;
    do {
      const a = await call<{ MetricAlarms?: Alarm[]; CompositeAlarms?: Alarm[]; NextToken?: string }>(e.clients.cloudwatch(region), new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), MaxRecords: 100, NextToken: token }), o);
      out.push(...(a.MetricAlarms ?? []), ...(a.CompositeAlarms ?? []));
      token = a.NextToken;
    } while (token);
  }
  return out;
}

/**
 * The alarm an alarm of a stack must notify: the primary stack's topic, or the DR stack's own. The us-east-1 edge
 * stacks have their own topic, which no output names: any enabled SNS action passes there.
 */
function notifiesItsTopic(e: CheckEnv, role: StackRole, a: Alarm): boolean {
  const topic = role === 'primary' ? e.target.resources.alarmTopicArn : role === 'dr' ? e.target.resources.drAlarmTopicArn : undefined;
  const actions = a.AlarmActions ?? [];
  return Boolean(a.ActionsEnabled) && (topic ? actions.includes(topic) : actions.some((x) => x.startsWith('arn:') && x.split(':')[2] === 'sns'));
}

async function alarmsCheck(e: CheckEnv) {
  const expected = await stackAlarms(e);
  if (!expected.length) return fail('the stacks created no CloudWatch alarms');
  const missing: string[] = [];
  const unwired: string[] = [];
  const rollbackOnly: string[] = [];
  const states: Record<string, string | undefined> = {};
  for (const region of [...new Set(expected.map((x) => x.region))]) {
    const here = expected.filter((x) => x.region === region);
    const found = new Map((await describeAlarms(e, region, here.map((x) => x.name))).map((a) => [a.AlarmName, a]));
    for (const x of here) {
      const a = found.get(x.name);
      if (!a) missing.push(x.name);
      // Blue/green rollback alarms carry no actions: CodeDeploy's deployment group in the same stack watches them.
      else if (!(a.AlarmActions ?? []).length && x.deploymentGated) rollbackOnly.push(x.name);
      else if (!notifiesItsTopic(e, x.role, a)) unwired.push(x.name);
      states[x.name] = a?.StateValue;
    }
  }
  const ev = { expected: expected.length, missing, unwired, rollbackOnly, states };
  if (missing.length || unwired.length) return fail(`${missing.length} missing, ${unwired.length} not wired to the alarm topic`, ev);
  return pass(`${expected.length} alarm(s) present and wired`, ev);
}

/** Replica lag the DR runbook tolerates before failing over (its default RPO, `maxReplicaLagSeconds`). */
export const MAX_REPLICA_LAG_SECONDS = 900;

/** RDS ReplicaLag of a cross-region replica, latest minute of the last 15: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html */
function replicaLagCheck(e: CheckEnv, db: OpsDatabase, dr: string): Check {
  const o = { clock: e.clock, profile: e.clients.profile };
  return {
    id: `rds.${db.name}.dr-replica-lag`, title: `Database ${db.name} replica lag within ${MAX_REPLICA_LAG_SECONDS}s`, region: dr, resource: db.drIdentifier,
    run: async () => {
      if (!db.drIdentifier) return fail('DR replica identifier unknown');
      const now = e.clock.now();
      // GetMetricStatistics: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html
      const m = await call<{ Datapoints?: { Timestamp?: Date; Maximum?: number }[] }>(e.clients.cloudwatch(dr), new GetMetricStatisticsCommand({
        Namespace: 'AWS/RDS', MetricName: 'ReplicaLag', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: db.drIdentifier }],
        StartTime: new Date(now - 15 * 60_000), EndTime: new Date(now), Period: 60, Statistics: ['Maximum'],
      }), o);
      const latest = [...(m.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0]?.Maximum;
      const ev = { ReplicaLagSeconds: latest ?? null, maxSeconds: MAX_REPLICA_LAG_SECONDS };
      if (latest === undefined) return fail('no ReplicaLag datapoint in 15 minutes: the replica is not replicating', ev);
      return latest <= MAX_REPLICA_LAG_SECONDS ? pass(`lag ${latest}s`, ev) : fail(`lag ${latest}s exceeds ${MAX_REPLICA_LAG_SECONDS}s`, ev);
    },
  };
}

/** Every check the target promises, in report order. */
export function buildChecks(e: CheckEnv): Check[] {
  const r = e.target.resources;
  return [
    ...r.databases.flatMap((d) => dbChecks(e, d)),
    ...r.buckets.flatMap((b) => bucketChecks(e, b)),
    ...r.caches.flatMap((c) => cacheChecks(e, c)),
    ...platformChecks(e),
  ];
}

