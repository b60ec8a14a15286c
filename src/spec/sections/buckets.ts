import { z } from 'zod';

export const STORAGE_CLASSES = ['STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

export const bucketSchema = z.strictObject({
  purpose: z.string().optional().describe('What the bucket holds; documented and tagged.'),
  /** Data class picks the KMS key and whether residency/replication rules apply. */
  dataClass: z.enum(['phi', 'pii', 'confidential', 'internal', 'public', 'logs']).optional(),
  encryption: z.enum(['kms', 's3']).optional().describe('kms (customer-managed key, default) or s3 (SSE-S3, AES-256).'),
  versioned: z.boolean().optional(),
  transitions: z.array(z.strictObject({ storageClass: z.enum(STORAGE_CLASSES), afterDays: z.number().int().min(0) })).optional(),
  expireAfterDays: z.number().int().min(1).optional(),
  noncurrentExpiryDays: z.number().int().min(1).optional(),
  /** Receives S3 server access logs of the other buckets. */
  accessLogs: z.boolean().optional().describe('True for the bucket that receives access logs of the others.'),
  replicate: z.boolean().optional().describe('Replicate to the DR region (see dr section); default true with DR, except log buckets (accessLogs, dataClass logs) and unversioned buckets.'),
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected a valid S3 bucket name').optional().describe('Explicit bucket name; generated when absent.'),
  cors: z.array(z.strictObject({ origins: z.array(z.string()).min(1), methods: z.array(z.enum(['GET', 'PUT', 'POST', 'DELETE', 'HEAD'])).min(1) })).optional(),
});
export type BucketSpec = z.infer<typeof bucketSchema>;

export const bucketsSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name'), bucketSchema);
