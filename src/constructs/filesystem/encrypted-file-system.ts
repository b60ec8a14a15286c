import { RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Days after last access before files move to Infrequent Access (values EFS accepts). */
export type IaTransitionDays = 1 | 7 | 14 | 30 | 60 | 90 | 180 | 270 | 365;

/** An EFS access point: a fixed root directory entered as a fixed POSIX user. */
export interface FileSystemAccessPointOptions {
  /** Root directory, e.g. '/training-data'. */
  readonly path: string;
  /** @default 1000 */
  readonly uid?: number;
  /** @default 1000 */
  readonly gid?: number;
  /** Octal permissions for the directory when EFS creates it. @default '750' */
  readonly permissions?: string;
}

export interface EncryptedFileSystemProps {
  readonly vpc: ec2.IVpc;
  /** Subnets that get a mount target (one per AZ). @default - private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Key encrypting the file system at rest. */
  readonly key: kms.IKey;
  /** @default - generated */
  readonly fileSystemName?: string;
  /** @default efs.PerformanceMode.GENERAL_PURPOSE */
  readonly performanceMode?: efs.PerformanceMode;
  /** @default efs.ThroughputMode.ELASTIC */
  readonly throughputMode?: efs.ThroughputMode;
  /** Required with PROVISIONED throughput. @default - none */
  readonly provisionedThroughputMibps?: number;
  /** Move files not read for this many days to Infrequent Access. @default 30 */
  readonly transitionToIaDays?: IaTransitionDays;
  /** Access points by name. @default - none */
  readonly accessPoints?: Readonly<Record<string, FileSystemAccessPointOptions>>;
  /** Clients admitted on NFS 2049. More can be added with `allowClient`. @default - none */
  readonly clients?: readonly ec2.IConnectable[];
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const IA_POLICY: Record<IaTransitionDays, efs.LifecyclePolicy> = {
  1: efs.LifecyclePolicy.AFTER_1_DAY,
  7: efs.LifecyclePolicy.AFTER_7_DAYS,
  14: efs.LifecyclePolicy.AFTER_14_DAYS,
  30: efs.LifecyclePolicy.AFTER_30_DAYS,
  60: efs.LifecyclePolicy.AFTER_60_DAYS,
  90: efs.LifecyclePolicy.AFTER_90_DAYS,
  180: efs.LifecyclePolicy.AFTER_180_DAYS,
  270: efs.LifecyclePolicy.AFTER_270_DAYS,
  365: efs.LifecyclePolicy.AFTER_365_DAYS,
};

/**
 * An EFS file system encrypted with a customer key, with automatic backups, a security group that admits NFS only
 * from named clients, a policy refusing unencrypted transport and anonymous access, and optional access points.
 */
export class EncryptedFileSystem extends Construct implements ec2.IConnectable {
  public static readonly NFS_PORT = 2049;
  public readonly fileSystem: efs.FileSystem;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly accessPoints: Record<string, efs.AccessPoint> = {};
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: EncryptedFileSystemProps) {
    super(scope, id);
    const throughputMode = props.throughputMode ?? efs.ThroughputMode.ELASTIC;
    if (throughputMode === efs.ThroughputMode.PROVISIONED && props.provisionedThroughputMibps === undefined) {
      throw new Error('EncryptedFileSystem: provisioned throughput needs provisionedThroughputMibps');
    }
    if (throughputMode !== efs.ThroughputMode.PROVISIONED && props.provisionedThroughputMibps !== undefined) {
      throw new Error('EncryptedFileSystem: provisionedThroughputMibps is only valid with PROVISIONED throughput');
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `EFS ${id}: NFS 2049 from named clients only`,
      // A file server never initiates connections.
      allowAllOutbound: false,
    });

    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: this.securityGroup,
      fileSystemName: props.fileSystemName,
      encrypted: true,
      kmsKey: props.key,
      enableAutomaticBackups: true,
      performanceMode: props.performanceMode ?? efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode,
      provisionedThroughputPerSecond: props.provisionedThroughputMibps !== undefined ? Size.mebibytes(props.provisionedThroughputMibps) : undefined,
      lifecyclePolicy: IA_POLICY[props.transitionToIaDays ?? 30],
      outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      allowAnonymousAccess: false,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // Data in transit must be TLS (mount with -o tls); anything else is refused by the file system itself.
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUnencryptedTransport',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    this.connections = this.fileSystem.connections;

    for (const [name, ap] of Object.entries(props.accessPoints ?? {})) {
      const uid = String(ap.uid ?? 1000);
      const gid = String(ap.gid ?? 1000);
      this.accessPoints[name] = this.fileSystem.addAccessPoint(`AccessPoint${name}`, {
        path: ap.path,
        posixUser: { uid, gid },
        createAcl: { ownerUid: uid, ownerGid: gid, permissions: ap.permissions ?? '750' },
      });
    }
    for (const client of props.clients ?? []) this.allowClient(client);
  }

  /** Admit one client on NFS 2049 (and nothing else). */
  public allowClient(client: ec2.IConnectable, description?: string): void {
    this.fileSystem.connections.allowDefaultPortFrom(client, description ?? 'NFS from an allowed client');
  }
}
