import { describe, expect, it } from 'vitest';
import { createResidencyRule, drServices } from '../../../src/spec/rules/residency';
import { berthCareRaw, estateKitRaw, load, techCorpRaw, variant } from '../../dr/fixtures';

const rule = createResidencyRule();
const run = (raw: Record<string, unknown>, r = rule, date = '2026-11-23') => {
  const { spec, plans } = load(raw);
  return r(spec, plans, { date });
};

describe('residency rule', () => {
  it('accepts the three examples as written', () => {
    expect(run(estateKitRaw)).toEqual([]);
    expect(run(techCorpRaw)).toEqual([]);
    expect(run(berthCareRaw)).toEqual([]);
  });

  it('PIPEDA: DR data landing in a US region without acknowledgement names regions.dr', () => {
    const issues = run(variant(estateKitRaw, (r) => { delete r.dr.crossBorder; }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ environment: 'production', path: ['regions', 'dr'] });
    expect(issues[0].message).toMatch(/PIPEDA.*us-east-1.*outside Canada.*dr\.crossBorder/);
  });

  it('PIPEDA: the acknowledgement is per environment (BerthCare staging with a US DR region is rejected)', () => {
    const issues = run(variant(berthCareRaw, (r) => { r.environments.staging.regions = { dr: 'us-east-1' }; r.environments.staging.network = { drCidr: '10.1.0.0/16' }; }));
    expect(issues).toEqual([expect.objectContaining({ environment: 'staging', path: ['regions', 'dr'] })]);
  });

  it('PIPEDA: an expired acknowledgement names its expires field', () => {
    const issues = run(variant(estateKitRaw, (r) => { r.dr.crossBorder.expires = '2026-01-01'; }));
    expect(issues).toEqual([expect.objectContaining({ environment: 'production', path: ['dr', 'crossBorder', 'expires'] })]);
  });

  it('PIPEDA: expiry is judged against the date given, valid through its last day', () => {
    // Estate Kit's cross-border acknowledgement expires on 2027-06-30.
    expect(run(estateKitRaw, rule, '2027-06-30')).toEqual([]);
    expect(run(estateKitRaw, rule, '2027-07-01')).toEqual([expect.objectContaining({ environment: 'production', path: ['dr', 'crossBorder', 'expires'], message: expect.stringMatching(/expired on 2027-06-30/) })]);
  });

  it('PIPEDA: DR within Canada needs no acknowledgement; a US primary is rejected outright', () => {
    expect(run(variant(estateKitRaw, (r) => { r.regions.dr = 'ca-west-1'; delete r.dr.crossBorder; }))).toEqual([]);
    const issues = run(variant(estateKitRaw, (r) => { r.regions.primary = 'us-east-2'; }));
    expect(issues.map((i) => i.path)).toContainEqual(['regions', 'primary']);
  });

  it('GDPR: an EU deployment replicating to the US is rejected at regions.dr, even with an acknowledgement', () => {
    const issues = run(variant(techCorpRaw, (r) => {
      r.environments['production-eu'].regions = { primary: 'eu-west-1' }; // inherits dr: us-west-2
      r.environments['production-eu'].dr = { crossBorder: { reason: 'not a valid basis for GDPR transfers here', approvedBy: 'x', expires: '2030-01-01' } };
    }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ environment: 'production-eu', path: ['regions', 'dr'] });
    expect(issues[0].message).toMatch(/GDPR.*EU deployment.*us-west-2/);
  });

  it('GDPR: London is not an EU region', () => {
    const issues = run(variant(techCorpRaw, (r) => { r.environments['production-eu'].regions.dr = 'eu-west-2'; }));
    expect(issues).toEqual([expect.objectContaining({ environment: 'production-eu', path: ['regions', 'dr'] })]);
  });

  it('GDPR: an EU deployment with DR switched off replicates nowhere and passes', () => {
    const raw = variant(techCorpRaw, (r) => {
      r.environments['production-eu'].regions = { primary: 'eu-west-1' };
      r.environments['production-eu'].dr = { strategy: 'none' };
    });
    expect(run(raw)).toEqual([]);
  });

  it('HIPAA: regions and DR services come from data lists', () => {
    const narrow = createResidencyRule({ hipaaRegions: ['ca-central-1'], hipaaServices: ['s3', 'kms', 'backup', 'route53'] });
    const issues = run(estateKitRaw, narrow);
    expect(issues).toContainEqual(expect.objectContaining({ path: ['regions', 'dr'], message: expect.stringMatching(/HIPAA.*us-east-1/) }));
    expect(issues).toContainEqual(expect.objectContaining({ path: ['dr', 'strategy'], message: expect.stringMatching(/HIPAA.*rds/) }));
    expect(drServices(load(estateKitRaw).plans.production).sort()).toEqual(['backup', 'kms', 'rds', 'route53', 's3']);
  });
});

describe('residency rule: acknowledgement scope', () => {
  it('an acknowledgement bound to us-east-1 does not cover a move to us-west-2', () => {
    const ok = variant(estateKitRaw, (r) => { r.dr.crossBorder.regions = ['us-east-1']; });
    expect(run(ok)).toEqual([]);
    const moved = variant(ok, (r) => { r.regions.dr = 'us-west-2'; });
    expect(run(moved)).toEqual([expect.objectContaining({ environment: 'production', path: ['dr', 'crossBorder', 'regions'] })]);
  });
});
