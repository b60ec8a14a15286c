import { describe, it, expect } from 'vitest';
import { edgeSchema, WAF_MANAGED_RULES } from '../../../src/spec/sections/edge';
import { edgeIssues, edgeRule } from '../../../src/spec/rules/edge';
import { MANAGED_RULE_GROUP_NAMES } from '../../../src/constructs/waf';
import type { EnvironmentPlan } from '../../../src/spec/resolve';
import { RELEASE_DATE } from '../../../src/spec/date';

const berthcare = {
  domain: { name: 'berthcare.ca', hostedZoneId: 'Z0123456789ABC' },
  cdn: { origins: ['photos', 'documents', 'signatures'], geoRestriction: { allow: ['CA', 'US'] }, minimumTls: 'TLSv1.2_2021' },
};
const omnirapeutic = {
  domain: { name: 'omnirapeutic.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123' },
  alb: { tlsPolicy: 'tls12', healthCheck: { path: '/', matcher: '200' } },
  waf: { managedRules: ['Common', 'KnownBadInputs', 'SQLi'], rateLimit: 2000 },
};

describe('edge section schema', () => {
  it('accepts the seed configurations', () => {
    expect(edgeSchema.parse(berthcare).cdn?.geoRestriction?.allow).toEqual(['CA', 'US']);
    expect(edgeSchema.parse(omnirapeutic).waf?.rateLimit).toBe(2000);
    expect(edgeSchema.parse({})).toEqual({});
  });

  it('rejects unknown keys, bad codes, unknown rule groups and out-of-range values', () => {
    const bad: unknown[] = [
      { cdn: { origins: ['photos'], ttl: 5 } },
      { waf: { managedRules: ['OWASP'] } },
      { waf: { rateLimit: 5 } },
      { waf: { geoBlock: ['Canada'] } },
      { cdn: { origins: [] } },
      { cdn: { origins: ['x'], minimumTls: 'TLSv1' } },
      { alb: { tlsPolicy: 'tls11' } },
      { alb: { healthCheck: { path: 'health' } } },
      { alb: { healthCheck: { matcher: 'ok' } } },
      { domain: { name: 'Example.COM' } },
      { domain: { name: 'example.com', certificateArn: 'arn:aws:iam::123456789012:role/x' } },
      { dns: { healthChecks: [{ target: 'db' }] } },
      { dns: { healthChecks: [{ target: 'alb', intervalSeconds: 20 }] } },
    ];
    for (const b of bad) expect(edgeSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
  });

  it('describes every field', () => {
    for (const [name, field] of Object.entries(edgeSchema.shape)) expect(field.description, name).toBeTruthy();
  });

  it('converts to JSON Schema for editors and accepts partial environment overrides', async () => {
    const { havenJsonSchema, environmentSchema } = await import('../../../src/spec/schema');
    expect(JSON.stringify(havenJsonSchema())).toContain('KnownBadInputs');
    expect(environmentSchema.safeParse({ tier: 'production', edge: { waf: { rateLimit: 500 } } }).success).toBe(true);
    expect(environmentSchema.safeParse({ tier: 'production', edge: { waf: { rateLimits: 500 } } }).success).toBe(false);
  });

  it('lists exactly the rule groups the WAF construct maps', () => {
    expect([...WAF_MANAGED_RULES].sort()).toEqual([...MANAGED_RULE_GROUP_NAMES].sort());
  });
});

function plan(edge: unknown, buckets: Record<string, object> = {}): Pick<EnvironmentPlan, 'edge' | 'buckets'> {
  return { edge: edgeSchema.parse(edge), buckets };
}

describe('edge cross-field rule', () => {
  it('accepts consistent configurations', () => {
    expect(edgeIssues(plan(berthcare, { photos: {}, documents: {}, signatures: {}, logs: {} }))).toEqual([]);
    expect(edgeIssues(plan(omnirapeutic))).toEqual([]);
  });

  it('flags unknown bucket origins, an alb origin without alb or domain, and duplicate origins', () => {
    const msgs = edgeIssues(plan({ cdn: { origins: ['photos', 'alb', 'photos'] } }, { documents: {} })).map((i) => i.message);
    expect(msgs.some((m) => m.includes('unknown bucket photos') && m.includes('documents'))).toBe(true);
    expect(msgs.some((m) => m.includes("origin 'alb' needs edge.alb"))).toBe(true);
    expect(msgs.some((m) => m.includes('listed twice'))).toBe(true);
    const noDomain = edgeIssues(plan({ alb: {}, cdn: { origins: ['alb'] } }));
    expect(noDomain.map((i) => i.path.join('.'))).toContain('edge.cdn.origins.0');
  });

  it('flags an ALB without a certificate source and a CloudFront certificate outside us-east-1', () => {
    expect(edgeIssues(plan({ alb: {} }))[0].path).toEqual(['edge', 'alb']);
    const issues = edgeIssues(plan({ domain: { name: 'x.com', cdnCertificateArn: 'arn:aws:acm:ca-central-1:123456789012:certificate/a' }, cdn: { origins: ['p'] } }, { p: {} }));
    expect(issues.map((i) => i.path.join('.'))).toEqual(['edge.domain.cdnCertificateArn']);
  });

  it('flags a TLS minimum without a domain, both allow and block lists, and health checks without targets', () => {
    const paths = edgeIssues(plan({
      cdn: { origins: ['p'], minimumTls: 'TLSv1.2_2021', geoRestriction: { allow: ['CA'], block: ['KP'] } },
      waf: { geoAllow: ['CA'], geoBlock: ['KP'] },
      dns: { healthChecks: [{ target: 'alb' }] },
    }, { p: {} })).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining([
      'edge.cdn.minimumTls', 'edge.cdn.geoRestriction', 'edge.waf.geoBlock', 'edge.dns.healthChecks', 'edge.dns.healthChecks.0.target',
    ]));
  });

  it('reports per environment', () => {
    const issues = edgeRule({} as never, { staging: plan({ alb: {} }) as EnvironmentPlan, production: plan({}) as EnvironmentPlan }, { date: RELEASE_DATE });
    expect(issues).toEqual([expect.objectContaining({ environment: 'staging', path: ['edge', 'alb'] })]);
  });
});
