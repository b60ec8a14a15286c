import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const drSchema = z.strictObject({});
export type DrSpec = z.infer<typeof drSchema>;
