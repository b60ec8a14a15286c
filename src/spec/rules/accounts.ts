import type { CrossFieldIssue, CrossFieldRule } from './types';

/** The account the platform puts in ARNs when a spec gives none; equal to PLACEHOLDER_ACCOUNT in src/platform/app.ts. */
export const PLACEHOLDER_ACCOUNT = '111111111111';

/** Every string in a value with its path, for ARN scans. */
function strings(value: unknown, at: (string | number)[] = []): Array<[(string | number)[], string]> {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, [...at, k]));
  return [];
}

/**
 * Warnings, not errors: a production environment deployed with the placeholder account (no `account` anywhere), or
 * naming it in an ARN, points at an account nobody owns; synthesis works, deployment and cross-account ARNs do not.
 */
export const placeholderAccountRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const [environment, plan] of Object.entries(plans)) {
    if (plan.tier !== 'production') continue;
    if (!plan.account || plan.account === PLACEHOLDER_ACCOUNT) {
      issues.push({ severity: 'warning', path: ['environments', environment, ...(plan.account ? ['account'] : [])], message: `production environment ${environment} has no AWS account: its ARNs use the placeholder ${PLACEHOLDER_ACCOUNT}; set environments.${environment}.account or project.account before deploying` });
    }
    const sections = Object.fromEntries(Object.entries(plan).filter(([k]) => !['spec', 'project', 'compliance', 'defaults', 'name', 'tier', 'account', 'specDirectory'].includes(k)));
    for (const [at, text] of strings(sections)) {
      if (text.startsWith('arn:') && text.split(':')[4] === PLACEHOLDER_ACCOUNT) {
        issues.push({ severity: 'warning', environment, path: at, message: `this ARN names the placeholder account ${PLACEHOLDER_ACCOUNT}; give the real account id` });
      }
    }
  }
  return issues;
};
