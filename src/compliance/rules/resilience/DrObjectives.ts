import { DR_ASSUMPTIONS } from '../../../dr/objectives';
import type { CheckContext, HavenRule, RuleFinding } from '../../types';
import { asArray, at, evidence, isClusterMember, prop, refersTo, resourcesOfType, stackEvidence, type ResourceRef } from '../../template';
import { inBackupSelection } from './BackupCoverage';

/** Minutes between runs of a backup schedule: cron(m h ...) or rate(n unit). Undefined when unknown. */
export function scheduleIntervalMinutes(expr: unknown): number | undefined {
  if (typeof expr !== 'string') return undefined;
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expr.trim());
  if (rate) return Number(rate[1]) * (rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440);
  const cron = /^cron\((\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?\)$/.exec(expr.trim());
  if (!cron) return undefined;
  const [, , hour, dom, , dow] = cron;
  if (dom === '*' || dom === '?') {
    if (dow !== '*' && dow !== '?') return 7 * 1440;
  } else return 30 * 1440;
  if (hour === '*') return 60;
  const step = /^\*\/(\d+)$/.exec(hour) ?? /^\d+\/(\d+)$/.exec(hour);
  if (step) return Number(step[1]) * 60;
  if (hour.includes(',')) return Math.ceil(1440 / hour.split(',').length);
  return 1440;
}

/** One way data reaches the DR region, with the data-loss bound src/dr/objectives.ts assumes for it. */
interface Carrier {
  readonly what: string;
  readonly rpoMinutes: number;
}

const contains = (value: unknown, text: string): boolean => JSON.stringify(value ?? null).includes(text);

/** The literal identifier of a primary database (instance or cluster), when the template states one. */
function identifierOf(db: ResourceRef): string | undefined {
  const id = prop(db.resource, db.resource.Type === 'AWS::RDS::DBCluster' ? 'DBClusterIdentifier' : 'DBInstanceIdentifier');
  return typeof id === 'string' ? id.toLowerCase() : undefined;
}

/** Fastest backup-plan copy to the DR region (schedule interval plus the copy itself), if any plan copies there. */
function backupCopy(ctx: CheckContext, dr: string): Carrier | undefined {
  const copying = resourcesOfType(ctx, 'AWS::Backup::BackupPlan')
    .flatMap((p) => asArray(prop(p.resource, 'BackupPlan.BackupPlanRule')))
    .filter((rule) => asArray(at(rule, 'CopyActions')).some((c) => contains(at(c, 'DestinationBackupVaultArn'), dr)));
  if (copying.length === 0) return undefined;
  const intervals = copying.map((r) => scheduleIntervalMinutes(at(r, 'ScheduleExpression')) ?? Infinity);
  return { what: 'AWS Backup copy to the DR vault', rpoMinutes: Math.min(...intervals) + DR_ASSUMPTIONS.backupCopyMinutes };
}

/** What carries one primary database to the DR region: replica, global secondary, replicated backups, or a Backup copy. */
function databaseCarriers(ctx: CheckContext, db: ResourceRef, dr: string, drStacks: readonly ResourceRef['stack'][], copy: Carrier | undefined): Carrier[] {
  const out: Carrier[] = [];
  const id = identifierOf(db);
  const inDr = (...types: string[]) => resourcesOfType(ctx, ...types).filter((r) => drStacks.includes(r.stack));
  if (id && db.resource.Type === 'AWS::RDS::DBInstance') {
    if (inDr('AWS::RDS::DBInstance').some((r) => contains(prop(r.resource, 'SourceDBInstanceIdentifier'), `:db:${id}`))) {
      out.push({ what: 'cross-region read replica', rpoMinutes: DR_ASSUMPTIONS.rdsReadReplicaLagMinutes });
    }
    // Native cross-region automated-backup replication (AWS::RDS::DBInstance AutomaticBackupReplicationRegion).
    if (prop(db.resource, 'AutomaticBackupReplicationRegion') === dr) {
      out.push({ what: 'replicated automated backups', rpoMinutes: DR_ASSUMPTIONS.rdsBackupReplicationMinutes });
    }
  }
  if (db.resource.Type === 'AWS::RDS::DBCluster') {
    const globals = resourcesOfType(ctx, 'AWS::RDS::GlobalCluster')
      .filter((g) => g.stack === db.stack && (refersTo(prop(g.resource, 'SourceDBClusterIdentifier'), db.logicalId) || (id !== undefined && contains(prop(g.resource, 'SourceDBClusterIdentifier'), `:cluster:${id}`))))
      .map((g) => prop(g.resource, 'GlobalClusterIdentifier'));
    if (inDr('AWS::RDS::DBCluster').some((r) => globals.some((g) => g !== undefined && JSON.stringify(prop(r.resource, 'GlobalClusterIdentifier')) === JSON.stringify(g)))) {
      out.push({ what: 'Aurora global secondary cluster', rpoMinutes: DR_ASSUMPTIONS.auroraGlobalLagMinutes });
    }
  }
  if (copy && inBackupSelection(db, resourcesOfType(ctx, 'AWS::Backup::BackupSelection'))) out.push(copy);
  return out;
}

/** Buckets replicated out of the primary region: with Replication Time Control (SLA) or without. */
function bucketCarriers(primary: readonly ResourceRef[]): Carrier[] {
  return primary
    .filter((b) => b.resource.Type === 'AWS::S3::Bucket' && asArray(prop(b.resource, 'ReplicationConfiguration.Rules')).length > 0)
    .map((b) => {
      const rtc = asArray(prop(b.resource, 'ReplicationConfiguration.Rules')).some((r) => at(r, 'Destination.ReplicationTime.Status') === 'Enabled');
      return rtc
        ? { what: `S3 replication with RTC (${b.logicalId})`, rpoMinutes: DR_ASSUMPTIONS.s3ReplicationWithRtcMinutes }
        : { what: `S3 replication without RTC (${b.logicalId})`, rpoMinutes: DR_ASSUMPTIONS.s3ReplicationWithoutRtcMinutes };
    });
}

/**
 * The environment's data reaches the DR region within the RPO. The bound is computed from what the templates hold,
 * with the figures `validate` uses (src/dr/objectives.ts DR_ASSUMPTIONS): every primary database needs a carrier
 * (read replica, Aurora global secondary, replicated automated backups, or an AWS Backup copy), and the RPO is the
 * slowest of the databases' fastest carriers and the bucket replications.
 */
export const DrObjectives: HavenRule = {
  id: 'HAVEN-DR-OBJECTIVES',
  severity: 'error',
  title: 'DR objectives are met',
  description: 'When the environment names a DR region, every database and replicated bucket reaches it (replica, global database, replicated backups or a Backup copy), within the RPO.',
  remediation: 'Choose a dr.database.replication (or Aurora global database) that carries each database to the DR region, or add a Backup copy action scheduled at least as often as the RPO.',
  evaluate(ctx) {
    const dr = ctx.environment.drRegion;
    if (!dr) return { findings: [], checked: 0 };
    const primaryStack = ctx.stacks.find((s) => s.region === ctx.environment.primaryRegion) ?? ctx.stacks[0];
    if (!primaryStack) return { findings: [], checked: 0 };
    const drStacks = ctx.stacks.filter((s) => s.region === dr);
    const primary = resourcesOfType(ctx, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::S3::Bucket').filter((r) => r.stack.region === ctx.environment.primaryRegion);
    const databases = primary.filter((r) => r.resource.Type !== 'AWS::S3::Bucket' && !isClusterMember(r.resource) && prop(r.resource, 'SourceDBInstanceIdentifier') === undefined);
    const copy = backupCopy(ctx, dr);
    const findings: RuleFinding[] = [];
    const carriers: Carrier[] = [...bucketCarriers(primary)];
    for (const db of databases) {
      const found = databaseCarriers(ctx, db, dr, drStacks, copy);
      if (found.length === 0) {
        findings.push({ message: `${db.logicalId} reaches ${dr} by no replica, global database, replicated backup or Backup copy`, evidence: evidence(db, 'dr.database.replication', null) });
        continue;
      }
      carriers.push(found.reduce((best, c) => (c.rpoMinutes < best.rpoMinutes ? c : best)));
    }
    if (copy && databases.length === 0) carriers.push(copy);
    if (carriers.length === 0 && findings.length === 0) {
      findings.push({ message: `Nothing copies recovery points to the DR region ${dr}`, evidence: stackEvidence(primaryStack, 'BackupPlan.BackupPlanRule.CopyActions', null) });
      return { findings, checked: 1 };
    }
    const rpo = ctx.environment.rpoMinutes;
    const slowest = carriers.reduce<Carrier | undefined>((worst, c) => (worst === undefined || c.rpoMinutes > worst.rpoMinutes ? c : worst), undefined);
    if (rpo !== undefined && slowest && slowest.rpoMinutes > rpo) {
      findings.push({ message: `Data reaches ${dr} within ${Number.isFinite(slowest.rpoMinutes) ? slowest.rpoMinutes : '?'} minutes (slowest: ${slowest.what}); the RPO is ${rpo}`, evidence: stackEvidence(primaryStack, 'dr.objectives.rpoMinutes', rpo) });
    }
    return { findings, checked: 1 + databases.length };
  },
};
