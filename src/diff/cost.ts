import type { CostReport } from '../cost';

export interface Delta {
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

export interface CostDelta extends Delta {
  /** USD per month, per cost category (RDS, NAT Gateway…), changed categories only. */
  readonly categories: readonly ({ readonly category: string } & Delta)[];
  readonly regions: readonly ({ readonly region: string } & Delta)[];
  /** The environment's budget after the change, when the spec sets one. */
  readonly budget?: { readonly limitUsd: number; readonly withinBudget: boolean; readonly percentUsed: number; readonly wasWithinBudget?: boolean };
}

const cents = (n: number) => Math.round(n * 100) / 100;

function delta(before: number, after: number): Delta {
  return { before: cents(before), after: cents(after), delta: cents(after - before) };
}

function keyedDeltas<K extends string>(key: K, before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): ({ [P in K]: string } & Delta)[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .map((name) => ({ [key]: name, ...delta(before[name] ?? 0, after[name] ?? 0) }) as { [P in K]: string } & Delta)
    .filter((d) => d.delta !== 0);
}

/** Monthly cost of one environment before and after, by category and region, and its budget after the change. */
export function costDelta(environment: string, before: CostReport | undefined, after: CostReport | undefined): CostDelta {
  const b = before?.environments.find((e) => e.name === environment);
  const a = after?.environments.find((e) => e.name === environment);
  const regions = (e: typeof a) => Object.fromEntries((e?.regions ?? []).map((r) => [r.region, r.monthlyUsd]));
  const budgetAfter = after?.budgets.find((x) => x.scope === environment);
  const budgetBefore = before?.budgets.find((x) => x.scope === environment);
  return {
    ...delta(b?.monthlyUsd ?? 0, a?.monthlyUsd ?? 0),
    categories: keyedDeltas('category', (b?.categories ?? {}) as Record<string, number>, (a?.categories ?? {}) as Record<string, number>),
    regions: keyedDeltas('region', regions(b), regions(a)),
    ...(budgetAfter ? { budget: { limitUsd: budgetAfter.limitUsd, withinBudget: budgetAfter.withinBudget, percentUsed: budgetAfter.percentUsed, ...(budgetBefore ? { wasWithinBudget: budgetBefore.withinBudget } : {}) } } : {}),
  };
}
