import type { AccountShare } from './account-services';
import type { Tier } from './common';
import { havenSpecSchema, overridableSections, type HavenSpec, type OverridableSection } from './schema';
import { defaultsFor, type TierDefaults } from './tiers';

type Sections = Pick<HavenSpec, OverridableSection>;

/**
 * One environment's view of the spec: shared sections with that environment's overrides merged in, plus the tier
 * defaults that fill anything still unset. Constructs never see YAML; features read this.
 */
export interface EnvironmentPlan extends Sections {
  readonly name: string;
  readonly tier: Tier;
  readonly defaults: TierDefaults;
  readonly account?: string;
  readonly project: HavenSpec['project'];
  readonly compliance: HavenSpec['compliance'];
  readonly spec: HavenSpec;
  /** Absolute directory of the spec file: relative paths in the spec (functions' code) resolve against it. */
  readonly specDirectory?: string;
  /**
   * By region: the account-and-region singletons this environment shares with others deploying there (set by the
   * loader, which sees every environment). Absent: the environment is alone in its account and regions.
   */
  readonly accountShares?: Readonly<Record<string, AccountShare>>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where the override wins; arrays and scalars replace. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // defineProperty, not assignment: a key named __proto__ (a tag, an environment variable) stays a plain key.
    Object.defineProperty(merged, key, { value: deepMerge(Object.hasOwn(base, key) ? base[key] : undefined, value), enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

/** Raw (pre-default) merge of shared sections and one environment's overrides, validated as a whole spec. */
export function mergedRawForEnvironment(raw: Record<string, unknown>, envName: string): Record<string, unknown> {
  const envs = (raw.environments ?? {}) as Record<string, Record<string, unknown>>;
  const env = Object.hasOwn(envs, envName) ? envs[envName] : {};
  const merged: Record<string, unknown> = { ...raw };
  for (const section of Object.keys(overridableSections)) {
    if (env[section] !== undefined) merged[section] = deepMerge(raw[section], env[section]);
  }
  return merged;
}

export function resolveEnvironment(spec: HavenSpec, envName: string, raw?: Record<string, unknown>): EnvironmentPlan {
  const env = Object.hasOwn(spec.environments, envName) ? spec.environments[envName] : undefined;
  if (!env) throw new Error(`unknown environment ${envName}; the spec defines ${Object.keys(spec.environments).join(', ')}`);
  // Re-parse the merged raw document so defaults apply to overridden values exactly as to shared ones.
  const merged = raw ? havenSpecSchema.parse(mergedRawForEnvironment(raw, envName)) : spec;
  const sections = Object.fromEntries(Object.keys(overridableSections).map((s) => [s, merged[s as OverridableSection]])) as Sections;
  return {
    ...sections,
    name: envName,
    tier: env.tier,
    defaults: defaultsFor(env.tier, spec.compliance.frameworks),
    account: env.account ?? spec.project.account,
    project: spec.project,
    compliance: spec.compliance,
    spec,
  };
}
