import { resolveSecurity } from '../../platform/features/security';
import type { EnvironmentPlan } from '../resolve';
import type { CrossFieldIssue, CrossFieldRule } from './types';

const SINGLETONS = [
  ['config', 'Config recorder'],
  ['guardDuty', 'GuardDuty detector'],
  ['securityHub', 'Security Hub subscription'],
] as const;

/** Settings as this environment would build them if it owned the account's singletons. */
const ownSettings = (plan: EnvironmentPlan, region: string) => resolveSecurity({ ...plan, accountShares: undefined }, plan.regions.primary === region ? 'primary' : 'dr', region);

/**
 * Warnings, not errors: an environment that shares its account and region with the environment creating the
 * Config recorder, GuardDuty detector and Security Hub there (one of each per account and region, see
 * src/spec/account-services.ts) gets the owner's; where its own settings differ, they are not applied, and it says so.
 */
export const accountServicesRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const [environment, plan] of Object.entries(plans)) {
    for (const [region, share] of Object.entries(plan.accountShares ?? {})) {
      const owner = share.security;
      if (!owner || owner === environment || !Object.hasOwn(plans, owner)) continue;
      const mine = ownSettings(plan, region);
      const theirs = ownSettings(plans[owner], region);
      for (const [key, label] of SINGLETONS) {
        if (JSON.stringify(mine[key] ?? null) === JSON.stringify(theirs[key] ?? null)) continue;
        const set = plan.security?.[key] !== undefined;
        issues.push({
          severity: 'warning',
          environment,
          path: set ? ['security', key] : ['environments', environment],
          message: `the ${label} of ${plan.account ? `account ${plan.account}` : 'the account'} in ${region} is created by environment ${owner} (AWS allows one per account and region); ${environment}'s own ${key} settings (${describe(mine[key])}) are not applied, ${owner}'s are (${describe(theirs[key])})`,
        });
      }
    }
  }
  return issues;
};

function describe(value: unknown): string {
  if (value === undefined) return 'off';
  return JSON.stringify(value).replace(/["{}]/g, '').replace(/:/g, ': ').replace(/,/g, ', ');
}
