import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack, Stage, Token, Validations, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, type NagPack } from 'cdk-nag';
import type { AcknowledgementSpec } from '../spec/sections/compliance';
import { runCheck, type ExternalFinding, type ExternalSource } from './check';
import { citedControlIds } from './catalogs';
import { runGuard } from './guard';
import { HAVEN_RESOURCE_METADATA } from './template';
import type { CheckEnvironment, CheckReport, CheckStack, Evidence, Framework } from './types';

/**
 * App context Haven's check needs: validation findings are written to the assembly's validation-report.json
 * instead of aborting synthesis, so the check can report them (with acknowledgements) itself.
 */
export const CHECK_APP_CONTEXT = { '@aws-cdk/core:failSynthOnValidationErrors': false } as const;

export type NagPackName = 'HIPAA.Security' | 'NIST.800.53.R5' | 'PCI.DSS.321' | 'AwsSolutions';

/** Which cdk-nag pack each framework runs. SOC 2, CIS, GDPR and PIPEDA have no pack; AwsSolutions rules map to them via the catalogs. */
export const NAG_PACKS_BY_FRAMEWORK: Readonly<Record<Framework, NagPackName>> = {
  hipaa: 'HIPAA.Security',
  nist: 'NIST.800.53.R5',
  pci: 'PCI.DSS.321',
  soc2: 'AwsSolutions',
  cis: 'AwsSolutions',
  gdpr: 'AwsSolutions',
  pipeda: 'AwsSolutions',
};

const PACK_FRAMEWORK: Partial<Record<NagPackName, Framework>> = { 'HIPAA.Security': 'hipaa', 'NIST.800.53.R5': 'nist', 'PCI.DSS.321': 'pci' };

export function nagPacksFor(frameworks: readonly Framework[]): NagPackName[] {
  const order: NagPackName[] = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'AwsSolutions'];
  const wanted = new Set(frameworks.map((f) => NAG_PACKS_BY_FRAMEWORK[f]));
  return order.filter((p) => wanted.has(p));
}

function makePack(app: IConstruct, name: NagPackName): NagPack {
  switch (name) {
    case 'HIPAA.Security': return new HIPAASecurityChecks(app);
    case 'NIST.800.53.R5': return new NIST80053R5Checks(app);
    case 'PCI.DSS.321': return new PCIDSS321Checks(app);
    case 'AwsSolutions': return new AwsSolutionsChecks(app);
  }
}

export interface AttachOptions {
  /**
   * Also register the AWS Control Tower proactive controls as CDK's cfn-guard validation plugin. `checkApp` does not
   * use this: the plugin sees no nested stack and fails on some guard output (guard.ts); it runs `guardTemplates`.
   */
  readonly guard?: boolean;
}

/** Register the cdk-nag packs (and optionally cfn-guard) for the frameworks through CDK's Validations API. Call before synth. */
export function attachRulePacks(app: App, frameworks: readonly Framework[], options: AttachOptions = {}): ExternalSource[] {
  const packs = nagPacksFor(frameworks);
  Validations.of(app).addPlugins(...packs.map((p) => makePack(app, p)));
  const sources: ExternalSource[] = packs.map((p) => ({ name: p, source: 'cdk-nag', prefix: `${p}-` }));
  if (options.guard) {
    // Loaded lazily: the validator resolves its cfn-guard binary at construction time.
    const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard');
    Validations.of(app).addPlugins(new CfnGuardValidator() as unknown as IPolicyValidationPlugin);
    sources.push({ name: 'cfn-guard', source: 'cfn-guard', prefix: 'CT.' });
  }
  return sources;
}

interface Located { evidence: Evidence }

/**
 * A stack's name as findings report it: stable across runs and readable. A NestedStack's `stackName` is a token
 * (`Fn::Select(1, Fn::Split('/', AWS::StackId))`, known only at deploy time) that stringifies to a fresh
 * `${Token[TOKEN.n]}` in every synthesis, so ids and acknowledgements could never match it. A nested stack is named
 * by its parent's name and its construct path below that parent instead: `Env/ServicesApi`.
 */
export function stackLabel(stack: Stack): string {
  const parent = stack.nestedStackParent;
  if (!parent) return stack.stackName;
  return `${stackLabel(parent)}/${stack.node.path.slice(parent.node.path.length + 1)}`;
}

/** The top-level (deployed) stack that holds a possibly nested stack. */
function rootStack(stack: Stack): Stack {
  return stack.nestedStackParent ? rootStack(stack.nestedStackParent) : stack;
}

/** Construct path → template location of every CfnResource in the app. */
export function indexResources(root: IConstruct): Map<string, Located> {
  const index = new Map<string, Located>();
  const visit = (node: IConstruct) => {
    if (CfnResource.isCfnResource(node)) {
      const stack = Stack.of(node);
      const logicalId = stack.resolve(node.logicalId) as string;
      const named = node.getMetadata(HAVEN_RESOURCE_METADATA);
      index.set(node.node.path, {
        evidence: { stack: stackLabel(stack), logicalId, resourceType: node.cfnResourceType, resource: typeof named === 'string' ? named : logicalId, property: 'Properties', value: null, ...(Token.isUnresolved(stack.region) ? {} : { region: stack.region }) },
      });
    }
    for (const child of node.node.children) visit(child);
  };
  visit(root);
  return index;
}

interface ReportJson {
  pluginReports?: { pluginName: string; violations?: { ruleName: string; description: string; severity?: string; violatingConstructs?: { constructPath?: string }[] }[] }[];
}

/** Read the assembly's validation-report.json into located findings. */
export function readValidationReport(assemblyDir: string, index: Map<string, Located>, include?: (constructPath: string) => boolean): ExternalFinding[] {
  const file = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ReportJson;
  const out: ExternalFinding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    const isNag = Object.keys(PACK_FRAMEWORK).includes(plugin.pluginName) || plugin.pluginName === 'AwsSolutions';
    // Other plugins (CDK's own template validation, the app's) are not compliance sources; only cfn-guard is.
    if (!isNag && !/guard/i.test(plugin.pluginName)) continue;
    const framework = PACK_FRAMEWORK[plugin.pluginName as NagPackName];
    for (const v of plugin.violations ?? []) {
      for (const r of v.violatingConstructs ?? []) {
        if (include && !include(r.constructPath ?? '')) continue;
        const at = r.constructPath ? index.get(r.constructPath) : undefined;
        const ev: Evidence = at?.evidence ?? { stack: (r.constructPath ?? '?').split('/')[0], logicalId: r.constructPath ?? '?', resourceType: 'unknown', resource: r.constructPath ?? '?', property: 'Properties', value: null };
        const ct = isNag ? undefined : controlTowerId(v.description);
        out.push({
          ruleId: ct ?? v.ruleName,
          source: isNag ? 'cdk-nag' : 'cfn-guard',
          severity: v.severity === 'error' || v.severity === 'fatal' ? 'error' : 'warning',
          message: v.description,
          evidence: ev,
          ...(framework ? { framework, citedControls: citedControlIds(v.description) } : {}),
        });
      }
    }
  }
  return out;
}

/**
 * Run the Control Tower proactive controls (cfn-guard) over every stack template of the app, nested ones included,
 * and locate the findings through `index` (see guard.ts for why Haven does not rely on the CDK validation plugin).
 */
export function guardTemplates(app: IConstruct, assemblyDir: string, index: Map<string, Located>): ExternalFinding[] {
  return guardStacks(describeStacks(app, app, assemblyDir), index);
}

function guardStacks(stacks: readonly SynthesizedStack[], index: Map<string, Located>): ExternalFinding[] {
  const byFile = new Map(stacks.map((s) => [path.resolve(s.templateFile), s.name]));
  const byLocation = new Map([...index.values()].map((l) => [`${l.evidence.stack}/${l.evidence.logicalId}`, l]));
  const out: ExternalFinding[] = [];
  for (const v of runGuard([...byFile.keys()])) {
    const name = byFile.get(path.resolve(v.templatePath)) ?? path.basename(v.templatePath);
    for (const logicalId of v.logicalIds) {
      const ev = byLocation.get(`${name}/${logicalId}`)?.evidence ?? { stack: name, logicalId, resourceType: 'unknown', resource: logicalId, property: 'Properties', value: null };
      out.push({ ruleId: v.controlId ?? v.ruleName, source: 'cfn-guard', severity: 'error', message: v.fix ? `${v.description} (fix: ${v.fix})` : v.description, evidence: ev });
    }
  }
  return out;
}

/** Control Tower rules are known by their control id ([CT.IAM.PR.1], [CT.NETWORK-FIREWALL.PR.1]); acknowledge them by it. */
function controlTowerId(description: string): string | undefined {
  return /^\[(CT\.[A-Z0-9.-]+)\]/.exec(description)?.[1];
}

export interface CheckAppOptions {
  readonly frameworks: readonly Framework[];
  readonly environment: CheckEnvironment;
  readonly acknowledgements?: readonly AcknowledgementSpec[];
  /** Frameworks to report on (default all). */
  readonly reportFrameworks?: readonly Framework[];
  /** Haven stack role per stack name (primary, dr, global…). */
  readonly stackRoles?: Readonly<Record<string, string>>;
  /** Run the cdk-nag packs (default true). */
  readonly nag?: boolean;
  /** Run the Control Tower cfn-guard rules (default false: slow). */
  readonly guard?: boolean;
  /** The day acknowledgement expiry is judged against, YYYY-MM-DD (the CLI's --date). */
  readonly date: string;
  /** Apply Haven's built-in acknowledgements (default true; false measures what the platform meets on its own). */
  readonly builtinAcknowledgements?: boolean;
}

/** One synthesized stack template (nested ones included) as the check sees it. */
export interface SynthesizedStack {
  /** `stackLabel`: the stack name, or parent name and construct path for a nested stack. */
  readonly name: string;
  readonly region: string;
  readonly role?: string;
  /** Absolute path of the template in the assembly. */
  readonly templateFile: string;
}

/**
 * Everything a check needs from a synthesized app, as plain data: the stacks of one environment (or all), where
 * their templates are, and where every resource construct lands. Written next to an assembly, it lets another
 * process check that assembly without building the app again (`checkSynthesized`).
 */
export interface SynthesizedForCheck {
  readonly assemblyDir: string;
  readonly stacks: readonly SynthesizedStack[];
  /** Construct path → the resource's location, for reading cdk-nag's validation report. */
  readonly resources: Readonly<Record<string, Evidence>>;
  /** The rule packs attached before synthesis (their findings are in the assembly's validation-report.json). */
  readonly packs: readonly NagPackName[];
  /** Construct paths the check covers, when the assembly holds more (other environments). @default everything */
  readonly scopes?: readonly string[];
}

function describeStacks(app: IConstruct, scope: IConstruct, assemblyDir: string, stackRoles?: Readonly<Record<string, string>>): SynthesizedStack[] {
  const root = app instanceof Stage ? app.outdir : assemblyDir;
  const stacks: SynthesizedStack[] = [];
  const visit = (node: IConstruct) => {
    if (Stack.isStack(node)) {
      // A stack inside a Stage is written to that stage's nested assembly directory (relative to the app's outdir,
      // which need not be where the assembly is now: synthesizeTo renames it into place).
      const stage = Stage.of(node);
      const dir = stage && stage !== app ? path.join(assemblyDir, path.relative(root, stage.outdir)) : assemblyDir;
      const file = path.resolve(dir, node.templateFile);
      if (fs.existsSync(file)) {
        const name = stackLabel(node);
        // A nested stack plays its deployed parent's role (its resources are part of that stack's deployment).
        const role = stackRoles?.[name] ?? stackRoles?.[rootStack(node).stackName];
        stacks.push({ name, region: Token.isUnresolved(node.region) ? 'unknown' : node.region, ...(role ? { role } : {}), templateFile: file });
      }
    }
    for (const child of node.node.children) visit(child);
  };
  visit(scope);
  return stacks;
}

export interface DescribeOptions {
  /** Only these constructs (e.g. one environment's top-level stacks). @default the whole app */
  readonly scopes?: readonly IConstruct[];
  /** Haven stack role per stack name (primary, dr, global…). */
  readonly stackRoles?: Readonly<Record<string, string>>;
  /** The rule packs attached before synthesis. @default none */
  readonly packs?: readonly NagPackName[];
}

/** Describe a synthesized app (see `SynthesizedForCheck`); `assemblyDir` is where its assembly is now. */
export function describeForCheck(app: App, assemblyDir: string, options: DescribeOptions = {}): SynthesizedForCheck {
  const scopes = options.scopes ?? [app];
  const resources: Record<string, Evidence> = {};
  for (const scope of scopes) for (const [p, l] of indexResources(scope)) resources[p] = l.evidence;
  return {
    assemblyDir: path.resolve(assemblyDir),
    stacks: scopes.flatMap((scope) => describeStacks(app, scope, assemblyDir, options.stackRoles)),
    resources,
    packs: options.packs ?? [],
    ...(options.scopes ? { scopes: options.scopes.map((c) => c.node.path) } : {}),
  };
}

/**
 * Synthesize `app` with the frameworks' rule packs attached and check it. The app must not have been synthesized
 * yet; create it with `context: CHECK_APP_CONTEXT` so validation findings do not abort synthesis.
 */
export function checkApp(app: App, options: CheckAppOptions): CheckReport {
  // Only the packs of the frameworks being reported on: a narrower report is also a faster one.
  const packFrameworks = options.nag === false ? [] : options.reportFrameworks ?? options.frameworks;
  if (packFrameworks.length > 0) attachRulePacks(app, packFrameworks);
  let assemblyDir: string;
  try {
    assemblyDir = app.synth().directory;
  } catch (e) {
    // Without CHECK_APP_CONTEXT an in-memory app throws after writing the report; the assembly is still on disk.
    if (!(e instanceof Error) || !/Validation/i.test(e.message + e.name)) throw e;
    assemblyDir = app.outdir;
  }
  return checkSynthesized(describeForCheck(app, assemblyDir, { stackRoles: options.stackRoles, packs: nagPacksFor(packFrameworks) }), options);
}

/**
 * Check an app already synthesized with rule packs attached (see `describeForCheck`): read the stacks' templates
 * and the packs' validation report, run cfn-guard if asked, and prove the frameworks. `options.nag === false`
 * ignores the packs' findings; otherwise the report holds the packs of the frameworks reported on that were attached.
 */
export function checkSynthesized(synthesized: SynthesizedForCheck, options: Omit<CheckAppOptions, 'stackRoles'>): CheckReport {
  const wanted = options.nag === false ? [] : nagPacksFor(options.reportFrameworks ?? options.frameworks);
  const packs = wanted.filter((p) => synthesized.packs.includes(p));
  const sources: ExternalSource[] = packs.map((p) => ({ name: p, source: 'cdk-nag', prefix: `${p}-` }));
  // cfn-guard runs after synthesis over every template (guard.ts), not as a CDK validation plugin.
  if (options.guard) sources.push({ name: 'cfn-guard', source: 'cfn-guard', prefix: 'CT.' });
  const stacks: CheckStack[] = synthesized.stacks.map((s) => ({ name: s.name, region: s.region, role: s.role, template: JSON.parse(fs.readFileSync(s.templateFile, 'utf8')) }));
  const index = new Map<string, Located>(Object.entries(synthesized.resources).map(([p, evidence]) => [p, { evidence }]));
  // The assembly may hold other environments and packs: keep the findings on this one's resources, from its packs.
  const scopes = synthesized.scopes;
  const inScope = scopes ? (constructPath: string) => scopes.some((s) => constructPath === s || constructPath.startsWith(`${s}/`)) : undefined;
  const external = packs.length === 0 ? [] : readValidationReport(synthesized.assemblyDir, index, inScope)
    .filter((f) => f.source !== 'cdk-nag' || packs.some((p) => f.ruleId.startsWith(`${p}-`)));
  if (options.guard) external.push(...guardStacks(synthesized.stacks, index));
  return runCheck({
    context: { frameworks: options.frameworks, environment: options.environment, stacks },
    acknowledgements: options.acknowledgements,
    external,
    externalSources: sources,
    frameworks: options.reportFrameworks,
    date: options.date,
    builtinAcknowledgements: options.builtinAcknowledgements,
  });
}
