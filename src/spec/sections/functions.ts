import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const functionSchema = z.strictObject({});
export const functionsSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name'), functionSchema);
export type FunctionSpec = z.infer<typeof functionSchema>;
