import { describe, expect, it } from 'vitest';
import { drDesignRule, drRules, objectivesRule } from '../../../src/spec/rules/objectives';
import { berthCareRaw, estateKitRaw, load, techCorpRaw, variant } from '../../dr/fixtures';
import { RELEASE_DATE } from '../../../src/spec/date';
import { issuesOf } from '../issues';

const run = (rule: typeof objectivesRule, raw: Record<string, unknown>) => {
  const { spec, plans } = load(raw);
  return rule(spec, plans, { date: RELEASE_DATE });
};

describe('objectives rule', () => {
  it('the examples meet their stated objectives', () => {
    for (const raw of [estateKitRaw, techCorpRaw, berthCareRaw]) expect(run(objectivesRule, raw)).toEqual([]);
  });

  it('an RPO the design cannot meet names dr.objectives.rpoMinutes and the limiting mechanism', () => {
    const issues = run(objectivesRule, variant(berthCareRaw, (r) => { r.environments.production.dr.objectives.rpoMinutes = 15; }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ environment: 'production', path: ['dr', 'objectives', 'rpoMinutes'] });
    expect(issues[0].message).toMatch(/RPO target 15 min is not met.*30 min.*automated backups.*read-replica/);
  });

  it('turning RTC off breaks a 15-minute RPO', () => {
    const issues = run(objectivesRule, variant(estateKitRaw, (r) => { r.dr.buckets = { replicationTimeControl: false }; }));
    expect(issues).toEqual([expect.objectContaining({ path: ['dr', 'objectives', 'rpoMinutes'], message: expect.stringMatching(/replicationTimeControl/) })]);
  });

  it('an RTO the design cannot meet names dr.objectives.rtoMinutes', () => {
    const issues = run(objectivesRule, variant(berthCareRaw, (r) => { r.environments.production.dr.objectives.rtoMinutes = 30; }));
    expect(issues).toEqual([expect.objectContaining({ environment: 'production', path: ['dr', 'objectives', 'rtoMinutes'], message: expect.stringMatching(/73 min.*pilot-light/) })]);
  });

  it('objectives without a DR region fail both', () => {
    const issues = run(objectivesRule, variant(berthCareRaw, (r) => { r.environments.staging.dr = { objectives: { rpoMinutes: 60, rtoMinutes: 60 } }; }));
    expect(issues.map((i) => [i.environment, i.path.join('.')])).toEqual([['staging', 'dr.objectives.rpoMinutes'], ['staging', 'dr.objectives.rtoMinutes']]);
  });
});

describe('DR design rule', () => {
  it('the examples are buildable', () => {
    for (const raw of [estateKitRaw, techCorpRaw, berthCareRaw]) expect(run(drDesignRule, raw)).toEqual([]);
  });

  it('needs a non-overlapping DR CIDR', () => {
    expect(run(drDesignRule, variant(estateKitRaw, (r) => { r.network.drCidr = '10.0.128.0/17'; }))).toEqual([expect.objectContaining({ path: ['network', 'drCidr'], message: expect.stringMatching(/overlaps/) })]);
    expect(run(drDesignRule, variant(estateKitRaw, (r) => { delete r.network.drCidr; }))).toEqual([expect.objectContaining({ path: ['network', 'drCidr'] })]);
  });

  it('needs a DR region distinct from the primary', () => {
    expect(run(drDesignRule, variant(estateKitRaw, (r) => { r.regions.dr = 'ca-central-1'; }))).toEqual([expect.objectContaining({ path: ['regions', 'dr'] })]);
    expect(run(drDesignRule, variant(berthCareRaw, (r) => { r.environments.staging.dr = { strategy: 'pilot-light' }; }))).toEqual([expect.objectContaining({ environment: 'staging', path: ['regions', 'dr'] })]);
  });

  it('rejects replicate: true without a DR region, and Aurora with RDS-instance modes', () => {
    const staging = run(drDesignRule, variant(berthCareRaw, () => undefined)).filter((i) => i.environment === 'staging');
    expect(staging).toEqual([]);
    const noDr = run(drDesignRule, variant(berthCareRaw, (r) => { delete r.environments.production.regions; delete r.environments.production.network; delete r.environments.production.dr; }));
    expect(noDr).toContainEqual(expect.objectContaining({ environment: 'production', path: ['buckets', 'photos', 'replicate'] }));
    const aurora = run(drDesignRule, variant(estateKitRaw, (r) => { r.databases.main.engine = 'aurora-postgresql'; r.dr.database = { replication: 'read-replica' }; }));
    expect(aurora).toEqual([expect.objectContaining({ path: ['dr', 'database', 'replication'], message: expect.stringMatching(/aurora-global/) })]);
    const global = run(drDesignRule, variant(estateKitRaw, (r) => { r.dr.strategy = 'aurora-global'; }));
    expect(global).toEqual([expect.objectContaining({ path: ['dr', 'strategy'] })]);
  });

  it('exports every DR rule for registration', () => {
    expect(drRules).toHaveLength(3);
  });
});

describe('DR design rule: failover zone', () => {
  it('needs the hosted zone id to synthesize offline', () => {
    const issues = run(drDesignRule, variant(estateKitRaw, (r) => { delete r.dr.failover.hostedZoneId; }));
    expect(issues).toEqual([expect.objectContaining({ environment: 'production', path: ['dr', 'failover', 'hostedZoneId'] })]);
  });
});

describe('DR design rule: read replica backups', () => {
  it('a DR read replica of PostgreSQL before 14.1 is refused at the database version (RDS keeps no automated backups of it)', () => {
    for (const version of ['13.7', '14.0']) {
      const issues = run(drDesignRule, variant(techCorpRaw, (r) => { r.databases.main.version = version; }));
      expect(issues.map((i) => [i.environment, i.path.join('.')])).toEqual([['production', 'databases.main.version'], ['production-eu', 'databases.main.version']]);
      expect(issues[0].message).toMatch(new RegExp(`only from 14\\.1 \\(got ${version.replace('.', '\\.')}\\).*backup-replication`));
    }
    for (const version of ['14', '14.1', '15']) expect(run(drDesignRule, variant(techCorpRaw, (r) => { r.databases.main.version = version; }))).toEqual([]);
  });

  it('without a read replica (backup replication) any supported version is accepted', () => {
    const issues = run(drDesignRule, variant(berthCareRaw, (r) => { r.databases.main.version = '13.7'; }));
    expect(issues).toEqual([]);
  });

  it('reports the version line of the spec file', () => {
    const text = `project:
  name: demo
compliance:
  frameworks: [hipaa]
regions:
  primary: ca-central-1
  dr: us-east-1
network:
  cidr: 10.0.0.0/16
  drCidr: 10.1.0.0/16
databases:
  main:
    engine: postgres
    version: "13.7"
dr:
  strategy: pilot-light
environments:
  production:
    tier: production
`;
    const issues = issuesOf(text).filter((i) => i.path === 'databases.main.version');
    expect(issues).toEqual([expect.objectContaining({ line: 14, message: expect.stringMatching(/DR read replica.*14\.1/) })]);
  });
});
