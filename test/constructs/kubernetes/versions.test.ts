import { describe, expect, it } from 'vitest';
import { assertSupportedEksVersion, EKS_VERSIONS, latestEksVersion, supportedEksVersions } from '../../../src/constructs/kubernetes';

describe('EKS version table', () => {
  it('lists only versions under standard support on a date', () => {
    expect(supportedEksVersions(new Date('2026-11-23T00:00:00Z'))).toEqual(['1.34', '1.35']);
    expect(supportedEksVersions(new Date('2026-12-03T00:00:00Z'))).toEqual(['1.35']);
  });

  it('treats the end-of-support day itself as supported', () => {
    expect(() => assertSupportedEksVersion('1.34', new Date('2026-12-02T12:00:00Z'))).not.toThrow();
    expect(() => assertSupportedEksVersion('1.34', new Date('2026-12-03T00:00:00Z'))).toThrow(/end of standard support on 2026-12-02.*oldest supported version is 1\.35/);
  });

  it('rejects a version that is not released yet on the date', () => {
    expect(() => assertSupportedEksVersion('1.35', new Date('2025-06-01T00:00:00Z'))).toThrow(/not released yet/);
  });

  it('gives the newest supported version', () => {
    expect(latestEksVersion(new Date('2026-11-23T00:00:00Z'))).toBe('1.35');
  });

  it('keeps end of support 14 months or so after release for every entry', () => {
    for (const [v, info] of Object.entries(EKS_VERSIONS)) {
      const months = (Date.parse(info.endOfStandardSupport) - Date.parse(info.released)) / (30.44 * 86400_000);
      expect(months, v).toBeGreaterThan(13);
      expect(months, v).toBeLessThan(16);
    }
  });
});
