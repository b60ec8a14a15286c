import { AUDIT_RETENTION_DAYS } from '../../compliance/rules/monitoring/LogRetention';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/** Data classes whose records the frameworks' retention rules cover. */
const REGULATED_CLASSES = new Set(['phi', 'pii']);

/**
 * A bucket holding PHI or PII must not expire objects before the spec's frameworks require them kept: HIPAA's
 * six-year documentation rule (§164.316(b)(2)), the same figures the compliance check applies to audit logs.
 * Only HIPAA sets a floor for the records themselves; the other frameworks' figures are about audit logs.
 */
export const regulatedRetentionRule: CrossFieldRule = (spec, plans) => {
  const floor = spec.compliance.frameworks.includes('hipaa') ? AUDIT_RETENTION_DAYS.hipaa : undefined;
  if (floor === undefined) return [];
  const issues: CrossFieldIssue[] = [];
  for (const [environment, plan] of Object.entries(plans)) {
    for (const [name, bucket] of Object.entries(plan.buckets ?? {})) {
      if (!bucket.dataClass || !REGULATED_CLASSES.has(bucket.dataClass)) continue;
      if (bucket.expireAfterDays !== undefined && bucket.expireAfterDays < floor) {
        issues.push({ environment, path: ['buckets', name, 'expireAfterDays'], message: `bucket ${name} holds ${bucket.dataClass.toUpperCase()} and expires objects after ${bucket.expireAfterDays} days; HIPAA keeps records at least ${floor} days (six years)` });
      }
    }
  }
  return issues;
};
