import { referencesRule } from '../../../src/spec/rules/references';
import { describe, expect, it } from 'vitest';
import {
  ecrSchema,
  expandServices,
  parseImage,
  pipelineSchema,
  serviceSchema,
  servicesRules,
  servicesSchema,
} from '../../../src/spec/sections/services';
import type { EnvironmentPlan } from '../../../src/spec/resolve';
import type { HavenSpec } from '../../../src/spec/schema';
import { RELEASE_DATE } from '../../../src/spec/date';

const techcorp = {
  micro: {
    names: ['auth', 'users', 'billing', 'search', 'ml-inference', 'notify', 'reports', 'files', 'audit', 'admin', 'gateway', 'orders', 'catalog', 'media', 'analytics'],
    image: '{name}',
    cpu: 2048,
    memory: 4096,
    port: 8080,
    scaling: { min: 10, max: 50 },
    environment: { NODE_ENV: 'production', SERVICE: '{name}' },
    secrets: ['DATABASE_URL', 'API_KEY'],
    healthCheck: { command: 'curl -f http://localhost:8080/health || exit 1' },
    public: { paths: '/{name}/*', priority: 100 },
    connects: ['main', 'sessions'],
    deployment: { strategy: 'blue-green', canary: { percent: 10, minutes: 30 }, terminationWaitMinutes: 1440 },
  },
};

describe('services section', () => {
  it('fills defaults: 256/512, port 8080, rolling, non-root, read-only root, internal', () => {
    const s = serviceSchema.parse({});
    expect(s).toMatchObject({ cpu: 256, memory: 512, port: 8080, public: false, user: '1000', readonlyRootFilesystem: true });
    expect(s.deployment).toBeUndefined();
    expect(serviceSchema.parse({ deployment: {} }).deployment?.strategy).toBe('rolling');
  });

  it('accepts the TechCorp group of 15 and expands it with {name} substituted', () => {
    const parsed = servicesSchema.parse(techcorp);
    const resolved = expandServices(parsed);
    expect(resolved).toHaveLength(15);
    const billing = resolved.find((s) => s.name === 'billing')!;
    expect(billing).toMatchObject({ entry: 'micro', repository: 'billing', tag: 'latest', environment: { NODE_ENV: 'production', SERVICE: 'billing' } });
    expect(billing.public).toEqual({ paths: ['/billing/*'], hosts: [], priority: 102 });
    expect(billing.spec.scaling).toEqual({ min: 10, max: 50, cpuTarget: 70, memoryTarget: 75 });
    expect(new Set(resolved.map((s) => s.public?.priority)).size).toBe(15);
  });

  it('accepts the Omnirapeutic nginx service (2 x 256/512, public URI image)', () => {
    const parsed = servicesSchema.parse({ nginx: { image: 'public.ecr.aws/nginx/nginx:1.27', count: 2, port: 80, public: true } });
    const [nginx] = expandServices(parsed);
    expect(nginx).toMatchObject({ name: 'nginx', uri: 'public.ecr.aws/nginx/nginx:1.27', public: { paths: [], hosts: [] } });
    expect(nginx.repository).toBeUndefined();
  });

  it('rejects sizes Fargate cannot run', () => {
    const r = serviceSchema.safeParse({ cpu: 2048, memory: 2048 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['memory']);
    expect(r.error?.issues[0].message).toMatch(/4096-16384/);
  });

  it('rejects unknown keys, max below min, and count outside scaling', () => {
    expect(serviceSchema.safeParse({ replicas: 3 }).success).toBe(false);
    expect(serviceSchema.safeParse({ scaling: { min: 5, max: 2 } }).error?.issues[0].message).toMatch(/at least scaling.min/);
    expect(serviceSchema.safeParse({ count: 60, scaling: { min: 10, max: 50 } }).error?.issues[0].path).toEqual(['count']);
  });

  it('rejects canary settings on rolling deploys and blue/green for internal services', () => {
    const rolling = serviceSchema.safeParse({ public: true, deployment: { strategy: 'rolling', canary: { percent: 10, minutes: 30 } } });
    expect(rolling.error?.issues.map((i) => i.path.join('.'))).toEqual(['deployment.canary']);
    const internal = serviceSchema.safeParse({ deployment: { strategy: 'blue-green' } });
    expect(internal.error?.issues[0].message).toMatch(/must be public/);
    expect(serviceSchema.safeParse({ public: true, deployment: { strategy: 'blue-green', terminationWaitMinutes: 3000 } }).success).toBe(false);
  });

  it('rejects a group member that shadows another entry and duplicate names', () => {
    const r = servicesSchema.safeParse({ api: {}, group: { names: ['web', 'api'] } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/api is also defined/);
    expect(serviceSchema.safeParse({ names: ['a', 'a'] }).success).toBe(false);
  });

  it('parses image references', () => {
    expect(parseImage('api')).toEqual({ repository: 'api', tag: 'latest' });
    expect(parseImage('api:1.4.2')).toEqual({ repository: 'api', tag: '1.4.2' });
    expect(parseImage('team/api:2')).toEqual({ repository: 'team/api', tag: '2' });
    expect(parseImage('123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1')).toEqual({ uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1', tag: '' });
    expect(parseImage('localhost:5000/api').uri).toBe('localhost:5000/api');
  });

  it('accepts secrets as names or as VAR: source map, and rejects bad variable names', () => {
    expect(serviceSchema.parse({ secrets: { DATABASE_URL: 'main' } }).secrets).toEqual({ DATABASE_URL: 'main' });
    expect(serviceSchema.parse({ secrets: { DB_PASSWORD: 'main:password' } }).secrets).toEqual({ DB_PASSWORD: 'main:password' });
    expect(serviceSchema.safeParse({ secrets: ['not-a-var'] }).success).toBe(false);
    expect(serviceSchema.safeParse({ secrets: { X: 'a b' } }).success).toBe(false);
  });

  it('ecr and pipeline schemas fill defaults and validate sources', () => {
    expect(ecrSchema.parse({ repositories: ['api', 'web', 'worker'] })).toEqual({ repositories: ['api', 'web', 'worker'], keepTaggedImages: 30, untaggedExpiryDays: 7, immutableTags: true, scanning: 'basic' });
    expect(ecrSchema.parse({ scanning: 'enhanced' }).scanning).toBe('enhanced');
    expect(ecrSchema.safeParse({ scanning: 'weekly' }).success).toBe(false);
    const p = pipelineSchema.parse({ source: { connectionArn: 'arn:aws:codestar-connections:us-east-1:111111111111:connection/abc-123', repository: 'techcorp/platform' } });
    expect(p).toMatchObject({ failOnSeverity: 'CRITICAL', source: { branch: 'main' } });
    expect(pipelineSchema.safeParse({ source: { connectionArn: 'arn:aws:iam::1:role/x', repository: 'a/b' } }).success).toBe(false);
    expect(pipelineSchema.safeParse({ source: { bucket: 'src', key: 'app.zip' }, extra: 1 }).success).toBe(false);
  });
});

function plan(services: unknown, extra: Partial<EnvironmentPlan> = {}): EnvironmentPlan {
  return { services: servicesSchema.parse(services), databases: { main: {} }, caches: { sessions: {} }, buckets: {}, ...extra } as unknown as EnvironmentPlan;
}

describe('services cross-field rules', () => {
  const run = (p: EnvironmentPlan, spec: Partial<HavenSpec> = {}) => servicesRules.flatMap((rule) => rule({ services: p.services, ...spec } as HavenSpec, { production: p }, { date: RELEASE_DATE }));

  it('passes the TechCorp group wired to a real database and cache', () => {
    expect(run(plan(techcorp))).toEqual([]);
  });

  it('flags connects to unknown stores, two default routes and clashing priorities', () => {
    const issues = run(
      plan({
        a: { public: true, connects: ['main', 'nope'] },
        b: { public: true },
        c: { public: { paths: '/c/*', priority: 5 } },
        d: { public: { paths: '/d/*', priority: 5 } },
      }),
    );
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/connects to nope/),
      expect.stringMatching(/only one service can take the load balancer's default route/),
      expect.stringMatching(/c and d both use listener priority 5/),
    ]);
    expect(issues[0]).toMatchObject({ environment: 'production', path: ['services', 'a', 'connects', 1] });
  });

  it('flags pipeline services that do not exist (per environment, in rules/references.ts)', () => {
    const p = plan({ api: {} }, { pipeline: { services: ['api', 'ghost'] } } as never);
    const issues = referencesRule({} as HavenSpec, { production: p }, { date: '2026-12-02' });
    expect(issues).toEqual([{ environment: 'production', path: ['pipeline', 'services', 1], message: 'pipeline service ghost is not defined in services; services defines api' }]);
  });
});

describe('services section in the wider spec machinery', () => {
  it('accepts a partial environment override (e.g. staging shrinks the group) and re-validates the merged result', async () => {
    const { deepPartial } = await import('../../../src/spec/partial');
    const { deepMerge } = await import('../../../src/spec/resolve');
    const override = { micro: { scaling: { min: 2, max: 4 }, deployment: { canary: { percent: 50, minutes: 5 } } } };
    expect(deepPartial(servicesSchema).safeParse(override).success).toBe(true);
    expect(deepPartial(servicesSchema).safeParse({ micro: { bogus: 1 } }).success).toBe(false);
    const merged = servicesSchema.parse(deepMerge(techcorp, override));
    expect(merged.micro.scaling).toMatchObject({ min: 2, max: 4 });
    expect(merged.micro.deployment).toMatchObject({ strategy: 'blue-green', canary: { percent: 50, minutes: 5 }, terminationWaitMinutes: 1440 });
  });

  it('renders to JSON Schema for editors', async () => {
    const { z } = await import('zod');
    const json = JSON.stringify(z.toJSONSchema(servicesSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }));
    expect(json).toContain('"names"');
    expect(json).toContain('blue-green');
    expect(() => z.toJSONSchema(pipelineSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' })).not.toThrow();
  });
});
