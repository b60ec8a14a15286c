import type { Framework } from '../spec/sections/compliance';
import type { Tier } from '../spec/common';

export type { Framework };

/** A synthesized CloudFormation template, as JSON. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResourceJson>;
  readonly [key: string]: unknown;
}

export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: unknown;
  readonly Condition?: string;
}

/** One synthesized stack as the rules see it. */
export interface CheckStack {
  readonly name: string;
  readonly region: string;
  /** Haven stack role, e.g. 'primary', 'dr', 'global'. */
  readonly role?: string;
  readonly template: CfnTemplate;
}

export interface CheckEnvironment {
  readonly name: string;
  readonly tier: Tier;
  readonly primaryRegion: string;
  readonly drRegion?: string;
  /**
   * Regions personal data may be stored in. When absent, Haven derives it from the frameworks
   * (PIPEDA → Canadian regions, GDPR → EU/EEA regions).
   */
  readonly allowedRegions?: readonly string[];
  /** The spec acknowledges storing data outside the framework's home jurisdiction (e.g. regions.residencyAcknowledged). */
  readonly residencyAcknowledged?: boolean;
  /** Recovery point objective, minutes (from the spec's dr section). */
  readonly rpoMinutes?: number;
  /** Recovery time objective, minutes. */
  readonly rtoMinutes?: number;
}

/** Everything a Haven rule may look at: pure data, no constructs. */
export interface CheckContext {
  readonly frameworks: readonly Framework[];
  readonly environment: CheckEnvironment;
  readonly stacks: readonly CheckStack[];
}

export type Severity = 'error' | 'warning';
export type FindingSource = 'haven' | 'cdk-nag' | 'cfn-guard';

/** Where a finding was observed: stack, resource, property, value. */
export interface Evidence {
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** Haven logical resource (e.g. `databases.main`) from `haven:resource` metadata, else the logical id. */
  readonly resource: string;
  /** Dotted property path inside the resource (e.g. `Properties.BackupRetentionPeriod`). */
  readonly property: string;
  /** The offending (or missing) value, JSON-serializable. */
  readonly value: unknown;
  readonly region?: string;
}

/** A rule violation returned by a rule, before acknowledgements are applied. */
export interface RuleFinding {
  readonly message: string;
  readonly evidence: Evidence;
  /** Overrides the rule's default severity for this finding. */
  readonly severity?: Severity;
}

export interface RuleResult {
  readonly findings: RuleFinding[];
  /** How many resources (or facts) the rule examined; 0 means the rule did not apply. */
  readonly checked: number;
}

/** A Haven rule: one pure function over the synthesized templates. */
export interface HavenRule {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
  /** How to fix a violation. */
  readonly remediation: string;
  evaluate(ctx: CheckContext): RuleResult;
}

/**
 * How a control stands, read without looking at warnings (they never fail a check):
 * - `met`: no error finding evidences it; it passes on its own.
 * - `met_with_exception`: every error finding against it is acknowledged; it passes only through documented
 *   exceptions (Haven's built-in acknowledgements, the spec's, or both).
 * - `not_met`: an unacknowledged error evidences it (the check fails).
 * - `not_applicable`: no resource is subject to the rules that evidence it.
 * - `organizational`: outside what infrastructure can prove.
 */
export type ControlStatus = 'met' | 'met_with_exception' | 'not_met' | 'not_applicable' | 'organizational';

/** Every control status, in report order. */
export const CONTROL_STATUSES: readonly ControlStatus[] = ['met', 'met_with_exception', 'not_met', 'not_applicable', 'organizational'];

export interface ControlRef {
  readonly framework: Framework;
  readonly control: string;
}

export interface AppliedAcknowledgement {
  readonly reason: string;
  readonly owner: string;
  readonly expires?: string;
  /** True for acknowledgements Haven ships (needed by the platform's design). */
  readonly builtin: boolean;
  /** For a built-in acknowledgement: the AWS documentation of the fact it rests on. */
  readonly docs?: string;
}

/** Acknowledged findings that share one acknowledgement (same reason, owner, expiry and docs): one exception in a report. */
export interface AcknowledgementUse extends AppliedAcknowledgement {
  /** Rule ids it acknowledged (without a cdk-nag `[finding]` suffix), sorted. */
  readonly rules: readonly string[];
  /** Ids of the findings it acknowledged. */
  readonly findings: readonly string[];
}

/** A finding in the report: a rule violation with its control mapping and acknowledgement. */
export interface Finding {
  readonly id: string;
  readonly ruleId: string;
  readonly source: FindingSource;
  readonly severity: Severity;
  readonly message: string;
  readonly evidence: Evidence;
  readonly controls: readonly ControlRef[];
  /** A tool finding whose rule Haven has no control mapping for (a newer Control Tower control): reported, evidencing no control. */
  readonly unmapped?: boolean;
  readonly status: 'fail' | 'acknowledged';
  readonly acknowledgement?: AppliedAcknowledgement;
}

/** THE verdict rule: a finding fails the check when it is an error nobody acknowledged. Every report format uses it. */
export function isOpenError(f: Pick<Finding, 'status' | 'severity'>): boolean {
  return f.status === 'fail' && f.severity === 'error';
}

export interface ControlResult {
  readonly framework: Framework;
  readonly id: string;
  readonly title: string;
  readonly status: ControlStatus;
  /** Haven's own reading of the control (PIPEDA), shown as such. */
  readonly interpretation?: string;
  /** Rules that evidence this control. */
  readonly rules: readonly string[];
  /** Ids of the findings against this control. */
  readonly findings: readonly string[];
  /** Unacknowledged warnings against this control (they never change its status). */
  readonly warnings: number;
  /** Why the status is what it is, in one sentence. */
  readonly rationale: string;
}

export interface FrameworkSummary {
  readonly framework: Framework;
  readonly title: string;
  readonly met: number;
  readonly met_with_exception: number;
  readonly not_met: number;
  readonly not_applicable: number;
  readonly organizational: number;
  /** Controls carrying unacknowledged warnings (whatever their status). */
  readonly warnings: number;
  /**
   * Share (0–1) of the infrastructure-evidenced controls (met, met with exception, not met) that are met on their
   * own; null when the framework has none.
   */
  readonly metOnOwnShare: number | null;
}

export interface RuleRun {
  readonly id: string;
  readonly source: FindingSource;
  readonly checked: number;
  readonly failed: number;
}

export interface CheckReport {
  /** 2: control statuses met / met_with_exception / not_met (1 had pass / acknowledged / warning / fail). */
  readonly schemaVersion: 2;
  readonly tool: 'haven';
  readonly environment: string;
  readonly tier: Tier;
  readonly date: string;
  readonly frameworks: readonly Framework[];
  /** External rule packs that ran (cdk-nag packs, cfn-guard). */
  readonly packs: readonly string[];
  readonly summary: readonly FrameworkSummary[];
  readonly controls: readonly ControlResult[];
  readonly findings: readonly Finding[];
  readonly rules: readonly RuleRun[];
  /** False when the check ran without Haven's built-in acknowledgements (a measurement run). */
  readonly builtinAcknowledgements: boolean;
  /** Every acknowledgement that applied, Haven's built-in ones first, each with the findings it covers. */
  readonly acknowledgements: readonly AcknowledgementUse[];
  /** Unacknowledged errors (see `isOpenError`); the check fails when this is not zero. */
  readonly errors: number;
  readonly warnings: number;
  readonly passed: boolean;
}
