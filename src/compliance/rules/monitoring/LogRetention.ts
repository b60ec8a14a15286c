import type { Framework, HavenRule, RuleFinding } from '../../types';
import { HAVEN_LOG_CLASS_METADATA, evidence, prop, resourcesOfType } from '../../template';

/**
 * Minimum retention of audit logs per framework, in days: HIPAA §164.316(b)(2) six years,
 * PCI DSS 10.5.1 twelve months, SOC 2 and CIS a year of history in practice.
 */
export const AUDIT_RETENTION_DAYS: Partial<Record<Framework, number>> = { hipaa: 2192, pci: 365, soc2: 365, cis: 365, nist: 365 };

export function logClass(name: unknown, metadata: Record<string, unknown> | undefined): string {
  const cls = metadata?.[HAVEN_LOG_CLASS_METADATA];
  if (typeof cls === 'string') return cls;
  const n = typeof name === 'string' ? name.toLowerCase() : '';
  return /audit|cloudtrail|trail/.test(n) ? 'audit' : 'application';
}

/** Logs expire (storage limitation) and audit logs live as long as the strictest framework asks. */
export const LogRetention: HavenRule = {
  id: 'HAVEN-LOG-RETENTION',
  severity: 'error',
  title: 'Log retention by class',
  description: 'Every log group has a retention period (no indefinite keeping of personal data); audit-class log groups keep at least the longest period the frameworks require.',
  remediation: 'Set the log class on the log group (haven:logClass metadata) and use the tier retention for that class.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const groups = resourcesOfType(ctx, 'AWS::Logs::LogGroup');
    const required = Math.max(0, ...ctx.frameworks.map((f) => AUDIT_RETENTION_DAYS[f] ?? 0));
    for (const ref of groups) {
      const days = prop(ref.resource, 'RetentionInDays');
      if (days === undefined) {
        findings.push({ message: `Log group ${ref.logicalId} keeps logs forever`, evidence: evidence(ref, 'Properties.RetentionInDays', null) });
        continue;
      }
      const cls = logClass(prop(ref.resource, 'LogGroupName'), ref.resource.Metadata);
      if (cls === 'audit' && Number(days) < required) {
        findings.push({ message: `Audit log group ${ref.logicalId} keeps ${String(days)} days; ${ctx.frameworks.join(', ')} require ${required}`, evidence: evidence(ref, 'Properties.RetentionInDays', days) });
      }
    }
    return { findings, checked: groups.length };
  },
};
