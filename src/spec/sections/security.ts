import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const securitySchema = z.strictObject({});
export type SecuritySpec = z.infer<typeof securitySchema>;
