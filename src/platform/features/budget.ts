import { CostBudget } from '../../constructs/budget';
import { allowTopicPublishers } from '../../constructs/monitoring';
import type { BudgetSpec } from '../../spec/sections/budget';
import type { PlatformContext, PlatformFeature } from '../context';

/** The project-scoped budget, when the shared section asks for one, built by the first environment listed. */
export function projectBudgetOwner(ctx: PlatformContext): BudgetSpec | undefined {
  const shared = ctx.plan.spec.budget;
  if (shared?.scope !== 'project') return undefined;
  return Object.keys(ctx.plan.spec.environments)[0] === ctx.plan.name ? shared : undefined;
}

function build(ctx: PlatformContext, id: string, spec: BudgetSpec, scope: 'environment' | 'project'): void {
  const thresholds = [
    ...(spec.thresholds ?? [80, 100]).map((percent) => ({ percent, type: 'ACTUAL' as const })),
    { percent: spec.forecastPercent ?? 100, type: 'FORECASTED' as const },
  ];
  // The tags app.ts puts on every stack: Project always, Environment for an environment's own budget.
  const tags: Record<string, string> = { Project: ctx.plan.project.name, ...(scope === 'environment' ? { Environment: ctx.plan.name } : {}) };
  const filtered = spec.filterByTags ?? true;
  allowTopicPublishers(ctx.alarmTopic, ['budgets.amazonaws.com']);
  const budget = new CostBudget(ctx.stack, id, {
    budgetName: scope === 'project' ? `${ctx.plan.project.name}-project-monthly` : ctx.name('monthly'),
    monthlyUsd: spec.monthlyUsd,
    thresholds,
    topic: ctx.alarmTopic,
    emails: spec.emails,
    costFilterTags: filtered ? tags : undefined,
  });
  const counted = filtered ? `costs tagged ${Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(' and ')}` : 'the whole account';
  ctx.evidence(`${id}Name`, budget.budget.ref, `Monthly ${scope} cost budget ${spec.monthlyUsd} USD over ${counted}, at ${thresholds.map((t) => `${t.type.toLowerCase()} ${t.percent}%`).join(', ')}`);
}

/**
 * Monthly cost budgets notifying the alarm topic (and any extra addresses): an environment's own (scope
 * environment), and the project's, built once by the first environment listed (scope project). Budgets are
 * account-wide, not regional: primary stacks only.
 */
export const budgetFeature: PlatformFeature = {
  name: 'budget',
  roles: ['primary'],
  apply(ctx: PlatformContext): void {
    const spec = ctx.plan.budget;
    if (spec && (spec.scope ?? 'environment') === 'environment') build(ctx, 'Budget', spec, 'environment');
    const project = projectBudgetOwner(ctx);
    if (project) build(ctx, 'ProjectBudget', project, 'project');
  },
};
