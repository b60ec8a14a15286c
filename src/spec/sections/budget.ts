import { z } from 'zod';
import { email } from '../common';

export const budgetSchema = z.strictObject({
  monthlyUsd: z.number().positive().describe('Monthly cost budget in USD.'),
  thresholds: z.array(z.number().positive().max(1000)).min(1).optional().describe('Percentages of actual spend that notify (default 80, 100).'),
  forecastPercent: z.number().positive().max(1000).optional().describe('Notify when the month\'s forecast passes this percent (default 100).'),
  emails: z.array(email).max(10).optional().describe('Extra addresses notified directly; the alarm topic is always notified.'),
});
export type BudgetSpec = z.infer<typeof budgetSchema>;
