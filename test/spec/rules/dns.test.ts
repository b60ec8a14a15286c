import { readFileSync } from 'fs';
import { describe, expect, it } from 'vitest';
import { issuesOf } from '../issues';
import { environmentDnsPlan } from '../../../src/dr/dns-plan';
import { parseSpec } from '../../../src/spec/loader';


const base = (rest: string, frameworks = 'soc2') => `project:
  name: demo
compliance:
  frameworks: [${frameworks}]
regions:
  primary: us-east-1
  dr: us-west-2
network:
  cidr: 10.0.0.0/16
  drCidr: 10.1.0.0/16
edge:
  domain:
    name: example.com
    hostedZoneId: Z0EXAMPLE000000000001
  alb: {}
${rest}`;

const twoEnvironments = base(`environments:
  production:
    tier: production
  staging:
    tier: staging
`);

describe('dns rule: one plan per hosted zone', () => {
  it('two environments claiming app.example.com through one shared field: one error there, naming both', () => {
    const issues = issuesOf(twoEnvironments);
    // Both environments inherit the same field, so the loader reports the finding once (at that field).
    expect(issues).toHaveLength(1);
    expect(issues.every((i) => i.path === 'edge.alb.recordName' && i.line === 15)).toBe(true);
    expect(issues[0].message).toMatch(/environments production and staging both claim app\.example\.com.*production: edge\.alb\.recordName.*staging: edge\.alb\.recordName/);
  });

  it('distinct names per environment pass', () => {
    expect(issuesOf(twoEnvironments.replace('    tier: staging\n', '    tier: staging\n    edge:\n      alb: { recordName: staging.app }\n'))).toEqual([]);
  });

  it('the failover pair replaces the plain record of the same name: one PRIMARY, one SECONDARY, both A aliases', () => {
    const { plans } = parseSpec(base(`dr:
  strategy: warm-standby
  failover: { zoneName: example.com, hostedZoneId: Z0EXAMPLE000000000001, recordName: app.example.com }
environments:
  production:
    tier: production
`), 'spec.yaml');
    const plan = environmentDnsPlan('production', plans.production);
    const at = plan.records.filter((r) => r.name === 'app.example.com');
    expect(at.map((r) => [r.routing, r.type, r.target.kind, r.stack])).toEqual([
      ['failover-primary', 'A', 'record', 'dr'],
      ['failover-secondary', 'A', 'dr-alb', 'dr'],
    ]);
    // The PRIMARY aliases the per-region origin record the primary stack creates; the health check probes that name.
    expect(plan.records.find((r) => r.name === 'us-east-1.app.example.com')).toMatchObject({ routing: 'simple', target: { kind: 'alb' }, stack: 'primary' });
    expect(plan.failover).toMatchObject({ primaryAliasName: 'us-east-1.app.example.com', healthCheckFqdn: 'us-east-1.app.example.com', secondary: { kind: 'dr-alb' }, hostedZoneId: 'Z0EXAMPLE000000000001' });
  });

  it('failover with no way to make a SECONDARY is an error, not a warning (backup-restore builds no DR load balancer)', () => {
    const issues = issuesOf(base(`dr:
  strategy: backup-restore
  failover: { zoneName: example.com, hostedZoneId: Z0EXAMPLE000000000001, recordName: app.example.com }
environments:
  production:
    tier: production
`));
    expect(issues.map((i) => i.path)).toEqual(['dr.failover']);
    expect(issues[0].message).toMatch(/no SECONDARY target: dr\.strategy backup-restore builds no load balancer in us-west-2/);
  });

  it('a failover target outside the zone cannot be an alias', () => {
    const issues = issuesOf(base(`dr:
  strategy: warm-standby
  failover: { zoneName: example.com, hostedZoneId: Z0EXAMPLE000000000001, recordName: app.example.com, drTarget: standby.elsewhere.net }
environments:
  production:
    tier: production
`));
    expect(issues.map((i) => i.path)).toEqual(['dr.failover.drTarget']);
  });

  it('an environment claiming another environment\'s failover name clashes', () => {
    const issues = issuesOf(base(`dr:
  strategy: warm-standby
  failover: { zoneName: example.com, hostedZoneId: Z0EXAMPLE000000000001, recordName: www.example.com }
environments:
  production:
    tier: production
  staging:
    tier: staging
    dr: { strategy: none }
    edge:
      alb: { recordName: www }
`));
    expect(issues.some((i) => /environments production and staging both claim www\.example\.com/.test(i.message))).toBe(true);
  });

  const euSpec = (euEdge: string, euDr = '') => base(`environments:
  production:
    tier: production
  eu:
    tier: production
    regions: { primary: eu-west-1, dr: eu-central-1 }
    network: { cidr: 10.2.0.0/16, drCidr: 10.3.0.0/16 }
${euEdge}${euDr}`, 'gdpr');

  it('GDPR: an EU environment sharing a US environment\'s name is a residency error as well as a clash', () => {
    const messages = issuesOf(euSpec('')).map((i) => i.message);
    expect(messages.some((m) => /both claim app\.example\.com/.test(m))).toBe(true);
    expect(messages.some((m) => /GDPR: app\.example\.com is served by an EU environment.*endpoint in us-east-1/.test(m))).toBe(true);
  });

  it('GDPR: an EU failover whose SECONDARY aliases a US record is a residency error', () => {
    const issues = issuesOf(euSpec('    edge:\n      alb: { recordName: eu }\n', '    dr:\n      strategy: warm-standby\n      failover: { zoneName: example.com, hostedZoneId: Z0EXAMPLE000000000001, recordName: eu.example.com, drTarget: app.example.com }\n'));
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/GDPR: eu\.example\.com is served by an EU environment, but eu: dr\.failover\.drTarget \(failover-secondary\) answers it with an endpoint in us-east-1/)]);
    expect(issues[0].path).toBe('environments.eu.dr.failover.drTarget');
  });

  it('GDPR: the EU environment at its own names passes', () => {
    expect(issuesOf(euSpec('    edge:\n      alb: { recordName: eu }\n'))).toEqual([]);
  });

  it('every example passes', () => {
    for (const name of ['berthcare', 'capitol-eye-care', 'estate-kit', 'omnirapeutic', 'techcorp']) {
      // Read as the file it is: the spec names files beside it (BerthCare's CloudFront public key).
      expect(issuesOf(readFileSync(`examples/${name}.yaml`, 'utf8'), `examples/${name}.yaml`), name).toEqual([]);
    }
  });
});
