import { Annotations, ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { postgresParameters } from '../../constructs/database/postgres-database';
import {
  AuroraGlobalDatabase, AuroraGlobalSecondary, BucketReplication, CrossRegionBackupCopy,
  CrossRegionReadReplica,
} from '../../constructs/dr';
import {
  drVaultArn, drVaultName, envPrefix, globalClusterIdentifier, rdsClusterArn, rdsInstanceArn, replicaBackupKeyAlias, replicaBucketName, replicaKeyAlias,
  replicaSecretsKeyAlias,
} from '../../dr/names';
import { OUTPUTS, dbSecretName, drDbIdentifier } from '../outputs';
import { objectivesForPlan } from '../../dr/objectives';
import { drDesign, isAurora, replicaBackupsSupported, type DatabaseDrPlan, type DrDesign } from '../../dr/strategy';
import type { PlatformContext, PlatformFeature } from '../context';
import { replicateAccessLogs } from './audit-replication';
import { resolveBackup } from './backup';
import { replicaBucketBase } from './replica-bucket';
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

/** ARN of a primary database as the databases feature registered it (`databases.<name>`; tests register `<name>`). */
function primaryStoreArn(ctx: PlatformContext, db: string): string | undefined {
  return (ctx.registry.dataStores.get(`databases.${db}`) ?? ctx.registry.dataStores.get(db))?.arn;
}

function alarm(ctx: PlatformContext, id: string, props: cloudwatch.AlarmProps): void {
  const a = new cloudwatch.Alarm(ctx.stack, id, props);
  a.addAlarmAction(new cwActions.SnsAction(ctx.alarmTopic));
  ctx.registry.alarms.push(a);
}

/** Primary region: replication sources (bucket CRR), Backup copies and the global cluster. */
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
  // Access logs are audit records too: they replicate to the DR region's access-log bucket.
  replicateAccessLogs(ctx);
  const copies = design.databases.filter((d) => d.mode === 'snapshot-copy');
  if (copies.length) {
    new CrossRegionBackupCopy(ctx.stack, 'DrBackupCopy', {
      resourceArns: copies.map((d) => primaryStoreArn(ctx, d.name) ?? (d.engine === 'postgres' ? rdsInstanceArn(ctx.region, acct, ctx.name(d.name)) : rdsClusterArn(ctx.region, acct, ctx.name(d.name)))),
      destinationVaultArn: drVaultArn(prefix(ctx), drRegion, acct, Stack.of(ctx.stack).partition),
      encryptionKey: ctx.key('backup'),
      intervalHours: design.snapshotIntervalHours,
      retention: Duration.days(ctx.plan.defaults.backupRetentionDays),
      vaultName: `${prefix(ctx)}-dr-source`,
      removalPolicy: ctx.plan.defaults.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
  for (const db of design.databases.filter((d) => d.mode === 'aurora-global')) {
    const global = new AuroraGlobalDatabase(ctx.stack, `DrGlobal-${db.name}`, {
      globalClusterIdentifier: globalClusterIdentifier(prefix(ctx), db.name),
      sourceDbClusterArn: primaryStoreArn(ctx, db.name) ?? rdsClusterArn(ctx.region, acct, ctx.name(db.name)),
      deletionProtection: ctx.plan.defaults.deletionProtection,
    });
    new CfnOutput(ctx.stack, OUTPUTS.dbGlobalClusterIdentifier(db.name), { value: global.globalCluster.ref, description: `Aurora global database of databases.${db.name}` });
  }
  const objectives = objectivesForPlan(ctx.plan);
  ctx.evidence('DrStrategy', `${design.strategy} to ${drRegion}`, 'DR strategy and region');
  ctx.evidence('DrRpoMinutes', String(objectives.rpoMinutes ?? 'none'), 'RPO (minutes) the DR design achieves on a region loss, computed by Haven');
  ctx.evidence('DrRtoMinutes', String(objectives.rtoMinutes ?? 'none'), 'RTO (minutes) the DR design achieves on a region loss, computed by Haven');
}

/** DR region: replica buckets and their key alias, the copy vault, secrets key, restore landing, database followers. */
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
      ...replicaBucketBase(ctx, name),
      // The source's archive and expiry rules: lifecycle actions are not replicated, so the replica applies its own.
      lifecycleRules: secureLifecycleRules(spec),
      removalPolicy,
      autoDeleteObjects: false,
    });
    if (!ctx.registry.buckets.has(name)) ctx.registry.buckets.set(name, replica);
    ctx.evidence(OUTPUTS.bucketReplicaName(name), replica.bucketName, `Replica of buckets.${name} in ${ctx.region}`);
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
  if (design.databases.some((d) => d.mode === 'backup-replication')) {
    // The primary instance names this key by alias for its replicated automated backups (databases feature).
    new kms.Alias(ctx.stack, 'DrBackupKeyAlias', { aliasName: replicaBackupKeyAlias(prefix(ctx)), targetKey: ctx.key('backup') });
  }
  drSecrets(ctx, design);
  if (design.profile.backupVault) new CfnOutput(ctx.stack, OUTPUTS.drBackupVaultName, { value: drVaultName(prefix(ctx)), description: 'Backup vault in the DR region receiving cross-region copies' });
  for (const db of design.databases) {
    if (RESTORE_MODES.has(db.mode) && ctx.plan.databases?.[db.name]) restorePrerequisites(ctx, db);
  }
  if (ctx.stack.node.tryGetContext(DR_PHASE_CONTEXT) === 'foundation') return;
  for (const db of design.databases) {
    const dbSpec = ctx.plan.databases?.[db.name];
    if (!dbSpec) continue;
    const sourceArn = rdsInstanceArn(primaryRegion, acct, ctx.name(db.name), Stack.of(ctx.stack).partition);
    const clients = dbSpec.clients ?? [];
    const identifier = drDbIdentifier(ctx.plan.project.name, ctx.plan.name, db.name);
    const monitoring = enhancedMonitoring(ctx, db.name);
    // The services in this region read the replica of the credentials secret (same name, DR secrets key).
    const secret = secretsmanager.Secret.fromSecretNameV2(ctx.stack, `DrSecret-${db.name}`, dbSecretName(ctx.plan.project.name, ctx.plan.name, db.name));
    if (db.mode === 'read-replica') {
      const replica = new CrossRegionReadReplica(ctx.stack, `DrReplica-db-${db.name}`, {
        sourceDbInstanceArn: sourceArn,
        sourceRegion: primaryRegion,
        instanceClass: ctx.plan.dr?.database?.instanceClass ?? dbSpec.instanceClass ?? ctx.plan.defaults.dbInstanceClass,
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.data,
        encryptionKey: ctx.key('data'),
        instanceIdentifier: identifier,
        deletionProtection: ctx.plan.defaults.deletionProtection,
        removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        performanceInsights: dbSpec.performanceInsights ?? ctx.plan.defaults.performanceInsights,
        performanceInsightsRetentionDays: dbSpec.performanceInsightsRetentionDays,
        parameterGroupName: drParameterGroup(ctx, db).bindToInstance({}).parameterGroupName,
        monitoringInterval: monitoring ? Duration.seconds(monitoring.seconds) : undefined,
        monitoringRole: monitoring?.role,
        // The primary's settings: a promoted replica serves production as it is.
        multiAz: dbSpec.multiAz ?? ctx.plan.defaults.multiAz,
        logExports: dbSpec.logExports,
        iamAuthentication: dbSpec.iamAuthentication,
        backupRetentionDays: replicaBackupsSupported(dbSpec.version) ? (dbSpec.backupRetentionDays ?? ctx.plan.defaults.backupRetentionDays) : undefined,
      });
      ctx.registry.dataStores.set(db.name, {
        name: db.name, kind: 'rds-instance', connections: replica.connections, defaultPort: 5432, arn: replica.instanceArn,
        metricId: replica.instance.ref, clients, secret,
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
      new CfnOutput(ctx.stack, OUTPUTS.dbReplicaIdentifier(db.name), { value: replica.instance.ref, description: `Cross-region read replica of databases.${db.name} (promoted on failover)` });
    } else if (db.mode === 'aurora-global') {
      const secondary = new AuroraGlobalSecondary(ctx.stack, `DrGlobalSecondary-${db.name}`, {
        globalClusterIdentifier: globalClusterIdentifier(prefix(ctx), db.name),
        clusterIdentifier: identifier,
        clusterParameterGroupName: drParameterGroup(ctx, db).bindToCluster({}).parameterGroupName,
        monitoringIntervalSeconds: monitoring?.seconds,
        monitoringRoleArn: monitoring?.role.roleArn,
        engineVersion: dbSpec.version,
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.data,
        encryptionKey: ctx.key('data'),
        instanceClass: ctx.plan.dr?.database?.instanceClass ?? dbSpec.instanceClass ?? ctx.plan.defaults.dbInstanceClass,
        serverless: db.engine === 'aurora-postgresql-serverless' ? (dbSpec.serverless ?? { minCapacity: 0.5, maxCapacity: 4 }) : undefined,
        deletionProtection: ctx.plan.defaults.deletionProtection,
        removalPolicy: retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
        // The primary's backup window, logs, IAM authentication and Performance Insights (Aurora keeps 1-35 days).
        backupRetentionDays: Math.max(1, dbSpec.backupRetentionDays ?? ctx.plan.defaults.backupRetentionDays),
        backupWindow: dbSpec.backupWindow,
        logExports: dbSpec.logExports,
        iamAuthentication: dbSpec.iamAuthentication,
        performanceInsights: dbSpec.performanceInsights ?? ctx.plan.defaults.performanceInsights,
        performanceInsightsRetentionDays: dbSpec.performanceInsightsRetentionDays,
      });
      ctx.registry.dataStores.set(db.name, {
        name: db.name, kind: 'aurora-cluster', connections: secondary.connections, defaultPort: 5432,
        arn: Stack.of(ctx.stack).formatArn({ service: 'rds', resource: 'cluster', resourceName: secondary.cluster.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        metricId: secondary.cluster.ref, clients, secret,
      });
      new CfnOutput(ctx.stack, OUTPUTS.dbReplicaIdentifier(db.name), { value: secondary.cluster.ref, description: `Aurora global secondary cluster of databases.${db.name} (promoted on failover)` });
    }
  }
}

/** Database modes whose DR copy is restored at failover (no running replica): the DR stack prepares the landing. */
const RESTORE_MODES: ReadonlySet<string> = new Set(['backup-replication', 'snapshot-copy']);

/**
 * Secrets: the databases' credentials are replicated here by Secrets Manager (replica regions, set on the primary
 * secret by the databases feature), encrypted with this region's secrets key, which the primary names by this
 * alias. The replica keeps the name, so the DR side reads it without the primary region.
 *
 * Rotation after failover: replicas are read-only and the rotation function lives in the primary region. On failover
 * `haven dr failover` promotes the replica to a standalone secret (StopReplicationToReplica) and re-points its host at
 * the promoted database; rotation resumes when the environment is deployed with the DR region as its primary (the
 * databases feature attaches the rotation function there). Until then the secret keeps its last value, which stays
 * valid: rotation runs every `rotationDays` (30 by default), so nothing expires in the meantime.
 */
function drSecrets(ctx: PlatformContext, design: DrDesign): void {
  const dbs = design.databases.filter((d) => ctx.plan.databases?.[d.name]);
  if (!dbs.length) return;
  new kms.Alias(ctx.stack, 'DrSecretsKeyAlias', { aliasName: replicaSecretsKeyAlias(prefix(ctx)), targetKey: ctx.key('secrets') });
  for (const db of dbs) {
    new CfnOutput(ctx.stack, OUTPUTS.dbDrSecretName(db.name), { value: dbSecretName(ctx.plan.project.name, ctx.plan.name, db.name), description: `Replica of databases.${db.name} credentials in ${ctx.region}` });
  }
}

const parameterGroups = new WeakMap<Stack, Map<string, rds.ParameterGroup>>();

/** One parameter group per database in this region with the primary's settings (TLS, pgAudit, slow-query log). */
function drParameterGroup(ctx: PlatformContext, db: DatabaseDrPlan): rds.ParameterGroup {
  const stack = Stack.of(ctx.stack);
  const groups = parameterGroups.get(stack) ?? new Map<string, rds.ParameterGroup>();
  parameterGroups.set(stack, groups);
  const existing = groups.get(db.name);
  if (existing) return existing;
  const spec = ctx.plan.databases![db.name];
  const major = spec.version.split('.')[0];
  const engine = isAurora(db.engine)
    ? rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of(spec.version, major) })
    : rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(spec.version, major) });
  const group = new rds.ParameterGroup(ctx.stack, `DrParameters-${db.name}`, {
    engine,
    description: `databases.${db.name} in the DR region: the primary's settings (TLS only, pgAudit, slow-query log)`,
    parameters: postgresParameters({ slowQueryMs: spec.slowQueryMs, pgAudit: spec.pgAudit }),
  });
  groups.set(db.name, group);
  return group;
}

/** Enhanced monitoring as the primary runs it (RDS needs a role it can assume to publish OS metrics). */
function enhancedMonitoring(ctx: PlatformContext, db: string): { seconds: number; role: iam.IRole } | undefined {
  const seconds = ctx.plan.databases?.[db]?.monitoringIntervalSeconds ?? ctx.plan.defaults.monitoringIntervalSeconds ?? 60;
  if (!seconds) return undefined;
  const role = new iam.Role(ctx.stack, `DrMonitoringRole-${db}`, {
    assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
  });
  return { seconds, role };
}

const restoreGroups = new WeakMap<Stack, Map<string, ec2.SecurityGroup>>();

/**
 * The security group a database restored in the DR region is given (`haven dr` restores into it); DR services that
 * connect to the database are admitted by the services feature. Undefined when the database is not restored here.
 */
export function drRestoreSecurityGroup(ctx: PlatformContext, db: string): ec2.ISecurityGroup | undefined {
  return restoreGroups.get(Stack.of(ctx.stack))?.get(db);
}

/**
 * What a restore in the DR region needs to land in Haven's network with the primary's settings, built ahead of time
 * so the runbook restores with `--db-subnet-group-name`, `--vpc-security-group-ids`, `--db-parameter-group-name` and
 * `--kms-key-id` from this stack's outputs instead of defaults (default VPC, default parameters).
 */
function restorePrerequisites(ctx: PlatformContext, db: DatabaseDrPlan): void {
  const subnetGroup = new rds.CfnDBSubnetGroup(ctx.stack, `DrRestoreSubnets-${db.name}`, {
    dbSubnetGroupDescription: `DR data subnets for a restore of databases.${db.name}`,
    subnetIds: ctx.vpc.selectSubnets(ctx.subnets.data).subnetIds,
  });
  // No rules yet: the DR clients (services feature) are admitted explicitly; the database initiates nothing.
  const sg = new ec2.SecurityGroup(ctx.stack, `DrRestoreSecurityGroup-${db.name}`, { vpc: ctx.vpc, description: `Restored databases.${db.name}: admits only the DR clients`, allowAllOutbound: false });
  const groups = restoreGroups.get(Stack.of(ctx.stack)) ?? new Map<string, ec2.SecurityGroup>();
  groups.set(db.name, sg);
  restoreGroups.set(Stack.of(ctx.stack), groups);
  const group = drParameterGroup(ctx, db);
  // Aurora snapshots restore into a cluster (cluster parameter group); RDS snapshots into an instance.
  const groupName = isAurora(db.engine) ? group.bindToCluster({}).parameterGroupName : group.bindToInstance({}).parameterGroupName;
  new CfnOutput(ctx.stack, OUTPUTS.dbDrSubnetGroup(db.name), { value: subnetGroup.ref, description: `DB subnet group for a restore of databases.${db.name}` });
  new CfnOutput(ctx.stack, OUTPUTS.dbDrSecurityGroupId(db.name), { value: sg.securityGroupId, description: `Security group for a restore of databases.${db.name}` });
  new CfnOutput(ctx.stack, OUTPUTS.dbDrParameterGroup(db.name), { value: groupName, description: `Parameter group (primary's settings) for a restore of databases.${db.name}` });
  new CfnOutput(ctx.stack, OUTPUTS.dbDrKmsKeyArn(db.name), { value: ctx.key('data').keyArn, description: `DR data key for a restore of databases.${db.name}` });
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
