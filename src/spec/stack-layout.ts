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

/** CloudFormation resolves at most this many dynamic references in one template:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html */
export const DYNAMIC_REFERENCES_PER_TEMPLATE = 60;

/**
 * Functions per template. Each reads its log group's key and each of its app subnets from the environment stack
 * as an SSM dynamic reference (src/platform/parent-values.ts; its dead-letter and trigger queues name their key by
 * alias, no reference), so `1 + appSubnets` references a function.
 */
export function functionsPerTemplate(appSubnets: number): number {
  return Math.floor(DYNAMIC_REFERENCES_PER_TEMPLATE / (1 + appSubnets));
}

/**
 * The functions' templates, in spec order: the first `functionsPerTemplate` in the functions stack itself (the
 * layout smaller fleets were first deployed with), each further group of that size in a nested part of it.
 */
export function functionParts<T>(functions: readonly T[], appSubnets: number): T[][] {
  const size = functionsPerTemplate(appSubnets);
  const parts: T[][] = [];
  for (let i = 0; i < functions.length; i += size) parts.push(functions.slice(i, i + size));
  return parts;
}
