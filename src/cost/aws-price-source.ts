import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import type { PriceQuery, PriceSource } from './refresh';

interface PriceListProduct {
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { pricePerUnit?: { USD?: string } }> }> };
}

/**
 * The AWS Price List API as a price source. The API answers only in us-east-1 (and ap-south-1); a query that
 * matches several products is ambiguous, so it answers undefined and the bundled rate stays.
 */
export class AwsPriceSource implements PriceSource {
  constructor(private readonly client: PricingClient = new PricingClient({ region: 'us-east-1' })) {}

  async onDemandRate(query: PriceQuery): Promise<number | undefined> {
    const response = await this.client.send(
      new GetProductsCommand({
        ServiceCode: query.serviceCode,
        Filters: Object.entries(query.filters).map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value })),
        MaxResults: 2,
      }),
    );
    const products = response.PriceList ?? [];
    if (products.length !== 1) return undefined;
    const product = JSON.parse(String(products[0])) as PriceListProduct;
    const rates = Object.values(product.terms?.OnDemand ?? {}).flatMap((term) => Object.values(term.priceDimensions ?? {}).map((d) => Number(d.pricePerUnit?.USD)));
    // Tiered prices list several dimensions; the first non-zero one is the rate Haven's table holds.
    return rates.find((r) => Number.isFinite(r) && r > 0);
  }
}
