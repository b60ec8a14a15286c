import { z } from 'zod';
import { cidr, days } from '../common';

const acmCertificateArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/, 'expected an ACM certificate ARN');

export const bastionSchema = z.strictObject({
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'expected an EC2 instance type such as t3.micro').optional(),
});

export const clientVpnSchema = z.strictObject({
  cidr: cidr
    .refine((c) => {
      const prefix = Number(c.split('/')[1]);
      return prefix >= 12 && prefix <= 22;
    }, 'Client VPN client CIDR must be between /12 and /22')
    .describe('Client address pool; must not overlap the VPC.'),
  serverCertificateArn: acmCertificateArn,
  clientRootCertificateArn: acmCertificateArn.describe('Client root CA for mutual certificate authentication.'),
  samlProviderArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/[A-Za-z0-9_.+=,@-]+$/, 'expected an IAM SAML provider ARN')
    .optional()
    .describe('Also sign users in through this identity provider (where MFA is enforced).'),
  allowedSourceCidrs: z.array(cidr).min(1).optional().describe('Public source CIDRs allowed to connect (IP allowlisting); any when absent.'),
  splitTunnel: z.boolean().optional().describe('Route only VPC traffic through the tunnel (default true).'),
  logRetentionDays: days.optional().describe('Connection log retention; the tier audit retention when absent.'),
});

export const accessSchema = z.strictObject({
  bastion: z
    .union([z.boolean(), bastionSchema])
    .optional()
    .describe('An SSM Session Manager bastion: no SSH, no key pair, no inbound rules. true or {instanceType}.'),
  clientVpn: clientVpnSchema.optional().describe('AWS Client VPN for administrative access with mutual TLS.'),
});
export type AccessSpec = z.infer<typeof accessSchema>;
export type BastionSpec = z.infer<typeof bastionSchema>;
export type ClientVpnSpec = z.infer<typeof clientVpnSchema>;
