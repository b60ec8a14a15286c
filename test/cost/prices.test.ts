import { describe, it, expect } from 'vitest';
import { PRICE_TABLE } from '../../src/cost/prices';
import { TIER_DEFAULTS } from '../../src/spec/tiers';
import { TIERS } from '../../src/spec/common';
import { estimateCost, gravitonEquivalent, guessTier, vcpus } from '../../src/cost/estimate';

const EXAMPLE_REGIONS = ['us-east-1', 'us-west-2', 'ca-central-1', 'eu-west-1'];

describe('bundled price table', () => {
  it('records its date and source', () => {
    expect(PRICE_TABLE.asOf).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(PRICE_TABLE.source).toMatch(/AWS/);
    expect(PRICE_TABLE.currency).toBe('USD');
  });

  it.each(EXAMPLE_REGIONS)('%s prices every tier default database and cache class', (region) => {
    const p = PRICE_TABLE.regions[region];
    expect(p).toBeDefined();
    for (const tier of TIERS) {
      expect(p.rds.instanceHour[TIER_DEFAULTS[tier].dbInstanceClass], `${tier} ${TIER_DEFAULTS[tier].dbInstanceClass}`).toBeGreaterThan(0);
      expect(p.elasticache.nodeHour[TIER_DEFAULTS[tier].cacheNodeType], `${tier} ${TIER_DEFAULTS[tier].cacheNodeType}`).toBeGreaterThan(0);
    }
    // Every Graviton target of a listed x86 class is listed too, so the saving can be computed.
    for (const cls of Object.keys(p.rds.instanceHour)) {
      const to = gravitonEquivalent(cls);
      if (to && /\.(micro|small|medium|large|xlarge)$/.test(cls) && p.rds.instanceHour[to] === undefined) throw new Error(`${region}: ${cls} → ${to} missing`);
    }
  });

  it('Multi-AZ costs more in ca-central-1 than us-east-1, and the same in us-west-2', () => {
    const t = { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r6g.large', MultiAZ: 'true', AllocatedStorage: '100' } } } };
    const cost = (region: string) => estimateCost({ stacks: [{ name: 's', region, environment: 'production', template: t }] }).monthlyUsd;
    expect(cost('ca-central-1')).toBeGreaterThan(cost('us-east-1'));
    expect(cost('us-west-2')).toBe(cost('us-east-1'));
  });
});

describe('helpers', () => {
  it('guesses tiers, Graviton equivalents and vCPUs', () => {
    expect(guessTier('prod')).toBe('production');
    expect(guessTier('staging')).toBe('staging');
    expect(guessTier('dev')).toBe('development');
    expect(gravitonEquivalent('db.r5.large')).toBe('db.r6g.large');
    expect(gravitonEquivalent('cache.t3.micro')).toBe('cache.t4g.micro');
    expect(gravitonEquivalent('m5.xlarge')).toBe('m6g.xlarge');
    expect(gravitonEquivalent('db.r6g.large')).toBeUndefined();
    expect(vcpus('db.r6g.2xlarge')).toBe(8);
    expect(vcpus('db.t4g.medium')).toBe(2);
  });
});
