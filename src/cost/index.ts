export * from './types';
export { estimateCost, bucketStorageClass, guessTier, gravitonEquivalent, vcpus, cfnNumber, cfnBool } from './estimate';
export { formatCostReport, costMarkdown, COST_FORMATS, type CostFormat, usd } from './format';
export { PRICE_TABLE, type PriceTable, type RegionPrices } from './prices';
export { USAGE_DEFAULTS, USAGE_DESCRIPTIONS, resolveUsage, type ResolvedUsage, type UsageAssumption } from './assumptions';
export { refreshPrices, serializePriceTable, loadPriceTable, PRICE_LIST_LOCATIONS, type PriceSource, type PriceQuery, type RefreshResult } from './refresh';
