import * as path from 'path';
import { describe, it, expect, beforeAll } from 'vitest';
import { costOf, templatesOf } from '../../src/cli/workflow';
import type { CfnResource, CostCategory, CostLineItem, CostReport } from '../../src/cost/types';
import type { SynthesizedTemplate } from '../../src/platform/app';
import { loadSpec, type LoadedSpec } from '../../src/spec/loader';

// The seeds' own cost figures, compared with Haven's estimate of the real example specs (not fixtures): what
// `haven cost examples/<name>.yaml` prints is what these tests hold to the seed.
const example = (name: string): LoadedSpec => loadSpec(path.join(__dirname, '../../examples', `${name}.yaml`));

interface Estimate { readonly report: CostReport; readonly templates: readonly SynthesizedTemplate[] }
function estimate(loaded: LoadedSpec, env: string): Estimate {
  const templates = templatesOf(loaded, [env]);
  return { report: costOf(loaded, [loaded.plans[env]], templates), templates };
}
const sum = (items: readonly CostLineItem[]) => items.reduce((s, l) => s + l.monthlyUsd, 0);
const resourceOf = (e: Estimate, l: CostLineItem): CfnResource | undefined =>
  e.templates.find((t) => t.name === l.stack)?.template.Resources?.[l.resourceId];

/** Metric namespaces an alarm watches (single metric or metric math). */
function alarmNamespaces(r: CfnResource | undefined): string[] {
  const p = r?.Properties ?? {};
  const metrics = (p.Metrics as Array<{ MetricStat?: { Metric?: { Namespace?: string } } }> | undefined) ?? [];
  return [p.Namespace as string | undefined, ...metrics.map((m) => m.MetricStat?.Metric?.Namespace)].filter((n): n is string => !!n);
}

describe('BerthCare staging (seed 003) against the seed\'s own cost table', () => {
  let berthcare: Estimate;
  beforeAll(() => { berthcare = estimate(example('berthcare'), 'staging'); }, 120_000);
  const category = (c: CostCategory) => berthcare.report.environments[0].categories[c] ?? 0;

  // Seed 003, "Cost Estimation (Staging)": the hand-made table, line by line.
  const seedTable: Array<[CostCategory, number, string]> = [
    ['RDS', 120, 'db.t4g.medium, Multi-AZ, 100 GB'],
    ['ElastiCache', 30, 'cache.t4g.micro x2, Multi-AZ'],
    ['NAT Gateway', 65, '2 NAT Gateways'],
    ['S3', 5, '100 GB + requests'],
    ['CloudFront', 10, '100 GB data transfer'],
    ['Data transfer', 10, 'Inter-AZ, outbound'],
  ];
  it.each(seedTable)('%s lands within 15%% of the seed\'s $%d (%s)', (cat, seedUsd) => {
    const ours = category(cat);
    expect(Math.abs(ours - seedUsd) / seedUsd, `${cat}: Haven $${ours} vs seed $${seedUsd}`).toBeLessThanOrEqual(0.15);
  });

  it('CloudWatch for what the seed monitors (dashboard, RDS/Redis/CloudFront alarms, flow logs) lands within 15% of $5', () => {
    const cloudwatch = berthcare.report.lineItems.filter((l) => l.category === 'CloudWatch');
    const flowLogGroups = new Set(berthcare.templates.flatMap((t) => Object.values(t.template.Resources ?? {})
      .filter((r) => r.Type === 'AWS::EC2::FlowLog')
      .map((r) => JSON.stringify((r.Properties?.LogGroupName as unknown) ?? ''))));
    const seedScope = cloudwatch.filter((l) => {
      const r = resourceOf(berthcare, l);
      // The seed's one dashboard is Haven's environment overview; the operational views are beyond it.
      if (l.resourceType === 'AWS::CloudWatch::Dashboard') return String(r?.Properties?.DashboardName).endsWith('-overview');
      if (l.resourceType === 'AWS::CloudWatch::Alarm') return alarmNamespaces(r).some((n) => ['AWS/RDS', 'AWS/ElastiCache', 'AWS/CloudFront'].includes(n));
      if (l.resourceType === 'AWS::Logs::LogGroup') return flowLogGroups.has(JSON.stringify({ Ref: l.resourceId }));
      return false;
    });
    // Each part of the seed's monitoring is present, so the comparison is like for like.
    expect(seedScope.filter((l) => l.resourceType === 'AWS::CloudWatch::Alarm').length).toBeGreaterThanOrEqual(8);
    expect(seedScope.some((l) => l.resourceType === 'AWS::Logs::LogGroup')).toBe(true);
    const ours = sum(seedScope);
    expect(Math.abs(ours - 5) / 5, `CloudWatch (seed scope): Haven $${ours.toFixed(2)} vs seed $5`).toBeLessThanOrEqual(0.15);
    // Haven adds more (CIS security-event alarms, ALB/service/NAT/WAF alarms and logs); the full line says so.
    expect(category('CloudWatch')).toBeGreaterThan(ours);
  });

  it('the rest of the estimate is what the seed\'s table leaves out, by category', () => {
    const seedCategories = new Set<string>([...seedTable.map(([c]) => c), 'CloudWatch']);
    const beyond = Object.entries(berthcare.report.environments[0].categories).filter(([c, usd]) => !seedCategories.has(c) && usd > 0).map(([c]) => c).sort();
    // The seed prices data, network and CDN only; the API service, its ALB and WAF, and backups and keys are extra.
    // GuardDuty, Config and Security Hub are not: staging shares its account and region with production, whose stack
    // creates them once for both (src/spec/account-services.ts), so production's estimate carries them.
    expect(beyond).toEqual(['Backup', 'Compute', 'KMS & secrets', 'Load balancing', 'Networking', 'WAF']);
    expect(berthcare.report.warnings).toEqual([]);
  });

  it('prices the database and cache from the synthesized properties', () => {
    const db = berthcare.report.lineItems.filter((l) => l.resourceType === 'AWS::RDS::DBInstance');
    expect(db.find((l) => l.unit === 'instance-hours')).toMatchObject({ quantity: 1460, unitPriceUsd: 0.0715, region: 'ca-central-1' });
    expect(db.find((l) => l.unit === 'GB-months')).toMatchObject({ quantity: 200, description: expect.stringContaining('gp3') });
    expect(berthcare.report.lineItems.find((l) => l.resourceType === 'AWS::ElastiCache::ReplicationGroup')).toMatchObject({ quantity: 1460, unit: 'node-hours' });
    expect(berthcare.report.lineItems.filter((l) => l.description === 'NAT gateway hours')).toHaveLength(2);
  });
});

describe('Capitol Eye Care (seed 004) against the seed\'s ranges', () => {
  let loaded: LoadedSpec;
  let development: Estimate;
  let production: Estimate;
  beforeAll(() => {
    loaded = example('capitol-eye-care');
    development = estimate(loaded, 'development');
    production = estimate(loaded, 'production');
  }, 180_000);

  it('development (db.t3.medium single-AZ, cache.t3.micro, one NAT, the voice agent) falls in $200-300', () => {
    const { report } = development;
    expect(report.monthlyUsd).toBeGreaterThanOrEqual(200);
    expect(report.monthlyUsd).toBeLessThanOrEqual(300);
    expect(report.lineItems.filter((l) => l.description === 'NAT gateway hours')).toHaveLength(1);
    const db = report.lineItems.find((l) => l.resourceType === 'AWS::RDS::DBInstance' && l.unit === 'instance-hours');
    expect(db).toMatchObject({ quantity: 730 });
    expect(report.savings.find((s) => s.id === 'graviton')?.detail).toContain('db.t3.medium → db.t4g.medium');
    expect(report.savings.map((s) => s.id)).toEqual(expect.arrayContaining(['stop-off-hours']));
    expect(report.savings.map((s) => s.id)).not.toContain('commitment');
  });

  it('production (db.r5.large + cache.r5.large Multi-AZ, two NAT, enhanced monitoring) falls in $800-1,200 in us-east-1', () => {
    const { report } = production;
    // The seed's range prices the primary region; its "cross-region backup" adds the us-west-2 DR region on top.
    const byRegion = Object.fromEntries(report.environments[0].regions.map((r) => [r.region, r.monthlyUsd]));
    expect(Object.keys(byRegion).sort()).toEqual(['us-east-1', 'us-west-2']);
    expect(byRegion['us-east-1']).toBeGreaterThanOrEqual(800);
    expect(byRegion['us-east-1']).toBeLessThanOrEqual(1200);
    expect(report.lineItems.find((l) => l.resourceType === 'AWS::RDS::DBInstance' && l.unit === 'instance-hours')).toMatchObject({ quantity: 1460, unitPriceUsd: 0.25 });
    expect(report.lineItems.filter((l) => l.description === 'NAT gateway hours' && l.region === 'us-east-1')).toHaveLength(2);
    expect(report.savings.map((s) => s.id)).not.toContain('single-nat');
    expect(report.savings.find((s) => s.id === 'graviton')?.detail).toContain('cache.r5.large → cache.r6g.large');
  });

  it('production DR (backup-restore to us-west-2): no database or compute there, only the landing zone and the copies', () => {
    const west = production.report.lineItems.filter((l) => l.region === 'us-west-2');
    expect(west.some((l) => ['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ECS::Service'].includes(l.resourceType))).toBe(false);
    const total = west.reduce((s, l) => s + l.monthlyUsd, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(250);
  });

  it('the voice agent is priced in every environment: Fargate tasks, its ALB and WAF', () => {
    for (const { report } of [development, production]) {
      const categories = report.environments[0].categories;
      expect(categories.Compute).toBeGreaterThan(0);
      expect(categories['Load balancing']).toBeGreaterThan(0);
      expect(categories.WAF).toBeGreaterThan(0);
    }
  });
});

describe('TechCorp production (seed 001): the whole fleet is priced', () => {
  let techcorp: Estimate;
  beforeAll(() => { techcorp = estimate(example('techcorp'), 'production'); }, 180_000);

  it('prices 15 blue/green services at their minimum of 10 tasks of 2 vCPU / 4 GB each', () => {
    const fargate = techcorp.report.lineItems.filter((l) => l.resourceType === 'AWS::ECS::Service');
    const quantity = (unit: string) => fargate.filter((l) => l.unit === unit).reduce((n, l) => n + l.quantity, 0);
    expect(quantity('vCPU-hours')).toBe(15 * 10 * 2 * 730);
    expect(quantity('GB-hours')).toBe(15 * 10 * 4 * 730);
    expect(techcorp.report.warnings.filter((w) => /task definition not found/.test(w))).toEqual([]);
  });

  it('the seed\'s $4,200 for ECS is below what that fleet costs on demand, which the savings section addresses', () => {
    const ecs = techcorp.report.lineItems.filter((l) => l.resourceType === 'AWS::ECS::Service').reduce((n, l) => n + l.monthlyUsd, 0);
    expect(ecs).toBeGreaterThan(4200 * 2);
    const ids = techcorp.report.savings.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['commitment', 'graviton']));
    expect(techcorp.report.savings.find((x) => x.id === 'graviton')?.detail).toMatch(/15 Fargate services → ARM64 \(Services\/Api\/FargateService/);
  });
});
