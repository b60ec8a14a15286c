import type { Tier } from '../spec/common';
import type { UsageSpec } from '../spec/sections/usage';

/**
 * Every usage-driven figure the estimator needs, with its default per tier. Kept in one place so a reader can
 * see (and a spec can override, under `usage:`) exactly what the estimate assumed.
 *
 * The staging defaults reproduce the assumptions behind BerthCare's hand-made staging estimate (100 GB in S3,
 * 100 GB through CloudFront, light inter-AZ and outbound traffic); development is a fifth of that, production
 * five times (audit services less).
 */
export interface ResolvedUsage {
  readonly hoursPerMonth: number;
  readonly network: { natDataGb: number; internetEgressGb: number; interAzGb: number; crossRegionGb: number; vpcEndpointDataGb: number; awsServiceTrafficShare: number };
  readonly s3: { storageGb: number; putRequestsThousands: number; getRequestsThousands: number };
  readonly cloudfront: { dataGb: number; requestsMillions: number };
  readonly loadBalancer: { lcus: number };
  readonly lambda: { requestsMillions: number; durationMs: number };
  readonly waf: { requestsMillions: number };
  readonly logs: { ingestGb: number };
  readonly cloudtrail: { dataEventsMillions: number };
  readonly config: { itemsRecorded: number; ruleEvaluations: number; conformancePackEvaluations: number };
  readonly guardduty: { cloudtrailEventsMillions: number; flowLogGb: number; s3EventsMillions: number };
  readonly kms: { requestsThousands: number };
  readonly secretsManager: { apiCallsThousands: number };
  /** undefined = derive from the protected storage found in the templates. */
  readonly backup: { storageGb: number | undefined; crossRegionCopyGb: number | undefined };
  readonly efs: { storageGb: number };
  readonly aurora: { averageAcus: number | undefined; storageGb: number; ioMillions: number };
  readonly cacheServerless: { dataGb: number; ecpuMillions: number };
  readonly route53: { queriesMillions: number };
  readonly clientVpn: { connections: number; hoursPerConnection: number };
  readonly ecrScanning: { imagesPushed: number; imageRescans: number };
}

type Defaults = Omit<ResolvedUsage, 'backup' | 'aurora'> & { aurora: { storageGb: number; ioMillions: number } };

const base = (scale: number, extra: Partial<Defaults> = {}): Defaults => {
  // Rounded so printed assumptions read 6 GB, not 6.000000000000001 GB.
  const k = (n: number): number => Math.round(n * scale * 1000) / 1000;
  return {
  hoursPerMonth: 730,
  network: { natDataGb: k(30), internetEgressGb: k(60), interAzGb: k(150), crossRegionGb: k(50), vpcEndpointDataGb: k(20), awsServiceTrafficShare: 0.5 },
  s3: { storageGb: k(100), putRequestsThousands: k(300), getRequestsThousands: k(2000) },
  cloudfront: { dataGb: k(100), requestsMillions: k(1) },
  loadBalancer: { lcus: 1 },
  lambda: { requestsMillions: k(1), durationMs: 200 },
  waf: { requestsMillions: k(1) },
  logs: { ingestGb: k(3) },
  cloudtrail: { dataEventsMillions: k(1) },
  config: { itemsRecorded: k(1000), ruleEvaluations: k(1000), conformancePackEvaluations: k(5000) },
  guardduty: { cloudtrailEventsMillions: k(0.5), flowLogGb: k(5), s3EventsMillions: k(1) },
  kms: { requestsThousands: k(20) },
  secretsManager: { apiCallsThousands: k(10) },
  efs: { storageGb: k(20) },
  aurora: { storageGb: k(50), ioMillions: k(20) },
  cacheServerless: { dataGb: k(1), ecpuMillions: k(100) },
  route53: { queriesMillions: k(1) },
  clientVpn: { connections: 5, hoursPerConnection: 80 },
  // About 60 image pushes a month in staging (a dozen services deployed a few times a week); each image Inspector
  // still monitors is rescanned when a CVE affecting it is published, assumed five times a month per pushed image.
  ecrScanning: { imagesPushed: k(60), imageRescans: k(300) },
  ...extra,
  };
};

export const USAGE_DEFAULTS: Readonly<Record<Tier, Defaults>> = {
  development: base(0.2, { loadBalancer: { lcus: 0.5 }, clientVpn: { connections: 3, hoursPerConnection: 60 } }),
  staging: base(1),
  // Production traffic about five times staging; account-level audit services grow more slowly than traffic.
  production: base(5, {
    loadBalancer: { lcus: 3 },
    clientVpn: { connections: 10, hoursPerConnection: 160 },
    cloudtrail: { dataEventsMillions: 4 },
    config: { itemsRecorded: 3000, ruleEvaluations: 3000, conformancePackEvaluations: 20000 },
    guardduty: { cloudtrailEventsMillions: 2, flowLogGb: 20, s3EventsMillions: 4 },
  }),
};

/** Short explanation of each usage key, printed next to the figure used. */
export const USAGE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  hoursPerMonth: 'hours a month resources run (730 = always on)',
  'network.natDataGb': 'GB a month processed by NAT gateways',
  'network.internetEgressGb': 'GB a month to the internet (not via CloudFront)',
  'network.interAzGb': 'GB a month crossing Availability Zones',
  'network.crossRegionGb': 'GB a month replicated to another region',
  'network.vpcEndpointDataGb': 'GB a month through interface VPC endpoints',
  'network.awsServiceTrafficShare': 'share of NAT traffic bound for AWS services',
  's3.storageGb': 'GB stored across the environment\'s buckets',
  's3.putRequestsThousands': 'thousand PUT/POST/LIST requests a month',
  's3.getRequestsThousands': 'thousand GET requests a month',
  'cloudfront.dataGb': 'GB a month served by CloudFront',
  'cloudfront.requestsMillions': 'million HTTPS requests a month to CloudFront',
  'loadBalancer.lcus': 'average LCUs per load balancer',
  'lambda.requestsMillions': 'million invocations a month per function',
  'lambda.durationMs': 'average invocation duration (ms)',
  'waf.requestsMillions': 'million requests a month inspected per web ACL',
  'logs.ingestGb': 'GB a month ingested into CloudWatch Logs (all groups)',
  'cloudtrail.dataEventsMillions': 'million CloudTrail data events a month per trail with data events',
  'config.itemsRecorded': 'AWS Config configuration items a month',
  'config.ruleEvaluations': 'evaluations a month per Config rule',
  'config.conformancePackEvaluations': 'evaluations a month per conformance pack',
  'guardduty.cloudtrailEventsMillions': 'million CloudTrail events a month analysed by GuardDuty',
  'guardduty.flowLogGb': 'GB of VPC flow/DNS logs a month analysed by GuardDuty',
  'guardduty.s3EventsMillions': 'million S3 data events a month analysed by GuardDuty',
  'kms.requestsThousands': 'thousand KMS requests a month per key',
  'secretsManager.apiCallsThousands': 'thousand API calls a month per secret',
  'backup.storageGb': 'GB of backup storage (default: protected storage once)',
  'backup.crossRegionCopyGb': 'GB a month copied to another region by backup plans',
  'efs.storageGb': 'GB stored per EFS file system',
  'aurora.averageAcus': 'average ACUs per Aurora Serverless v2 instance (default: min + 25% of the range)',
  'aurora.storageGb': 'GB stored per Aurora cluster',
  'aurora.ioMillions': 'million I/O requests a month per Aurora cluster',
  'cacheServerless.dataGb': 'GB stored per ElastiCache Serverless cache',
  'cacheServerless.ecpuMillions': 'million ECPUs a month per ElastiCache Serverless cache',
  'route53.queriesMillions': 'million DNS queries a month per hosted zone',
  'clientVpn.connections': 'Client VPN users connected',
  'clientVpn.hoursPerConnection': 'hours a month each Client VPN user is connected',
  'ecrScanning.imagesPushed': 'images pushed a month to repositories under ECR enhanced scanning',
  'ecrScanning.imageRescans': 'Inspector image rescans a month (new CVEs affecting monitored images)',
};

export interface UsageAssumption {
  readonly key: string;
  readonly value: number | string;
  readonly description: string;
  /** True when the value came from the spec's `usage:` section rather than the tier default. */
  readonly overridden: boolean;
}

/** Merges the spec's `usage:` over the tier defaults and lists every figure with where it came from. */
export function resolveUsage(tier: Tier, spec: UsageSpec | undefined): { usage: ResolvedUsage; assumptions: UsageAssumption[] } {
  const defaults = USAGE_DEFAULTS[tier];
  const assumptions: UsageAssumption[] = [];
  const out: Record<string, unknown> = {};
  const specRecord = (spec ?? {}) as Record<string, unknown>;
  const groups: Record<string, unknown> = { ...defaults, backup: { storageGb: undefined, crossRegionCopyGb: undefined }, aurora: { averageAcus: undefined, ...defaults.aurora } };
  for (const [group, value] of Object.entries(groups)) {
    if (typeof value === 'number') {
      const given = specRecord[group];
      const v = typeof given === 'number' ? given : value;
      out[group] = v;
      assumptions.push({ key: group, value: v, description: USAGE_DESCRIPTIONS[group] ?? group, overridden: typeof given === 'number' });
      continue;
    }
    const givenGroup = (specRecord[group] ?? {}) as Record<string, unknown>;
    const merged: Record<string, unknown> = {};
    for (const [field, def] of Object.entries(value as Record<string, unknown>)) {
      const given = givenGroup[field];
      const v = typeof given === 'number' ? given : def;
      merged[field] = v;
      const key = `${group}.${field}`;
      assumptions.push({ key, value: v === undefined ? 'derived' : (v as number), description: USAGE_DESCRIPTIONS[key] ?? key, overridden: typeof given === 'number' });
    }
    out[group] = merged;
  }
  return { usage: out as unknown as ResolvedUsage, assumptions };
}
