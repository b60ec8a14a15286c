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

/** One cross-field rule: a pure function of the structurally valid spec and its resolved environments. */
export type CrossFieldRule = (spec: HavenSpec, plans: Readonly<Record<string, EnvironmentPlan>>) => CrossFieldIssue[];
