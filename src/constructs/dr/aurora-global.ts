import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export interface AuroraGlobalDatabaseProps {
  /** Global cluster identifier (account-wide, shared by both regions). */
  readonly globalClusterIdentifier: string;
  /** ARN of the existing primary Aurora cluster that becomes the global database's writer. */
  readonly sourceDbClusterArn: string;
  /** @default true */
  readonly deletionProtection?: boolean;
}

/** The Aurora Global Database built from an existing primary cluster (deployed in the primary region). */
export class AuroraGlobalDatabase extends Construct {
  public readonly globalCluster: rds.CfnGlobalCluster;
  constructor(scope: Construct, id: string, props: AuroraGlobalDatabaseProps) {
    super(scope, id);
    this.globalCluster = new rds.CfnGlobalCluster(this, 'Resource', {
      globalClusterIdentifier: props.globalClusterIdentifier,
      sourceDbClusterIdentifier: props.sourceDbClusterArn,
      deletionProtection: props.deletionProtection ?? true,
    });
    this.globalCluster.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}

export interface AuroraGlobalSecondaryProps {
  readonly globalClusterIdentifier: string;
  /** Engine and version must match the primary cluster. @default 'aurora-postgresql' */
  readonly engine?: string;
  readonly engineVersion: string;
  readonly vpc: ec2.IVpc;
  /** @default - private isolated subnets, else private with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Key in this region: a secondary cluster of an encrypted global database needs its own regional key. */
  readonly encryptionKey: kms.IKey;
  /** Reader instance class (ignored for serverless). @default 'db.r6g.large' */
  readonly instanceClass?: string;
  /** Serverless v2 capacity, when the primary is serverless. @default - provisioned */
  readonly serverless?: { readonly minCapacity: number; readonly maxCapacity: number };
  /** @default 1 */
  readonly instances?: number;
  /** @default 5432 */
  readonly port?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** @default RemovalPolicy.SNAPSHOT */
  readonly removalPolicy?: RemovalPolicy;
  /** Cluster identifier the DR runbook finds it by. @default - CloudFormation-generated */
  readonly clusterIdentifier?: string;
  /**
   * Cluster parameter group with the primary's settings (TLS, pgAudit, slow-query log): a promoted secondary must
   * not run the engine defaults. @default - the engine default group
   */
  readonly clusterParameterGroupName?: string;
  /** Enhanced monitoring of the instances (seconds, 0 off); needs `monitoringRoleArn` above 0. @default 0 */
  readonly monitoringIntervalSeconds?: number;
  /** @default - none */
  readonly monitoringRoleArn?: string;
  /**
   * Automated backups kept by the secondary cluster, 1-35 days: a promoted secondary keeps the primary's
   * point-in-time window. @default 7
   */
  readonly backupRetentionDays?: number;
  /** UTC backup window hh:mm-hh:mm. @default - chosen by RDS */
  readonly backupWindow?: string;
  /** Logs exported to CloudWatch Logs (Aurora PostgreSQL exports the postgresql log). @default ['postgresql'] */
  readonly logExports?: readonly string[];
  /** IAM database authentication, as on the primary. @default true */
  readonly iamAuthentication?: boolean;
  /** Performance Insights on the instances, encrypted with `encryptionKey`. @default true */
  readonly performanceInsights?: boolean;
  /** Performance Insights retention in days (7, or a multiple of 31 up to 731). @default 7 */
  readonly performanceInsightsRetentionDays?: number;
}

/** Secondary (read-only) cluster of an Aurora Global Database in this region, promoted on failover. */
export class AuroraGlobalSecondary extends Construct implements ec2.IConnectable {
  public readonly cluster: rds.CfnDBCluster;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: AuroraGlobalSecondaryProps) {
    super(scope, id);
    const port = props.port ?? 5432;
    const subnets = props.vpcSubnets ?? { subnetType: props.vpc.isolatedSubnets.length ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const subnetGroup = new rds.CfnDBSubnetGroup(this, 'SubnetGroup', {
      dbSubnetGroupDescription: `Subnets of the ${props.globalClusterIdentifier} secondary cluster`,
      subnetIds: props.vpc.selectSubnets(subnets).subnetIds,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: 'Aurora global secondary: clients allowed explicitly', allowAllOutbound: false });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(port) });
    const engine = props.engine ?? 'aurora-postgresql';
    const performanceInsights = props.performanceInsights ?? true;
    this.cluster = new rds.CfnDBCluster(this, 'Resource', {
      dbClusterIdentifier: props.clusterIdentifier,
      dbClusterParameterGroupName: props.clusterParameterGroupName,
      globalClusterIdentifier: props.globalClusterIdentifier,
      engine,
      engineVersion: props.engineVersion,
      dbSubnetGroupName: subnetGroup.ref,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      storageEncrypted: true,
      kmsKeyId: props.encryptionKey.keyArn,
      port,
      deletionProtection: props.deletionProtection ?? true,
      copyTagsToSnapshot: true,
      serverlessV2ScalingConfiguration: props.serverless,
      // A secondary keeps its own automated backups and exports its own logs; settable on a secondary cluster
      // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbcluster.html).
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      preferredBackupWindow: props.backupWindow,
      enableCloudwatchLogsExports: [...(props.logExports ?? ['postgresql'])],
      enableIamDatabaseAuthentication: props.iamAuthentication ?? true,
    });
    this.cluster.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.SNAPSHOT);
    for (let i = 0; i < (props.instances ?? 1); i++) {
      const instance = new rds.CfnDBInstance(this, `Instance${i + 1}`, {
        dbClusterIdentifier: this.cluster.ref,
        engine,
        dbInstanceClass: props.serverless ? 'db.serverless' : (props.instanceClass ?? 'db.r6g.large'),
        publiclyAccessible: false,
        monitoringInterval: props.monitoringIntervalSeconds ?? 0,
        monitoringRoleArn: (props.monitoringIntervalSeconds ?? 0) > 0 ? props.monitoringRoleArn : undefined,
        enablePerformanceInsights: performanceInsights,
        performanceInsightsKmsKeyId: performanceInsights ? props.encryptionKey.keyArn : undefined,
        performanceInsightsRetentionPeriod: performanceInsights ? (props.performanceInsightsRetentionDays ?? 7) : undefined,
        autoMinorVersionUpgrade: true,
      });
      // Instances hold no data of their own: the cluster's snapshot covers them (as the CDK L2 cluster does).
      instance.applyRemovalPolicy(props.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    }
  }
}
