import type { PriceTable, RegionPrices } from './prices';

/**
 * One price query against the AWS Price List API (GetProducts): a service code and attribute filters
 * (TERM_MATCH), answering the on-demand USD rate of the single matching product.
 */
export interface PriceQuery {
  readonly serviceCode: string;
  readonly filters: Readonly<Record<string, string>>;
}

/**
 * Where refreshed prices come from. The production implementation wraps `@aws-sdk/client-pricing`
 * (PricingClient + GetProductsCommand, endpoint us-east-1), which is NOT installed in this project yet;
 * tests pass a fake. Keeping the estimator behind this interface means it never needs the SDK itself.
 */
export interface PriceSource {
  /** Hourly / per-unit on-demand USD rate, or undefined when the API has no single match. */
  onDemandRate(query: PriceQuery): Promise<number | undefined>;
}

/** AWS Price List "location" names of the regions Haven prices. */
export const PRICE_LIST_LOCATIONS: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)',
  'eu-west-1': 'EU (Ireland)',
};

export interface RefreshResult {
  readonly table: PriceTable;
  readonly updated: number;
  readonly missing: readonly string[];
}

/**
 * Re-prices the instance-hour maps and the main per-unit rates of every region in `base` from `source`.
 * Rates the API does not answer keep their bundled value and are listed in `missing`.
 */
export async function refreshPrices(base: PriceTable, source: PriceSource, asOf: string = new Date().toISOString().slice(0, 10)): Promise<RefreshResult> {
  const regions: Record<string, RegionPrices> = {};
  const missing: string[] = [];
  let updated = 0;
  for (const [region, prices] of Object.entries(base.regions)) {
    const location = PRICE_LIST_LOCATIONS[region];
    if (!location) { regions[region] = prices; continue; }
    const ask = async (label: string, q: PriceQuery, fallback: number): Promise<number> => {
      const v = await source.onDemandRate(q);
      if (v === undefined || !Number.isFinite(v)) { missing.push(`${region} ${label}`); return fallback; }
      updated++;
      return v;
    };
    const rds: Record<string, number> = {};
    for (const [cls, v] of Object.entries(prices.rds.instanceHour)) {
      rds[cls] = await ask(cls, { serviceCode: 'AmazonRDS', filters: { location, instanceType: cls, databaseEngine: 'PostgreSQL', deploymentOption: 'Single-AZ' } }, v);
    }
    const cache: Record<string, number> = {};
    for (const [cls, v] of Object.entries(prices.elasticache.nodeHour)) {
      cache[cls] = await ask(cls, { serviceCode: 'AmazonElastiCache', filters: { location, instanceType: cls, cacheEngine: 'Redis' } }, v);
    }
    const ec2: Record<string, number> = {};
    for (const [cls, v] of Object.entries(prices.ec2.instanceHour)) {
      ec2[cls] = await ask(cls, { serviceCode: 'AmazonEC2', filters: { location, instanceType: cls, operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used' } }, v);
    }
    const natHour = await ask('NAT hour', { serviceCode: 'AmazonEC2', filters: { location, productFamily: 'NAT Gateway', group: 'NGW:NatGateway' } }, prices.ec2.natHour);
    const natGb = await ask('NAT GB', { serviceCode: 'AmazonEC2', filters: { location, productFamily: 'NAT Gateway', group: 'NGW:NatGateway', usagetype: 'NatGateway-Bytes' } }, prices.ec2.natGb);
    const albHour = await ask('ALB hour', { serviceCode: 'AWSELB', filters: { location, productFamily: 'Load Balancer-Application' } }, prices.elb.albHour);
    const s3Standard = await ask('S3 Standard GB', { serviceCode: 'AmazonS3', filters: { location, storageClass: 'General Purpose', volumeType: 'Standard' } }, prices.s3.storageGbMonth.STANDARD);
    const logIngest = await ask('Logs ingest GB', { serviceCode: 'AmazonCloudWatch', filters: { location, productFamily: 'Data Payload', group: 'Ingested Logs' } }, prices.cloudwatch.logIngestGb);
    regions[region] = {
      ...prices,
      rds: { ...prices.rds, instanceHour: rds },
      elasticache: { ...prices.elasticache, nodeHour: cache },
      ec2: { ...prices.ec2, instanceHour: ec2, natHour, natGb },
      elb: { ...prices.elb, albHour },
      s3: { ...prices.s3, storageGbMonth: { ...prices.s3.storageGbMonth, STANDARD: s3Standard } },
      cloudwatch: { ...prices.cloudwatch, logIngestGb: logIngest },
    };
  }
  return {
    table: { ...base, asOf, source: 'AWS Price List API (GetProducts), on-demand; unanswered rates kept from the bundled table', regions },
    updated,
    missing,
  };
}

/** Serializes a refreshed table for writing next to the bundled one (e.g. .haven/prices.json). */
export function serializePriceTable(table: PriceTable): string {
  return JSON.stringify(table, null, 2) + '\n';
}

/** Reads a table written by `serializePriceTable`, checking the fields the estimator relies on. */
export function loadPriceTable(json: string): PriceTable {
  const t = JSON.parse(json) as PriceTable;
  if (typeof t.asOf !== 'string' || typeof t.source !== 'string' || !t.regions || typeof t.regions !== 'object') {
    throw new Error('not a Haven price table: expected asOf, source and regions');
  }
  for (const [region, p] of Object.entries(t.regions)) {
    if (!p?.rds?.instanceHour || !p?.elasticache?.nodeHour || !p?.ec2 || !p?.s3?.storageGbMonth) throw new Error(`price table region ${region} is incomplete`);
  }
  return t;
}
