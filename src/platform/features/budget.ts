import { CostBudget } from '../../constructs/budget';
import { allowTopicPublishers } from '../../constructs/monitoring';
import type { PlatformContext, PlatformFeature } from '../context';

/** Monthly cost budget notifying the alarm topic (and any extra addresses). Budgets are account-wide: primary only. */
export const budgetFeature: PlatformFeature = {
  name: 'budget',
  roles: ['primary'],
  apply(ctx: PlatformContext): void {
    const spec = ctx.plan.budget;
    if (!spec) return;
    const thresholds = [
      ...(spec.thresholds ?? [80, 100]).map((percent) => ({ percent, type: 'ACTUAL' as const })),
      { percent: spec.forecastPercent ?? 100, type: 'FORECASTED' as const },
    ];
    allowTopicPublishers(ctx.alarmTopic, ['budgets.amazonaws.com']);
    const budget = new CostBudget(ctx.stack, 'Budget', {
      budgetName: ctx.name('monthly'),
      monthlyUsd: spec.monthlyUsd,
      thresholds,
      topic: ctx.alarmTopic,
      emails: spec.emails,
    });
    ctx.evidence('BudgetName', budget.budget.ref, `Monthly cost budget ${spec.monthlyUsd} USD at ${thresholds.map((t) => `${t.type.toLowerCase()} ${t.percent}%`).join(', ')}`);
  },
};
