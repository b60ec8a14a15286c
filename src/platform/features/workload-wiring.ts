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
}

export { pascal };
