import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsPriceSource } from '../../src/cost/aws-price-source';
import { PRICE_TABLE, refreshPrices } from '../../src/cost';

const pricing = mockClient(PricingClient);

function product(usd: string): string {
  return JSON.stringify({ terms: { OnDemand: { 'X.JRTCKXETXF': { priceDimensions: { 'X.JRTCKXETXF.6YS6EN2CT7': { pricePerUnit: { USD: usd } } } } } } });
}

describe('AwsPriceSource (AWS Price List API)', () => {
  beforeEach(() => pricing.reset());

  it('answers the on-demand rate of the single matching product, sending TERM_MATCH filters', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: [product('0.0820000000')] });
    const rate = await new AwsPriceSource(new PricingClient({ region: 'us-east-1' })).onDemandRate({ serviceCode: 'AmazonRDS', filters: { location: 'Canada (Central)', instanceType: 'db.t4g.medium' } });
    expect(rate).toBe(0.082);
    const input = pricing.commandCalls(GetProductsCommand)[0].args[0].input;
    expect(input.ServiceCode).toBe('AmazonRDS');
    expect(input.Filters).toEqual([
      { Type: 'TERM_MATCH', Field: 'location', Value: 'Canada (Central)' },
      { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'db.t4g.medium' },
    ]);
  });

  it('answers nothing when the filters match several products (ambiguous) or none', async () => {
    pricing.on(GetProductsCommand).resolvesOnce({ PriceList: [product('1'), product('2')] }).resolvesOnce({ PriceList: [] });
    const source = new AwsPriceSource(new PricingClient({ region: 'us-east-1' }));
    expect(await source.onDemandRate({ serviceCode: 'AmazonRDS', filters: {} })).toBeUndefined();
    expect(await source.onDemandRate({ serviceCode: 'AmazonRDS', filters: {} })).toBeUndefined();
  });

  it('refreshes the bundled table: answered rates replace bundled ones, the rest are listed as missing', async () => {
    pricing.on(GetProductsCommand).callsFake((input: { ServiceCode: string; Filters: { Field: string; Value: string }[] }) => {
      const cls = input.Filters.find((f) => f.Field === 'instanceType')?.Value;
      return input.ServiceCode === 'AmazonRDS' && cls === 'db.t4g.medium' ? { PriceList: [product('0.5')] } : { PriceList: [] };
    });
    const result = await refreshPrices(PRICE_TABLE, new AwsPriceSource(new PricingClient({ region: 'us-east-1' })), '2026-11-23');
    expect(result.table.regions['us-east-1'].rds.instanceHour['db.t4g.medium']).toBe(0.5);
    expect(result.table.asOf).toBe('2026-11-23');
    expect(result.missing.length).toBeGreaterThan(0);
    expect(result.updated).toBeGreaterThan(0);
  });
});
