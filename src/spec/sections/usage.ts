import { z } from 'zod';

// Usage-driven cost assumptions. Every field is optional: an omitted value falls back to the tier default
// documented in src/cost/assumptions.ts, so `haven cost` always prints which figure it used.
/** Far beyond any real month (an exabyte, a trillion requests): a larger figure is a typo, and prints as $∞. */
export const MAX_USAGE_AMOUNT = 1_000_000_000;
const amount = z
  .number()
  .nonnegative()
  .max(MAX_USAGE_AMOUNT, `expected at most ${MAX_USAGE_AMOUNT.toLocaleString('en-US')} (usage is per month, in the unit the key names; a larger figure is a typo)`);
const share = z.number().min(0).max(1);

export const usageSchema = z.strictObject({
  hoursPerMonth: z.number().positive().max(744).optional().describe('Hours a month resources run (730 = always on).'),
  network: z.strictObject({
    natDataGb: amount.optional().describe('GB a month processed by the NAT gateways (all of them together).'),
    internetEgressGb: amount.optional().describe('GB a month sent to the internet from load balancers and NAT (not CloudFront).'),
    interAzGb: amount.optional().describe('GB a month crossing Availability Zones (charged on both sides).'),
    crossRegionGb: amount.optional().describe('GB a month replicated to another region (S3, database replicas, backup copies).'),
    vpcEndpointDataGb: amount.optional().describe('GB a month through interface VPC endpoints.'),
    awsServiceTrafficShare: share.optional().describe('Share of NAT traffic that goes to AWS services (S3, ECR, ...), used for the VPC endpoint saving.'),
  }).optional(),
  s3: z.strictObject({
    storageGb: amount.optional().describe('GB stored across all buckets of the environment.'),
    putRequestsThousands: amount.optional(),
    getRequestsThousands: amount.optional(),
  }).optional(),
  cloudfront: z.strictObject({
    dataGb: amount.optional().describe('GB a month served to viewers.'),
    requestsMillions: amount.optional().describe('HTTPS requests a month, in millions.'),
  }).optional(),
  loadBalancer: z.strictObject({ lcus: amount.optional().describe('Average load balancer capacity units per load balancer.') }).optional(),
  lambda: z.strictObject({
    requestsMillions: amount.optional().describe('Invocations a month per function, in millions.'),
    durationMs: amount.optional().describe('Average duration of an invocation.'),
  }).optional(),
  waf: z.strictObject({ requestsMillions: amount.optional() }).optional(),
  logs: z.strictObject({ ingestGb: amount.optional().describe('GB a month ingested into CloudWatch Logs across all log groups.') }).optional(),
  cloudtrail: z.strictObject({ dataEventsMillions: amount.optional() }).optional(),
  config: z.strictObject({
    itemsRecorded: amount.optional(),
    ruleEvaluations: amount.optional().describe('Evaluations a month per rule.'),
    conformancePackEvaluations: amount.optional().describe('Evaluations a month per conformance pack.'),
  }).optional(),
  guardduty: z.strictObject({
    cloudtrailEventsMillions: amount.optional(),
    flowLogGb: amount.optional(),
    s3EventsMillions: amount.optional(),
  }).optional(),
  kms: z.strictObject({ requestsThousands: amount.optional().describe('KMS API requests a month per key, in thousands.') }).optional(),
  secretsManager: z.strictObject({ apiCallsThousands: amount.optional().describe('API calls a month per secret, in thousands.') }).optional(),
  backup: z.strictObject({
    storageGb: amount.optional().describe('Backup storage a month; default: the protected storage once.'),
    crossRegionCopyGb: amount.optional(),
  }).optional(),
  efs: z.strictObject({ storageGb: amount.optional().describe('GB stored per file system.') }).optional(),
  aurora: z.strictObject({
    averageAcus: amount.optional().describe('Average Aurora Serverless v2 capacity units per serverless instance.'),
    storageGb: amount.optional(),
    ioMillions: amount.optional(),
  }).optional(),
  cacheServerless: z.strictObject({ dataGb: amount.optional(), ecpuMillions: amount.optional() }).optional(),
  route53: z.strictObject({ queriesMillions: amount.optional().describe('Queries a month per hosted zone, in millions.') }).optional(),
  clientVpn: z.strictObject({
    connections: amount.optional().describe('Concurrent users connected on average.'),
    hoursPerConnection: amount.optional().describe('Hours a month each user is connected.'),
  }).optional(),
  ecrScanning: z.strictObject({
    imagesPushed: amount.optional().describe('Images pushed a month to repositories under ECR enhanced scanning (each gets an initial Inspector scan).'),
    imageRescans: amount.optional().describe('Inspector rescans a month under continuous scanning (an image still monitored is rescanned when a new CVE affecting it is published).'),
  }).optional(),
});
export type UsageSpec = z.infer<typeof usageSchema>;
