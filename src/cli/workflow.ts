import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { attachRulePacks, CHECK_APP_CONTEXT, checkApp, checkSynthesized, describeForCheck, nagPacksFor, type CheckReport, type ControlStatus, type Framework } from '../compliance';
import { checkEnvironmentFromPlan } from '../compliance/plan';
import { estimateCost, type CostReport, type PriceTable } from '../cost';
import { generateDocs, type DocsControlStatus, type DocsInput } from '../docs';
import { objectivesReport, type DrObjectives } from '../dr/objectives';
import { buildApp, synthesizedTemplates, type BuiltApp, type SynthesizedTemplate } from '../platform/app';
import { planOf, type LoadedSpec } from '../spec/loader';
import type { EnvironmentPlan } from '../spec/resolve';
import { UserError } from './errors';
import { replaceOutputDir } from './output-dir';

/** Environments a command works on: the ones named, or all, in spec order. */
export function selectEnvironments(loaded: LoadedSpec, names?: readonly string[]): EnvironmentPlan[] {
  for (const name of names ?? []) {
    if (!planOf(loaded, name)) throw new UserError(`unknown environment ${name}; ${loaded.file} defines ${Object.keys(loaded.plans).join(', ')}`);
  }
  return (names && names.length > 0 ? names : Object.keys(loaded.plans)).map((n) => planOf(loaded, n)!);
}

/** Synthesizes the chosen environments into a throw-away directory and returns every template (nested included). */
export function templatesOf(loaded: LoadedSpec, environments: readonly string[]): SynthesizedTemplate[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-synth-'));
  try {
    const built = buildApp(loaded, { environments, outdir, scratch: true });
    built.app.synth();
    return synthesizedTemplates(built, outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Builds one environment with the rule packs attached and checks it (the check synthesizes on its own). */
export function checkEnvironment(loaded: LoadedSpec, plan: EnvironmentPlan, options: CheckOptions = {}): CheckReport {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-check-'));
  try {
    const built = buildApp(loaded, { environments: [plan.name], outdir, scratch: true, context: { ...CHECK_APP_CONTEXT } });
    return checkApp(built.app, { ...checkInputFor(plan, loaded.date, options), stackRoles: built.environments[0].roles });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** What a check of one environment is judged by: its frameworks, its own acknowledgements and the run's date. */
export function checkInputFor(plan: EnvironmentPlan, date: string, options: CheckOptions = {}) {
  return {
    frameworks: plan.compliance.frameworks,
    reportFrameworks: options.frameworks,
    environment: checkEnvironmentFromPlan(plan),
    acknowledgements: plan.compliance.acknowledge?.filter((a) => a.environment === undefined || a.environment === plan.name),
    nag: options.nag,
    guard: options.guard,
    builtinAcknowledgements: options.builtinAcknowledgements,
    date,
  };
}

export interface CheckOptions {
  /** Run the cdk-nag packs (default true). */
  readonly nag?: boolean;
  /** Run the Control Tower cfn-guard rules (default false). */
  readonly guard?: boolean;
  /** Frameworks to report on (default: each environment's own). */
  readonly frameworks?: readonly Framework[];
  /** Apply Haven's built-in acknowledgements (default true). */
  readonly builtinAcknowledgements?: boolean;
}

/** App context and rule packs for an app that will be synthesized once and checked (plan): see `checkBuilt`. */
export const CHECKED_SYNTH_CONTEXT: Record<string, unknown> = { ...CHECK_APP_CONTEXT };

/**
 * Attach the cdk-nag packs every built environment's frameworks call for, before the app's one synthesis. The
 * packs are CDK validation plugins: they read the synthesized templates and write validation-report.json into the
 * assembly; they change no template (test/examples/assembly.test.ts). Build the app with `CHECKED_SYNTH_CONTEXT`
 * so their findings do not abort synthesis.
 */
export function attachChecks(built: BuiltApp, options: Pick<CheckOptions, 'nag' | 'frameworks'> = {}): void {
  if (options.nag === false) return;
  const frameworks = [...new Set(built.environments.flatMap((e) => options.frameworks ?? e.plan.compliance.frameworks))];
  if (frameworks.length > 0) attachRulePacks(built.app, frameworks);
}

/**
 * Check every environment of an app synthesized (once) with `attachChecks`, from its assembly at `assemblyDir`.
 * `date` judges acknowledgement expiry (the run's date, `LoadedSpec.date`).
 */
export function checkBuilt(built: BuiltApp, assemblyDir: string, date: string, options: CheckOptions = {}): CheckReport[] {
  const packs = options.nag === false ? [] : nagPacksFor([...new Set(built.environments.flatMap((e) => options.frameworks ?? e.plan.compliance.frameworks))]);
  return built.environments.map((env) => {
    const plan = env.plan;
    const synthesized = describeForCheck(built.app, assemblyDir, { scopes: env.stacks, stackRoles: env.roles, packs });
    return checkSynthesized(synthesized, checkInputFor(plan, date, options));
  });
}

/** Cost of the chosen environments from their synthesized templates, against each environment's budget. */
export function costOf(loaded: LoadedSpec, plans: readonly EnvironmentPlan[], templates: readonly SynthesizedTemplate[], prices?: PriceTable): CostReport {
  const budgets: Record<string, number> = {};
  for (const plan of plans) {
    if (plan.budget && (plan.budget.scope ?? 'environment') === 'environment') budgets[plan.name] = plan.budget.monthlyUsd;
  }
  // A project budget is compared with the whole project's estimate: only when every environment is estimated.
  const shared = loaded.spec.budget;
  if (shared?.scope === 'project' && Object.keys(loaded.spec.environments).every((name) => plans.some((p) => p.name === name))) budgets['*'] = shared.monthlyUsd;
  return estimateCost({
    stacks: templates.map((t) => ({ name: t.name, region: t.region, environment: t.environment, template: t.template })),
    tier: Object.fromEntries(plans.map((p) => [p.name, p.tier])),
    usage: loaded.spec.usage,
    usageByEnvironment: Object.fromEntries(plans.map((p) => [p.name, p.usage ?? {}])),
    budgetUsd: Object.keys(budgets).length > 0 ? budgets : undefined,
    prices,
  });
}

export function recoveryOf(loaded: LoadedSpec, plans: readonly EnvironmentPlan[]): Record<string, DrObjectives> {
  const all = objectivesReport(loaded.plans);
  return Object.fromEntries(plans.map((p) => [p.name, all[p.name]]));
}

function minutesText(minutes: number | null): string {
  if (minutes === null) return 'not recoverable in another region';
  return minutes < 120 ? `${Math.round(minutes)} minutes` : `${(minutes / 60).toFixed(1)} hours`;
}

const STATUS: Record<ControlStatus, DocsControlStatus | undefined> = { met: 'met', met_with_exception: 'met with exception', not_met: 'not met', organizational: 'manual', not_applicable: undefined };

/** Docs input from everything the other stages produced. */
export function docsInput(loaded: LoadedSpec, plans: readonly EnvironmentPlan[], templates: readonly SynthesizedTemplate[], cost: CostReport, checks: readonly CheckReport[]): DocsInput {
  const recovery = recoveryOf(loaded, plans);
  return {
    project: { name: loaded.spec.project.name, description: loaded.spec.project.description, owner: loaded.spec.project.owner, frameworks: loaded.spec.compliance.frameworks.map((f) => f.toUpperCase()) },
    environments: plans.map((p) => ({ name: p.name, tier: p.tier, regions: [p.regions.primary, ...(p.regions.dr ? [p.regions.dr] : [])], account: p.account })),
    stacks: templates.map((t) => ({ name: t.name, region: t.region, environment: t.environment, template: t.template })),
    cost,
    compliance: checks.length === 0 ? undefined : {
      controls: checks.flatMap((c) => c.controls.flatMap((k) => { const status = STATUS[k.status]; return status ? [{ framework: `${k.framework.toUpperCase()} (${c.environment})`, id: k.id, title: k.title, status, evidence: k.rationale }] : []; })),
      notes: checks.map((c) => `${c.environment}, checked ${c.date}: ${c.errors} unacknowledged error(s), ${c.warnings} warning(s); packs: ${c.packs.join(', ') || 'Haven rules only'}`),
    },
    recovery: Object.fromEntries(Object.entries(recovery).map(([env, o]) => [env, { rpo: minutesText(o.rpoMinutes), rto: minutesText(o.rtoMinutes), strategy: o.strategy, drRegion: o.drRegion }])),
  };
}

/**
 * Writes the documentation set into `dir`, replacing only Haven's own earlier docs there (see output-dir.ts);
 * `protect` are files (the spec) that must never be inside `dir`.
 */
export function writeDocsTo(dir: string, input: DocsInput, options: { readonly protect?: readonly string[] } = {}): string[] {
  const files = generateDocs(input);
  replaceOutputDir(dir, 'docs', (staging) => {
    for (const [name, content] of files) fs.writeFileSync(path.join(staging, name), content);
  }, options);
  return [...files.keys()].map((f) => path.join(dir, f));
}
