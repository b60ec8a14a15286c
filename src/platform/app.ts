import { App, AspectPriority, Aspects, CfnResource, Stack, Tags } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { CdkFunctionBaseline } from '../constructs/functions';
import { ManagedGrantPolicies } from '../constructs/iam';
import { BucketBaseline } from '../constructs/storage';
import { HAVEN_DATE_CONTEXT } from '../spec/date';
import type { LoadedSpec } from '../spec/loader';
import type { EnvironmentPlan } from '../spec/resolve';
import { EnvironmentStack } from './environment-stack';
import { FEATURES } from './features';
import type { PlatformFeature, StackRole } from './context';
import { stackName } from './naming';
import { drStrategy } from '../dr/strategy';

/** Placeholder account used when the spec names none: synthesis stays offline and deterministic. */
export const PLACEHOLDER_ACCOUNT = '111111111111';

export interface BuildAppOptions {
  /** Only these environments. @default - all */
  readonly environments?: readonly string[];
  /** Cloud assembly directory. @default - a temporary directory */
  readonly outdir?: string;
  /** @default FEATURES */
  readonly features?: readonly PlatformFeature[];
  /**
   * Run CDK's built-in CloudFormation schema validation during synthesis. It loads a WASM engine and costs more
   * than the rest of synthesis together, so `haven synth` leaves it to `haven check` unless asked.
   * @default false
   */
  readonly validateTemplates?: boolean;
  /** Extra App context (e.g. what `haven check` needs so rule-pack findings do not abort synthesis). */
  readonly context?: Record<string, unknown>;
  /**
   * The assembly is read once and thrown away (check, cost, docs): skip tree.json and the per-resource creation
   * stack traces. Capturing a JavaScript stack for every resource is a tenth of synthesis on large specs, and
   * those traces point into aws-cdk-lib, never at the YAML, so only a kept assembly has any use for them.
   * @default false
   */
  readonly scratch?: boolean;
}

export interface BuiltEnvironment {
  readonly plan: EnvironmentPlan;
  /** Primary and DR environment stacks, then the us-east-1 edge stacks when CloudFront needs them. */
  readonly stacks: Stack[];
  /** Role of each stack by stack name. */
  readonly roles: Readonly<Record<string, StackRole>>;
}

export interface BuiltApp {
  readonly app: App;
  readonly environments: BuiltEnvironment[];
}

/** Functions the platform builds itself (tagged with their spec path) configure concurrency and DLQ from the spec. */
const isSpecFunction = (fn: CfnResource): boolean => fn.getMetadata('haven:resource') !== undefined;

/**
 * Settings every resource of a kind gets, whoever created it: bucket events and Object Lock, CDK's own functions'
 * concurrency and dead-letter queue, and grants as customer-managed policies. The policy conversion runs after the
 * others (higher priority value), so the grants they add are converted with the rest.
 */
function applyBaselines(stack: Stack, alarmTopic: sns.ITopic | undefined): void {
  Aspects.of(stack).add(new BucketBaseline(), { priority: AspectPriority.MUTATING });
  Aspects.of(stack).add(new CdkFunctionBaseline({ skip: isSpecFunction, alarmTopic }), { priority: AspectPriority.MUTATING });
  Aspects.of(stack).add(new ManagedGrantPolicies(), { priority: AspectPriority.DEFAULT });
}

/** Spec → CDK App: one stack per environment and region, every resource tagged with project and environment. */
export function buildApp(loaded: LoadedSpec, options: BuildAppOptions = {}): BuiltApp {
  const { spec, plans } = loaded;
  const selected = options.environments ?? Object.keys(spec.environments);
  for (const name of selected) {
    if (!Object.hasOwn(plans, name)) throw new Error(`unknown environment ${name}; the spec defines ${Object.keys(plans).join(', ')}`);
  }
  const app = new App({
    outdir: options.outdir,
    builtinCloudFormationValidation: options.validateTemplates ?? false,
    treeMetadata: !options.scratch,
    context: {
      '@aws-cdk/core:stackRelativeExports': true,
      ...(options.scratch ? { 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true } : {}),
      // Built for the date the spec was validated for: Lambda runtime and EKS support are judged against it.
      [HAVEN_DATE_CONTEXT]: loaded.date,
      ...options.context,
    },
  });
  const features = options.features ?? FEATURES;
  const environments: BuiltEnvironment[] = [];

  for (const name of selected) {
    const plan = plans[name];
    const account = plan.account ?? PLACEHOLDER_ACCOUNT;
    const stacks: Stack[] = [];
    const primary = new EnvironmentStack(app, stackName(spec.project.name, name, plan.regions.primary), {
      env: { account, region: plan.regions.primary },
      plan,
      role: 'primary',
      features,
      description: `Haven: ${spec.project.name} ${name} (${plan.tier}) in ${plan.regions.primary}`,
      terminationProtection: plan.tier === 'production',
      crossRegionReferences: true,
    });
    stacks.push(primary);
    if (plan.regions.dr && drStrategy(plan) !== 'none') {
      // The DR stack references the primary only by deterministic names, never by export: a lost primary region
      // must not block updates to the DR region.
      const dr = new EnvironmentStack(app, stackName(spec.project.name, name, plan.regions.dr), {
        env: { account, region: plan.regions.dr },
        plan,
        role: 'dr',
        features,
        description: `Haven: ${spec.project.name} ${name} (${plan.tier}) disaster recovery in ${plan.regions.dr}`,
        terminationProtection: plan.tier === 'production',
      });
      // Deployment order only (no references): read replicas and backup replication follow sources the primary
      // creates. `haven deploy --region <dr>` and `cdk deploy --exclusively` still deploy the DR stack alone.
      dr.addStackDependency(primary, 'DR replicas and backup replication follow the primary');
      stacks.push(dr);
    }
    if (primary.context.usEast1) stacks.push(primary.context.usEast1.edgeStack, primary.context.usEast1.afterStack);
    for (const stack of stacks) {
      applyBaselines(stack, stack instanceof EnvironmentStack ? stack.context.alarmTopic : primary.context.usEast1?.alarmTopic);
      Tags.of(stack).add('Project', spec.project.name);
      Tags.of(stack).add('Environment', name);
      Tags.of(stack).add('Tier', plan.tier);
      Tags.of(stack).add('ManagedBy', 'haven');
      if (spec.project.owner) Tags.of(stack).add('Owner', spec.project.owner);
      for (const [key, value] of Object.entries(spec.project.tags ?? {})) Tags.of(stack).add(key, value);
    }
    const roles = Object.fromEntries(stacks.map((s) => [s.stackName, s instanceof EnvironmentStack ? s.context.role : 'edge'])) as Record<string, StackRole>;
    environments.push({ plan, stacks, roles });
  }
  return { app, environments };
}

/** One synthesized template, nested stacks included, with where it deploys. */
export interface SynthesizedTemplate {
  readonly name: string;
  readonly environment: string;
  readonly region: string;
  readonly role: StackRole;
  readonly template: { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>; Outputs?: Record<string, { Value?: unknown; Description?: string; Export?: unknown }> };
}

/**
 * Every template of a synthesized app, nested stacks included (their resources count toward cost, compliance and
 * docs like any other). Reads from the assembly directory the app was synthesized into.
 */
export function synthesizedTemplates(built: BuiltApp, assemblyDir: string): SynthesizedTemplate[] {
  const fs = require('fs') as typeof import('fs');
  const path = require('path') as typeof import('path');
  const out: SynthesizedTemplate[] = [];
  for (const env of built.environments) {
    for (const top of env.stacks) {
      const visit = (stack: Stack) => {
        const file = path.join(assemblyDir, stack.templateFile);
        if (fs.existsSync(file)) {
          out.push({ name: stack.nested ? `${top.stackName}/${stack.node.path.split('/').slice(1).join('/')}` : stack.stackName, environment: env.plan.name, region: top.region, role: env.roles[top.stackName], template: JSON.parse(fs.readFileSync(file, 'utf8')) });
        }
        for (const child of stack.node.findAll()) {
          if (child !== stack && Stack.isStack(child) && child.nested && child.nestedStackParent === stack) visit(child);
        }
      };
      visit(top);
    }
  }
  return out;
}
