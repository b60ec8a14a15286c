import { cidrContains, cidrsOverlap } from '../common';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/** Subnets sit inside the VPC, never overlap, and there is one per AZ; the DR VPC never overlaps the primary. */
export const networkRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const plan of Object.values(plans)) {
    const { network } = plan;
    const environment = plan.name;
    const azs = network.azs ?? plan.defaults.azs;
    const seen: { cidr: string; path: (string | number)[] }[] = [];
    for (const tier of ['public', 'app', 'data'] as const) {
      const list = network.subnets?.[tier];
      if (!list) continue;
      if (list.length !== azs) {
        issues.push({ environment, path: ['network', 'subnets', tier], message: `expected ${azs} subnet CIDRs (one per availability zone), got ${list.length}` });
      }
      list.forEach((block, i) => {
        const path = ['network', 'subnets', tier, i];
        if (!cidrContains(network.cidr, block)) {
          issues.push({ environment, path, message: `subnet ${block} is outside the VPC CIDR ${network.cidr}` });
        }
        const clash = seen.find((s) => cidrsOverlap(s.cidr, block));
        if (clash) issues.push({ environment, path, message: `subnet ${block} overlaps ${clash.cidr} (network.subnets.${clash.path.slice(2).join('.')})` });
        seen.push({ cidr: block, path });
      });
    }
    if (network.drCidr && cidrsOverlap(network.cidr, network.drCidr)) {
      issues.push({ environment, path: ['network', 'drCidr'], message: `DR VPC CIDR ${network.drCidr} overlaps the primary VPC CIDR ${network.cidr}; failover and peering need distinct ranges` });
    }
    if (network.drCidr && !plan.regions.dr) {
      issues.push({ environment, path: ['network', 'drCidr'], message: 'drCidr is set but regions.dr is not; name the DR region or remove drCidr' });
    }
    if (plan.regions.dr === plan.regions.primary) {
      issues.push({ environment, path: ['regions', 'dr'], message: `the DR region must differ from the primary region (${plan.regions.primary})` });
    }
    const prefix = Number(network.cidr.split('/')[1]);
    if (prefix > 24 || prefix < 16) {
      issues.push({ environment, path: ['network', 'cidr'], message: `expected a VPC prefix between /16 and /24 (AWS limits), got /${prefix}` });
    }
  }
  return issues;
};
