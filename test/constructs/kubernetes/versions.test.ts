import { describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { assertSupportedEksVersion, DEFAULT_EKS_VERSION, EKS_VERSIONS, KubernetesCluster, latestEksVersion, supportedEksVersions } from '../../../src/constructs/kubernetes';
import { HAVEN_DATE_CONTEXT, RELEASE_DATE, startOfDay } from '../../../src/spec/date';

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

  it('the release default is the supported version with the most standard support left on the release date', () => {
    const release = startOfDay(RELEASE_DATE);
    const supported = supportedEksVersions(release);
    const runway = (v: string) => Date.parse(EKS_VERSIONS[v].endOfStandardSupport);
    const best = [...supported].sort((a, b) => runway(b) - runway(a))[0];
    expect(DEFAULT_EKS_VERSION).toBe(best);
    // 1.34 ends standard support on the release day itself: too short a runway for a new cluster.
    expect(supported).toContain('1.34');
    expect(DEFAULT_EKS_VERSION).toBe('1.35');
  });

  it('a cluster judges its version against the App\'s haven:date, not the clock', () => {
    const build = (date: string) => {
      const stack = new Stack(new App({ context: { [HAVEN_DATE_CONTEXT]: date } }), 'S', { env: { account: '123456789012', region: 'ca-central-1' } });
      return () => new KubernetesCluster(stack, 'C', { vpc: new ec2.Vpc(stack, 'V'), secretsKey: new kms.Key(stack, 'K'), version: '1.34' });
    };
    expect(build('2026-12-02')).not.toThrow();
    expect(build('2026-12-03')).toThrow(/end of standard support on 2026-12-02 \(checked on 2026-12-03\)/);
  });

  it('keeps end of support 14 months or so after release for every entry', () => {
    for (const [v, info] of Object.entries(EKS_VERSIONS)) {
      const months = (Date.parse(info.endOfStandardSupport) - Date.parse(info.released)) / (30.44 * 86400_000);
      expect(months, v).toBeGreaterThan(13);
      expect(months, v).toBeLessThan(16);
    }
  });
});
