import { describe, expect, it } from 'vitest';
import { drSchema } from '../../../src/spec/sections/dr';
import { havenJsonSchema, havenSpecSchema } from '../../../src/spec/schema';
import { berthCareRaw, estateKitRaw, techCorpRaw, variant } from '../../dr/fixtures';

describe('dr section schema', () => {
  it('accepts the examples', () => {
    for (const raw of [estateKitRaw, techCorpRaw, berthCareRaw]) expect(havenSpecSchema.safeParse(raw).success).toBe(true);
  });

  it('rejects unknown keys, unknown strategies and weak acknowledgements', () => {
    expect(drSchema.safeParse({ strategy: 'hot-hot' }).success).toBe(false);
    expect(drSchema.safeParse({ rpo: 5 }).success).toBe(false);
    const short = drSchema.safeParse({ crossBorder: { reason: 'because', approvedBy: 'me', expires: '2027-01-01' } });
    expect(short.success).toBe(false);
    expect(JSON.stringify(short.error?.issues)).toMatch(/at least 20 characters/);
    expect(drSchema.safeParse({ crossBorder: { reason: 'a sufficiently long reason here', approvedBy: 'me', expires: 'next year' } }).success).toBe(false);
    expect(drSchema.safeParse({ failover: { zoneName: 'example.com', recordName: 'a.example.com', healthCheckPath: 'health' } }).success).toBe(false);
    expect(drSchema.safeParse({ objectives: { rpoMinutes: 0, rtoMinutes: 10 } }).success).toBe(false);
  });

  it('an environment override is validated with the same rules (deep partial)', () => {
    const bad = variant(berthCareRaw, (r) => { r.environments.production.dr.database.replication = 'log-shipping'; });
    expect(havenSpecSchema.safeParse(bad).success).toBe(false);
  });

  it('appears in the editor JSON schema', () => {
    const schema = havenJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    expect(Object.keys(schema.properties.dr.properties ?? {})).toEqual(expect.arrayContaining(['strategy', 'objectives', 'database', 'buckets', 'standby', 'failover', 'crossBorder']));
  });
});
