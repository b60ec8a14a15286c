import { describe, expect, it } from 'vitest';
import { deepPartial } from '../../../src/spec/partial';
import { fileSystemsSchema } from '../../../src/spec/sections/fileSystems';

describe('fileSystems section', () => {
  it('accepts TechCorp\'s ML training file system', () => {
    const parsed = fileSystemsSchema.parse({
      training: { performanceMode: 'general-purpose', clients: ['trainer'], accessPoints: { data: { path: '/training-data', uid: 1001, gid: 1001 } } },
    });
    expect(parsed.training.accessPoints?.data.path).toBe('/training-data');
  });

  it('rejects a provisioned throughput mismatch', () => {
    expect(fileSystemsSchema.safeParse({ a: { throughputMode: 'provisioned' } }).success).toBe(false);
    expect(fileSystemsSchema.safeParse({ a: { provisionedThroughputMibps: 10 } }).success).toBe(false);
    expect(fileSystemsSchema.safeParse({ a: { throughputMode: 'provisioned', provisionedThroughputMibps: 10 } }).success).toBe(true);
  });

  it('accepts only IA transition days EFS supports', () => {
    expect(fileSystemsSchema.safeParse({ a: { transitionToIaDays: 30 } }).success).toBe(true);
    const r = fileSystemsSchema.safeParse({ a: { transitionToIaDays: 45 } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('expected one of 1, 7, 14');
  });

  it('rejects unencrypted or unknown options and relative access point paths', () => {
    expect(fileSystemsSchema.safeParse({ a: { encrypted: false } }).success).toBe(false);
    expect(fileSystemsSchema.safeParse({ a: { accessPoints: { x: { path: 'relative' } } } }).success).toBe(false);
    expect(fileSystemsSchema.safeParse({ a: { accessPoints: { x: { path: '/d', permissions: '999' } } } }).success).toBe(false);
  });

  it('lets an environment override one field', () => {
    expect(deepPartial(fileSystemsSchema).safeParse({ training: { transitionToIaDays: 7 } }).success).toBe(true);
  });
});
