import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const serviceSchema = z.strictObject({});
export const servicesSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name'), serviceSchema);
export type ServiceSpec = z.infer<typeof serviceSchema>;
