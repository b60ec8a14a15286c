import type { IsoDate } from '../date';
import type { HavenSpec } from '../schema';
import type { EnvironmentPlan } from '../resolve';

/**
 * A cross-field finding. `path` is dotted into the spec as written; with `environment` it is a path inside that
 * environment's merged view (e.g. ['databases', 'main', 'backupRetentionDays']) and the loader points at the
 * environment override when one sets that value, otherwise at the shared section.
 */
export interface CrossFieldIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly environment?: string;
  /** A warning is reported but does not fail validation. @default 'error' */
  readonly severity?: 'error' | 'warning';
}

/** What a rule may depend on besides the spec: the date the spec is validated for (see src/spec/date.ts). */
export interface RuleContext {
  readonly date: IsoDate;
}

/** One cross-field rule: a pure function of the structurally valid spec, its resolved environments and the date. */
export type CrossFieldRule = (spec: HavenSpec, plans: Readonly<Record<string, EnvironmentPlan>>, context: RuleContext) => CrossFieldIssue[];
