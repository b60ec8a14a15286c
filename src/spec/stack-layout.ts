/**
 * How the platform lays a fleet out over CloudFormation templates. The services feature builds to it and the
 * stack-size validation (src/spec/rules/workloads.ts) estimates from it, so both read these numbers from here.
 */

/** Above this many services, each gets its own nested stack. */
export const SERVICES_PER_TEMPLATE = 4;

/**
 * Up to this many repositories stay in the environment stack, each with its evidence output. A large fleet moves
 * them into nested stacks of REPOSITORIES_PER_TEMPLATE: next to ~150 platform resources and one nested stack per
 * service, 200 repositories would pass CloudFormation's 500-resource and 200-output limits of a template.
 * Small fleets keep the layout they were first deployed with (moving a retained repository would orphan it).
 */
export const REPOSITORIES_IN_ENVIRONMENT_STACK = 60;

/** Repositories per nested registry stack: each referenced repository adds two outputs there (ARN, name). */
export const REPOSITORIES_PER_TEMPLATE = 50;

/** Resources the environment stack itself holds for `count` repositories: the repositories, or their nested stacks. */
export function repositoryResourcesInEnvironmentStack(count: number): number {
  return count > REPOSITORIES_IN_ENVIRONMENT_STACK ? Math.ceil(count / REPOSITORIES_PER_TEMPLATE) : count;
}
