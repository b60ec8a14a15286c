import {
  CreateDBInstanceCommand, type CreateDBInstanceCommandInput, RDSClient, RestoreDBClusterFromSnapshotCommand, type RestoreDBClusterFromSnapshotCommandInput,
} from '@aws-sdk/client-rds';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';
import { recoveryPointsIn } from './backup';
import { RESTORE_MS, describeRestoredCluster, drState, findInstance, takeFault } from './dr-state';
import { newDbiResourceId } from './rds-dr';

function cluster(world: World, region: string, id: string | undefined) {
  const want = id?.toLowerCase();
  const restored = drState(world).restoredClusters.get(`${region}/${want}`);
  const template = world.find('AWS::RDS::DBCluster', region, (r) => r.physicalId === want);
  return { restored, template, exists: Boolean(restored || template) };
}

/** Recovery points of the vaults of a region, by ARN (AWS Backup copies, what a DR restore starts from). */
function recoveryPoint(world: World, region: string, arn: string | undefined) {
  return world.resources('AWS::Backup::BackupVault', region).flatMap((v) => recoveryPointsIn(world, v)).find((p) => p.RecoveryPointArn === arn);
}

/** What a restore of an Aurora cluster in the DR region asks RDS (recovery point → cluster → writer instance). */
export const rdsRestoreCluster: ServiceModule = {
  client: RDSClient,
  operations: [
    // RestoreDBClusterFromSnapshot: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBClusterFromSnapshot.html
    // The cluster is created without instances; subnet group, security groups and cluster parameter group must exist.
    op<RestoreDBClusterFromSnapshotCommandInput>(RestoreDBClusterFromSnapshotCommand, (world, input, region) => {
      takeFault(world, 'RestoreDBClusterFromSnapshot');
      const rp = recoveryPoint(world, region, input.SnapshotIdentifier);
      if (!rp || rp.ResourceType !== 'Aurora') throw awsError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${input.SnapshotIdentifier} not found.`, 404);
      if (input.Engine !== rp.Engine && !(input.Engine === 'aurora-postgresql' && rp.Engine.startsWith('aurora-postgresql'))) throw awsError('InvalidParameterCombination', `Engine ${input.Engine} does not match the snapshot's engine ${rp.Engine}.`);
      const id = String(input.DBClusterIdentifier ?? '').toLowerCase();
      if (cluster(world, region, id).exists) throw awsError('DBClusterAlreadyExistsFault', `DB cluster ${id} already exists`);
      const named = (type: string, name: string | undefined) => world.find(type, region, (r) => r.physicalId === name?.toLowerCase() || r.physicalId === name);
      if (!named('AWS::RDS::DBSubnetGroup', input.DBSubnetGroupName)) throw awsError('DBSubnetGroupNotFoundFault', `DBSubnetGroup ${input.DBSubnetGroupName} not found.`, 404);
      for (const g of input.VpcSecurityGroupIds ?? []) if (!named('AWS::EC2::SecurityGroup', g)) throw awsError('InvalidParameterValue', `Invalid security group, groupId= ${g}`);
      if (input.DBClusterParameterGroupName && !named('AWS::RDS::DBClusterParameterGroup', input.DBClusterParameterGroupName)) throw awsError('DBClusterParameterGroupNotFoundFault', `DBClusterParameterGroup ${input.DBClusterParameterGroupName} not found.`, 404);
      if (input.KmsKeyId && !input.KmsKeyId.includes(`:${region}:`)) throw awsError('KMSKeyNotAccessibleFault', `The KMS key ${input.KmsKeyId} is not in ${region}.`);
      drState(world).restoredClusters.set(`${region}/${id}`, { identifier: id, region, readyAt: world.now() + RESTORE_MS, input: { ...input }, engine: rp.Engine });
      return { DBCluster: { DBClusterIdentifier: id, Status: 'creating' } };
    }),
    // CreateDBInstance (in a cluster): https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    op<CreateDBInstanceCommandInput>(CreateDBInstanceCommand, (world, input, region) => {
      takeFault(world, 'CreateDBInstance');
      if (!input.DBClusterIdentifier) throw new Error('simulated account: CreateDBInstance outside a cluster not modelled');
      const c = cluster(world, region, input.DBClusterIdentifier);
      if (!c.exists) throw awsError('DBClusterNotFoundFault', `DBCluster ${input.DBClusterIdentifier} not found.`, 404);
      if (c.restored && describeRestoredCluster(world, c.restored).Status !== 'available') throw awsError('InvalidDBClusterStateFault', `DB cluster ${input.DBClusterIdentifier} is not available.`);
      const id = String(input.DBInstanceIdentifier ?? '').toLowerCase();
      if (findInstance(world, region, id)) throw awsError('DBInstanceAlreadyExistsFault', 'DB instance already exists');
      if (!input.DBInstanceClass) throw awsError('InvalidParameterValue', 'DBInstanceClass is required.');
      drState(world).restored.set(`${region}/${id}`, {
        identifier: id, region, readyAt: world.now() + RESTORE_MS, input: { ...input, DBClusterIdentifier: String(input.DBClusterIdentifier).toLowerCase() }, engine: String(input.Engine),
        kmsKeyId: c.restored?.input.KmsKeyId as string | undefined, dbiResourceId: newDbiResourceId(region, id, world.now()),
      });
      return { DBInstance: { DBInstanceIdentifier: id, DBInstanceStatus: 'creating' } };
    }),
  ],
};
