import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const fileSystemsSchema = z.strictObject({});
export type FileSystemsSpec = z.infer<typeof fileSystemsSchema>;
