import { DescribeBackupVaultCommand, ListBackupPlansCommand } from '@aws-sdk/client-backup';
import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { DescribeListenersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
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
    });
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
  const guard = (f: (name: string) => Promise<ReturnType<typeof pass> | ReturnType<typeof fail>>) => async () => (b.bucketName ? f(b.bucketName) : fail('bucket name unknown (output HavenBucket…Name missing)'));
  const checks: Check[] = [
    {
      id: `s3.${b.name}.encryption`, title: `Bucket ${b.name} default encryption with KMS`, region, resource: res,
      run: guard(async (Bucket) => {
        const r = await call<{ ServerSideEncryptionConfiguration?: { Rules?: { ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean }[] } }>(s3, new GetBucketEncryptionCommand({ Bucket }), o);
        const rule = r.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
        const ev = { SSEAlgorithm: rule?.SSEAlgorithm, KMSMasterKeyID: rule?.KMSMasterKeyID };
        return rule?.SSEAlgorithm?.startsWith('aws:kms') ? pass(`${rule.SSEAlgorithm}`, ev) : fail(`default encryption ${rule?.SSEAlgorithm ?? 'none'} (KMS expected)`, ev);
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
    checks.push({
      id: `elbv2.${arn.split('/').slice(-2, -1)[0] ?? 'lb'}.tls`, title: 'Load balancer listeners use TLS 1.2+ and redirect HTTP', region, resource: arn,
      run: async () => {
        const l = await call<{ Listeners?: { Protocol?: string; Port?: number; SslPolicy?: string; DefaultActions?: { Type?: string; RedirectConfig?: { Protocol?: string } }[] }[] }>(e.clients.elbv2(region), new DescribeListenersCommand({ LoadBalancerArn: arn }), o);
        const listeners = l.Listeners ?? [];
        const bad: string[] = [];
        for (const x of listeners) {
          if (x.Protocol === 'HTTPS' || x.Protocol === 'TLS') { if (!isModernTlsPolicy(x.SslPolicy)) bad.push(`${x.Port}: policy ${x.SslPolicy}`); }
          else if (x.Protocol === 'HTTP' && !(x.DefaultActions ?? []).every((a) => a.Type === 'redirect' && a.RedirectConfig?.Protocol === 'HTTPS')) bad.push(`${x.Port}: plaintext HTTP served`);
        }
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
  checks.push({
    id: 'cloudwatch.alarms', title: 'Promised alarms exist and notify the alarm topic', region,
    run: async () => {
      const names = r.alarmNames ?? [];
      if (!names.length) return fail('no alarms listed (output HavenAlarmNames missing)');
      const found: { AlarmName?: string; ActionsEnabled?: boolean; AlarmActions?: string[]; StateValue?: string }[] = [];
      for (let i = 0; i < names.length; i += 100) {
        const a = await call<{ MetricAlarms?: typeof found; CompositeAlarms?: typeof found }>(e.clients.cloudwatch(region), new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100) }), o);
        found.push(...(a.MetricAlarms ?? []), ...(a.CompositeAlarms ?? []));
      }
      const missing = names.filter((n) => !found.some((f) => f.AlarmName === n));
      const unwired = found.filter((f) => !f.ActionsEnabled || (r.alarmTopicArn ? !(f.AlarmActions ?? []).includes(r.alarmTopicArn) : !(f.AlarmActions ?? []).length)).map((f) => f.AlarmName);
      const ev = { expected: names.length, found: found.length, missing, unwired, states: Object.fromEntries(found.map((f) => [f.AlarmName, f.StateValue])) };
      if (missing.length || unwired.length) return fail(`${missing.length} missing, ${unwired.length} not wired to the alarm topic`, ev);
      return pass(`${found.length} alarm(s) present and wired`, ev);
    },
  });
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
        const v = await call<{ EncryptionKeyArn?: string; Locked?: boolean; NumberOfRecoveryPoints?: number }>(e.clients.backup(region), new DescribeBackupVaultCommand({ BackupVaultName: vault }), o);
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

