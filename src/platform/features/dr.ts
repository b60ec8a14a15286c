import { Annotations, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AuroraGlobalDatabase, AuroraGlobalSecondary, AutomatedBackupReplication, BucketReplication, CrossRegionBackupCopy,
  CrossRegionReadReplica, FailoverRecords, type FailoverTarget,
} from '../../constructs/dr';
import {
  drVaultArn, drVaultName, envPrefix, globalClusterIdentifier, rdsClusterArn, rdsInstanceArn, replicaBucketName, replicaKeyAlias,
} from '../../dr/names';
import { objectivesForPlan } from '../../dr/objectives';
import { drDesign, type DrDesign } from '../../dr/strategy';
import type { PlatformContext, PlatformFeature } from '../context';
import { resolveBackup } from './backup';
import { secureLifecycleRules } from '../../constructs/storage';
import { bucketName } from '../naming';

/**
 * Context key read in the DR stack. `foundation` builds only what the primary stack replicates into (keys, replica
 * buckets, vault); anything following a primary resource (read replica, backup replication, Aurora secondary) waits
 * for the full build. First deployment of an environment with DR:
 *   1. DR stack with `-c haven:dr-phase=foundation` (destinations must exist before S3 accepts a replication rule)
 *   2. primary stack (sources: databases, buckets with replication, global cluster)
 *   3. DR stack again without the flag (read replica / backup replication of the now existing primary)
 * Later deployments: primary, then DR. `haven deploy` sequences this itself (see `drFoundationNeeded` in src/ops).
 */
export const DR_PHASE_CONTEXT = 'haven:dr-phase';

function account(ctx: PlatformContext): string {
  return ctx.plan.account ?? Stack.of(ctx.stack).account;
}

function prefix(ctx: PlatformContext): string {
  return envPrefix(ctx.plan.project.name, ctx.plan.name);
}

/** Base (source) name of a spec bucket, as the buckets feature names it. */
function sourceBucketName(ctx: PlatformContext, bucket: string): string {
  return ctx.plan.buckets?.[bucket]?.name ?? bucketName(ctx.plan.project.name, ctx.plan.name, bucket);
}

function usesKms(ctx: PlatformContext, bucket: string): boolean {
  return (ctx.plan.buckets?.[bucket]?.encryption ?? 'kms') === 'kms';
}

function alarm(ctx: PlatformContext, id: string, props: cloudwatch.AlarmProps): void {
  const a = new cloudwatch.Alarm(ctx.stack, id, props);
  a.addAlarmAction(new cwActions.SnsAction(ctx.alarmTopic));
  ctx.registry.alarms.push(a);
}

function failoverTarget(ctx: PlatformContext, explicit: string | undefined): FailoverTarget | undefined {
  if (explicit) return { dnsName: explicit };
  const endpoints = ctx.registry.endpoints;
  const endpoint = endpoints?.get('public') ?? (endpoints ? [...endpoints.values()][0] : undefined);
  if (!endpoint) return undefined;
  if (!endpoint.hostedZoneId) return { dnsName: endpoint.dnsName };
  const zoneId = endpoint.hostedZoneId;
  return { alias: { bind: () => ({ dnsName: endpoint.dnsName, hostedZoneId: zoneId }) }, healthCheckFqdn: endpoint.dnsName };
}

function failover(ctx: PlatformContext, side: 'primary' | 'secondary'): void {
  const spec = ctx.plan.dr?.failover;
  if (!spec) return;
  const target = failoverTarget(ctx, side === 'primary' ? spec.primaryTarget : spec.drTarget);
  if (!target) {
    Annotations.of(ctx.stack).addWarningV2('haven:dr:failover-target', `dr.failover: no ${side} target (set dr.failover.${side === 'primary' ? 'primaryTarget' : 'drTarget'} or register an endpoint); ${side.toUpperCase()} record not created`);
    return;
  }
  if (!spec.hostedZoneId) {
    Annotations.of(ctx.stack).addWarningV2('haven:dr:failover-zone', 'dr.failover.hostedZoneId is needed to build failover records offline; records not created');
    return;
  }
  const zone = route53.HostedZone.fromHostedZoneAttributes(ctx.stack, 'DrFailoverZone', { hostedZoneId: spec.hostedZoneId, zoneName: spec.zoneName });
  const records = new FailoverRecords(ctx.stack, side === 'primary' ? 'DrFailoverPrimary' : 'DrFailoverSecondary', {
    zone,
    recordName: spec.recordName,
    [side]: target,
    healthCheckPath: spec.healthCheckPath,
    ttl: Duration.seconds(spec.ttlSeconds ?? 60),
  });
  if (records.healthCheck) {
    ctx.evidence('DrHealthCheckId', records.healthCheck.healthCheckId, 'Route 53 health check that fails the record over to the DR region');
    // Route 53 publishes health-check metrics only in us-east-1, and an alarm must sit in its metric's region.
    if (ctx.region === 'us-east-1') {
      alarm(ctx, 'DrPrimaryHealthAlarm', {
        metric: new cloudwatch.Metric({ namespace: 'AWS/Route53', metricName: 'HealthCheckStatus', dimensionsMap: { HealthCheckId: records.healthCheck.healthCheckId }, statistic: 'Minimum', period: Duration.minutes(1) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 2,
        alarmDescription: `Primary endpoint of ${spec.recordName} unhealthy: traffic is failing over to the DR region`,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }
  }
}

/** Primary region: replication sources (bucket CRR), Backup copies and the global cluster, the PRIMARY record. */
function applyPrimary(ctx: PlatformContext, design: DrDesign, drRegion: string): void {
  const acct = account(ctx);
  for (const name of design.replicatedBuckets) {
    const source = ctx.registry.buckets.get(name);
    if (!source) {
      Annotations.of(ctx.stack).addWarningV2('haven:dr:missing-bucket', `buckets.${name} is marked replicate but no bucket ${name} was registered in this stack; not replicated`);
      continue;
    }
    const destination = replicaBucketName(sourceBucketName(ctx, name), drRegion);
    new BucketReplication(ctx.stack, `DrReplication-${name}`, {
      source,
      destinationBucketName: destination,
      replicaKeyAlias: usesKms(ctx, name) ? { aliasName: replicaKeyAlias(prefix(ctx)), region: drRegion, account: acct } : undefined,
      replicationTimeControl: design.replicationTimeControl,
      deleteMarkerReplication: design.deleteMarkerReplication,
      storageClass: ctx.plan.dr?.buckets?.storageClass,
    });
    if (design.replicationTimeControl) {
      // Replication metrics exist only with RTC/metrics enabled; a failed operation means the replica falls behind the RPO.
      alarm(ctx, `DrReplicationFailed-${name}`, {
        metric: new cloudwatch.Metric({ namespace: 'AWS/S3', metricName: 'OperationsFailedReplication', dimensionsMap: { SourceBucket: source.bucketName, DestinationBucket: destination, RuleId: 'replicate-all' }, statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `S3 replication of ${name} to ${drRegion} is failing`,
      });
    }
  }
  const copies = design.databases.filter((d) => d.mode === 'snapshot-copy');
  if (copies.length) {
    new CrossRegionBackupCopy(ctx.stack, 'DrBackupCopy', {
      resourceArns: copies.map((d) => ctx.registry.dataStores.get(d.name)?.arn ?? (d.engine === 'postgres' ? rdsInstanceArn(ctx.region, acct, ctx.name(d.name)) : rdsClusterArn(ctx.region, acct, ctx.name(d.name)))),
      destinationVaultArn: drVaultArn(prefix(ctx), drRegion, acct, Stack.of(ctx.stack).partition),
      encryptionKey: ctx.key('backup'),
      intervalHours: design.snapshotIntervalHours,
      retention: Duration.days(ctx.plan.defaults.backupRetentionDays),
      vaultName: `${prefix(ctx)}-dr-source`,
      removalPolicy: ctx.plan.defaults.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
  for (const db of design.databases.filter((d) => d.mode === 'aurora-global')) {
    new AuroraGlobalDatabase(ctx.stack, `DrGlobal-${db.name}`, {
      globalClusterIdentifier: globalClusterIdentifier(prefix(ctx), db.name),
      sourceDbClusterArn: ctx.registry.dataStores.get(db.name)?.arn ?? rdsClusterArn(ctx.region, acct, ctx.name(db.name)),
      deletionProtection: ctx.plan.defaults.deletionProtection,
    });
  }
  failover(ctx, 'primary');
  const objectives = objectivesForPlan(ctx.plan);
  ctx.evidence('DrStrategy', `${design.strategy} to ${drRegion}`, 'DR strategy and region');
  ctx.evidence('DrRpoMinutes', String(objectives.rpoMinutes ?? 'none'), 'RPO (minutes) the DR design achieves on a region loss, computed by Haven');
  ctx.evidence('DrRtoMinutes', String(objectives.rtoMinutes ?? 'none'), 'RTO (minutes) the DR design achieves on a region loss, computed by Haven');
}

/** DR region: replica buckets and their key alias, the copy vault, database followers, the SECONDARY record. */
function applyDr(ctx: PlatformContext, design: DrDesign): void {
  const retain = ctx.plan.defaults.retainData;
  const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const acct = account(ctx);
  const primaryRegion = design.primaryRegion;
  if (design.replicatedBuckets.some((b) => usesKms(ctx, b))) {
    // The primary stack names the destination key by this alias (no cross-region reference needed).
    new kms.Alias(ctx.stack, 'DrReplicaKeyAlias', { aliasName: replicaKeyAlias(prefix(ctx)), targetKey: ctx.key('data') });
  }
  for (const name of design.replicatedBuckets) {
    const spec = ctx.plan.buckets?.[name] ?? {};
    const kmsEncrypted = usesKms(ctx, name);
    const replica = new s3.Bucket(ctx.stack, `DrReplica-${name}`, {
      bucketName: replicaBucketName(sourceBucketName(ctx, name), ctx.region),
      encryption: kmsEncrypted ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: kmsEncrypted ? ctx.key('data') : undefined,
      bucketKeyEnabled: kmsEncrypted,
      versioned: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: ctx.logBucket,
      serverAccessLogsPrefix: `s3/${name}-replica/`,
      // The source's archive and expiry rules: lifecycle actions are not replicated, so the replica applies its own.
      lifecycleRules: secureLifecycleRules(spec),
      removalPolicy,
      autoDeleteObjects: false,
    });
    if (!ctx.registry.buckets.has(name)) ctx.registry.buckets.set(name, replica);
    ctx.evidence(`DrReplicaBucket${name.replace(/[^a-zA-Z0-9]/g, '')}`, replica.bucketName, `Replica of buckets.${name} in ${ctx.region}`);
  }
  // The backup feature builds this region's vault when its plans copy here; only otherwise does DR build it.
  if (design.profile.backupVault && !resolveBackup(ctx.plan).plans.some((p) => p.copyToDr)) {
    const vault = new backup.BackupVault(ctx.stack, 'DrVault', {
      backupVaultName: drVaultName(prefix(ctx)),
      encryptionKey: ctx.key('backup'),
      removalPolicy,
    });
    ctx.evidence('DrVaultArn', vault.backupVaultArn, 'Backup vault receiving cross-region copies');
  }
  if (ctx.stack.node.tryGetContext(DR_PHASE_CONTEXT) === 'foundation') return;
  for (const db of design.databases) {
    const dbSpec = ctx.plan.databases?.[db.name];
    if (!dbSpec) continue;
    const sourceArn = rdsInstanceArn(primaryRegion, acct, ctx.name(db.name), Stack.of(ctx.stack).partition);
    const clients = dbSpec.clients ?? [];
    if (db.mode === 'read-replica') {
      const replica = new CrossRegionReadReplica(ctx.stack, `DrReplica-db-${db.name}`, {
        sourceDbInstanceArn: sourceArn,
        sourceRegion: primaryRegion,
        instanceClass: ctx.plan.dr?.database?.instanceClass ?? dbSpec.instanceClass ?? ctx.plan.defaults.dbInstanceClass,
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.data,
        encryptionKey: ctx.key('data'),
        instanceIdentifier: ctx.name(`${db.name}-dr`),
        deletionProtection: ctx.plan.defaults.deletionProtection,
        removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        performanceInsights: dbSpec.performanceInsights ?? ctx.plan.defaults.performanceInsights,
      });
      ctx.registry.dataStores.set(db.name, {
        name: db.name, kind: 'rds-instance', connections: replica.connections, defaultPort: 5432, arn: replica.instanceArn,
        metricId: replica.instance.ref, clients,
      });
      alarm(ctx, `DrReplicaLag-${db.name}`, {
        metric: new cloudwatch.Metric({ namespace: 'AWS/RDS', metricName: 'ReplicaLag', dimensionsMap: { DBInstanceIdentifier: replica.instance.ref }, statistic: 'Maximum', period: Duration.minutes(1) }),
        // Lag beyond 5 minutes is the figure the computed RPO assumes; past it the RPO is no longer met.
        threshold: 300,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 5,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        alarmDescription: `Cross-region replica of databases.${db.name} lags more than 5 minutes behind ${primaryRegion}`,
      });
      ctx.evidence(`DrReplica${db.name.replace(/[^a-zA-Z0-9]/g, '')}`, replica.instance.ref, `Cross-region read replica of databases.${db.name}`);
    } else if (db.mode === 'backup-replication') {
      new AutomatedBackupReplication(ctx.stack, `DrBackupReplication-${db.name}`, {
        sourceDbInstanceArn: sourceArn,
        encryptionKey: ctx.key('backup'),
        retentionDays: design.replicatedBackupRetentionDays,
      });
    } else if (db.mode === 'aurora-global') {
      const secondary = new AuroraGlobalSecondary(ctx.stack, `DrGlobalSecondary-${db.name}`, {
        globalClusterIdentifier: globalClusterIdentifier(prefix(ctx), db.name),
        engineVersion: dbSpec.version,
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.data,
        encryptionKey: ctx.key('data'),
        instanceClass: ctx.plan.dr?.database?.instanceClass ?? dbSpec.instanceClass ?? ctx.plan.defaults.dbInstanceClass,
        serverless: db.engine === 'aurora-postgresql-serverless' ? (dbSpec.serverless ?? { minCapacity: 0.5, maxCapacity: 4 }) : undefined,
        deletionProtection: ctx.plan.defaults.deletionProtection,
        removalPolicy: retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      });
      ctx.registry.dataStores.set(db.name, {
        name: db.name, kind: 'aurora-cluster', connections: secondary.connections, defaultPort: 5432,
        arn: Stack.of(ctx.stack).formatArn({ service: 'rds', resource: 'cluster', resourceName: secondary.cluster.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        metricId: secondary.cluster.ref, clients,
      });
    }
  }
  failover(ctx, 'secondary');
}

/**
 * DR feature. Roles: 'primary' (replication sources) and 'dr' (destinations and followers). Names are
 * deterministic (src/dr/names.ts) so neither stack imports a reference from the other region.
 */
export const drFeature: PlatformFeature = {
  name: 'dr',
  roles: ['primary', 'dr'],
  apply(ctx: PlatformContext): void {
    const design = drDesign(ctx.plan);
    if (design.strategy === 'none' || !design.drRegion) return;
    if (ctx.role === 'primary') applyPrimary(ctx, design, design.drRegion);
    else if (ctx.role === 'dr') applyDr(ctx, design);
  },
};
