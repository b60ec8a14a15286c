import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const clusterSchema = z.strictObject({});
export const clustersSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name'), clusterSchema);
export type ClusterSpec = z.infer<typeof clusterSchema>;
