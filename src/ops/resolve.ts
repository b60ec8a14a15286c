import { AwsClients, CallOptions, readStackOutputs } from './aws';
import { OpsTarget, applyOutputs } from './target';

export interface ResolvedTarget {
  readonly target: OpsTarget;
  readonly outputs: Record<string, string>;
  /** Stacks whose outputs could not be read (e.g. the primary region is down during a failover). */
  readonly unreadable: { stack: string; region: string; error: string }[];
}

/** Reads the deployed stacks' outputs and fills in the physical names the target did not know. */
export async function resolveTarget(target: OpsTarget, clients: AwsClients, opts: CallOptions = {}): Promise<ResolvedTarget> {
  const { outputs, unreadable } = await readStackOutputs(clients, target.stacks, opts);
  return { target: applyOutputs(target, outputs), outputs, unreadable };
}
