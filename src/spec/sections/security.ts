import { z } from 'zod';
import { days, resourceName } from '../common';

/** GuardDuty protection plans (mirrors `GUARDDUTY_FEATURES` in constructs/threat-detection). */
export const GUARDDUTY_FEATURE_NAMES = ['s3', 'eks-audit', 'rds-login', 'malware-ebs', 'runtime', 'lambda-network'] as const;
/** Security Hub standards (mirrors `SECURITY_HUB_STANDARDS`). */
export const SECURITY_HUB_STANDARD_NAMES = ['aws-foundational', 'cis-1.2', 'cis-1.4', 'cis-3.0', 'pci-dss-3.2.1', 'pci-dss-4.0.1', 'nist-800-53'] as const;
/** Conformance packs Haven ships (mirrors `CONFORMANCE_PACK_IDS`). */
export const CONFORMANCE_PACK_NAMES = ['hipaa', 'pci', 'nist', 'cis', 'baseline'] as const;

const toggle = z.boolean().optional();

export const securitySchema = z.strictObject({
  accountServices: z
    .boolean()
    .optional()
    .describe('Create the per-account-and-region singletons (Config recorder and delivery channel, GuardDuty detector, Security Hub) (default true). Environments deploying to one account and region share them: the one of the highest tier (first listed among equals) creates them, the others use them. Set false where something outside this spec (an organization baseline) already owns them.'),
  cloudTrail: z
    .strictObject({
      enabled: toggle.describe('Multi-region trail for the environment (default true).'),
      retentionDays: days.optional().describe('Days log files are kept in S3 (default: audit log retention of the tier; 2557 = 7 years with HIPAA).'),
      glacierAfterDays: days.optional().describe('Days before log files move to Glacier (default 90).'),
      cloudWatchRetentionDays: days.optional().describe('Days events stay queryable in CloudWatch Logs (default 365; 90 in development).'),
      dataEvents: z
        .strictObject({
          s3: z.union([z.boolean(), z.array(resourceName)]).optional().describe('true for all buckets, or names from the buckets section.'),
          lambda: z.boolean().optional(),
        })
        .optional()
        .describe('Data events (default: all S3 objects in production under HIPAA or PCI, none otherwise).'),
    })
    .optional(),
  config: z
    .strictObject({
      enabled: toggle.describe('AWS Config recorder (default true).'),
      conformancePacks: z.array(z.enum(CONFORMANCE_PACK_NAMES)).optional().describe('Default: one per compliance framework (gdpr, pipeda, soc2 map to baseline).'),
    })
    .optional(),
  guardDuty: z
    .strictObject({
      enabled: toggle.describe('GuardDuty detector (default true).'),
      features: z.array(z.enum(GUARDDUTY_FEATURE_NAMES)).optional().describe('Default: s3, eks-audit, rds-login, malware-ebs.'),
    })
    .optional(),
  securityHub: z
    .strictObject({
      enabled: toggle.describe('Security Hub (default true).'),
      standards: z.array(z.enum(SECURITY_HUB_STANDARD_NAMES)).optional().describe('Default: aws-foundational plus one per framework (cis-3.0, pci-dss-4.0.1, nist-800-53).'),
    })
    .optional(),
});
export type SecuritySpec = z.infer<typeof securitySchema>;
