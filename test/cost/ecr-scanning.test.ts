import { describe, it, expect } from 'vitest';
import { estimateCost } from '../../src/cost/estimate';
import { PRICE_TABLE, type PriceTable } from '../../src/cost/prices';
import type { CfnTemplate } from '../../src/cost/types';
import { usageSchema } from '../../src/spec/sections/usage';
import type { Tier } from '../../src/spec/common';

const scanning = (scanType: string, frequency = 'CONTINUOUS_SCAN'): CfnTemplate => ({ Resources: {
  Scanning: { Type: 'AWS::ECR::RegistryScanningConfiguration', Properties: { ScanType: scanType, Rules: [{ ScanFrequency: frequency, RepositoryFilters: [{ Filter: 'acme-prod-*', FilterType: 'WILDCARD' }] }] } },
  Repo: { Type: 'AWS::ECR::Repository', Properties: { ImageScanningConfiguration: { ScanOnPush: true } } },
} });

const run = (template: CfnTemplate, tier: Tier = 'staging', extra: { usage?: unknown; prices?: PriceTable } = {}) =>
  estimateCost({ stacks: [{ name: 's', region: 'us-east-1', environment: 'prod', template }], tier, usage: extra.usage as never, prices: extra.prices });

describe('ECR enhanced scanning (Amazon Inspector)', () => {
  it('prices the initial scan of each pushed image and the continuous rescans, with their usage assumptions', () => {
    const report = run(scanning('ENHANCED'));
    const lines = report.lineItems.filter((l) => l.resourceId === 'Scanning');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ resourceType: 'AWS::ECR::RegistryScanningConfiguration', category: 'Audit & threat detection', quantity: 60, unit: 'images', unitPriceUsd: 0.09, monthlyUsd: 5.4, usageKeys: ['ecrScanning.imagesPushed'] });
    expect(lines[1]).toMatchObject({ quantity: 300, unit: 'rescans', unitPriceUsd: 0.01, monthlyUsd: 3, usageKeys: ['ecrScanning.imageRescans'] });
    const assumed = report.environments[0]?.assumptions ?? [];
    expect(JSON.stringify(assumed)).toContain('ecrScanning.imagesPushed');
  });

  it('scales with the tier and follows usage overrides', () => {
    const prod = run(scanning('ENHANCED'), 'production').lineItems.filter((l) => l.resourceId === 'Scanning');
    expect(prod.map((l) => l.quantity)).toEqual([300, 1500]);
    const usage = usageSchema.parse({ ecrScanning: { imagesPushed: 10, imageRescans: 0 } });
    const custom = run(scanning('ENHANCED'), 'staging', { usage }).lineItems.filter((l) => l.resourceId === 'Scanning');
    expect(custom).toHaveLength(1); // zero rescans: no line
    expect(custom[0]).toMatchObject({ quantity: 10, monthlyUsd: 0.9 });
  });

  it('charges no rescans for scan-on-push rules and nothing for basic scanning or plain repositories', () => {
    expect(run(scanning('ENHANCED', 'SCAN_ON_PUSH')).lineItems.filter((l) => l.resourceId === 'Scanning').map((l) => l.unit)).toEqual(['images']);
    const basic = run(scanning('BASIC', 'SCAN_ON_PUSH'));
    expect(basic.lineItems.filter((l) => ['Scanning', 'Repo'].includes(l.resourceId))).toHaveLength(0);
  });

  it('warns instead of failing on a price table saved before Inspector rates existed', () => {
    const regions = Object.fromEntries(Object.entries(PRICE_TABLE.regions).map(([k, v]) => {
      const { inspector: _omit, ...rest } = v;
      return [k, rest];
    }));
    const report = run(scanning('ENHANCED'), 'staging', { prices: { ...PRICE_TABLE, regions } as unknown as PriceTable });
    expect(report.lineItems.filter((l) => l.resourceId === 'Scanning')).toHaveLength(0);
    expect(report.warnings.join('\n')).toMatch(/Inspector/);
  });

  it('every bundled region has Inspector ECR rates', () => {
    for (const [region, p] of Object.entries(PRICE_TABLE.regions)) {
      expect(p.inspector.ecrImageScan, region).toBeGreaterThan(p.inspector.ecrImageRescan);
      expect(p.inspector.ecrImageRescan, region).toBeGreaterThan(0);
    }
  });
});
