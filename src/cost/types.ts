import type { Tier } from '../spec/common';
import type { UsageSpec } from '../spec/sections/usage';
import type { UsageAssumption } from './assumptions';
import type { PriceTable } from './prices';

/** Minimal view of a synthesized CloudFormation template: all the estimator and docs generator read. */
export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<Record<string, { readonly Value?: unknown; readonly Description?: string; readonly Export?: unknown }>>;
  readonly Description?: string;
}
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** One synthesized stack: the input contract of `estimateCost` and `generateDocs`. */
export interface StackInput {
  readonly name: string;
  readonly region: string;
  readonly environment: string;
  readonly template: CfnTemplate;
}

export interface CostInput {
  readonly stacks: readonly StackInput[];
  /** The spec's `usage:` section (platform-wide), merged over the tier defaults. */
  readonly usage?: UsageSpec;
  /** Per-environment `usage:` overrides, merged over `usage`. */
  readonly usageByEnvironment?: Readonly<Record<string, UsageSpec>>;
  /** A number applies to the whole report; a record gives each environment its own monthly budget ('*': the whole report). */
  readonly budgetUsd?: number | Readonly<Record<string, number>>;
  /** Tier of every environment, or per environment; otherwise guessed from the environment name. */
  readonly tier?: Tier | Readonly<Record<string, Tier>>;
  /** Only estimate this environment (`haven cost --env`). */
  readonly environment?: string;
  /** Replace the bundled price table (tests, refreshed prices). */
  readonly prices?: PriceTable;
}

export type CostCategory =
  | 'RDS' | 'ElastiCache' | 'NAT Gateway' | 'S3' | 'CloudFront' | 'Data transfer' | 'CloudWatch'
  | 'Compute' | 'Load balancing' | 'WAF' | 'KMS & secrets' | 'Audit & threat detection' | 'Backup' | 'EFS'
  | 'Route 53' | 'Networking';

export interface CostLineItem {
  readonly environment: string;
  readonly region: string;
  readonly stack: string;
  /** CloudFormation logical id, or a synthetic id for usage-only items such as transfer. */
  readonly resourceId: string;
  readonly resourceType: string;
  readonly category: CostCategory;
  readonly description: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
  /** Usage keys the quantity depends on (overridable under `usage:`). */
  readonly usageKeys?: readonly string[];
}

export interface RegionTotal { readonly region: string; readonly monthlyUsd: number }
export interface EnvironmentCost {
  readonly name: string;
  readonly tier: Tier;
  readonly monthlyUsd: number;
  readonly regions: readonly RegionTotal[];
  readonly categories: Readonly<Partial<Record<CostCategory, number>>>;
  readonly assumptions: readonly UsageAssumption[];
}

export interface BudgetComparison {
  /** Environment name, or `*` for the whole report. */
  readonly scope: string;
  readonly limitUsd: number;
  readonly estimateUsd: number;
  readonly withinBudget: boolean;
  readonly percentUsed: number;
}

export interface SavingsOpportunity {
  readonly id: 'graviton' | 'vpc-endpoints' | 'single-nat' | 'commitment' | 'storage-class' | 'stop-off-hours';
  readonly environment: string;
  readonly title: string;
  readonly detail: string;
  readonly monthlySavingsUsd: number;
  readonly resources: readonly string[];
}

export interface CostReport {
  readonly priceTable: { readonly asOf: string; readonly source: string; readonly currency: 'USD'; readonly notes: readonly string[] };
  readonly hoursPerMonth: number;
  readonly monthlyUsd: number;
  readonly environments: readonly EnvironmentCost[];
  readonly lineItems: readonly CostLineItem[];
  readonly budgets: readonly BudgetComparison[];
  readonly savings: readonly SavingsOpportunity[];
  readonly warnings: readonly string[];
}
