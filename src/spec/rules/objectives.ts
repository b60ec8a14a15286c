import { objectivesForPlan } from '../../dr/objectives';
import { drDesign, drStrategy, isAurora, replicaBackupsSupported } from '../../dr/strategy';
import { cidrsOverlap } from '../common';
import type { EnvironmentPlan } from '../resolve';
import type { CrossFieldIssue, CrossFieldRule } from './types';
import { residencyRule } from './residency';

/** A DR design must be buildable: a distinct DR region, a non-overlapping DR CIDR, engines that support the mode. */
export const drDesignRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  // replicate: true is usually shared; it only says nothing when no environment has a DR region at all.
  const anyDr = Object.values(plans).some((p) => drStrategy(p) !== 'none');
  for (const [environment, plan] of Object.entries(plans)) {
    const strategy = drStrategy(plan);
    const mode = plan.dr?.database?.replication;
    if (strategy === 'none') {
      if (anyDr) continue;
      for (const [name, bucket] of Object.entries(plan.buckets ?? {})) {
        if (bucket.replicate) issues.push({ environment, path: ['buckets', name, 'replicate'], message: `bucket ${name} replicates, but no environment has a DR region (set regions.dr and a dr.strategy)` });
      }
      continue;
    }
    if (!plan.regions.dr) {
      issues.push({ environment, path: ['regions', 'dr'], message: `dr.strategy ${strategy} needs a DR region` });
      continue;
    }
    if (plan.regions.dr === plan.regions.primary) {
      issues.push({ environment, path: ['regions', 'dr'], message: `the DR region must differ from the primary region (${plan.regions.primary}) to survive its loss` });
    }
    if (!plan.network.drCidr) {
      issues.push({ environment, path: ['network', 'drCidr'], message: `dr.strategy ${strategy} deploys a VPC in ${plan.regions.dr}; set network.drCidr to a block that does not overlap ${plan.network.cidr}` });
    } else if (cidrsOverlap(plan.network.cidr, plan.network.drCidr)) {
      issues.push({ environment, path: ['network', 'drCidr'], message: `network.drCidr ${plan.network.drCidr} overlaps network.cidr ${plan.network.cidr}; regions can only be peered or routed when their blocks are distinct` });
    }
    const dbs = Object.entries(plan.databases ?? {});
    if (strategy === 'aurora-global' && !dbs.some(([, db]) => isAurora(db.engine))) {
      issues.push({ environment, path: ['dr', 'strategy'], message: 'aurora-global needs an Aurora database (engine aurora-postgresql or aurora-postgresql-serverless)' });
    }
    for (const [name, db] of dbs) {
      if (!isAurora(db.engine)) continue;
      if (mode === 'backup-replication') issues.push({ environment, path: ['dr', 'database', 'replication'], message: `databases.${name} is Aurora: RDS automated backup replication covers DB instances only; use snapshot-copy (AWS Backup copy) or strategy aurora-global` });
      if (mode === 'read-replica') issues.push({ environment, path: ['dr', 'database', 'replication'], message: `databases.${name} is Aurora: a cross-region replica of an Aurora cluster is an Aurora Global Database; use strategy aurora-global` });
    }
    issues.push(...replicaBackupIssues(environment, plan));
    if (plan.dr?.failover && !plan.dr.failover.hostedZoneId) {
      issues.push({ environment, path: ['dr', 'failover', 'hostedZoneId'], message: `dr.failover needs the hosted zone id of ${plan.dr.failover.zoneName} (Haven synthesizes offline and never looks zones up)` });
    }
    for (const [name, bucket] of Object.entries(plan.buckets ?? {})) {
      if (bucket.replicate && bucket.versioned === false) issues.push({ environment, path: ['buckets', name, 'versioned'], message: `bucket ${name} replicates: S3 replication requires versioning on source and replica` });
    }
  }
  return issues;
};

/**
 * A DR read replica keeps its own automated backups and is in the DR region's backup plan, like the database it
 * stands in for. RDS for PostgreSQL keeps automated backups on a read replica only from 14.1
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Overview.Differences.html).
 */
function replicaBackupIssues(environment: string, plan: EnvironmentPlan): CrossFieldIssue[] {
  return drDesign(plan).databases
    .filter((d) => d.mode === 'read-replica' && !isAurora(d.engine) && !replicaBackupsSupported(plan.databases![d.name].version))
    .map((d) => ({
      environment, path: ['databases', d.name, 'version'],
      message: `databases.${d.name} has a DR read replica, and RDS keeps automated backups of a PostgreSQL read replica only from 14.1 (got ${plan.databases![d.name].version}); use 14.1 or later, or dr.database.replication: backup-replication`,
    }));
}

/** The stated RPO/RTO must be met by the design Haven computes (src/dr/objectives.ts). */
export const objectivesRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const [environment, plan] of Object.entries(plans)) {
    const target = plan.dr?.objectives;
    if (!target) continue;
    const got = objectivesForPlan(plan);
    const design = drDesign(plan);
    if (got.rpoMinutes === null || got.rpoMinutes > target.rpoMinutes) {
      const limiting = got.mechanisms.filter((m) => m.rpoMinutes === undefined ? m.id.startsWith('none:') : m.rpoMinutes > target.rpoMinutes).map((m) => m.description);
      const hints: string[] = [];
      if (got.mechanisms.some((m) => m.id.startsWith('s3-crr:'))) hints.push('enable dr.buckets.replicationTimeControl (15 min)');
      if (design.databases.some((d) => d.mode === 'snapshot-copy' || d.mode === 'backup-replication')) hints.push('use dr.database.replication: read-replica (minutes)');
      if (design.strategy === 'none') hints.push('set regions.dr and a dr.strategy');
      issues.push({
        environment,
        path: ['dr', 'objectives', 'rpoMinutes'],
        message: `RPO target ${target.rpoMinutes} min is not met: the design loses up to ${got.rpoMinutes === null ? 'everything' : `${got.rpoMinutes} min`} of data on a region loss${limiting.length ? ` (${limiting.join('; ')})` : ''}${hints.length ? `; ${hints.join(', or ')}` : ''}`,
      });
    }
    if (got.rtoMinutes === null || got.rtoMinutes > target.rtoMinutes) {
      const hints: string[] = [];
      if (design.profile.compute === 'none' && design.strategy !== 'none') hints.push('pilot-light or warm-standby keep compute ready');
      if (design.databases.some((d) => d.mode === 'snapshot-copy' || d.mode === 'backup-replication')) hints.push('a read replica avoids a restore');
      if (!design.failover && design.strategy !== 'none') hints.push('dr.failover automates DNS');
      issues.push({
        environment,
        path: ['dr', 'objectives', 'rtoMinutes'],
        message: `RTO target ${target.rtoMinutes} min is not met: the design recovers in ${got.rtoMinutes === null ? 'never (no DR region)' : `${got.rtoMinutes} min`}${hints.length ? `; ${hints.join(', ')}` : ''}`,
      });
    }
  }
  return issues;
};

/** Every DR rule, for the integrator to register with the loader. */
export const drRules: readonly CrossFieldRule[] = [drDesignRule, objectivesRule, residencyRule];
