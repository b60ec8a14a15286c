import type { CheckReport } from '../compliance';
import type { CostReport } from '../cost';
import type { DrObjectives } from '../dr/objectives';
import { complianceDelta, type ComplianceDelta } from './compliance';
import { costDelta, type CostDelta, type Delta } from './cost';
import { drDelta, type DrDelta, type RecoveryTargets } from './dr';
import { diffStacks, type DiffStack, type ResourceChange } from './resources';

/** Everything Haven computes offline for one version of the spec: the input of `diffReport`. */
export interface DiffSide {
  /** Where this version came from: a path, or `git:REF:path`. */
  readonly source: string;
  readonly project?: string;
  /** Environments of this version that the diff covers, in spec order. */
  readonly environments: readonly string[];
  readonly stacks: readonly DiffStack[];
  readonly cost?: CostReport;
  readonly checks: readonly CheckReport[];
  readonly recovery: Readonly<Record<string, DrObjectives>>;
  /** The spec's dr.objectives per environment. */
  readonly targets?: Readonly<Record<string, RecoveryTargets>>;
}

export type EnvironmentStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface EnvironmentDiff {
  readonly name: string;
  readonly status: EnvironmentStatus;
  readonly resources: readonly ResourceChange[];
  readonly cost: CostDelta;
  readonly compliance: ComplianceDelta;
  readonly dr: DrDelta;
  /** Why this environment fails the diff (data loss, new error findings, budget overrun); empty when it does not. */
  readonly blocking: readonly string[];
  /** What a reviewer should look at without failing the diff: data stores CloudFormation may replace. */
  readonly warnings: readonly string[];
}

export interface ChangeCounts {
  readonly add: number;
  readonly remove: number;
  readonly modify: number;
  readonly replace: number;
  /** Modifications CloudFormation may turn into a replacement depending on the values (conditional update behaviour). */
  readonly mayReplace: number;
  readonly dataLoss: number;
}

/** The JSON `haven diff --format json` prints (shape documented in docs/ci.md). */
export interface DiffReport {
  readonly schemaVersion: 1;
  readonly tool: 'haven';
  readonly command: 'diff';
  readonly base: string;
  readonly new: string;
  readonly project?: string;
  /** Date of the price table both sides were priced with. */
  readonly priceDate?: string;
  readonly currency: 'USD';
  readonly summary: ChangeCounts & { readonly environments: Readonly<Record<EnvironmentStatus, number>>; readonly cost: Delta; readonly introducedErrors: number; readonly fixedFindings: number };
  readonly environments: readonly EnvironmentDiff[];
  readonly blocking: readonly string[];
  readonly warnings: readonly string[];
  /** 1 when `blocking` is not empty. */
  readonly exitCode: 0 | 1;
}

export function countChanges(resources: readonly ResourceChange[]): ChangeCounts {
  const n = (p: (r: ResourceChange) => boolean) => resources.filter(p).length;
  return {
    add: n((r) => r.change === 'add'),
    remove: n((r) => r.change === 'remove'),
    modify: n((r) => r.change === 'modify'),
    replace: n((r) => r.change === 'replace'),
    mayReplace: n((r) => r.change === 'modify' && r.replacement === 'conditional'),
    dataLoss: n((r) => r.dataLoss),
  };
}

function usd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function blockingReasons(name: string, resources: readonly ResourceChange[], compliance: ComplianceDelta, cost: CostDelta): string[] {
  const reasons: string[] = [];
  for (const r of resources.filter((x) => x.dataLoss)) {
    const what = `${r.resource ?? r.logicalId} (${r.dataKind}, ${r.type})`;
    reasons.push(r.change === 'replace'
      ? `${name}: ${what} is replaced — the new one starts empty (${changedCreateOnly(r)})`
      : r.dataKind === 'encryption key'
        ? `${name}: ${what} is scheduled for deletion — data encrypted under it becomes unreadable (no Retain policy)`
        : `${name}: ${what} is deleted with its data (no Retain or Snapshot policy)`);
  }
  if (compliance.introducedErrors > 0) reasons.push(`${name}: ${compliance.introducedErrors} new unacknowledged error finding(s)`);
  // Over budget after the change, and the change caused it or made it worse.
  if (cost.budget && !cost.budget.withinBudget && (cost.budget.wasWithinBudget !== false || cost.delta > 0)) {
    reasons.push(`${name}: ${usd(cost.after)}/month exceeds the ${usd(cost.budget.limitUsd)} budget (${cost.budget.percentUsed}%)`);
  }
  return reasons;
}

/**
 * A conditional update behaviour ("Update requires: Replacement" only for some values, or "Some interruptions"
 * in cases) cannot be decided offline; `haven deploy` refuses it for production data stores without
 * --allow-data-replacement, so the reviewer hears about it here first.
 */
function warningsFor(name: string, resources: readonly ResourceChange[]): string[] {
  return resources
    .filter((r) => r.dataKind !== undefined && r.change === 'modify' && r.replacement === 'conditional')
    .map((r) => `${name}: ${r.resource ?? r.logicalId} (${r.dataKind}) may be replaced — conditional update behaviour of ${r.properties.filter((p) => p.replacement === 'conditional').map((p) => p.name).join(', ')}; haven deploy asks for --allow-data-replacement in production`);
}

function changedCreateOnly(r: ResourceChange): string {
  const props = r.properties.filter((p) => p.replacement === 'always').map((p) => p.name);
  return props.length > 0 ? `${props.join(', ')} cannot change in place` : 'its type or a replaced dependency changed';
}

function environmentDiff(name: string, base: DiffSide, next: DiffSide): EnvironmentDiff {
  const inBase = base.environments.includes(name);
  const inNew = next.environments.includes(name);
  const resources = diffStacks(base.stacks.filter((s) => s.environment === name), next.stacks.filter((s) => s.environment === name));
  const cost = costDelta(name, inBase ? base.cost : undefined, inNew ? next.cost : undefined);
  const checkBefore = base.checks.find((c) => c.environment === name);
  // A removed environment fixes nothing: its findings leave with it, they are not reported as fixed.
  const compliance = inNew ? complianceDelta(checkBefore, next.checks.find((c) => c.environment === name)) : { ...complianceDelta(undefined, undefined), errorsBefore: checkBefore?.errors ?? 0 };
  const dr = drDelta(inBase ? base.recovery[name] : undefined, inNew ? next.recovery[name] : undefined, next.targets?.[name], base.targets?.[name]);
  const same = resources.length === 0 && cost.delta === 0 && compliance.findings.length === 0 && compliance.controls.length === 0 && !dr.changed;
  const status: EnvironmentStatus = !inBase ? 'added' : !inNew ? 'removed' : same ? 'unchanged' : 'changed';
  return { name, status, resources, cost, compliance, dr, blocking: blockingReasons(name, resources, compliance, cost), warnings: warningsFor(name, resources) };
}

/**
 * What the change from `base` to `next` does, environment by environment: resources, cost, compliance and
 * recovery. Pure: the sides carry everything (templates, reports, objectives) already computed.
 */
export function diffReport(base: DiffSide, next: DiffSide): DiffReport {
  const names = [...next.environments, ...base.environments.filter((e) => !next.environments.includes(e))];
  const environments = names.map((n) => environmentDiff(n, base, next));
  const all = environments.flatMap((e) => e.resources);
  const blocking = environments.flatMap((e) => e.blocking);
  const statuses = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const e of environments) statuses[e.status]++;
  const total = environments.reduce((t, e) => ({ before: t.before + e.cost.before, after: t.after + e.cost.after }), { before: 0, after: 0 });
  const priceDate = next.cost?.priceTable.asOf ?? base.cost?.priceTable.asOf;
  return {
    schemaVersion: 1,
    tool: 'haven',
    command: 'diff',
    base: base.source,
    new: next.source,
    ...(next.project ?? base.project ? { project: next.project ?? base.project } : {}),
    ...(priceDate ? { priceDate } : {}),
    currency: 'USD',
    summary: {
      environments: statuses,
      ...countChanges(all),
      cost: { before: round(total.before), after: round(total.after), delta: round(total.after - total.before) },
      introducedErrors: environments.reduce((n, e) => n + e.compliance.introducedErrors, 0),
      fixedFindings: environments.reduce((n, e) => n + e.compliance.findings.filter((f) => f.transition === 'fixed' || f.transition === 'resolved').length, 0),
    },
    environments,
    blocking,
    warnings: environments.flatMap((e) => e.warnings),
    exitCode: blocking.length > 0 ? 1 : 0,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
