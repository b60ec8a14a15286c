import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RedisCache, type RedisCacheProps } from '../../../src/constructs/cache';
import { testStack } from '../../helpers';

function build(props: Partial<RedisCacheProps> = {}) {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const key = new kms.Key(stack, 'Key');
  const cache = new RedisCache(stack, 'Cache', { vpc, subnets: { subnetGroupName: 'data' }, version: '7.1', key, ...props });
  return { stack, vpc, cache, t: () => Template.fromStack(stack) };
}

describe('RedisCache', () => {
  it('matches BerthCare: Redis 7.1 on two cache.t4g.micro nodes, Multi-AZ, failover, encrypted, AUTH, 5-day snapshots', () => {
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
      AuthToken: Match.anyValue(),
      SnapshotRetentionLimit: 5,
    });
  });

  it('takes the AUTH token from a generated, KMS-encrypted secret (never a literal)', () => {
    const { t } = build();
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
