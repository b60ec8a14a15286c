import { z } from 'zod';
import { email } from '../common';

/** Whose costs a budget counts: one environment's, or the whole project's. */
export const BUDGET_SCOPES = ['environment', 'project'] as const;

export const budgetSchema = z.strictObject({
  monthlyUsd: z.number().positive().describe('Monthly cost budget in USD.'),
  scope: z
    .enum(BUDGET_SCOPES)
    .optional()
    .describe(
      "environment (default): each environment gets its own budget of monthlyUsd, counting costs tagged with the project and that environment. project: one budget for the whole project, counting costs tagged with the project, created once by the first environment listed (AWS Budgets belong to an account: it sees the other environments' costs only where that account is the organization's management account, or all environments share it). Both at once: a project-scoped shared budget, and an environment override `budget: {scope: environment, monthlyUsd: ...}` for an environment that also gets its own.",
    ),
  filterByTags: z
    .boolean()
    .optional()
    .describe(
      "Count only costs carrying the project's tags (Project, and Environment for an environment budget) (default true). The tags must be activated as cost allocation tags in the Billing console; false counts the whole account.",
    ),
  thresholds: z.array(z.number().positive().max(1000)).min(1).optional().describe('Percentages of actual spend that notify (default 80, 100).'),
  forecastPercent: z.number().positive().max(1000).optional().describe('Notify when the month\'s forecast passes this percent (default 100).'),
  emails: z.array(email).max(10).optional().describe('Extra addresses notified directly; the alarm topic is always notified.'),
});
export type BudgetSpec = z.infer<typeof budgetSchema>;
