import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const accessSchema = z.strictObject({});
export type AccessSpec = z.infer<typeof accessSchema>;
