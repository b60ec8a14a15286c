import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHECK_APP_CONTEXT, checkApp, type CheckReport } from '../compliance';
import { checkEnvironmentFromPlan } from '../compliance/plan';
import { estimateCost, type CostReport, type PriceTable } from '../cost';
import { generateDocs, type DocsInput } from '../docs';
import { objectivesReport, type DrObjectives } from '../dr/objectives';
import { buildApp, synthesizedTemplates, type SynthesizedTemplate } from '../platform/app';
import { planOf, type LoadedSpec } from '../spec/loader';
import type { EnvironmentPlan } from '../spec/resolve';
import { UserError } from './errors';

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
export function checkEnvironment(loaded: LoadedSpec, plan: EnvironmentPlan, options: { nag?: boolean; guard?: boolean; frameworks?: CheckReport['frameworks'] } = {}): CheckReport {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-check-'));
  try {
    const built = buildApp(loaded, { environments: [plan.name], outdir, scratch: true, context: { ...CHECK_APP_CONTEXT } });
    return checkApp(built.app, {
      frameworks: plan.compliance.frameworks,
      reportFrameworks: options.frameworks,
      environment: checkEnvironmentFromPlan(plan),
      acknowledgements: plan.compliance.acknowledge?.filter((a) => a.environment === undefined || a.environment === plan.name),
      stackRoles: built.environments[0].roles,
      nag: options.nag,
      guard: options.guard,
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Cost of the chosen environments from their synthesized templates, against each environment's budget. */
export function costOf(loaded: LoadedSpec, plans: readonly EnvironmentPlan[], templates: readonly SynthesizedTemplate[], prices?: PriceTable): CostReport {
  const budgets: Record<string, number> = {};
  for (const plan of plans) {
    const monthly = (plan.budget as { monthlyUsd?: number } | undefined)?.monthlyUsd;
    if (monthly !== undefined) budgets[plan.name] = monthly;
  }
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

const STATUS: Record<string, 'met' | 'partial' | 'not-met' | 'manual'> = { pass: 'met', acknowledged: 'partial', fail: 'not-met', organizational: 'manual' };

/** Docs input from everything the other stages produced. */
export function docsInput(loaded: LoadedSpec, plans: readonly EnvironmentPlan[], templates: readonly SynthesizedTemplate[], cost: CostReport, checks: readonly CheckReport[]): DocsInput {
  const recovery = recoveryOf(loaded, plans);
  return {
    project: { name: loaded.spec.project.name, description: loaded.spec.project.description, owner: loaded.spec.project.owner, frameworks: loaded.spec.compliance.frameworks.map((f) => f.toUpperCase()) },
    environments: plans.map((p) => ({ name: p.name, tier: p.tier, regions: [p.regions.primary, ...(p.regions.dr ? [p.regions.dr] : [])], account: p.account })),
    stacks: templates.map((t) => ({ name: t.name, region: t.region, environment: t.environment, template: t.template })),
    cost,
    compliance: checks.length === 0 ? undefined : {
      controls: checks.flatMap((c) => c.controls.filter((k) => STATUS[k.status]).map((k) => ({ framework: `${k.framework.toUpperCase()} (${c.environment})`, id: k.id, title: k.title, status: STATUS[k.status], evidence: k.rationale }))),
      notes: checks.map((c) => `${c.environment}: ${c.errors} unacknowledged error(s), ${c.warnings} warning(s); packs: ${c.packs.join(', ') || 'Haven rules only'}`),
    },
    recovery: Object.fromEntries(Object.entries(recovery).map(([env, o]) => [env, { rpo: minutesText(o.rpoMinutes), rto: minutesText(o.rtoMinutes), strategy: o.strategy, drRegion: o.drRegion }])),
  };
}

export function writeDocsTo(dir: string, input: DocsInput): string[] {
  const files = generateDocs(input);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
  return [...files.keys()].map((f) => path.join(dir, f));
}
