import { AS_OF, AVAILABILITY_ZONES, knownZoneNames, type RegionZones } from '../../platform/availability-zones';
import { cidrContains, cidrsOverlap } from '../common';
import type { EnvironmentPlan } from '../resolve';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/**
 * The zones of one region (primary or DR): pinned names belong to the region and are distinct; there are at least
 * as many (pinned, or in Haven's table) as the environment spreads its subnets over. Without this, synthesis would
 * either look the zones up in AWS or build subnets in zones CloudFormation rejects.
 */
export function zoneIssues(plan: EnvironmentPlan, role: 'primary' | 'dr', table: Readonly<Record<string, RegionZones>> = AVAILABILITY_ZONES): CrossFieldIssue[] {
  const environment = plan.name;
  const region = role === 'primary' ? plan.regions.primary : plan.regions.dr;
  const field = role === 'primary' ? 'availabilityZones' : 'drAvailabilityZones';
  const pinned = plan.network[field];
  const needed = plan.network.azs ?? plan.defaults.azs;
  const neededFrom = plan.network.azs ? 'network.azs' : `the ${plan.tier} tier`;
  if (!region) {
    return pinned ? [{ environment, path: ['network', field], message: `${field} is set but regions.dr is not; name the DR region or remove ${field}` }] : [];
  }
  const known = knownZoneNames(region, table);
  if (!pinned) {
    if (!known) return [{ environment, path: ['regions', role], message: `Haven's availability-zone table (as of ${AS_OF}) has no entry for ${region}; list the zone names your account sees in network.${field}` }];
    const usable = table[region].names.length;
    if (usable < needed) {
      return [{ environment, path: plan.network.azs ? ['network', 'azs'] : ['regions', role], message: `${neededFrom} needs ${needed} availability zones but ${region} offers ${usable} (${table[region].names.join(', ')}); lower network.azs or choose another region` }];
    }
    return [];
  }
  const issues: CrossFieldIssue[] = [];
  pinned.forEach((name, i) => {
    if (known && !known.includes(name)) {
      issues.push({ environment, path: ['network', field, i], message: `${name} is not an availability zone of ${region}; expected one of ${known.join(', ')}` });
    } else if (!known && !name.startsWith(region)) {
      issues.push({ environment, path: ['network', field, i], message: `${name} is not an availability zone of ${region}` });
    }
    if (pinned.indexOf(name) !== i) issues.push({ environment, path: ['network', field, i], message: `${name} is listed twice; each subnet tier needs distinct zones` });
  });
  if (pinned.length < needed) {
    issues.push({ environment, path: ['network', field], message: `${neededFrom} needs ${needed} availability zones, got ${pinned.length}` });
  }
  return issues;
}

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
    issues.push(...zoneIssues(plan, 'primary'), ...zoneIssues(plan, 'dr'));
    const prefix = Number(network.cidr.split('/')[1]);
    if (prefix > 24 || prefix < 16) {
      issues.push({ environment, path: ['network', 'cidr'], message: `expected a VPC prefix between /16 and /24 (AWS limits), got /${prefix}` });
    }
  }
  return issues;
};
