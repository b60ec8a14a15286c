/**
 * Bundled AWS on-demand price table (USD). Data, not logic: `haven cost --refresh-prices` replaces it from the
 * AWS Price List API (see ./refresh.ts). Rates are Linux / PostgreSQL / Redis OSS, first usage tier.
 */
export interface RegionPrices {
  readonly rds: {
    /** Single-AZ instance-hour (PostgreSQL). Multi-AZ instance deployments are billed twice (primary + standby). */
    readonly instanceHour: Readonly<Record<string, number>>;
    /** Aurora PostgreSQL provisioned instance-hour. */
    readonly auroraInstanceHour: Readonly<Record<string, number>>;
    readonly storageGbMonth: Readonly<Record<'gp2' | 'gp3' | 'io1' | 'io2' | 'standard', number>>;
    readonly piopsMonth: number;
    readonly backupGbMonth: number;
    /** Performance Insights beyond the free 7 days (Database Insights advanced), per vCPU-hour. */
    readonly performanceInsightsVcpuHour: number;
    readonly auroraAcuHour: number;
    readonly auroraStorageGbMonth: number;
    readonly auroraIoPerMillion: number;
  };
  readonly elasticache: {
    readonly nodeHour: Readonly<Record<string, number>>;
    readonly backupGbMonth: number;
    readonly serverlessGbHour: number;
    readonly serverlessEcpuPerMillion: number;
  };
  readonly ec2: {
    readonly instanceHour: Readonly<Record<string, number>>;
    readonly ebsGp3GbMonth: number;
    readonly natHour: number;
    readonly natGb: number;
    readonly publicIpv4Hour: number;
    readonly interfaceEndpointHour: number;
    readonly interfaceEndpointGb: number;
    readonly clientVpnAssociationHour: number;
    readonly clientVpnConnectionHour: number;
  };
  readonly transfer: { readonly internetEgressGb: number; readonly interAzGb: number; readonly crossRegionGb: number };
  readonly elb: { readonly albHour: number; readonly albLcuHour: number; readonly nlbHour: number; readonly nlbLcuHour: number };
  readonly fargate: { readonly vcpuHour: number; readonly gbHour: number; readonly armVcpuHour: number; readonly armGbHour: number };
  readonly eks: { readonly clusterHour: number };
  readonly lambda: { readonly requestPerMillion: number; readonly gbSecond: number; readonly armGbSecond: number };
  readonly s3: {
    readonly storageGbMonth: Readonly<Record<'STANDARD' | 'INTELLIGENT_TIERING' | 'STANDARD_IA' | 'ONEZONE_IA' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE', number>>;
    readonly putPer1000: number;
    readonly getPer1000: number;
  };
  readonly cloudfront: { readonly dataGb: number; readonly httpsPer10k: number };
  readonly waf: { readonly aclMonth: number; readonly ruleMonth: number; readonly requestPerMillion: number };
  readonly kms: { readonly keyMonth: number; readonly requestPer10k: number };
  readonly secretsManager: { readonly secretMonth: number; readonly apiPer10k: number };
  readonly cloudwatch: { readonly alarmMonth: number; readonly highResAlarmMonth: number; readonly compositeAlarmMonth: number; readonly dashboardMonth: number; readonly logIngestGb: number; readonly logStorageGbMonth: number; readonly vendedLogS3Gb: number };
  readonly cloudtrail: { readonly dataEventsPer100k: number };
  readonly config: { readonly itemRecorded: number; readonly ruleEvaluation: number; readonly conformancePackEvaluation: number };
  readonly guardduty: { readonly cloudtrailEventsPerMillion: number; readonly flowLogGb: number; readonly s3EventsPerMillion: number };
  readonly backup: { readonly warmGbMonth: number; readonly coldGbMonth: number };
  readonly efs: { readonly standardGbMonth: number; readonly oneZoneGbMonth: number };
  readonly route53: { readonly hostedZoneMonth: number; readonly queriesPerMillion: number; readonly healthCheckMonth: number; readonly healthCheckOptionMonth: number };
  /** Amazon Inspector container image scanning of ECR (enhanced scanning): per image scanned on push, per rescan. */
  readonly inspector: { readonly ecrImageScan: number; readonly ecrImageRescan: number };
}

export interface PriceTable {
  /** Date the rates were taken. */
  readonly asOf: string;
  readonly source: string;
  readonly currency: 'USD';
  readonly notes: readonly string[];
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

// us-east-1 published on-demand rates.
const RDS_US: Record<string, number> = {
  'db.t3.micro': 0.018, 'db.t3.small': 0.036, 'db.t3.medium': 0.072, 'db.t3.large': 0.145, 'db.t3.xlarge': 0.29,
  'db.t4g.micro': 0.016, 'db.t4g.small': 0.032, 'db.t4g.medium': 0.065, 'db.t4g.large': 0.129, 'db.t4g.xlarge': 0.258,
  'db.m5.large': 0.178, 'db.m5.xlarge': 0.356, 'db.m5.2xlarge': 0.712, 'db.m5.4xlarge': 1.424,
  'db.m6i.large': 0.178, 'db.m6i.xlarge': 0.356, 'db.m6g.large': 0.159, 'db.m6g.xlarge': 0.318, 'db.m6g.2xlarge': 0.636,
  'db.m7g.large': 0.168, 'db.m7g.xlarge': 0.337, 'db.m7g.2xlarge': 0.674,
  'db.r5.large': 0.25, 'db.r5.xlarge': 0.5, 'db.r5.2xlarge': 1.0, 'db.r5.4xlarge': 2.0,
  'db.r6i.large': 0.25, 'db.r6i.xlarge': 0.5, 'db.r6g.large': 0.225, 'db.r6g.xlarge': 0.45, 'db.r6g.2xlarge': 0.899, 'db.r6g.4xlarge': 1.798,
  'db.r7g.large': 0.239, 'db.r7g.xlarge': 0.478, 'db.r7g.2xlarge': 0.956,
};
const AURORA_US: Record<string, number> = {
  'db.t3.medium': 0.082, 'db.t4g.medium': 0.073, 'db.t4g.large': 0.146,
  'db.r5.large': 0.29, 'db.r5.xlarge': 0.58, 'db.r6g.large': 0.26, 'db.r6g.xlarge': 0.519, 'db.r6g.2xlarge': 1.038,
  'db.r7g.large': 0.276, 'db.r7g.xlarge': 0.552, 'db.r6i.large': 0.29,
};
const CACHE_US: Record<string, number> = {
  'cache.t3.micro': 0.017, 'cache.t3.small': 0.034, 'cache.t3.medium': 0.068,
  'cache.t4g.micro': 0.016, 'cache.t4g.small': 0.032, 'cache.t4g.medium': 0.065,
  'cache.m5.large': 0.156, 'cache.m5.xlarge': 0.311, 'cache.m6g.large': 0.149, 'cache.m6g.xlarge': 0.298, 'cache.m7g.large': 0.158, 'cache.m7g.xlarge': 0.315,
  'cache.r5.large': 0.216, 'cache.r5.xlarge': 0.431, 'cache.r6g.large': 0.206, 'cache.r6g.xlarge': 0.411, 'cache.r7g.large': 0.219, 'cache.r7g.xlarge': 0.437,
};
const EC2_US: Record<string, number> = {
  't3.micro': 0.0104, 't3.small': 0.0208, 't3.medium': 0.0416, 't3.large': 0.0832, 't3.xlarge': 0.1664,
  't4g.micro': 0.0084, 't4g.small': 0.0168, 't4g.medium': 0.0336, 't4g.large': 0.0672, 't4g.xlarge': 0.1344,
  'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384, 'm6i.large': 0.096, 'm6i.xlarge': 0.192, 'm6g.large': 0.077, 'm6g.xlarge': 0.154,
  'm7g.large': 0.0816, 'm7g.xlarge': 0.1632, 'm7i.large': 0.1008, 'm7i.xlarge': 0.2016,
  'c6g.large': 0.068, 'c6i.large': 0.085, 'c7g.medium': 0.0363, 'c7g.large': 0.0725, 'r5.large': 0.126, 'r6g.large': 0.1008, 'r6i.large': 0.126, 'r7g.large': 0.1071,
};

function scaled(table: Record<string, number>, factor: number): Record<string, number> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, Math.round(v * factor * 10000) / 10000]));
}

const US_EAST_1: RegionPrices = {
  rds: {
    instanceHour: RDS_US, auroraInstanceHour: AURORA_US,
    storageGbMonth: { gp2: 0.115, gp3: 0.115, io1: 0.125, io2: 0.125, standard: 0.1 },
    piopsMonth: 0.1, backupGbMonth: 0.095, performanceInsightsVcpuHour: 0.0125,
    auroraAcuHour: 0.12, auroraStorageGbMonth: 0.1, auroraIoPerMillion: 0.2,
  },
  elasticache: { nodeHour: CACHE_US, backupGbMonth: 0.085, serverlessGbHour: 0.125, serverlessEcpuPerMillion: 0.0034 },
  ec2: {
    instanceHour: EC2_US, ebsGp3GbMonth: 0.08, natHour: 0.045, natGb: 0.045, publicIpv4Hour: 0.005,
    interfaceEndpointHour: 0.01, interfaceEndpointGb: 0.01, clientVpnAssociationHour: 0.1, clientVpnConnectionHour: 0.05,
  },
  transfer: { internetEgressGb: 0.09, interAzGb: 0.01, crossRegionGb: 0.02 },
  elb: { albHour: 0.0225, albLcuHour: 0.008, nlbHour: 0.0225, nlbLcuHour: 0.006 },
  fargate: { vcpuHour: 0.04048, gbHour: 0.004445, armVcpuHour: 0.03238, armGbHour: 0.00356 },
  eks: { clusterHour: 0.1 },
  lambda: { requestPerMillion: 0.2, gbSecond: 0.0000166667, armGbSecond: 0.0000133334 },
  s3: {
    storageGbMonth: { STANDARD: 0.023, INTELLIGENT_TIERING: 0.023, STANDARD_IA: 0.0125, ONEZONE_IA: 0.01, GLACIER_IR: 0.004, GLACIER: 0.0036, DEEP_ARCHIVE: 0.00099 },
    putPer1000: 0.005, getPer1000: 0.0004,
  },
  cloudfront: { dataGb: 0.085, httpsPer10k: 0.01 },
  waf: { aclMonth: 5, ruleMonth: 1, requestPerMillion: 0.6 },
  kms: { keyMonth: 1, requestPer10k: 0.03 },
  secretsManager: { secretMonth: 0.4, apiPer10k: 0.05 },
  cloudwatch: { alarmMonth: 0.1, highResAlarmMonth: 0.3, compositeAlarmMonth: 0.5, dashboardMonth: 3, logIngestGb: 0.5, logStorageGbMonth: 0.03, vendedLogS3Gb: 0.25 },
  cloudtrail: { dataEventsPer100k: 0.1 },
  config: { itemRecorded: 0.003, ruleEvaluation: 0.001, conformancePackEvaluation: 0.001 },
  guardduty: { cloudtrailEventsPerMillion: 4, flowLogGb: 1, s3EventsPerMillion: 0.8 },
  backup: { warmGbMonth: 0.095, coldGbMonth: 0.01 },
  efs: { standardGbMonth: 0.3, oneZoneGbMonth: 0.16 },
  route53: { hostedZoneMonth: 0.5, queriesPerMillion: 0.4, healthCheckMonth: 0.5, healthCheckOptionMonth: 1 },
  // Amazon Inspector container image scanning: $0.09 per image scanned on push, $0.01 per rescan. The other regions
  // inherit these rates (spread from US_EAST_1); --refresh-prices does not fetch Inspector yet.
  inspector: { ecrImageScan: 0.09, ecrImageRescan: 0.01 },
};

const CA_CENTRAL_1: RegionPrices = {
  ...US_EAST_1,
  rds: {
    ...US_EAST_1.rds,
    instanceHour: scaled(RDS_US, 1.1), auroraInstanceHour: scaled(AURORA_US, 1.1),
    storageGbMonth: { gp2: 0.127, gp3: 0.127, io1: 0.138, io2: 0.138, standard: 0.11 },
    piopsMonth: 0.11, auroraAcuHour: 0.132, auroraStorageGbMonth: 0.11, auroraIoPerMillion: 0.22,
  },
  elasticache: { ...US_EAST_1.elasticache, nodeHour: { ...scaled(CACHE_US, 1.1), 'cache.t4g.micro': 0.018, 'cache.t3.micro': 0.019 } },
  ec2: { ...US_EAST_1.ec2, instanceHour: scaled(EC2_US, 1.1), ebsGp3GbMonth: 0.088, natHour: 0.05, natGb: 0.05, interfaceEndpointHour: 0.011 },
  elb: { albHour: 0.02475, albLcuHour: 0.0088, nlbHour: 0.02475, nlbLcuHour: 0.0066 },
  fargate: { vcpuHour: 0.04456, gbHour: 0.004865, armVcpuHour: 0.03565, armGbHour: 0.00389 },
  s3: {
    storageGbMonth: { STANDARD: 0.025, INTELLIGENT_TIERING: 0.025, STANDARD_IA: 0.0138, ONEZONE_IA: 0.011, GLACIER_IR: 0.0045, GLACIER: 0.004, DEEP_ARCHIVE: 0.0018 },
    putPer1000: 0.0055, getPer1000: 0.00044,
  },
  cloudwatch: { ...US_EAST_1.cloudwatch, logIngestGb: 0.55, logStorageGbMonth: 0.033, vendedLogS3Gb: 0.275 },
  guardduty: { cloudtrailEventsPerMillion: 4.4, flowLogGb: 1.1, s3EventsPerMillion: 0.88 },
  backup: { warmGbMonth: 0.095, coldGbMonth: 0.011 },
  efs: { standardGbMonth: 0.33, oneZoneGbMonth: 0.176 },
};

const EU_WEST_1: RegionPrices = {
  ...US_EAST_1,
  rds: {
    ...US_EAST_1.rds,
    instanceHour: scaled(RDS_US, 1.1), auroraInstanceHour: scaled(AURORA_US, 1.1),
    storageGbMonth: { gp2: 0.127, gp3: 0.127, io1: 0.138, io2: 0.138, standard: 0.11 },
    piopsMonth: 0.11, auroraAcuHour: 0.13, auroraStorageGbMonth: 0.11, auroraIoPerMillion: 0.22,
  },
  elasticache: { ...US_EAST_1.elasticache, nodeHour: scaled(CACHE_US, 1.1) },
  ec2: { ...US_EAST_1.ec2, instanceHour: scaled(EC2_US, 1.1), ebsGp3GbMonth: 0.088, natHour: 0.048, natGb: 0.048, interfaceEndpointHour: 0.011 },
  elb: { albHour: 0.0252, albLcuHour: 0.008, nlbHour: 0.0252, nlbLcuHour: 0.006 },
  cloudwatch: { ...US_EAST_1.cloudwatch, logIngestGb: 0.57 },
  efs: { standardGbMonth: 0.33, oneZoneGbMonth: 0.176 },
};

export const PRICE_TABLE: PriceTable = {
  asOf: '2026-11-01',
  source: 'AWS public on-demand prices (aws.amazon.com/<service>/pricing and the AWS Price List API), Linux / PostgreSQL / Redis OSS, first usage tier',
  currency: 'USD',
  notes: [
    'us-east-1 and us-west-2 share rates; ca-central-1 and eu-west-1 instance-hour rates are the us-east-1 rate times the region\'s published uplift (about 10%), rounded; run `haven cost --refresh-prices` for exact regional figures.',
    'Free tiers (CloudWatch always-free allowances, 12-month free tier, CloudFront 1 TB) are not subtracted: the estimate is what a busy account pays.',
    'CloudFront, WAF and Route 53 are priced by edge location, not the stack\'s region; North America / Europe rates are used.',
  ],
  regions: {
    'us-east-1': US_EAST_1,
    'us-east-2': US_EAST_1,
    'us-west-2': US_EAST_1,
    'ca-central-1': CA_CENTRAL_1,
    'eu-west-1': EU_WEST_1,
  },
};
