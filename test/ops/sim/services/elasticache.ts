import { DescribeReplicationGroupsCommand, type DescribeReplicationGroupsCommandInput, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';

function describe(world: World, g: SimResource) {
  const flag = (k: string) => String(world.prop(g, k) ?? false) === 'true';
  return {
    ReplicationGroupId: g.physicalId, ARN: g.arn, Status: 'available', Description: world.prop(g, 'ReplicationGroupDescription'),
    AtRestEncryptionEnabled: flag('AtRestEncryptionEnabled'), TransitEncryptionEnabled: flag('TransitEncryptionEnabled'),
    AuthTokenEnabled: world.prop(g, 'AuthToken') !== undefined, SnapshotRetentionLimit: Number(world.prop(g, 'SnapshotRetentionLimit') ?? 0),
    AutomaticFailover: flag('AutomaticFailoverEnabled') ? 'enabled' : 'disabled', MultiAZ: flag('MultiAZEnabled') ? 'enabled' : 'disabled',
    KmsKeyId: world.prop(g, 'KmsKeyId'),
  };
}

export const elastiCache: ServiceModule = {
  client: ElastiCacheClient,
  operations: [
    // DescribeReplicationGroups: https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeReplicationGroups.html
    op<DescribeReplicationGroupsCommandInput>(DescribeReplicationGroupsCommand, (world, input, region) => {
      const groups = world.resources('AWS::ElastiCache::ReplicationGroup', region).filter((g) => !input.ReplicationGroupId || g.physicalId === input.ReplicationGroupId.toLowerCase());
      if (input.ReplicationGroupId && !groups.length) throw awsError('ReplicationGroupNotFoundFault', `ReplicationGroup ${input.ReplicationGroupId} not found.`, 404);
      return { ReplicationGroups: groups.map((g) => describe(world, g)) };
    }),
  ],
};
