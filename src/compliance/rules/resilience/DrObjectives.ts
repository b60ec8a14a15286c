import type { HavenRule, RuleFinding } from '../../types';
import { asArray, at, prop, resourcesOfType, stackEvidence } from '../../template';

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

/** Recovery copies reach the DR region at least as often as the RPO requires. */
export const DrObjectives: HavenRule = {
  id: 'HAVEN-DR-OBJECTIVES',
  severity: 'error',
  title: 'DR objectives are met',
  description: 'When the environment names a DR region, a backup plan copies recovery points there, no less often than the RPO.',
  remediation: 'Add a copy action to a vault in the DR region to the backup plan, scheduled at least as often as dr.rpo.',
  evaluate(ctx) {
    const dr = ctx.environment.drRegion;
    if (!dr) return { findings: [], checked: 0 };
    const primary = ctx.stacks.find((s) => s.region === ctx.environment.primaryRegion) ?? ctx.stacks[0];
    if (!primary) return { findings: [], checked: 0 };
    const plans = resourcesOfType(ctx, 'AWS::Backup::BackupPlan');
    const copying = plans.flatMap((p) => asArray(prop(p.resource, 'BackupPlan.BackupPlanRule'))).filter((rule) =>
      asArray(at(rule, 'CopyActions')).some((c) => JSON.stringify(at(c, 'DestinationBackupVaultArn') ?? '').includes(dr)),
    );
    const findings: RuleFinding[] = [];
    if (copying.length === 0) {
      findings.push({ message: `No backup plan copies recovery points to the DR region ${dr}`, evidence: stackEvidence(primary, 'BackupPlan.BackupPlanRule.CopyActions', null) });
      return { findings, checked: 1 };
    }
    const rpo = ctx.environment.rpoMinutes;
    if (rpo !== undefined) {
      const intervals = copying.map((r) => scheduleIntervalMinutes(at(r, 'ScheduleExpression'))).filter((n): n is number => n !== undefined);
      const best = Math.min(...intervals);
      if (intervals.length === 0 || best > rpo) {
        findings.push({ message: `Copies reach ${dr} every ${Number.isFinite(best) ? best : '?'} minutes; the RPO is ${rpo}`, evidence: stackEvidence(primary, 'BackupPlan.BackupPlanRule.ScheduleExpression', copying.map((r) => at(r, 'ScheduleExpression') ?? null)) });
      }
    }
    return { findings, checked: 1 };
  },
};
