import { z } from 'zod';

// Filled in by the feature that owns this section. Strict, so nothing written here is silently ignored.
export const backupSchema = z.strictObject({});
export type BackupSpec = z.infer<typeof backupSchema>;
