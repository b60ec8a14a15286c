import { z } from 'zod';
import { cidr, days } from '../common';

export const NAT_STRATEGIES = ['none', 'single', 'per-az'] as const;
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

const subnetList = z.array(cidr).min(1);
const zoneNames = z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/, { error: (iss) => `expected an availability-zone name such as ca-central-1a, got ${JSON.stringify(iss.input)}` })).min(1);

export const networkSchema = z.strictObject({
  cidr: cidr.describe('VPC CIDR block, e.g. 10.0.0.0/16.'),
  /** DR region VPC CIDR; must not overlap the primary. */
  drCidr: cidr.optional().describe('VPC CIDR block in the DR region; must not overlap cidr.'),
  azs: z.number().int().min(1).max(6).optional().describe('Availability zones; tier default when absent (2, or 3 in production).'),
  availabilityZones: zoneNames
    .optional()
    .describe('Availability-zone names of the primary region, in subnet order (e.g. [ca-central-1a, ca-central-1b]); Haven\'s dated per-region table when absent. Pin them when your account sees other names.'),
  drAvailabilityZones: zoneNames
    .optional()
    .describe('Availability-zone names of the DR region (regions.dr), like availabilityZones.'),
  natGateways: z.enum(NAT_STRATEGIES).optional().describe('none, single (one shared NAT) or per-az; tier default when absent.'),
  subnets: z
    .strictObject({
      public: subnetList.optional(),
      app: subnetList.optional(),
      data: subnetList.optional(),
    })
    .optional()
    .describe('Explicit subnet CIDRs per tier, one per AZ; derived from the VPC CIDR when absent.'),
  flowLogs: z
    .strictObject({
      enabled: z.boolean().optional(),
      retentionDays: days.optional(),
      trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).optional(),
    })
    .optional(),
  /** Gateway and interface VPC endpoints keep AWS traffic off the NAT gateways. */
  endpoints: z.array(z.enum(['s3', 'dynamodb', 'ecr', 'logs', 'secretsmanager', 'kms', 'ssm', 'sts', 'monitoring'])).optional(),
});
export type NetworkSpec = z.infer<typeof networkSchema>;
