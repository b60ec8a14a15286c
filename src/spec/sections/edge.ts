import { z } from 'zod';

/**
 * Short names of AWS managed WAF rule groups (mapped to AWS names by src/constructs/waf; a test keeps both lists
 * equal). Kept here so the schema loads without CDK.
 */
export const WAF_MANAGED_RULES = [
  'Common', 'KnownBadInputs', 'SQLi', 'AmazonIpReputation', 'AnonymousIp',
  'LinuxOS', 'UnixOS', 'WindowsOS', 'PHP', 'WordPress', 'AdminProtection',
] as const;

/** CloudFront viewer TLS floors. */
export const CDN_MINIMUM_TLS = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'] as const;

const country = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as CA');
const countries = z.array(country).min(1);
const domainName = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'expected a lower-case domain name such as example.com');
const recordName = z.string().regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'expected a record label such as app');
const acmArn = z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, 'expected an ACM certificate ARN');
const path = z.string().regex(/^\/\S*$/, 'expected a path starting with /');
const prefixListId = z.string().regex(/^pl-[0-9a-f]{8,17}$/, 'expected a managed prefix list id such as pl-38a64351');

export const edgeSchema = z.strictObject({
  domain: z
    .strictObject({
      name: domainName.describe('Domain the platform serves under, e.g. berthcare.ca.'),
      hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,32}$/, 'expected a Route 53 hosted zone id such as Z0123456789ABC').optional()
        .describe('Route 53 zone of name: certificates are DNS-validated there and alias records written.'),
      certificateArn: acmArn.optional().describe('Existing ACM certificate for the ALB, in the primary region (instead of issuing one).'),
      cdnCertificateArn: acmArn.optional().describe('Existing ACM certificate for CloudFront; must be in us-east-1.'),
    })
    .optional()
    .describe('Custom domain and certificates; without it only AWS-generated names are served.'),
  alb: z
    .strictObject({
      recordName: recordName.optional().describe("Record under the domain aliasing the ALB (default 'app')."),
      tlsPolicy: z.enum(['tls12', 'tls13']).optional().describe('tls12 accepts TLS 1.2 and 1.3 (default); tls13 only TLS 1.3.'),
      accessLogs: z.boolean().optional().describe('Access logs to the platform log bucket (default true).'),
      deletionProtection: z.boolean().optional().describe('Tier default when absent.'),
      httpRedirect: z.boolean().optional()
        .describe('Port 80 listener that only redirects to HTTPS. Default off in production (clients and CloudFront use HTTPS; an open port 80 is one more listener to attack), on in other tiers.'),
      access: z.enum(['cloudfront', 'public']).optional()
        .describe("Who may reach the ALB. 'cloudfront' (default when edge.cdn serves the ALB): CloudFront's origin-facing prefix list on 443 plus a secret origin header the listener checks. 'public': anyone, by choice."),
      cloudfrontPrefixLists: z.record(z.string(), prefixListId).optional()
        .describe("Region -> id of com.amazonaws.global.cloudfront.origin-facing, for a region Haven's table lacks or an id that changed."),
      healthCheck: z
        .strictObject({
          path: path.optional().describe("Default '/'."),
          intervalSeconds: z.number().int().min(5).max(300).optional().describe('Default 30.'),
          healthyThreshold: z.number().int().min(2).max(10).optional().describe('Default 2.'),
          unhealthyThreshold: z.number().int().min(2).max(10).optional().describe('Default 3.'),
          matcher: z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, "expected HTTP codes such as '200' or '200-299'").optional()
            .describe("Healthy HTTP codes, default '200'."),
        })
        .optional()
        .describe('Default health check of services attached to the ALB.'),
    })
    .optional()
    .describe('Internet-facing HTTPS load balancer (HTTP redirects to HTTPS).'),
  waf: z
    .strictObject({
      managedRules: z.array(z.enum(WAF_MANAGED_RULES)).optional().describe('AWS managed rule groups; default Common, KnownBadInputs, SQLi.'),
      rateLimit: z.number().int().min(10).max(2_000_000_000).optional().describe('Requests per IP per 5 minutes before blocking (default 2000).'),
      geoAllow: countries.optional().describe('Only these countries may connect.'),
      geoBlock: countries.optional().describe('These countries are blocked.'),
      logging: z.boolean().optional().describe('Request logs to a KMS-encrypted aws-waf-logs-* log group (default true).'),
    })
    .optional()
    .describe('Web application firewall on the ALB and on CloudFront.'),
  cdn: z
    .strictObject({
      origins: z.array(z.string().min(1)).min(1).describe("Bucket names from the buckets section (served at /<name>/*) and/or 'alb' (default behavior)."),
      recordName: recordName.optional().describe("Record under the domain aliasing the distribution (default 'cdn')."),
      geoRestriction: z
        .strictObject({ allow: countries.optional(), block: countries.optional() })
        .optional()
        .describe('Serve only to (allow) or refuse (block) ISO country codes.'),
      priceClass: z.enum(['100', '200', 'all']).optional().describe('Edge locations used: 100 (NA+EU, default), 200, all.'),
      minimumTls: z.enum(CDN_MINIMUM_TLS).optional().describe('Viewer TLS floor (default TLSv1.2_2021); needs domain, as *.cloudfront.net allows TLS 1.0.'),
      viewerProtocol: z.enum(['redirect-to-https', 'https-only']).optional().describe('Default redirect-to-https.'),
      logging: z.boolean().optional().describe('Standard access logs to a dedicated log bucket (default true).'),
      signedUrls: z
        .strictObject({
          publicKeys: z.array(z.string().min(1)).min(1).max(5)
            .describe('PEM public keys (RSA 2048 or ECDSA P-256), paths relative to the spec file; the team signs URLs/cookies with the private keys.'),
        })
        .optional()
        .describe('Signed URLs or cookies required on every bucket origin holding phi or pii (a CloudFront trusted key group).'),
      unsignedOrigins: z
        .strictObject({
          origins: z.array(z.string().min(1)).min(1).describe('phi/pii bucket origins served without signatures.'),
          reason: z.string().min(20, 'a reason of at least 20 characters is required'),
          approvedBy: z.string().min(1),
          expires: z.iso.date({ error: 'expected a date YYYY-MM-DD' }),
        })
        .optional()
        .describe('Reviewed acknowledgement that personal data is served to anyone holding its URL.'),
    })
    .optional()
    .describe('CloudFront distribution in front of private buckets and/or the ALB.'),
  dns: z
    .strictObject({
      healthChecks: z
        .array(
          z.strictObject({
            target: z.enum(['alb', 'cdn']).describe('Endpoint checked, at its record under the domain.'),
            path: path.optional().describe("Default '/'."),
            failureThreshold: z.number().int().min(1).max(10).optional().describe('Default 3.'),
            intervalSeconds: z.union([z.literal(10), z.literal(30)]).optional().describe('Default 30.'),
          }),
        )
        .optional()
        .describe('Route 53 HTTPS health checks.'),
    })
    .optional()
    .describe('Route 53 health checks; alias records follow alb/cdn recordName.'),
});
export type EdgeSpec = z.infer<typeof edgeSchema>;
