import { CfnDeletionPolicy, Fn, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export type CacheEngine = 'redis' | 'valkey';
export type CacheAuthentication = 'iam' | 'token';

/**
 * IAM authentication needs Valkey 7.2+ or Redis OSS 7.0+ (and in-transit encryption)
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html#auth-iam-limits).
 */
export function supportsIamAuthentication(engine: CacheEngine, version: string): boolean {
  const [major, minor = 0] = version.split('.').map(Number);
  return engine === 'valkey' ? major > 7 || (major === 7 && minor >= 2) : major >= 7;
}

export interface RedisCacheProps {
  readonly vpc: ec2.IVpc;
  /** Subnets for the nodes (isolated data tier). */
  readonly subnets: ec2.SubnetSelection;
  /** Engine version, e.g. `7.1`. */
  readonly version: string;
  /** @default 'redis' */
  readonly engine?: CacheEngine;
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
  /** Key for data at rest (and the AUTH token secret, token authentication). */
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
  /**
   * How clients authenticate: `iam` (an RBAC user group whose application user signs in with IAM, no static secret)
   * or `token` (an AUTH token generated into Secrets Manager).
   * @default 'iam' where the engine supports it (supportsIamAuthentication), else 'token'
   */
  readonly authentication?: CacheAuthentication;
}

/**
 * A Redis (or Valkey) replication group: encrypted at rest with a customer key and in transit, clients signing in with
 * IAM through an RBAC user group (or, on engines without it, an AUTH token generated into Secrets Manager), replicas across AZs with automatic failover, daily snapshots, and a security group that
 * admits only named clients.
 */
export class RedisCache extends Construct implements ec2.IConnectable {
  readonly connections: ec2.Connections;
  readonly securityGroup: ec2.SecurityGroup;
  /** The AUTH token secret (token authentication only). */
  readonly authSecret?: secretsmanager.Secret;
  /** ElastiCache user the clients sign in as with IAM (iam authentication only); user id and name are equal. */
  readonly iamUserId?: string;
  readonly authentication: CacheAuthentication;
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

    const engine = props.engine ?? 'redis';
    this.authentication = props.authentication ?? (supportsIamAuthentication(engine, props.version) ? 'iam' : 'token');
    if (this.authentication === 'iam' && !supportsIamAuthentication(engine, props.version)) {
      throw new Error(`RedisCache ${id}: IAM authentication needs Valkey 7.2+ or Redis OSS 7.0+, not ${engine} ${props.version}`);
    }
    const groupId = (props.replicationGroupId ?? Names.uniqueResourceName(this, { maxLength: 30 })).toLowerCase();
    let userGroup: elasticache.CfnUserGroup | undefined;
    if (this.authentication === 'iam') {
      const rbac = this.iamUserGroup(engine, groupId);
      userGroup = rbac.group;
      this.iamUserId = rbac.appUserId;
    } else {
      this.authSecret = new secretsmanager.Secret(this, 'AuthToken', {
        description: `AUTH token for Redis ${id}`,
        encryptionKey: props.secretKey ?? props.key,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ engine, port: this.port }),
          generateStringKey: 'auth_token',
          // ElastiCache AUTH tokens allow printable ASCII except a few symbols; letters and digits are always safe.
          excludePunctuation: true,
          passwordLength: 64,
        },
      });
    }

    const subnetIds = props.vpc.selectSubnets(props.subnets).subnetIds;
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', { description: `${id} data subnets`, subnetIds });
    const major = props.version.split('.')[0];

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: props.replicationGroupId,
      replicationGroupDescription: `${id} (${engine} ${props.version})`,
      engine,
      engineVersion: props.version,
      cacheNodeType: props.nodeType ?? 'cache.t4g.small',
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      cacheParameterGroupName: this.clusterMode ? `default.${engine}${major}.cluster.on` : undefined,
      ...(this.clusterMode ? { numNodeGroups: props.shards, replicasPerNodeGroup: replicas } : { numCacheClusters: nodes }),
      multiAzEnabled: multiAz,
      automaticFailoverEnabled: multiAz || this.clusterMode,
      atRestEncryptionEnabled: true,
      kmsKeyId: props.key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: this.authSecret ? Fn.join('', ['{{resolve:secretsmanager:', this.authSecret.secretArn, ':SecretString:auth_token}}']) : undefined,
      // RBAC replaces the AUTH token: a group uses one or the other (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html).
      userGroupIds: userGroup ? [userGroup.ref] : undefined,
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 5,
      snapshotWindow: props.snapshotWindow ?? '02:00-03:00',
      preferredMaintenanceWindow: props.maintenanceWindow ?? 'sun:05:30-sun:06:30',
      autoMinorVersionUpgrade: true,
      notificationTopicArn: props.notificationTopicArn,
    });
    this.replicationGroup.addResourceDependency(subnetGroup);
    if (userGroup) this.replicationGroup.addResourceDependency(userGroup);
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

  /**
   * Lets a client sign in as the IAM user: elasticache:Connect on the replication group and the user
   * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html#auth-iam-setup). No-op for token caches.
   */
  grantConnect(grantee: iam.IGrantable): iam.Grant | undefined {
    if (!this.iamUserId) return undefined;
    const stack = Stack.of(this);
    const arn = (resource: string, name: string) => `arn:${stack.partition}:elasticache:${stack.region}:${stack.account}:${resource}:${name}`;
    return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [arn('replicationgroup', this.replicationGroup.ref), arn('user', this.iamUserId)] });
  }

  /**
   * The RBAC user group: a disabled `default` user (every group needs one) and the application user, which
   * authenticates with IAM only (user id = user name, as IAM authentication requires).
   */
  private iamUserGroup(engine: CacheEngine, groupId: string): { group: elasticache.CfnUserGroup; appUserId: string } {
    const idFor = (suffix: string) => `${groupId.slice(0, 40 - suffix.length).replace(/-+$/, '')}${suffix}`;
    const appUserId = idFor('-app');
    const defaultUser = new elasticache.CfnUser(this, 'DefaultUser', {
      engine, userId: idFor('-default'), userName: 'default', accessString: 'off -@all', noPasswordRequired: true,
    });
    const appUser = new elasticache.CfnUser(this, 'AppUser', {
      engine, userId: appUserId, userName: appUserId, accessString: 'on ~* +@all', authenticationMode: { Type: 'iam' },
    });
    const group = new elasticache.CfnUserGroup(this, 'UserGroup', { engine, userGroupId: idFor('-users'), userIds: [defaultUser.ref, appUser.ref] });
    return { group, appUserId };
  }

  allowFrom(client: ec2.IConnectable, description?: string): void {
    this.connections.allowDefaultPortFrom(client, description ?? 'Redis from an allowed client');
  }
}
