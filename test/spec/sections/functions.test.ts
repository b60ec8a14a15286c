import { describe, expect, it } from 'vitest';
import { deepPartial } from '../../../src/spec/partial';
import { expandFunctions, functionsSchema } from '../../../src/spec/sections/functions';

describe('functions section', () => {
  it('expands TechCorp\'s 25 generated functions with shared defaults', () => {
    const spec = functionsSchema.parse({
      defaults: { runtime: 'nodejs22.x', memoryMb: 512, reservedConcurrency: 4 },
      generated: { prefix: 'event', count: 25 },
    });
    const all = expandFunctions(spec);
    expect(Object.keys(all)).toHaveLength(25);
    expect(Object.keys(all)[0]).toBe('event-01');
    expect(Object.keys(all)[24]).toBe('event-25');
    expect(all['event-07']).toEqual({ runtime: 'nodejs22.x', memoryMb: 512, reservedConcurrency: 4 });
  });

  it('mixes definitions, names and defaults; definitions override defaults and merge environment', () => {
    const spec = functionsSchema.parse({
      defaults: { runtime: 'python3.11', environment: { STAGE: 'prod', LOG: 'info' } },
      definitions: { ingest: { runtime: 'nodejs22.x', timeoutSeconds: 120, environment: { LOG: 'debug' } } },
      names: ['thumbnails'],
    });
    const all = expandFunctions(spec);
    expect(all.ingest).toMatchObject({ runtime: 'nodejs22.x', timeoutSeconds: 120, environment: { STAGE: 'prod', LOG: 'debug' } });
    expect(all.thumbnails).toMatchObject({ runtime: 'python3.11', environment: { STAGE: 'prod', LOG: 'info' } });
  });

  it('requires a runtime for every function', () => {
    const r = functionsSchema.safeParse({ names: ['orphan'] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('orphan has no runtime');
  });

  it('rejects duplicate names across forms', () => {
    const r = functionsSchema.safeParse({ defaults: { runtime: 'python3.11' }, names: ['event-01'], generated: { prefix: 'event', count: 2 } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('declared twice');
  });

  it('rejects unknown runtimes, limits and keys', () => {
    expect(functionsSchema.safeParse({ defaults: { runtime: 'java8' }, names: ['a'] }).success).toBe(false);
    expect(functionsSchema.safeParse({ defaults: { runtime: 'python3.11', memoryMb: 64 }, names: ['a'] }).success).toBe(false);
    expect(functionsSchema.safeParse({ defaults: { runtime: 'python3.11', timeoutSeconds: 901 }, names: ['a'] }).success).toBe(false);
    expect(functionsSchema.safeParse({ defaults: { runtime: 'python3.11', publicUrl: true }, names: ['a'] }).success).toBe(false);
  });

  it('expands nothing when the section is absent', () => {
    expect(expandFunctions(undefined)).toEqual({});
  });

  it('lets an environment override only the defaults', () => {
    expect(deepPartial(functionsSchema).safeParse({ defaults: { memoryMb: 1024 } }).success).toBe(true);
  });
});
