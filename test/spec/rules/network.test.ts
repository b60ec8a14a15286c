import { describe, expect, it } from 'vitest';
import { issuesOf } from '../issues';
import { AVAILABILITY_ZONES } from '../../../src/platform/availability-zones';
import { parseSpec } from '../../../src/spec/loader';
import { zoneIssues } from '../../../src/spec/rules/network';

const spec = (network: string, regions = '  primary: ca-central-1', tier = 'production') => `project:
  name: demo
compliance:
  frameworks: [soc2]
regions:
${regions}
network:
  cidr: 10.0.0.0/16
${network}
environments:
  main:
    tier: ${tier}
`;


describe('availability zones', () => {
  it('accepts the region\'s own zones, in any order, and the table\'s defaults when none are pinned', () => {
    expect(issuesOf(spec('  availabilityZones: [ca-central-1d, ca-central-1a, ca-central-1b]'))).toEqual([]);
    expect(issuesOf(spec(''))).toEqual([]);
  });

  it('rejects a zone of another region, pointing at the list entry', () => {
    const issues = issuesOf(spec('  availabilityZones: [ca-central-1a, us-east-1a, ca-central-1b]'));
    expect(issues.map((i) => [i.path, i.line])).toEqual([['network.availabilityZones[1]', 9]]);
    expect(issues[0].message).toMatch(/us-east-1a is not an availability zone of ca-central-1; expected one of ca-central-1a, ca-central-1b, ca-central-1d/);
  });

  it('rejects fewer zones than the tier spreads over, and duplicates', () => {
    const issues = issuesOf(spec('  availabilityZones: [ca-central-1a, ca-central-1a]'));
    expect(issues.map((i) => [i.path, i.message])).toEqual(expect.arrayContaining([
      ['network.availabilityZones[1]', expect.stringMatching(/ca-central-1a is listed twice/)],
      ['network.availabilityZones', expect.stringMatching(/the production tier needs 3 availability zones, got 2/)],
    ]));
    expect(issues).toHaveLength(2);
    expect(issuesOf(spec('  azs: 2\n  availabilityZones: [ca-central-1a, ca-central-1d]'))).toEqual([]);
  });

  it('rejects a tier that needs more zones than the region offers new accounts, unless the spec pins them', () => {
    const issues = issuesOf(spec('', '  primary: us-west-1'));
    expect(issues.map((i) => [i.path, i.line])).toEqual([['regions.primary', 6]]);
    expect(issues[0].message).toMatch(/the production tier needs 3 availability zones but us-west-1 offers 2 \(us-west-1a, us-west-1c\)/);
    expect(issuesOf(spec('', '  primary: us-west-1', 'staging'))).toEqual([]);
  });

  it('checks DR zones against the DR region and refuses them without one', () => {
    const dr = '  primary: ca-central-1\n  dr: us-east-1';
    expect(issuesOf(spec('  drCidr: 10.1.0.0/16\n  drAvailabilityZones: [us-east-1a, us-east-1b, us-east-1f]', dr))).toEqual([]);
    const wrong = issuesOf(spec('  drCidr: 10.1.0.0/16\n  drAvailabilityZones: [us-east-1a, us-east-1b, ca-central-1a]', dr));
    expect(wrong.map((i) => i.path)).toEqual(['network.drAvailabilityZones[2]']);
    const orphan = issuesOf(spec('  drAvailabilityZones: [us-east-1a, us-east-1b, us-east-1c]'));
    expect(orphan.map((i) => i.path)).toEqual(['network.drAvailabilityZones']);
    expect(orphan[0].message).toMatch(/regions.dr is not/);
  });

  it('rejects something that is not a zone name in the schema', () => {
    const issues = issuesOf(spec('  availabilityZones: [cac1-az1, ca-central-1b, ca-central-1d]'));
    expect(issues.map((i) => i.path)).toEqual(['network.availabilityZones[0]']);
    expect(issues[0].message).toMatch(/expected an availability-zone name such as ca-central-1a, got "cac1-az1"/);
  });

  it('a region the table does not know needs pinned zones (field named in the message)', () => {
    const loaded = parseSpec(spec(''), 'spec.yaml');
    const plan = loaded.plans.main;
    const { 'ca-central-1': _omitted, ...withoutCanada } = AVAILABILITY_ZONES;
    expect(zoneIssues(plan, 'primary', withoutCanada)).toEqual([
      { environment: 'main', path: ['regions', 'primary'], message: expect.stringMatching(/no entry for ca-central-1; list the zone names your account sees in network.availabilityZones/) },
    ]);
    const pinned = { ...plan, network: { ...plan.network, availabilityZones: ['ca-central-1a', 'ca-central-1b', 'ca-central-1c'] } };
    expect(zoneIssues(pinned, 'primary', withoutCanada)).toEqual([]);
  });
});
