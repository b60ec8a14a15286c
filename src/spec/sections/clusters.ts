import { z } from 'zod';
import { cidr } from '../common';
import { backupPlanSchema } from './backup';

const k8sName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a Kubernetes name: lower-case letters, digits and hyphens');
const instanceType = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'expected an EC2 instance type such as t3.large');

export const nodeGroupSchema = z
  .strictObject({
    instanceTypes: z.array(instanceType).min(1).describe('EC2 instance types, e.g. [t3.large].'),
    min: z.number().int().min(0).max(1000),
    max: z.number().int().min(1).max(1000),
    desired: z.number().int().min(0).max(1000).optional().describe('Initial node count; min when absent.'),
    diskGb: z.number().int().min(20).max(16384).optional().describe('Encrypted gp3 root volume size (default 50).'),
  })
  .refine((g) => g.min <= g.max, { error: 'min must not exceed max', path: ['min'] })
  .refine((g) => g.desired === undefined || (g.desired >= g.min && g.desired <= g.max), { error: 'desired must lie between min and max', path: ['desired'] });
export type NodeGroupSpec = z.infer<typeof nodeGroupSchema>;

export const clusterIngressSchema = z.strictObject({
  port: z.number().int().min(1).max(65535),
  cidr,
  description: z.string().max(200).optional(),
});

export const clusterSchema = z
  .strictObject({
    version: z
      .string()
      .regex(/^1\.\d{2}$/, 'expected a Kubernetes minor version such as 1.35')
      .optional()
      .describe('EKS Kubernetes version; must be under EKS standard support on the date Haven runs for (--date, default today); Haven\'s release default when absent.'),
    endpointAccess: z.enum(['private', 'public-and-private']).optional().describe('API endpoint reachability (default private).'),
    publicAccessCidrs: z.array(cidr).min(1).optional().describe('CIDRs allowed to a public endpoint; required with public-and-private.'),
    nodeGroups: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name'), nodeGroupSchema).optional(),
    ingress: z.array(clusterIngressSchema).optional().describe('Ingress rules on the cluster security group, e.g. 443 from the VPC.'),
    admins: z
      .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/, 'expected an IAM role ARN'))
      .optional()
      .describe('IAM roles granted cluster admin through EKS access entries.'),
    namespaces: z.array(k8sName).optional().describe('Namespaces Haven creates, each with a default-deny NetworkPolicy (default [default]).'),
    backup: backupPlanSchema
      .pick({ schedule: true, retentionDays: true })
      .optional()
      .describe('AWS Backup of the cluster (state and persistent volumes, one composite recovery point) in the environment vault, e.g. { schedule: weekly, retentionDays: 90 }; absent means the cluster is not backed up (its configuration is the spec).'),
  })
  .refine((c) => c.endpointAccess !== 'public-and-private' || (c.publicAccessCidrs?.length ?? 0) > 0, {
    error: 'a public endpoint needs publicAccessCidrs; Haven never opens the Kubernetes API to the whole internet',
    path: ['publicAccessCidrs'],
  })
  .refine((c) => c.endpointAccess === 'public-and-private' || c.publicAccessCidrs === undefined, {
    error: 'publicAccessCidrs only apply with endpointAccess: public-and-private',
    path: ['publicAccessCidrs'],
  });
export const clustersSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name'), clusterSchema);
export type ClusterSpec = z.infer<typeof clusterSchema>;
export type ClustersSpec = z.infer<typeof clustersSchema>;
