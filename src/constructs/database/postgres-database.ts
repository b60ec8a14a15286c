import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export type PostgresEngine = 'postgres' | 'aurora-postgresql' | 'aurora-postgresql-serverless';

/** Characters the rotation never puts in a password: CDK's default for RDS secrets (aws-rds DEFAULT_PASSWORD_EXCLUDE_CHARS). */
const ROTATION_EXCLUDE_CHARACTERS = " %+~`#$&*()|[]{}:;<>?!'/@\"\\";

/** Aurora Serverless v2 capacity range (ACUs) when none is given. */
export const DEFAULT_SERVERLESS_CAPACITY = { min: 0.5, max: 4 } as const;

export interface PostgresDatabaseProps {
  readonly vpc: ec2.IVpc;
  /** Subnets for the database (isolated data tier). */
  readonly subnets: ec2.SubnetSelection;
  /** @default 'postgres' (an RDS instance) */
  readonly engine?: PostgresEngine;
  /** PostgreSQL version: major (`16`) or major.minor (`15.5`). */
  readonly version: string;
  /** Instance class such as `db.t4g.medium`; ignored for Serverless v2. @default 'db.t4g.medium' */
  readonly instanceClass?: string;
  /** Initial storage (RDS instance only). @default 100 */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling (RDS instance only). @default - no autoscaling */
  readonly maxAllocatedStorageGb?: number;
  /** Standby in another AZ (RDS instance). @default true */
  readonly multiAz?: boolean;
  /** Aurora instances, writer included. @default 2 when multiAz, else 1 */
  readonly instances?: number;
  /** Aurora Serverless v2 capacity (ACUs). @default { min: 0.5, max: 4 } */
  readonly serverlessCapacity?: { readonly min: number; readonly max: number };
  readonly databaseName?: string;
  /** Master user name. @default 'haven_admin' */
  readonly username?: string;
  /** Key for storage, Performance Insights and log exports. */
  readonly storageKey: kms.IKey;
  /** Key for the credentials secret. */
  readonly secretKey: kms.IKey;
  /**
   * Regions the credentials secret is replicated to (Secrets Manager replica regions), each encrypted with a key of
   * that region given by ARN (an alias ARN works). The replica keeps the secret's name.
   * @default - not replicated
   */
  readonly secretReplicas?: readonly { readonly region: string; readonly keyArn: string }[];
  /** Automated backup retention, 0-35 days (RDS limit). @default Duration.days(7) */
  readonly backupRetention?: Duration;
  /** UTC backup window hh:mm-hh:mm. @default '03:00-04:00' */
  readonly backupWindow?: string;
  /** UTC maintenance window ddd:hh:mm-ddd:hh:mm. @default 'sun:04:30-sun:05:30' */
  readonly maintenanceWindow?: string;
  /** @default true */
  readonly performanceInsights?: boolean;
  /** @default rds.PerformanceInsightRetention.DEFAULT (7 days) */
  readonly performanceInsightsRetention?: rds.PerformanceInsightRetention;
  /** Enhanced monitoring interval in seconds; 0 turns it off. @default 60 */
  readonly monitoringIntervalSeconds?: number;
  /** Logs exported to CloudWatch. @default ['postgresql', 'upgrade'] */
  readonly logExports?: readonly string[];
  /** @default true */
  readonly deletionProtection?: boolean;
  /** SNAPSHOT keeps a final snapshot when the database leaves the stack. @default RemovalPolicy.SNAPSHOT */
  readonly removalPolicy?: RemovalPolicy;
  /** Statements slower than this are logged (log_min_duration_statement). @default 1000 ms */
  readonly slowQueryMs?: number;
  /** Load pgaudit and log DDL, role changes and writes. @default true */
  readonly pgAudit?: boolean;
  /** @default true */
  readonly iamAuthentication?: boolean;
  /** Rotate the master password this often; undefined leaves rotation off. @default Duration.days(30) */
  readonly rotation?: Duration;
  /** Subnets for the rotation function, which must reach Secrets Manager. @default - the database subnets */
  readonly rotationSubnets?: ec2.SubnetSelection;
  /** Physical name prefix for the instance/cluster identifier and secret. @default - generated */
  readonly identifier?: string;
  /**
   * RDS instance only: replicate automated backups (with transaction logs) to another region through the instance's
   * own AutomaticBackupReplication* properties. @default - not replicated
   */
  readonly automatedBackupReplication?: AutomatedBackupReplicationSettings;
}


/** Where an instance's automated backups are replicated. */
export interface AutomatedBackupReplicationSettings {
  /** Destination region. */
  readonly region: string;
  /** Key in the destination region (an alias ARN works across regions without a reference). */
  readonly kmsKeyArn: string;
  /** Days replicated backups are kept (1-35). @default - the instance's backup retention */
  readonly retentionDays?: number;
}

/**
 * Native CloudFormation cross-region automated backup replication, in place of a custom resource calling
 * StartDBInstanceAutomatedBackupsReplication:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-automaticbackupreplicationregion
 */
function replicateAutomatedBackups(instance: rds.DatabaseInstance, settings: AutomatedBackupReplicationSettings): void {
  const retention = settings.retentionDays;
  if (retention !== undefined && (!Number.isInteger(retention) || retention < 1 || retention > 35)) throw new Error(`automatedBackupReplication.retentionDays must be 1-35, got ${retention}`);
  const cfn = instance.node.defaultChild as rds.CfnDBInstance;
  cfn.automaticBackupReplicationRegion = settings.region;
  cfn.automaticBackupReplicationKmsKeyId = settings.kmsKeyArn;
  cfn.automaticBackupReplicationRetentionPeriod = retention;
}

/**
 * PostgreSQL for regulated data: encrypted with a customer key, TLS forced by the parameter group, audited with
 * pgAudit, slow queries logged, credentials generated into Secrets Manager and rotated, a security group that
 * admits nobody until a client is allowed explicitly, and a final snapshot instead of deletion.
 */
export class PostgresDatabase extends Construct implements ec2.IConnectable {
  readonly connections: ec2.Connections;
  readonly securityGroup: ec2.SecurityGroup;
  readonly secret: secretsmanager.ISecret;
  readonly parameterGroup: rds.ParameterGroup;
  readonly engineKind: PostgresEngine;
  /** Instance or cluster identifier (metric dimension and CLI identifier). */
  readonly identifier: string;
  readonly arn: string;
  readonly endpointAddress: string;
  readonly port = 5432;
  /** Aurora reader instances (0 for an RDS instance, whose Multi-AZ standby is not readable). */
  readonly readerCount: number;
  readonly instance?: rds.DatabaseInstance;
  readonly cluster?: rds.DatabaseCluster;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const engineKind = (this.engineKind = props.engine ?? 'postgres');
    const major = props.version.split('.')[0];
    const aurora = engineKind !== 'postgres';
    const multiAz = props.multiAz ?? true;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `PostgreSQL ${id}: admits only named clients`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    const clusterEngine = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of(props.version, major) });
    const instanceEngine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(props.version, major) });
    const engine = aurora ? clusterEngine : instanceEngine;

    const parameters = postgresParameters(props);
    this.parameterGroup = new rds.ParameterGroup(this, 'Parameters', { engine, description: `${id} PostgreSQL ${major}: TLS only, pgAudit, slow-query log`, parameters });

    const credentials = rds.Credentials.fromGeneratedSecret(props.username ?? 'haven_admin', {
      encryptionKey: props.secretKey,
      replicaRegions: props.secretReplicas?.map((r, i) => ({ region: r.region, encryptionKey: kms.Key.fromKeyArn(this, `SecretReplicaKey${i}`, r.keyArn) })),
      secretName: props.identifier ? `${props.identifier}/credentials` : undefined,
    });
    const subnetGroup = new rds.SubnetGroup(this, 'Subnets', { vpc: props.vpc, vpcSubnets: props.subnets, description: `${id} data subnets`, removalPolicy: RemovalPolicy.DESTROY });
    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    // Aurora exports only the postgresql log; RDS instances also export the upgrade log.
    const logExports = [...(props.logExports ?? (aurora ? ['postgresql'] : ['postgresql', 'upgrade']))];
    const performanceInsights = props.performanceInsights ?? true;
    const backupRetention = props.backupRetention ?? Duration.days(7);
    const backupWindow = props.backupWindow ?? '03:00-04:00';
    const maintenanceWindow = props.maintenanceWindow ?? 'sun:04:30-sun:05:30';

    if (!aurora) {
      const instance = new rds.DatabaseInstance(this, 'Instance', {
        engine: instanceEngine,
        instanceIdentifier: props.identifier,
        instanceType: instanceTypeOf(props.instanceClass ?? 'db.t4g.medium'),
        vpc: props.vpc,
        subnetGroup,
        securityGroups: [this.securityGroup],
        credentials,
        databaseName: props.databaseName,
        allocatedStorage: props.allocatedStorageGb ?? 100,
        maxAllocatedStorage: props.maxAllocatedStorageGb,
        storageType: rds.StorageType.GP3,
        storageEncrypted: true,
        storageEncryptionKey: props.storageKey,
        multiAz,
        backupRetention,
        preferredBackupWindow: backupWindow,
        preferredMaintenanceWindow: maintenanceWindow,
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        enablePerformanceInsights: performanceInsights,
        performanceInsightEncryptionKey: performanceInsights ? props.storageKey : undefined,
        performanceInsightRetention: performanceInsights ? (props.performanceInsightsRetention ?? rds.PerformanceInsightRetention.DEFAULT) : undefined,
        monitoringInterval: monitoringInterval > 0 ? Duration.seconds(monitoringInterval) : undefined,
        cloudwatchLogsExports: logExports,
        parameterGroup: this.parameterGroup,
        deletionProtection: props.deletionProtection ?? true,
        iamAuthentication: props.iamAuthentication ?? true,
        publiclyAccessible: false,
        removalPolicy,
      });
      this.instance = instance;
      this.readerCount = 0;
      this.secret = instance.secret!;
      this.identifier = instance.instanceIdentifier;
      this.arn = instance.instanceArn;
      this.endpointAddress = instance.dbInstanceEndpointAddress;
      if (props.automatedBackupReplication) replicateAutomatedBackups(instance, props.automatedBackupReplication);
      if (props.rotation) this.addRotation(instance, instanceEngine, props);
    } else {
      const serverless = engineKind === 'aurora-postgresql-serverless';
      const instanceCount = props.instances ?? (multiAz ? 2 : 1);
      const instanceProps = {
        enablePerformanceInsights: performanceInsights,
        performanceInsightEncryptionKey: performanceInsights ? props.storageKey : undefined,
        performanceInsightRetention: performanceInsights ? (props.performanceInsightsRetention ?? rds.PerformanceInsightRetention.DEFAULT) : undefined,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
      };
      const member = (name: string, reader: boolean) =>
        serverless
          ? rds.ClusterInstance.serverlessV2(name, { ...instanceProps, scaleWithWriter: reader })
          : rds.ClusterInstance.provisioned(name, { ...instanceProps, instanceType: instanceTypeOf(props.instanceClass ?? 'db.r6g.large') });
      const cluster = new rds.DatabaseCluster(this, 'Cluster', {
        engine: clusterEngine,
        clusterIdentifier: props.identifier,
        vpc: props.vpc,
        subnetGroup,
        securityGroups: [this.securityGroup],
        credentials,
        defaultDatabaseName: props.databaseName,
        writer: member('writer', false),
        readers: Array.from({ length: instanceCount - 1 }, (_, i) => member(`reader${i + 1}`, true)),
        serverlessV2MinCapacity: serverless ? (props.serverlessCapacity?.min ?? DEFAULT_SERVERLESS_CAPACITY.min) : undefined,
        serverlessV2MaxCapacity: serverless ? (props.serverlessCapacity?.max ?? DEFAULT_SERVERLESS_CAPACITY.max) : undefined,
        storageEncrypted: true,
        storageEncryptionKey: props.storageKey,
        backup: { retention: backupRetention, preferredWindow: backupWindow },
        preferredMaintenanceWindow: maintenanceWindow,
        copyTagsToSnapshot: true,
        cloudwatchLogsExports: logExports,
        monitoringInterval: monitoringInterval > 0 ? Duration.seconds(monitoringInterval) : undefined,
        parameterGroup: this.parameterGroup,
        deletionProtection: props.deletionProtection ?? true,
        iamAuthentication: props.iamAuthentication ?? true,
        removalPolicy,
      });
      this.cluster = cluster;
      this.readerCount = instanceCount - 1;
      this.secret = cluster.secret!;
      this.identifier = cluster.clusterIdentifier;
      this.arn = cluster.clusterArn;
      this.endpointAddress = cluster.clusterEndpoint.hostname;
      if (props.rotation) this.addRotation(cluster, clusterEngine, props);
    }
  }

  /**
   * Single-user rotation of the master secret, as `addRotationSingleUser` builds it (same construct path and ids) but
   * admitted through this construct's connections, whose port is the literal 5432: CDK's own call opens the
   * endpoint's port attribute, a deploy-time token the rule packs read as "all ports".
   */
  private addRotation(owner: Construct, engine: rds.IInstanceEngine | rds.IClusterEngine, props: PostgresDatabaseProps): void {
    new secretsmanager.SecretRotation(owner, 'RotationSingleUser', {
      application: engine.singleUserRotationApplication,
      secret: this.secret,
      target: this,
      vpc: props.vpc,
      vpcSubnets: props.rotationSubnets,
      automaticallyAfter: props.rotation,
      excludeCharacters: ROTATION_EXCLUDE_CHARACTERS,
    });
  }

  /** Admits PostgreSQL connections from a client, and lets the client reach the database. */
  allowFrom(client: ec2.IConnectable, description?: string): void {
    this.connections.allowDefaultPortFrom(client, description ?? 'PostgreSQL from an allowed client');
  }
}

/**
 * Server settings of every Haven PostgreSQL parameter group: TLS forced, slow queries and connections logged,
 * pgAudit. The DR region's replica, secondary and restore groups use the same (src/platform/features/dr.ts).
 */
export function postgresParameters(props: Pick<PostgresDatabaseProps, 'slowQueryMs' | 'pgAudit'>): Record<string, string> {
  const parameters: Record<string, string> = {
    // Clients must use TLS; a plaintext connection is refused by the server.
    'rds.force_ssl': '1',
    log_min_duration_statement: String(props.slowQueryMs ?? 1000),
    log_connections: '1',
    log_disconnections: '1',
    'rds.log_retention_period': '4320',
  };
  if (props.pgAudit ?? true) {
    parameters.shared_preload_libraries = 'pgaudit,pg_stat_statements';
    parameters['pgaudit.log'] = 'ddl,role,write';
    parameters['pgaudit.role'] = 'rds_pgaudit';
  }
  return parameters;
}

/** `db.t4g.medium` → `t4g.medium`. */
export function instanceTypeOf(instanceClass: string): ec2.InstanceType {
  return new ec2.InstanceType(instanceClass.replace(/^(db|cache)\./, ''));
}
