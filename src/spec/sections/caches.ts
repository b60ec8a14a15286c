import { z } from 'zod';

export const cacheNodeType = z
  .string()
  .regex(/^cache\.(t3|t4g|m5|m6g|m7g|r5|r6g|r7g)\.(micro|small|medium|large|xlarge|\d{1,2}xlarge)$/, 'expected an ElastiCache node type such as cache.t4g.micro or cache.r6g.large');

export const cacheSchema = z.strictObject({
  engine: z.enum(['redis', 'valkey']).default('redis'),
  version: z.string().regex(/^\d(\.\d)?$/, 'expected a version such as 7.1'),
  nodeType: cacheNodeType.optional(),
  nodes: z.number().int().min(1).max(6).optional().describe('Nodes in a non-clustered replication group (primary + replicas).'),
  shards: z.number().int().min(1).max(500).optional().describe('Cluster mode: number of shards.'),
  replicasPerShard: z.number().int().min(0).max(5).optional(),
  multiAz: z.boolean().optional(),
  snapshotRetentionDays: z.number().int().min(0).max(35).optional(),
  snapshotWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected hh:mm-hh:mm (UTC)').optional(),
  auth: z
    .enum(['iam', 'token'])
    .optional()
    .describe('How clients sign in: iam (RBAC user group, IAM authentication, no static secret; Redis OSS 7.0+ or Valkey 7.2+) or token (AUTH token in Secrets Manager). iam where the engine supports it.'),
  clients: z.array(z.string()).optional(),
});
export type CacheSpec = z.infer<typeof cacheSchema>;

export const cachesSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, 'expected a short lower-case name'), cacheSchema);
