import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const usageSchema = z.strictObject({});
export type UsageSpec = z.infer<typeof usageSchema>;
