import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const budgetSchema = z.strictObject({});
export type BudgetSpec = z.infer<typeof budgetSchema>;
