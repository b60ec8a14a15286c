import { z } from 'zod';

export const IA_TRANSITION_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;

export const fileSystemAccessPointSchema = z.strictObject({
  path: z.string().regex(/^\/[A-Za-z0-9_.\-/]*$/, 'expected an absolute directory such as /training-data'),
  uid: z.number().int().min(0).max(4294967295).optional(),
  gid: z.number().int().min(0).max(4294967295).optional(),
  permissions: z.string().regex(/^[0-7]{3,4}$/, 'expected octal permissions such as 750').optional(),
});

export const fileSystemSchema = z
  .strictObject({
    performanceMode: z.enum(['general-purpose', 'max-io']).optional().describe('EFS performance mode (default general-purpose).'),
    throughputMode: z.enum(['elastic', 'bursting', 'provisioned']).optional().describe('EFS throughput mode (default elastic).'),
    provisionedThroughputMibps: z.number().min(1).max(10240).optional().describe('Required with throughputMode provisioned.'),
    transitionToIaDays: z
      .literal(IA_TRANSITION_DAYS, { error: `expected one of ${IA_TRANSITION_DAYS.join(', ')} days` })
      .optional()
      .describe('Days without access before files move to Infrequent Access (default 30).'),
    clients: z.array(z.string()).optional().describe('Workloads (functions, clusters, services, bastion) allowed NFS 2049.'),
    accessPoints: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name'), fileSystemAccessPointSchema).optional(),
  })
  .refine((f) => (f.throughputMode === 'provisioned') === (f.provisionedThroughputMibps !== undefined), {
    error: 'provisionedThroughputMibps goes with throughputMode: provisioned, and only with it',
    path: ['provisionedThroughputMibps'],
  });
export type FileSystemSpec = z.infer<typeof fileSystemSchema>;

/** Named EFS file systems, always encrypted with the data key and backed up. */
export const fileSystemsSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name'), fileSystemSchema);
export type FileSystemsSpec = z.infer<typeof fileSystemsSchema>;
