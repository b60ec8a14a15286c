import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RedisCache, supportsIamAuthentication, type RedisCacheProps } from '../../../src/constructs/cache';
import { testStack } from '../../helpers';

function build(props: Partial<RedisCacheProps> = {}) {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const key = new kms.Key(stack, 'Key');
  const cache = new RedisCache(stack, 'Cache', { vpc, subnets: { subnetGroupName: 'data' }, version: '7.1', key, ...props });
  return { stack, vpc, cache, t: () => Template.fromStack(stack) };
}

describe('RedisCache', () => {
  it('matches BerthCare: Redis 7.1 on two cache.t4g.micro nodes, Multi-AZ, failover, encrypted, 5-day snapshots', () => {
    const { t } = build({ nodeType: 'cache.t4g.micro', nodes: 2, snapshotRetentionDays: 5 });
    t().hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'redis',
      EngineVersion: '7.1',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 2,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      AtRestEncryptionEnabled: true,
      KmsKeyId: Match.anyValue(),
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      SnapshotRetentionLimit: 5,
    });
  });

  it('Redis 7+: clients sign in with IAM through an RBAC user group; no AUTH token or secret to rotate', () => {
    const { t, cache } = build({ replicationGroupId: 'acme-prod-sessions' });
    expect(cache.authentication).toBe('iam');
    t().hasResourceProperties('AWS::ElastiCache::User', { UserId: 'acme-prod-sessions-app', UserName: 'acme-prod-sessions-app', Engine: 'redis', AuthenticationMode: { Type: 'iam' } });
    // Every user group needs a user named default: it exists, switched off.
    t().hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', AccessString: 'off -@all' });
    t().hasResourceProperties('AWS::ElastiCache::UserGroup', { UserGroupId: 'acme-prod-sessions-users', UserIds: [{ Ref: Match.stringLikeRegexp('CacheDefaultUser') }, { Ref: Match.stringLikeRegexp('CacheAppUser') }] });
    t().hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { UserGroupIds: [{ Ref: Match.stringLikeRegexp('CacheUserGroup') }], AuthToken: Match.absent() });
    t().resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('grants elasticache:Connect on the replication group and the IAM user only', () => {
    const { stack, cache, t } = build({ replicationGroupId: 'acme-prod-sessions' });
    const role = new iam.Role(stack, 'Task', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    cache.grantConnect(role);
    const policy = Object.values(t().findResources('AWS::IAM::Policy'))[0];
    const statement = policy.Properties.PolicyDocument.Statement[0];
    expect(statement.Action).toBe('elasticache:Connect');
    expect(JSON.stringify(statement.Resource)).toMatch(/:replicationgroup:".*:user:acme-prod-sessions-app"/);
  });

  it('Valkey needs 7.2 for IAM: 7.1 stays on a token, asking for IAM there throws', () => {
    expect(supportsIamAuthentication('valkey', '7.2')).toBe(true);
    expect(supportsIamAuthentication('valkey', '7.1')).toBe(false);
    expect(supportsIamAuthentication('redis', '7.0')).toBe(true);
    expect(supportsIamAuthentication('redis', '6.2')).toBe(false);
    expect(build({ engine: 'redis', version: '6.2' }).cache.authentication).toBe('token');
    expect(() => build({ engine: 'redis', version: '6.2', authentication: 'iam' })).toThrowError(/IAM authentication needs/);
  });

  it('token: takes the AUTH token from a generated, KMS-encrypted secret (never a literal)', () => {
    const { t, cache } = build({ authentication: 'token' });
    expect(cache.grantConnect(new iam.AccountRootPrincipal())).toBeUndefined();
    const group = Object.values(t().findResources('AWS::ElastiCache::ReplicationGroup'))[0];
    expect(JSON.stringify(group.Properties.AuthToken)).toContain('{{resolve:secretsmanager:');
    t().hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue(), GenerateSecretString: Match.objectLike({ GenerateStringKey: 'auth_token', PasswordLength: 64 }) });
  });

  it('supports cluster mode with shards and replicas', () => {
    build({ shards: 3, replicasPerShard: 2, nodeType: 'cache.r6g.large' }).t().hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NumNodeGroups: 3, ReplicasPerNodeGroup: 2, CacheParameterGroupName: 'default.redis7.cluster.on' });
  });

  it('refuses Multi-AZ without a replica', () => {
    expect(() => build({ nodes: 1, multiAz: true })).toThrowError(/at least one replica/);
  });

  it('snapshots on deletion by default and deletes when asked', () => {
    build().t().hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Snapshot' });
    build({ removalPolicy: RemovalPolicy.DESTROY, multiAz: false, nodes: 1 }).t().hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Delete' });
  });

  it('admits only allowed clients on 6379', () => {
    const { stack, vpc, cache, t } = build();
    cache.allowFrom(new ec2.SecurityGroup(stack, 'Api', { vpc }));
    t().resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    t().hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, ToPort: 6379, SourceSecurityGroupId: Match.anyValue() });
  });
});
