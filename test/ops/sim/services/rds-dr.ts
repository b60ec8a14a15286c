import {
  PromoteReadReplicaCommand, type PromoteReadReplicaCommandInput, RDSClient, RestoreDBInstanceToPointInTimeCommand, type RestoreDBInstanceToPointInTimeCommandInput,
} from '@aws-sdk/client-rds';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';
import { hex } from '../ids';
import { PROMOTION_MS, RESTORE_MS, drState, findInstance, settlePromotion, takeFault } from './dr-state';
import { instanceNotFound, replicatedBackups } from './rds';

const INSTANCE = 'AWS::RDS::DBInstance';

function instance(world: World, region: string, id: string | undefined): SimResource | undefined {
  return findInstance(world, region, id)?.resource;
}

/** A restore lands in Haven's network only if the subnet group, security groups and parameter group exist in its region. */
export function checkPlacement(world: World, region: string, input: { DBSubnetGroupName?: string; VpcSecurityGroupIds?: string[]; DBParameterGroupName?: string }): void {
  const named = (type: string, name: string | undefined) => world.find(type, region, (r) => r.physicalId === name?.toLowerCase() || r.physicalId === name);
  if (input.DBSubnetGroupName && !named('AWS::RDS::DBSubnetGroup', input.DBSubnetGroupName)) throw awsError('DBSubnetGroupNotFoundFault', `DBSubnetGroup ${input.DBSubnetGroupName} not found.`, 404);
  for (const g of input.VpcSecurityGroupIds ?? []) if (!named('AWS::EC2::SecurityGroup', g)) throw awsError('InvalidParameterValue', `Invalid security group, groupId= ${g}`);
  if (input.DBParameterGroupName && !named('AWS::RDS::DBParameterGroup', input.DBParameterGroupName)) throw awsError('DBParameterGroupNotFoundFault', `DBParameterGroup ${input.DBParameterGroupName} not found.`, 404);
}

/** A new instance's DbiResourceId (each create or restore is a new instance). */
export function newDbiResourceId(region: string, id: string, at: number): string {
  return `db-${hex(`${region}/${id}/${at}`, 26).toUpperCase()}`;
}

/** The RDS operations the DR runbook adds to what `verify` reads (the `rds` module answers the describes). */
export const rdsDr: ServiceModule = {
  client: RDSClient,
  operations: [
    // PromoteReadReplica: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_PromoteReadReplica.html
    // The instance shows 'modifying' for a few minutes, then is a standalone instance (ReadReplicaSourceDBInstanceIdentifier gone).
    op<PromoteReadReplicaCommandInput>(PromoteReadReplicaCommand, (world, input, region) => {
      takeFault(world, 'PromoteReadReplica');
      const r = instance(world, region, input.DBInstanceIdentifier);
      if (!r) throw instanceNotFound(input.DBInstanceIdentifier);
      if (settlePromotion(world, r)) throw awsError('InvalidDBInstanceStateFault', `DB instance ${r.physicalId} is not in available state.`);
      if (!world.prop(r, 'SourceDBInstanceIdentifier')) throw awsError('InvalidDBInstanceStateFault', `DB Instance ${r.physicalId} is not a read replica.`);
      drState(world).promotions.set(r, world.now() + PROMOTION_MS);
      if (input.BackupRetentionPeriod !== undefined) world.set(r, 'BackupRetentionPeriod', input.BackupRetentionPeriod);
      return { DBInstance: { DBInstanceIdentifier: r.physicalId, DBInstanceStatus: 'modifying' } };
    }),
    // RestoreDBInstanceToPointInTime: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceToPointInTime.html
    // From a replicated automated backup (SourceDBInstanceAutomatedBackupsArn) in the backup's region.
    op<RestoreDBInstanceToPointInTimeCommandInput>(RestoreDBInstanceToPointInTimeCommand, (world, input, region) => {
      takeFault(world, 'RestoreDBInstanceToPointInTime');
      const backup = replicatedBackups(world, region).find((b) => b.DBInstanceAutomatedBackupsArn === input.SourceDBInstanceAutomatedBackupsArn);
      if (!backup) throw awsError('DBInstanceAutomatedBackupNotFoundFault', `Automated backup ${input.SourceDBInstanceAutomatedBackupsArn} not found.`, 404);
      const id = String(input.TargetDBInstanceIdentifier ?? '').toLowerCase();
      if (!id) throw awsError('InvalidParameterValue', 'TargetDBInstanceIdentifier is required');
      if (findInstance(world, region, id)) throw awsError('DBInstanceAlreadyExistsFault', `DB instance already exists`);
      checkPlacement(world, region, input);
      const source = world.resources(INSTANCE).find((x) => x.physicalId === backup.DBInstanceIdentifier);
      drState(world).restored.set(`${region}/${id}`, {
        identifier: id, region, readyAt: world.now() + RESTORE_MS, input: { ...input }, engine: String(source?.properties.Engine ?? 'postgres'),
        kmsKeyId: backup.KmsKeyId, dbiResourceId: newDbiResourceId(region, id, world.now()),
      });
      return { DBInstance: { DBInstanceIdentifier: id, DBInstanceStatus: 'creating' } };
    }),
  ],
};
