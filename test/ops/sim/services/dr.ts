import { ServiceModule } from '../service';

/**
 * Extension point for the DR runbook (src/ops/dr): RDS PromoteReadReplica / restores, Route 53 health checks,
 * Secrets Manager, ECS UpdateService, AWS Backup recovery points, CloudWatch PutMetricData (the failover switch).
 *
 * Add one `ServiceModule` per service here (or in a sibling file listed here). Modules for a client another module
 * already answers (RDS, Route 53, CloudWatch) are merged into the same stub by `installModules`. Handlers read and
 * mutate the shared `World`: resources by type and region (`world.resources(type, region)`), out-of-band changes
 * (`world.set` / `world.remove`), and the fault knobs (unreachable regions, throttling).
 */
export const DR_MODULES: readonly ServiceModule[] = [];
