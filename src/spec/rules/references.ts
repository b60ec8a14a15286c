import { expandFunctions } from '../sections/functions';
import { expandServices } from '../sections/services';
import type { EnvironmentPlan } from '../resolve';
import { closest, hint } from './suggest';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/** Names a data store's `clients` may give: services (and group entries), functions, clusters, the bastion. */
export function workloadNames(plan: EnvironmentPlan): string[] {
  const services = expandServices(plan.services);
  return [
    ...new Set([
      ...services.map((s) => s.name),
      ...services.map((s) => s.entry),
      ...Object.keys(expandFunctions(plan.functions)),
      ...Object.keys(plan.clusters ?? {}),
      ...(plan.access?.bastion ? ['bastion'] : []),
      ...(plan.access?.clientVpn ? ['client-vpn-connect'] : []),
    ]),
  ];
}

function clientIssues(plan: EnvironmentPlan): Omit<CrossFieldIssue, 'environment'>[] {
  const known = workloadNames(plan);
  const issues: Omit<CrossFieldIssue, 'environment'>[] = [];
  const sections = { databases: plan.databases, caches: plan.caches, fileSystems: plan.fileSystems } as const;
  for (const [section, stores] of Object.entries(sections)) {
    for (const [name, store] of Object.entries((stores ?? {}) as Record<string, { clients?: string[] }>)) {
      (store.clients ?? []).forEach((client, i) => {
        if (known.includes(client)) return;
        // A typo of a real workload is an error; any other name may be a workload still to come (a seed's plan), so
        // it is only a warning: synthesis ignores it and no security group opens for it.
        const near = closest(client, known);
        issues.push(near
          ? { path: [section, name, 'clients', i], message: `client ${client} is not a service, function, cluster or bastion of this environment; did you mean ${near}?` }
          : { severity: 'warning', path: [section, name, 'clients', i], message: `client ${client} is not a service, function, cluster or bastion of this environment${hint(client, known, 'the spec')}; it is ignored` });
      });
    }
  }
  return issues;
}

/**
 * A secret map entry names a database or cache (its generated credentials) or else an existing Secrets Manager
 * secret. A name one typo away from a store is almost surely the store (`DATABASE_CREDENTIALS: mian`), and a bucket or
 * file system has no credentials to give.
 */
function secretIssues(plan: EnvironmentPlan): Omit<CrossFieldIssue, 'environment'>[] {
  const withCredentials = [...Object.keys(plan.databases ?? {}), ...Object.keys(plan.caches ?? {})];
  const without = [...Object.keys(plan.buckets ?? {}), ...Object.keys(plan.fileSystems ?? {})].filter((n) => !withCredentials.includes(n));
  const issues: Omit<CrossFieldIssue, 'environment'>[] = [];
  for (const [entry, service] of Object.entries(plan.services ?? {})) {
    const secrets = service.secrets;
    if (!secrets || Array.isArray(secrets)) continue;
    for (const [variable, source] of Object.entries(secrets)) {
      const ref = source.split(':')[0];
      if (withCredentials.includes(ref)) continue;
      const path = ['services', entry, 'secrets', variable];
      if (without.includes(ref)) {
        issues.push({ path, message: `${ref} is a bucket or file system, which has no generated credentials; name a database, a cache or a Secrets Manager secret` });
        continue;
      }
      const near = closest(ref, withCredentials);
      if (near) issues.push({ path, message: `${ref} is neither a database nor a cache of this environment; did you mean ${near}? (a Secrets Manager secret this close to a store's name is refused as a likely typo)` });
    }
  }
  return issues;
}

/** Every pipeline service exists, in this environment, with an image Haven builds. */
function pipelineIssues(plan: EnvironmentPlan): Omit<CrossFieldIssue, 'environment'>[] {
  const pipeline = plan.pipeline;
  if (!pipeline) return [];
  const resolved = expandServices(plan.services);
  const names = resolved.map((s) => s.name);
  const issues: Omit<CrossFieldIssue, 'environment'>[] = [];
  (pipeline.services ?? []).forEach((name, i) => {
    const service = resolved.find((s) => s.name === name);
    if (!service) issues.push({ path: ['pipeline', 'services', i], message: `pipeline service ${name} is not defined in services${hint(name, names, 'services')}` });
    else if (!service.repository) issues.push({ path: ['pipeline', 'services', i], message: `pipeline service ${name} runs an external image (${service.uri}); the pipeline only builds images into Haven-managed repositories` });
  });
  const built = pipeline.services ?? resolved.filter((s) => s.repository).map((s) => s.name);
  if (built.length === 0) issues.push({ path: ['pipeline'], message: 'the pipeline has no service to build: define services with Haven-managed images (not image URIs) or remove the pipeline section' });
  return issues;
}

/** Names that refer to other parts of the spec refer to something that exists (with a "did you mean" when close). */
export const referencesRule: CrossFieldRule = (_spec, plans) =>
  Object.entries(plans).flatMap(([environment, plan]) => [...clientIssues(plan), ...secretIssues(plan), ...pipelineIssues(plan)].map((issue) => ({ ...issue, environment })));
