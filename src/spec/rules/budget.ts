import type { CrossFieldIssue, CrossFieldRule } from './types';

/**
 * A project budget is built once, from the shared `budget` section, by the first environment listed: one asked for
 * only in an environment override would be built nowhere. (An environment may still add its own budget,
 * `scope: environment`, next to a shared project one.)
 */
export const budgetScopeRule: CrossFieldRule = (spec) => {
  const issues: CrossFieldIssue[] = [];
  for (const [name, env] of Object.entries(spec.environments)) {
    const override = env.budget as { scope?: string } | undefined;
    if (override?.scope === 'project' && spec.budget?.scope !== 'project') {
      issues.push({ path: ['environments', name, 'budget', 'scope'], message: `a project budget covers every environment, so it belongs in the shared budget section (budget.scope: project), not in environment ${name}` });
    }
  }
  return issues;
};
