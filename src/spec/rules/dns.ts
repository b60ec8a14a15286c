import { dnsClashes, dnsPlan, dnsResidencyIssues, environmentDnsPlan } from '../../dr/dns-plan';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/**
 * DNS across the whole spec: the records every environment would create (src/dr/dns-plan.ts), checked as Route 53
 * checks them. A clash is reported at both fields, each message naming the other; an environment that cannot
 * build its failover pair (no SECONDARY, no zone id, a target outside the zone) is an error, not a warning.
 */
export const dnsRule: CrossFieldRule = (spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const [environment, plan] of Object.entries(plans)) {
    for (const issue of environmentDnsPlan(environment, plan).issues) issues.push({ environment, ...issue });
  }
  const zones = dnsPlan(plans);
  for (const clash of dnsClashes(zones)) {
    issues.push({ environment: clash.first.environment, path: clash.first.path, message: clash.message });
    if (clash.second.environment !== clash.first.environment || clash.second.path.join('.') !== clash.first.path.join('.')) {
      issues.push({ environment: clash.second.environment, path: clash.second.path, message: clash.message });
    }
  }
  if ((spec.compliance.frameworks as readonly string[]).includes('gdpr')) {
    for (const { record, message } of dnsResidencyIssues(zones, plans)) issues.push({ environment: record.environment, path: record.path, message });
  }
  return issues;
};
