import { loadModel, type SimModel } from './model';
import { ServiceModule, installModules } from './service';
import { ALL_MODULES } from './services';
import { World } from './world';

export { SimModel, SimResource, SimStack, loadModel } from './model';
export { World } from './world';

export interface SimulatedAccount {
  readonly world: World;
  /** Answers every SDK call of the given modules from the world (aws-sdk-client-mock); returns a restore function. */
  install(modules?: readonly ServiceModule[]): () => void;
}

/**
 * A simulated AWS account in which CloudFormation deployed a synthesized cloud assembly: the resources it would have
 * created, their physical ids and resolved properties, and SDK answers derived from them. The assembly is read on
 * the first call answered (or first `world.model` read), so it may be installed before the CLI synthesizes it.
 */
export function simulateAccount(assemblyDir: string | readonly string[], opts: { account?: string; now?: () => number } = {}): SimulatedAccount {
  // Several assemblies: environments sharing one account (the one owning its account-level services included).
  const dirs = typeof assemblyDir === 'string' ? [assemblyDir] : assemblyDir;
  const world = new World(() => mergeModels(dirs.map((d) => loadModel(d, { account: opts.account }))), { now: opts.now });
  return { world, install: (modules = ALL_MODULES) => installModules(world, modules) };
}

function mergeModels(models: readonly SimModel[]): SimModel {
  if (models.length === 1) return models[0];
  return {
    account: models[0].account,
    stacks: models.flatMap((m) => m.stacks),
    allStacks: () => models.flatMap((m) => m.allStacks()),
    allResources: () => models.flatMap((m) => m.allResources()),
  };
}
