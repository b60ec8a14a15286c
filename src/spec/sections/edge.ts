import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const edgeSchema = z.strictObject({});
export type EdgeSpec = z.infer<typeof edgeSchema>;
