import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { PostgresDatabase } from '../../constructs/database';
import { RedisCache } from '../../constructs/cache';
import type { PlatformContext, PlatformFeature } from '../context';
import { tagHavenResource } from './metadata';
import { drDesign } from '../../dr/strategy';
import { envPrefix, kmsAliasArn, replicaBackupKeyAlias, replicaSecretsKeyAlias } from '../../dr/names';
import type { AutomatedBackupReplicationSettings } from '../../constructs/database';
import { pascalCase as pascal } from '../naming';
import { OUTPUTS } from '../outputs';
import { cacheEnvironmentNames } from './workload-wiring';

export { pascal };

/** Performance Insights retention in days → the CDK enum (7 days free, or whole months). */
function piRetention(days: number | undefined): rds.PerformanceInsightRetention | undefined {
  if (days === undefined) return undefined;
  return days === 7 ? rds.PerformanceInsightRetention.DEFAULT : (Math.round(days / 31) as rds.PerformanceInsightRetention);
}

/**
 * `dr.database.replication: backup-replication`: the instance replicates its automated backups to the DR region,
 * encrypted there under the DR stack's backup key, named by alias ARN (a KMS key identifier in any call:
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-alias-ARN).
 */
function backupReplicationFor(ctx: PlatformContext, name: string): AutomatedBackupReplicationSettings | undefined {
  const design = drDesign(ctx.plan);
  if (!design.drRegion || design.databases.find((d) => d.name === name)?.mode !== 'backup-replication') return undefined;
  const stack = Stack.of(ctx.stack);
  const keyArn = kmsAliasArn(replicaBackupKeyAlias(envPrefix(ctx.plan.project.name, ctx.plan.name)), design.drRegion, ctx.plan.account ?? stack.account, stack.partition);
  return { region: design.drRegion, kmsKeyArn: keyArn, retentionDays: design.replicatedBackupRetentionDays };
}

export const databasesFeature: PlatformFeature = {
  name: 'databases',
  roles: ['primary'],
  apply(ctx: PlatformContext) {
    const { plan } = ctx;
    const d = plan.defaults;
    // DR: the credentials are replicated to the DR region under the DR stack's secrets key (by alias, no reference).
    const drRegion = drDesign(plan).drRegion;
    const stack = Stack.of(ctx.stack);
    const secretReplicas = drRegion ? [{ region: drRegion, keyArn: kmsAliasArn(replicaSecretsKeyAlias(envPrefix(plan.project.name, plan.name)), drRegion, plan.account ?? stack.account, stack.partition) }] : undefined;
    for (const [name, spec] of Object.entries(plan.databases ?? {})) {
      const db = new PostgresDatabase(ctx.stack, `Database-${name}`, {
        vpc: ctx.vpc,
        subnets: ctx.subnets.data,
        engine: spec.engine,
        version: spec.version,
        instanceClass: spec.instanceClass ?? d.dbInstanceClass,
        allocatedStorageGb: spec.storage?.allocatedGb,
        maxAllocatedStorageGb: spec.storage?.maxGb,
        multiAz: spec.multiAz ?? d.multiAz,
        instances: spec.instances,
        serverlessCapacity: spec.serverless ? { min: spec.serverless.minCapacity, max: spec.serverless.maxCapacity } : undefined,
        databaseName: spec.databaseName,
        username: spec.username,
        storageKey: ctx.key('data'),
        secretKey: ctx.key('secrets'),
        secretReplicas,
        backupRetention: Duration.days(spec.backupRetentionDays ?? d.backupRetentionDays),
        backupWindow: spec.backupWindow,
        maintenanceWindow: spec.maintenanceWindow,
        performanceInsights: spec.performanceInsights ?? d.performanceInsights,
        performanceInsightsRetention: piRetention(spec.performanceInsightsRetentionDays),
        monitoringIntervalSeconds: spec.monitoringIntervalSeconds ?? d.monitoringIntervalSeconds,
        logExports: spec.logExports,
        deletionProtection: spec.deletionProtection ?? d.deletionProtection,
        removalPolicy: d.retainData ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
        slowQueryMs: spec.slowQueryMs,
        pgAudit: spec.pgAudit,
        iamAuthentication: spec.iamAuthentication,
        rotation: Duration.days(spec.rotationDays ?? 30),
        rotationSubnets: (plan.network.natGateways ?? d.natGateways) === 'none' ? ctx.subnets.data : ctx.subnets.app,
        identifier: ctx.name(name),
        automatedBackupReplication: backupReplicationFor(ctx, name),
      });
      tagHavenResource(db.instance ?? db.cluster!, `databases.${name}`);
      ctx.registry.dataStores.set(`databases.${name}`, {
        name,
        kind: db.instance ? 'rds-instance' : 'aurora-cluster',
        connections: db.connections,
        defaultPort: db.port,
        arn: db.arn,
        metricId: db.identifier,
        secret: db.secret,
        clients: spec.clients ?? [],
        // Aurora readers replicate from the writer: monitoring alarms on their lag.
        hasReplicas: db.readerCount > 0,
      });
      ctx.evidence(OUTPUTS.dbEndpoint(name), db.endpointAddress, `Endpoint of database ${name}`);
      ctx.evidence(OUTPUTS.dbIdentifier(name), db.identifier, `Identifier of database ${name}`);
      ctx.evidence(OUTPUTS.dbSecretArn(name), db.secret.secretArn, `Secrets Manager ARN of database ${name}'s credentials (not the value)`);
    }
  },
};

export const cachesFeature: PlatformFeature = {
  name: 'caches',
  roles: ['primary'],
  apply(ctx: PlatformContext) {
    const { plan } = ctx;
    const d = plan.defaults;
    for (const [name, spec] of Object.entries(plan.caches ?? {})) {
      const multiAz = spec.multiAz ?? d.multiAz;
      const cache = new RedisCache(ctx.stack, `Cache-${name}`, {
        vpc: ctx.vpc,
        subnets: ctx.subnets.data,
        engine: spec.engine,
        version: spec.version,
        nodeType: spec.nodeType ?? d.cacheNodeType,
        nodes: spec.shards === undefined ? (spec.nodes ?? (multiAz ? 2 : 1)) : undefined,
        shards: spec.shards,
        replicasPerShard: spec.replicasPerShard,
        multiAz,
        key: ctx.key('data'),
        secretKey: ctx.key('secrets'),
        snapshotRetentionDays: spec.snapshotRetentionDays ?? d.cacheSnapshotRetentionDays,
        snapshotWindow: spec.snapshotWindow,
        removalPolicy: d.retainData ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
        replicationGroupId: ctx.name(name),
        notificationTopicArn: ctx.alarmTopic.topicArn,
        authentication: spec.auth,
      });
      const names = cacheEnvironmentNames(name);
      tagHavenResource(cache.replicationGroup, `caches.${name}`);
      ctx.registry.dataStores.set(`caches.${name}`, {
        name,
        kind: 'redis',
        connections: cache.connections,
        defaultPort: cache.port,
        arn: `arn:${ctx.stack.partition}:elasticache:${ctx.region}:${ctx.stack.account}:replicationgroup:${ctx.name(name)}`,
        metricId: ctx.name(name),
        secret: cache.authSecret,
        clients: spec.clients ?? [],
        iamAccess: cache.iamUserId
          ? { grant: (grantee) => cache.grantConnect(grantee), environment: { [names.userId]: cache.iamUserId, [names.replicationGroupId]: cache.replicationGroupId } }
          : undefined,
      });
      ctx.evidence(OUTPUTS.cacheEndpoint(name), cache.endpointAddress, `Endpoint of cache ${name}`);
      ctx.evidence(OUTPUTS.cacheReplicationGroupId(name), cache.replicationGroupId, `Replication group of cache ${name}`);
      if (cache.authSecret) ctx.evidence(OUTPUTS.cacheSecretArn(name), cache.authSecret.secretArn, `Secrets Manager ARN of cache ${name}'s AUTH token (not the value)`);
      if (cache.iamUserId) ctx.evidence(OUTPUTS.cacheIamUserId(name), cache.iamUserId, `ElastiCache user cache ${name}'s clients sign in as with IAM`);
    }
  },
};

