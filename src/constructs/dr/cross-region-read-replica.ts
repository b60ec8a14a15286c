import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export interface CrossRegionReadReplicaProps {
  /** ARN of the source DB instance in another region (arn:aws:rds:<region>:<account>:db:<id>). */
  readonly sourceDbInstanceArn: string;
  /** Region of the source instance. */
  readonly sourceRegion: string;
  /** Instance class of the replica, e.g. db.r6g.large. */
  readonly instanceClass: string;
  readonly vpc: ec2.IVpc;
  /** @default - private isolated subnets, else private with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Key in this region the replica's storage is encrypted with (an encrypted source needs one). */
  readonly encryptionKey: kms.IKey;
  /** @default - CloudFormation-generated */
  readonly instanceIdentifier?: string;
  /** @default 5432 */
  readonly port?: number;
  /** @default true */
  readonly deletionProtection?: boolean;
  /**
   * What happens to the replica when removed from the stack. RDS takes no final snapshot of a read replica, so the
   * safe choice for data is RETAIN.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** @default false */
  readonly multiAz?: boolean;
  /** @default true */
  readonly performanceInsights?: boolean;
  /**
   * Enhanced monitoring interval; needs `monitoringRole` when above 0.
   * @default Duration.seconds(0)
   */
  readonly monitoringInterval?: Duration;
  /** @default - none */
  readonly monitoringRole?: { readonly roleArn: string };
  /**
   * DB parameter group with the primary's settings (TLS, pgAudit, slow-query log): a promoted replica must not run
   * the engine defaults. @default - the engine default group
   */
  readonly parameterGroupName?: string;
  /** Logs exported to CloudWatch Logs, as the primary exports them. @default ['postgresql', 'upgrade'] */
  readonly logExports?: readonly string[];
  /** Performance Insights retention in days (7, or a multiple of 31 up to 731). @default 7 */
  readonly performanceInsightsRetentionDays?: number;
  /** IAM database authentication, as on the primary. @default true */
  readonly iamAuthentication?: boolean;
  /**
   * Automated backups of the replica itself, in days. RDS for PostgreSQL supports them on read replicas from 14.1
   * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Overview.Differences.html); leave
   * undefined for older sources. @default - none (the source's backups)
   */
  readonly backupRetentionDays?: number;
}

/**
 * A cross-region read replica of an RDS instance: its own subnet group and security group in this region, storage
 * re-encrypted with this region's key. Promoted to a standalone instance on failover (`aws rds promote-read-replica`).
 */
export class CrossRegionReadReplica extends Construct implements ec2.IConnectable {
  public readonly instance: rds.CfnDBInstance;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly connections: ec2.Connections;
  public readonly instanceArn: string;
  public readonly endpointAddress: string;

  constructor(scope: Construct, id: string, props: CrossRegionReadReplicaProps) {
    super(scope, id);
    const port = props.port ?? 5432;
    const subnets = props.vpcSubnets ?? { subnetType: props.vpc.isolatedSubnets.length ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const subnetGroup = new rds.CfnDBSubnetGroup(this, 'SubnetGroup', {
      dbSubnetGroupDescription: `Subnets of the cross-region replica of ${props.sourceDbInstanceArn}`,
      subnetIds: props.vpc.selectSubnets(subnets).subnetIds,
    });
    // No outbound rules: the database initiates nothing; clients are allowed in through `connections`.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'DR read replica: clients allowed explicitly',
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(port) });
    const monitoringSeconds = props.monitoringInterval?.toSeconds() ?? 0;
    const performanceInsights = props.performanceInsights ?? true;
    this.instance = new rds.CfnDBInstance(this, 'Resource', {
      sourceDbInstanceIdentifier: props.sourceDbInstanceArn,
      sourceRegion: props.sourceRegion,
      dbInstanceIdentifier: props.instanceIdentifier,
      dbInstanceClass: props.instanceClass,
      dbParameterGroupName: props.parameterGroupName,
      dbSubnetGroupName: subnetGroup.ref,
      vpcSecurityGroups: [this.securityGroup.securityGroupId],
      // A replica inherits encryption from its source; KmsKeyId re-encrypts it under the DR key. CloudFormation says not
      // to set StorageEncrypted beside SourceDBInstanceIdentifier (the value is inherited), and CDK's template
      // validation refuses the pair (F3020), though aws-cdk-lib's DatabaseInstanceReadReplica writes it:
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-storageencrypted
      kmsKeyId: props.encryptionKey.keyArn,
      publiclyAccessible: false,
      multiAz: props.multiAz ?? false,
      deletionProtection: props.deletionProtection ?? true,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      port: String(port),
      enablePerformanceInsights: performanceInsights,
      performanceInsightsKmsKeyId: performanceInsights ? props.encryptionKey.keyArn : undefined,
      performanceInsightsRetentionPeriod: performanceInsights ? (props.performanceInsightsRetentionDays ?? 7) : undefined,
      enableCloudwatchLogsExports: [...(props.logExports ?? ['postgresql', 'upgrade'])],
      enableIamDatabaseAuthentication: props.iamAuthentication ?? true,
      backupRetentionPeriod: props.backupRetentionDays,
      monitoringInterval: monitoringSeconds,
      monitoringRoleArn: monitoringSeconds > 0 ? props.monitoringRole?.roleArn : undefined,
    });
    this.instance.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.instanceArn = Stack.of(this).formatArn({ service: 'rds', resource: 'db', resourceName: this.instance.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.endpointAddress = this.instance.attrEndpointAddress;
  }
}
