import { z } from 'zod';

export const FRAMEWORKS = ['hipaa', 'pipeda', 'gdpr', 'soc2', 'pci', 'nist', 'cis'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** A reviewed exception to one compliance rule, bound to the spec rather than to construct paths. */
export const acknowledgementSchema = z.strictObject({
  rule: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('Rule id, e.g. HAVEN-RESIDENCY or AwsSolutions-IAM4; or a list of the ids that several packs give the same finding (HIPAA.Security-RDSMultiAZSupport, CT.RDS.PR.1), for one reason.'),
  resource: z.string().optional().describe('Logical resource (e.g. databases.main) the exception is limited to; all resources when absent.'),
  environment: z.string().optional().describe('Environment the exception is limited to.'),
  reason: z.string().min(20, 'a reason of at least 20 characters is required'),
  owner: z.string().min(1),
  expires: z.iso.date({ error: 'expected a date YYYY-MM-DD' }),
});
export type AcknowledgementSpec = z.infer<typeof acknowledgementSchema>;

export const complianceSchema = z.strictObject({
  frameworks: z.array(z.enum(FRAMEWORKS)).min(1).describe('Frameworks the platform is proven against.'),
  acknowledge: z.array(acknowledgementSchema).optional(),
});
export type ComplianceSpec = z.infer<typeof complianceSchema>;
