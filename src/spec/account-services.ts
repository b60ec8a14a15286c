import { drDesign, drStandbyCompute } from '../dr/strategy';
import type { Tier } from './common';
import type { EnvironmentPlan } from './resolve';
import { ecrSchema, expandServices } from './sections/services';

/**
 * AWS allows one of each of these per account and region, so a second environment that creates its own fails to
 * deploy: a GuardDuty detector (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_regions.html), a Config
 * configuration recorder and delivery channel (https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html),
 * a Security Hub subscription (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html), and
 * the ECR registry's scanning and replication configurations
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-settings.html).
 *
 * Haven creates each once per account and region, in one environment's stack, and the others deploying there use it.
 * The owner is the environment of the highest tier (production, then staging, then development), the first listed
 * among equals: not simply the first listed, because a development environment is torn down freely (its data is
 * not retained) and would take production's detector and recorder with it. A baseline stack of its own would need a
 * deployment step outside any environment; an environment stack keeps `haven deploy --env` the only step.
 */
export interface AccountShare {
  /** Every environment deploying a stack to this account and region, in spec order. */
  readonly environments: readonly string[];
  /** The environment creating the Config recorder, GuardDuty detector and Security Hub subscription, if any does. */
  readonly security?: string;
  /** The environment creating the ECR scanning configuration, and the repository filters it covers. */
  readonly ecrScanning?: { readonly owner: string; readonly filters: readonly string[] };
  /** The environment creating the ECR replication configuration, and one rule per environment replicating to DR. */
  readonly ecrReplication?: { readonly owner: string; readonly rules: ReadonlyArray<{ readonly prefix: string; readonly region: string }> };
}

/** The account a plan deploys to: environments without one deploy with the same credentials, so one account. */
export const accountKey = (plan: EnvironmentPlan): string => plan.account ?? 'default';

const TIER_RANK: Readonly<Record<Tier, number>> = { production: 0, staging: 1, development: 2 };

/** Regions where the environment has a stack that builds the security baseline: primary, and DR when deployed. */
function regionsOf(plan: EnvironmentPlan): string[] {
  const design = plan.regions.dr ? drDesign(plan) : undefined;
  return [plan.regions.primary, ...(design && design.strategy !== 'none' && design.drRegion ? [design.drRegion] : [])];
}

function hasRepositories(plan: EnvironmentPlan): boolean {
  return expandServices(plan.services).some((s) => s.repository) || (plan.ecr?.repositories?.length ?? 0) > 0;
}

const prefixOf = (plan: EnvironmentPlan): string => `${plan.project.name}-${plan.name}-`;

function share(members: EnvironmentPlan[], region: string): AccountShare {
  const ranked = [...members].sort((a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier]);
  const security = ranked.find((p) => p.security?.accountServices ?? true)?.name;
  const primaryHere = ranked.filter((p) => p.regions.primary === region && hasRepositories(p));
  const scanning = primaryHere.filter((p) => ecrSchema.parse(p.ecr ?? {}).scanning === 'enhanced');
  const replicating = primaryHere.filter((p) => {
    const design = p.regions.dr ? drDesign(p) : undefined;
    return design?.drRegion !== undefined && drStandbyCompute(p).deploy;
  });
  return {
    environments: members.map((p) => p.name),
    security,
    ecrScanning: scanning.length > 0 ? { owner: scanning[0].name, filters: scanning.map((p) => `${prefixOf(p)}*`) } : undefined,
    ecrReplication: replicating.length > 0
      ? { owner: replicating[0].name, rules: replicating.map((p) => ({ prefix: prefixOf(p), region: drDesign(p).drRegion as string })) }
      : undefined,
  };
}

/** For each environment, by region: what it shares with the other environments deploying to that account and region. */
export function accountShares(plans: Readonly<Record<string, EnvironmentPlan>>): Record<string, Record<string, AccountShare>> {
  const groups = new Map<string, { region: string; members: EnvironmentPlan[] }>();
  for (const plan of Object.values(plans)) {
    for (const region of regionsOf(plan)) {
      const key = `${accountKey(plan)}/${region}`;
      const group = groups.get(key) ?? { region, members: [] };
      group.members.push(plan);
      groups.set(key, group);
    }
  }
  const out: Record<string, Record<string, AccountShare>> = Object.fromEntries(Object.keys(plans).map((name) => [name, {}]));
  for (const { region, members } of groups.values()) {
    const shared = share(members, region);
    for (const plan of members) out[plan.name][region] = shared;
  }
  return out;
}
