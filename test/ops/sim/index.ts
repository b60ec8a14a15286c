import { SimModel, loadModel } from './model';
import { ServiceModule, installModules } from './service';
import { ALL_MODULES } from './services';
import { World } from './world';

export { SimModel, SimResource, SimStack, loadModel } from './model';
export { World } from './world';

export interface SimulatedAccount {
  readonly model: SimModel;
  readonly world: World;
  /** Answers every SDK call of the given modules from the world (aws-sdk-client-mock); returns a restore function. */
  install(modules?: readonly ServiceModule[]): () => void;
}

/**
 * A simulated AWS account in which CloudFormation deployed a synthesized cloud assembly: the resources it would have
 * created, their physical ids and resolved properties, and SDK answers derived from them.
 */
export function simulateAccount(assemblyDir: string, opts: { account?: string; now?: () => number } = {}): SimulatedAccount {
  const model = loadModel(assemblyDir, { account: opts.account });
  const world = new World(model, { now: opts.now });
  return { model, world, install: (modules = ALL_MODULES) => installModules(world, modules) };
}
