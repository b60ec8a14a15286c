import { ServiceModule } from '../service';
import { cloudControl } from './cloudcontrol';
import { cloudWatchDr, ec2Dr, s3Dr } from './dr-misc';
import { ecs } from './ecs';
import { rdsDr } from './rds-dr';
import { rdsFailback } from './rds-failback';
import { rdsRestoreCluster } from './rds-restore-cluster';
import { rdsGlobal } from './rds-global';
import { secretsManager } from './secrets-manager';

/**
 * What the DR runbook (src/ops/dr) asks AWS beyond `verify`'s reads: RDS PromoteReadReplica / restores / Aurora global failover and switchover / failback (snapshots, renames, re-created replicas), Secrets
 * Manager, ECS UpdateService, Cloud Control (EKS node groups), CloudWatch PutMetricData (the failover switch), EC2 zones, S3 listings. Modules for a
 * client another module already answers (RDS, CloudWatch, EC2, S3) are merged into the same stub by `installModules`.
 * Their state lives in `drState(world)` (services/dr-state.ts); the describes of the verify modules read it.
 */
export const DR_MODULES: readonly ServiceModule[] = [rdsDr, rdsFailback, rdsRestoreCluster, rdsGlobal, secretsManager, ecs, cloudControl, cloudWatchDr, ec2Dr, s3Dr];
