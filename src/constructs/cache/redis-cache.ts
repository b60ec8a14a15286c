import { CfnDeletionPolicy, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface RedisCacheProps {
  readonly vpc: ec2.IVpc;
  /** Subnets for the nodes (isolated data tier). */
  readonly subnets: ec2.SubnetSelection;
  /** Engine version, e.g. `7.1`. */
  readonly version: string;
  /** @default 'redis' */
  readonly engine?: 'redis' | 'valkey';
  /** Node type such as `cache.t4g.micro`. @default 'cache.t4g.small' */
  readonly nodeType?: string;
  /** Nodes in a non-clustered group (primary + replicas); ignored in cluster mode. @default 2 */
  readonly nodes?: number;
  /** Cluster mode: shard count. @default - cluster mode off */
  readonly shards?: number;
  /** Cluster mode: replicas per shard. @default 1 */
  readonly replicasPerShard?: number;
  /** Replicas in other AZs with automatic failover. @default true */
  readonly multiAz?: boolean;
  /** Key for data at rest and for the AUTH token secret. */
  readonly key: kms.IKey;
  /** Key for the AUTH token secret. @default - the at-rest key */
  readonly secretKey?: kms.IKey;
  /** Daily snapshots kept. @default 5 */
  readonly snapshotRetentionDays?: number;
  /** @default '02:00-03:00' */
  readonly snapshotWindow?: string;
  /** @default 'sun:05:30-sun:06:30' */
  readonly maintenanceWindow?: string;
  /** Final snapshot (SNAPSHOT) or none (DESTROY) when removed from the stack. @default RemovalPolicy.SNAPSHOT */
  readonly removalPolicy?: RemovalPolicy;
  /** Replication group id. @default - generated */
  readonly replicationGroupId?: string;
  /** Notifications (failover, node replacement) go here. @default - none */
  readonly notificationTopicArn?: string;
}

/**
 * A Redis (or Valkey) replication group: encrypted at rest with a customer key and in transit, AUTH token generated
 * into Secrets Manager, replicas across AZs with automatic failover, daily snapshots, and a security group that
 * admits only named clients.
 */
export class RedisCache extends Construct implements ec2.IConnectable {
  readonly connections: ec2.Connections;
  readonly securityGroup: ec2.SecurityGroup;
  readonly authSecret: secretsmanager.Secret;
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly port = 6379;
  readonly clusterMode: boolean;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const multiAz = props.multiAz ?? true;
    this.clusterMode = props.shards !== undefined;
    const nodes = props.nodes ?? 2;
    const replicas = props.replicasPerShard ?? 1;
    if (multiAz && (this.clusterMode ? replicas < 1 : nodes < 2)) {
      throw new Error(`RedisCache ${id}: Multi-AZ with automatic failover needs at least one replica`);
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, description: `Redis ${id}: admits only named clients`, allowAllOutbound: false });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.port) });

    this.authSecret = new secretsmanager.Secret(this, 'AuthToken', {
      description: `AUTH token for Redis ${id}`,
      encryptionKey: props.secretKey ?? props.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ engine: props.engine ?? 'redis', port: this.port }),
        generateStringKey: 'auth_token',
        // ElastiCache AUTH tokens allow printable ASCII except a few symbols; letters and digits are always safe.
        excludePunctuation: true,
        passwordLength: 64,
      },
    });

    const subnetIds = props.vpc.selectSubnets(props.subnets).subnetIds;
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', { description: `${id} data subnets`, subnetIds });
    const major = props.version.split('.')[0];

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: props.replicationGroupId,
      replicationGroupDescription: `${id} (${props.engine ?? 'redis'} ${props.version})`,
      engine: props.engine ?? 'redis',
      engineVersion: props.version,
      cacheNodeType: props.nodeType ?? 'cache.t4g.small',
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      cacheParameterGroupName: this.clusterMode ? `default.${props.engine ?? 'redis'}${major}.cluster.on` : undefined,
      ...(this.clusterMode ? { numNodeGroups: props.shards, replicasPerNodeGroup: replicas } : { numCacheClusters: nodes }),
      multiAzEnabled: multiAz,
      automaticFailoverEnabled: multiAz || this.clusterMode,
      atRestEncryptionEnabled: true,
      kmsKeyId: props.key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: Fn.join('', ['{{resolve:secretsmanager:', this.authSecret.secretArn, ':SecretString:auth_token}}']),
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 5,
      snapshotWindow: props.snapshotWindow ?? '02:00-03:00',
      preferredMaintenanceWindow: props.maintenanceWindow ?? 'sun:05:30-sun:06:30',
      autoMinorVersionUpgrade: true,
      notificationTopicArn: props.notificationTopicArn,
    });
    this.replicationGroup.addResourceDependency(subnetGroup);
    const removal = props.removalPolicy ?? RemovalPolicy.SNAPSHOT;
    this.replicationGroup.cfnOptions.deletionPolicy = removal === RemovalPolicy.SNAPSHOT ? CfnDeletionPolicy.SNAPSHOT : removal === RemovalPolicy.RETAIN ? CfnDeletionPolicy.RETAIN : CfnDeletionPolicy.DELETE;
    this.replicationGroup.cfnOptions.updateReplacePolicy = this.replicationGroup.cfnOptions.deletionPolicy;
  }

  /** Primary (or configuration, in cluster mode) endpoint address. */
  get endpointAddress(): string {
    return this.clusterMode ? this.replicationGroup.attrConfigurationEndPointAddress : this.replicationGroup.attrPrimaryEndPointAddress;
  }

  get replicationGroupId(): string {
    return this.replicationGroup.ref;
  }

  allowFrom(client: ec2.IConnectable, description?: string): void {
    this.connections.allowDefaultPortFrom(client, description ?? 'Redis from an allowed client');
  }
}
