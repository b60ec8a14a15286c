import { describe, it, expect } from 'vitest';
import { refreshPrices, serializePriceTable, type PriceSource, type PriceQuery } from '../../src/cost/refresh';
import { PRICE_TABLE } from '../../src/cost/prices';

describe('refreshPrices', () => {
  it('replaces rates the source answers, keeps and lists the rest', async () => {
    const asked: PriceQuery[] = [];
    const source: PriceSource = {
      async onDemandRate(q) {
        asked.push(q);
        if (q.serviceCode === 'AmazonRDS' && q.filters.instanceType === 'db.t4g.medium' && q.filters.location === 'Canada (Central)') return 0.071;
        if (q.serviceCode === 'AmazonEC2' && q.filters.productFamily === 'NAT Gateway' && !q.filters.usagetype) return 0.051;
        return undefined;
      },
    };
    const result = await refreshPrices(PRICE_TABLE, source, '2027-01-01');
    expect(result.table.asOf).toBe('2027-01-01');
    expect(result.table.regions['ca-central-1'].rds.instanceHour['db.t4g.medium']).toBe(0.071);
    expect(result.table.regions['ca-central-1'].ec2.natHour).toBe(0.051);
    // Unanswered: bundled value kept and reported.
    expect(result.table.regions['ca-central-1'].ec2.natGb).toBe(PRICE_TABLE.regions['ca-central-1'].ec2.natGb);
    expect(result.missing).toContain('ca-central-1 NAT GB');
    expect(result.updated).toBeGreaterThanOrEqual(2);
    expect(asked.every((q) => typeof q.filters.location === 'string')).toBe(true);
    expect(JSON.parse(serializePriceTable(result.table)).asOf).toBe('2027-01-01');
    // The bundled table is not mutated.
    expect(PRICE_TABLE.regions['ca-central-1'].rds.instanceHour['db.t4g.medium']).toBe(0.0715);
  });
});

describe('loadPriceTable', () => {
  it('round-trips a serialized table and rejects a foreign file', async () => {
    const { loadPriceTable } = await import('../../src/cost/refresh');
    expect(loadPriceTable(serializePriceTable(PRICE_TABLE)).regions['eu-west-1'].ec2.natHour).toBe(0.048);
    expect(() => loadPriceTable('{"hello":1}')).toThrow(/not a Haven price table/);
    expect(() => loadPriceTable(JSON.stringify({ asOf: 'x', source: 'y', regions: { 'us-east-1': {} } }))).toThrow(/incomplete/);
  });
});
