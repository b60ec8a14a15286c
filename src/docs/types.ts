import type { Tier } from '../spec/common';
import type { CostReport, StackInput } from '../cost/types';

/** Facts the documentation generator needs; everything else is read from the synthesized templates. */
export interface DocsInput {
  readonly project: {
    readonly name: string;
    readonly description?: string;
    readonly owner?: string;
    /** Compliance frameworks in scope, e.g. ['HIPAA', 'PIPEDA']. */
    readonly frameworks: readonly string[];
  };
  readonly environments: readonly DocsEnvironment[];
  /** Synthesized stacks (same contract as `estimateCost`). */
  readonly stacks: readonly StackInput[];
  /** Deployed output values by stack name, when known (otherwise the checklist leaves a blank to record). */
  readonly outputs?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly cost?: CostReport;
  readonly compliance?: ComplianceSummary;
  /** Recovery objectives per environment name. */
  readonly recovery?: Readonly<Record<string, RecoveryObjectives>>;
  /** Runbook steps; defaults are derived from the resources when omitted. */
  readonly runbooks?: { readonly failover?: readonly string[]; readonly failback?: readonly string[] };
  /** Extra recurring maintenance tasks (added to those derived from the templates). */
  readonly maintenance?: readonly MaintenanceTask[];
}

export interface DocsEnvironment {
  readonly name: string;
  readonly tier: Tier;
  /** Regions in order: the first is primary, the rest are DR / residency regions. */
  readonly regions: readonly string[];
  readonly account?: string;
}

export interface ComplianceSummary {
  readonly controls: ReadonlyArray<{ readonly framework: string; readonly id: string; readonly title: string; readonly status: DocsControlStatus; readonly evidence?: string }>;
  readonly notes?: readonly string[];
}

export interface RecoveryObjectives {
  /** Recovery point objective, e.g. "5 minutes". */
  readonly rpo: string;
  /** Recovery time objective, e.g. "1 hour". */
  readonly rto: string;
  readonly strategy?: string;
  readonly drRegion?: string;
}

export interface MaintenanceTask {
  readonly task: string;
  readonly frequency: string;
  readonly window?: string;
}

/** A CloudWatch alarm as documented: what is watched and when it fires. */
export interface AlarmFact {
  readonly environment: string;
  readonly region: string;
  readonly stack: string;
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly metric: string;
  readonly statistic: string;
  readonly comparison: string;
  readonly threshold: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly description?: string;
}

/** A control as the docs state it: met on its own, met only through documented exceptions, not met, or evidenced by procedures. */
export type DocsControlStatus = 'met' | 'met with exception' | 'not met' | 'manual';
