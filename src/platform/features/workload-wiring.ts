import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { PlatformContext, PlatformDataStore, PlatformWorkload } from '../context';
import { pascalCase as pascal } from '../naming';

/**
 * Registers a workload and opens its path to every data store already registered that lists it as a client.
 * Stores registered later do the reverse (see `admitRegisteredClients`), so feature order does not matter.
 */
export function registerWorkload(ctx: PlatformContext, key: string, workload: PlatformWorkload): void {
  ctx.registry.workloads.set(key, workload);
  for (const store of ctx.registry.dataStores.values()) {
    if (store.clients.includes(workload.name)) connect(workload, store);
  }
}

/** Opens the path from every already-registered workload the store lists as a client. */
export function admitRegisteredClients(ctx: PlatformContext, store: PlatformDataStore): void {
  for (const workload of ctx.registry.workloads.values()) {
    if (store.clients.includes(workload.name)) connect(workload, store);
  }
}

function connect(workload: PlatformWorkload, store: PlatformDataStore): void {
  // Both sides: egress on the workload's group (which may deny by default) and ingress on the store's, one port only.
  workload.connections.allowTo(store.connections, ec2.Port.tcp(store.defaultPort), `${workload.kind} ${workload.name} to ${store.kind} ${store.name}`);
  authorizeClient(workload, store);
}

/**
 * For a store clients sign in to with IAM: the workload's identity gets the grant and its environment the connection
 * settings (no secret to hand out). Workloads without an identity of their own (bastion, EKS nodes) get neither.
 */
export function authorizeClient(workload: Pick<PlatformWorkload, 'grantee' | 'addEnvironment'>, store: PlatformDataStore): void {
  if (!store.iamAccess) return;
  if (workload.grantee) store.iamAccess.grant(workload.grantee);
  for (const [name, value] of Object.entries(store.iamAccess.environment)) workload.addEnvironment?.(name, value);
}

/** Environment variable names a client of cache `name` reads: `CACHE_<NAME>_USER_ID`, `CACHE_<NAME>_REPLICATION_GROUP_ID`. */
export function cacheEnvironmentNames(name: string): { userId: string; replicationGroupId: string } {
  const base = `CACHE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  return { userId: `${base}_USER_ID`, replicationGroupId: `${base}_REPLICATION_GROUP_ID` };
}

export { pascal };
