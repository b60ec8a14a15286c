import { describe, it, expect, beforeAll } from 'vitest';
import { estimateCost } from '../../src/cost/estimate';
import { formatCostReport } from '../../src/cost/format';
import type { CostCategory, CostReport, StackInput } from '../../src/cost/types';
import { berthcareStaging } from './fixtures';

let berthcare: StackInput;

beforeAll(() => {
  berthcare = berthcareStaging();
});

const category = (r: CostReport, env: string, c: CostCategory): number => r.environments.find((e) => e.name === env)?.categories[c] ?? 0;

// The seed comparisons run on the real examples in seed-accuracy.test.ts; these tests use a hand-built
// template (fixtures.ts) so the estimator's mechanics are checked independently of the example specs.
describe('estimator mechanics on a BerthCare-shaped template', () => {
  it('prices the database and cache from the template properties', () => {
    const report = estimateCost({ stacks: [berthcare], tier: 'staging' });
    const db = report.lineItems.filter((l) => l.resourceType === 'AWS::RDS::DBInstance');
    expect(db.find((l) => l.unit === 'instance-hours')).toMatchObject({ quantity: 1460, unitPriceUsd: 0.0715, region: 'ca-central-1' });
    expect(db.find((l) => l.unit === 'GB-months')).toMatchObject({ quantity: 200, description: expect.stringContaining('gp3') });
    expect(report.lineItems.find((l) => l.resourceType === 'AWS::ElastiCache::ReplicationGroup')).toMatchObject({ quantity: 1460, unit: 'node-hours' });
    expect(report.lineItems.filter((l) => l.description === 'NAT gateway hours')).toHaveLength(2);
    // Performance Insights on the free 7-day retention costs nothing.
    expect(db.some((l) => /Performance Insights/.test(l.description))).toBe(false);
    expect(report.priceTable.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.warnings).toEqual([]);
  });

  it('suggests one NAT outside production, VPC endpoints and storage classes, with their effect', () => {
    const report = estimateCost({ stacks: [berthcare], tier: 'staging' });
    const ids = report.savings.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['single-nat', 'vpc-endpoints', 'commitment', 'storage-class']));
    expect(report.savings.find((s) => s.id === 'single-nat')?.monthlySavingsUsd).toBeCloseTo(36.5, 1);
    // Already Graviton (t4g): nothing to move.
    expect(ids).not.toContain('graviton');
  });

  it('reports per environment and region, and compares with budgets', () => {
    const staging = berthcare;
    const production: StackInput = { ...berthcare, name: 'berthcare-production', environment: 'production' };
    const tier = { staging: 'staging', production: 'production' } as const;
    const report = estimateCost({ stacks: [staging, production], tier, budgetUsd: { staging: 100, production: 5000 } });
    expect(report.environments.map((e) => [e.name, e.tier])).toEqual([['staging', 'staging'], ['production', 'production']]);
    expect(report.environments[1].regions).toEqual([{ region: 'ca-central-1', monthlyUsd: report.environments[1].monthlyUsd }]);
    expect(report.budgets.find((b) => b.scope === 'staging')?.withinBudget).toBe(false);
    expect(report.budgets.find((b) => b.scope === 'production')?.withinBudget).toBe(true);
    expect(report.warnings.some((w) => /exceeds the staging budget/.test(w))).toBe(true);
    // A project budget ('*') is compared with the whole report, next to an environment's own.
    const project = estimateCost({ stacks: [staging, production], tier, budgetUsd: { '*': 100, production: 5000 } });
    expect(project.budgets.find((b) => b.scope === '*')).toMatchObject({ estimateUsd: project.monthlyUsd, withinBudget: false });
    expect(project.budgets.map((b) => b.scope)).toEqual(['*', 'production']);
    const only = estimateCost({ stacks: [staging, production], tier, environment: 'production' });
    expect(only.environments.map((e) => e.name)).toEqual(['production']);
  });
});

describe('usage assumptions and edge cases', () => {
  it('adds nothing for dead-letter queues and managed policies, but prices the queue\'s depth alarm', () => {
    const base = estimateCost({ stacks: [berthcare], tier: 'staging' });
    const resources = { ...berthcare.template.Resources,
      FunctionDeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: 'alias/aws/sqs' } },
      GrantPolicy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [] } } },
      FunctionDeadLetterAlarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' } },
    };
    const more = estimateCost({ stacks: [{ ...berthcare, template: { ...berthcare.template, Resources: resources } }], tier: 'staging' });
    expect(more.lineItems.filter((l) => l.resourceType === 'AWS::SQS::Queue' || l.resourceType === 'AWS::IAM::ManagedPolicy')).toEqual([]);
    const alarm = more.lineItems.filter((l) => l.resourceId === 'FunctionDeadLetterAlarm');
    expect(alarm).toHaveLength(1);
    expect(more.monthlyUsd - base.monthlyUsd).toBeCloseTo(alarm[0].monthlyUsd, 2);
    expect(more.warnings).toEqual(base.warnings);
  });

  it('spec usage overrides the tier default and says so', () => {
    const base = estimateCost({ stacks: [berthcare], tier: 'staging' });
    const more = estimateCost({ stacks: [berthcare], tier: 'staging', usage: { s3: { storageGb: 1000 } } });
    expect(category(more, 'staging', 'S3')).toBeGreaterThan(category(base, 'staging', 'S3') + 20);
    expect(more.environments[0].assumptions.find((a) => a.key === 's3.storageGb')).toMatchObject({ value: 1000, overridden: true });
    expect(base.environments[0].assumptions.find((a) => a.key === 's3.storageGb')).toMatchObject({ value: 100, overridden: false });
    const perEnv = estimateCost({ stacks: [berthcare], tier: 'staging', usage: { s3: { storageGb: 1000 } }, usageByEnvironment: { staging: { s3: { storageGb: 10 } } } });
    expect(category(perEnv, 'staging', 'S3')).toBeLessThan(category(base, 'staging', 'S3'));
  });

  it('warns for a region without prices and an unlisted instance class', () => {
    const template = { Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.r6g.8xlarge', AllocatedStorage: '50' } }, Odd: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { CacheNodeType: 'cache.x9.huge' } } } };
    const report = estimateCost({ stacks: [{ name: 's', region: 'ap-south-1', environment: 'dev', template }] });
    expect(report.warnings.some((w) => /no prices for region ap-south-1/.test(w))).toBe(true);
    // 8xlarge = 16x a large: scaled from db.r6g.large ($0.225).
    expect(report.lineItems.find((l) => l.unit === 'instance-hours')?.unitPriceUsd).toBeCloseTo(0.225 * 16, 5);
    expect(report.warnings.some((w) => /cache\.x9\.huge .*priced at \$0/.test(w))).toBe(true);
    expect(report.lineItems.some((l) => l.resourceId === 'Odd')).toBe(false);
  });

  it('a single-AZ database costs half the Multi-AZ one', () => {
    const t = (multi: boolean) => ({ Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t4g.medium', MultiAZ: multi, AllocatedStorage: '100', StorageType: 'gp3' } } } });
    const one = estimateCost({ stacks: [{ name: 'a', region: 'us-east-1', environment: 'dev', template: t(false) }] });
    const two = estimateCost({ stacks: [{ name: 'a', region: 'us-east-1', environment: 'dev', template: t(true) }] });
    expect(two.monthlyUsd).toBeCloseTo(one.monthlyUsd * 2, 1);
    expect(one.monthlyUsd).toBeCloseTo(0.065 * 730 + 100 * 0.115, 1);
  });

  it('formats as text, json, markdown and self-contained html', () => {
    const report = estimateCost({ stacks: [berthcare], tier: 'staging', budgetUsd: 300 });
    const text = formatCostReport(report, 'text');
    expect(text).toMatch(/staging \(staging\): \$\d+/);
    expect(text).toContain('ca-central-1');
    expect(text).toContain('network.interAzGb = 150');
    expect(text).toContain('within budget');
    expect(JSON.parse(formatCostReport(report, 'json')).monthlyUsd).toBe(report.monthlyUsd);
    const md = formatCostReport(report, 'markdown');
    expect(md).toContain('| Service | Monthly (USD) |');
    expect(md).toContain('## Savings');
    const html = formatCostReport(report, 'html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('ca-central-1');
  });
});
