import { App, Tags } from 'aws-cdk-lib';
import type { LoadedSpec } from '../spec/loader';
import type { EnvironmentPlan } from '../spec/resolve';
import { EnvironmentStack } from './environment-stack';
import { FEATURES } from './features';
import type { PlatformFeature } from './context';
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
}

export interface BuiltEnvironment {
  readonly plan: EnvironmentPlan;
  readonly stacks: EnvironmentStack[];
}

export interface BuiltApp {
  readonly app: App;
  readonly environments: BuiltEnvironment[];
}

/** Spec → CDK App: one stack per environment and region, every resource tagged with project and environment. */
export function buildApp(loaded: LoadedSpec, options: BuildAppOptions = {}): BuiltApp {
  const { spec, plans } = loaded;
  const selected = options.environments ?? Object.keys(spec.environments);
  for (const name of selected) {
    if (!plans[name]) throw new Error(`unknown environment ${name}; the spec defines ${Object.keys(plans).join(', ')}`);
  }
  const app = new App({
    outdir: options.outdir,
    builtinCloudFormationValidation: options.validateTemplates ?? false,
    context: { '@aws-cdk/core:stackRelativeExports': true },
  });
  const features = options.features ?? FEATURES;
  const environments: BuiltEnvironment[] = [];

  for (const name of selected) {
    const plan = plans[name];
    const account = plan.account ?? PLACEHOLDER_ACCOUNT;
    const stacks: EnvironmentStack[] = [];
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
      stacks.push(
        new EnvironmentStack(app, stackName(spec.project.name, name, plan.regions.dr), {
          env: { account, region: plan.regions.dr },
          plan,
          role: 'dr',
          features,
          description: `Haven: ${spec.project.name} ${name} (${plan.tier}) disaster recovery in ${plan.regions.dr}`,
          terminationProtection: plan.tier === 'production',
        }),
      );
    }
    if (primary.context.usEast1) stacks.push(primary.context.usEast1.edgeStack as EnvironmentStack, primary.context.usEast1.afterStack as EnvironmentStack);
    for (const stack of stacks) {
      Tags.of(stack).add('Project', spec.project.name);
      Tags.of(stack).add('Environment', name);
      Tags.of(stack).add('Tier', plan.tier);
      Tags.of(stack).add('ManagedBy', 'haven');
      if (spec.project.owner) Tags.of(stack).add('Owner', spec.project.owner);
      for (const [key, value] of Object.entries(spec.project.tags ?? {})) Tags.of(stack).add(key, value);
    }
    environments.push({ plan, stacks });
  }
  return { app, environments };
}
