import type { PropertyDifference, ResourceDifference } from '@aws-cdk/cloudformation-diff';
import { HAVEN_RESOURCE_METADATA } from '../compliance/template';
import { dataKind, oldResourceFate, type OldResourceFate, type TemplateResource } from './data-bearing';

/** One synthesized stack template, as `templatesOf` returns it (nested stacks are their own entries). */
export interface DiffStack {
  readonly name: string;
  readonly environment: string;
  readonly region: string;
  readonly template: { readonly Resources?: Readonly<Record<string, TemplateResource>> };
}

export type ResourceChangeKind = 'add' | 'remove' | 'modify' | 'replace';
/** From CloudFormation's update behaviour: `always` (create-only property), `conditional` (depends on the value). */
export type Replacement = 'none' | 'conditional' | 'always';

export interface PropertyChange {
  /** Top-level property name, or a resource attribute (`DeletionPolicy`, `UpdateReplacePolicy`, `Condition`). */
  readonly name: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly replacement: Replacement;
}

export interface ResourceChange {
  readonly stack: string;
  readonly region: string;
  readonly logicalId: string;
  /** Spec path from `haven:resource` metadata (`databases.main`), when the platform tagged the resource. */
  readonly resource?: string;
  readonly type: string;
  readonly change: ResourceChangeKind;
  readonly replacement: Replacement;
  /** `database`, `bucket`, `audit log group`… for resources holding data the platform cannot rebuild. */
  readonly dataKind?: string;
  /** A data-bearing resource replaced (the new one starts empty) or deleted without Retain/Snapshot. */
  readonly dataLoss: boolean;
  /** For remove and replace: what happens to the old physical resource (DeletionPolicy / UpdateReplacePolicy). */
  readonly oldResource?: OldResourceFate;
  readonly properties: readonly PropertyChange[];
}

/**
 * Attributes whose change alone does nothing to the physical resource: CDK construct paths and Haven's own
 * metadata, and DependsOn (ordering only).
 */
const INERT_ATTRIBUTES = new Set(['Metadata', 'DependsOn']);

type Impact = 'WILL_UPDATE' | 'WILL_CREATE' | 'WILL_REPLACE' | 'MAY_REPLACE' | 'WILL_DESTROY' | 'WILL_ORPHAN' | 'WILL_IMPORT' | 'NO_CHANGE';

function replacementOf(impact: string | undefined): Replacement {
  if ((impact as Impact) === 'WILL_REPLACE') return 'always';
  if ((impact as Impact) === 'MAY_REPLACE') return 'conditional';
  return 'none';
}

function havenName(resource: TemplateResource | undefined): string | undefined {
  const named = resource?.Metadata?.[HAVEN_RESOURCE_METADATA];
  return typeof named === 'string' && named.length > 0 ? named : undefined;
}

function propertyChanges(diff: ResourceDifference): PropertyChange[] {
  const out: PropertyChange[] = [];
  for (const [name, d] of Object.entries(diff.propertyUpdates)) {
    out.push({ name, before: d.oldValue, after: d.newValue, replacement: replacementOf((d as PropertyDifference<unknown>).changeImpact) });
  }
  for (const [name, d] of Object.entries(diff.otherChanges)) {
    if (INERT_ATTRIBUTES.has(name) || name === 'Type' || name === 'Properties') continue;
    out.push({ name, before: d.oldValue, after: d.newValue, replacement: 'none' });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** One resource's change, or undefined when nothing that CloudFormation acts on changed. */
export function classifyResource(stack: Pick<DiffStack, 'name' | 'region'>, logicalId: string, diff: ResourceDifference): ResourceChange | undefined {
  const before = diff.oldValue as TemplateResource | undefined;
  const after = diff.newValue as TemplateResource | undefined;
  const base = { stack: stack.name, region: stack.region, logicalId, ...(havenName(after ?? before) ? { resource: havenName(after ?? before) } : {}) };
  if (!before && after) {
    const kind = dataKind(after);
    return { ...base, type: after.Type, change: 'add', replacement: 'none', ...(kind ? { dataKind: kind } : {}), dataLoss: false, properties: [] };
  }
  if (before && !after) {
    const kind = dataKind(before);
    const fate = oldResourceFate(before.DeletionPolicy);
    return { ...base, type: before.Type, change: 'remove', replacement: 'none', ...(kind ? { dataKind: kind } : {}), dataLoss: kind !== undefined && fate === 'deleted', oldResource: fate, properties: [] };
  }
  if (!before || !after) return undefined;
  const properties = propertyChanges(diff);
  const typeChanged = before.Type !== after.Type;
  if (properties.length === 0 && !typeChanged) return undefined;
  // A changed type is always a new physical resource; otherwise the worst property impact decides.
  const replacement: Replacement = typeChanged ? 'always' : replacementOf(diff.changeImpact);
  const kind = dataKind(before) ?? dataKind(after);
  if (replacement !== 'always') {
    return { ...base, type: after.Type, change: 'modify', replacement, ...(kind ? { dataKind: kind } : {}), dataLoss: false, properties };
  }
  // The replacement starts empty whatever happens to the old one: data the platform reads is gone from its view.
  return { ...base, type: after.Type, change: 'replace', replacement, ...(kind ? { dataKind: kind } : {}), dataLoss: kind !== undefined, oldResource: oldResourceFate(before.UpdateReplacePolicy), properties };
}

const ORDER: Record<ResourceChangeKind, number> = { replace: 0, remove: 1, modify: 2, add: 3 };

/**
 * Resource changes between two sets of stacks, matched by stack name. Replacement comes from
 * `@aws-cdk/cloudformation-diff` (the diff `cdk diff` uses), which reads each property's update behaviour from the
 * AWS service spec database (CloudFormation resource specification and registry schemas: createOnlyProperties)
 * and propagates replacements through references.
 */
export function diffStacks(before: readonly DiffStack[], after: readonly DiffStack[]): ResourceChange[] {
  // Loaded on first use: the service spec database takes seconds to load.
  const { fullDiff } = require('@aws-cdk/cloudformation-diff') as typeof import('@aws-cdk/cloudformation-diff');
  const names = [...new Set([...before.map((s) => s.name), ...after.map((s) => s.name)])];
  const changes: ResourceChange[] = [];
  for (const name of names) {
    const old = before.find((s) => s.name === name);
    const next = after.find((s) => s.name === name);
    const stack = { name, region: (next ?? old)!.region };
    const diff = fullDiff(old?.template ?? {}, next?.template ?? {});
    diff.resources.forEachDifference((logicalId, d) => {
      const change = classifyResource(stack, logicalId, d);
      if (change) changes.push(change);
    });
  }
  // Data loss first: it is what a reviewer must not miss in a long list.
  return changes.sort((a, b) => Number(b.dataLoss) - Number(a.dataLoss) || a.region.localeCompare(b.region) || ORDER[a.change] - ORDER[b.change] || a.stack.localeCompare(b.stack) || a.logicalId.localeCompare(b.logicalId));
}
