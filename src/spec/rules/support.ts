import { lambdaRuntimeProblem } from '../../constructs/functions/runtime-support';
import { DEFAULT_EKS_VERSION, EKS_VERSIONS, eksVersionProblem } from '../../constructs/kubernetes/versions';
import { startOfDay } from '../date';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/**
 * Dated support, judged against the date Haven runs for: every cluster's EKS version (the spec's, or Haven's default)
 * is under standard support, and no function runs on a deprecated Lambda runtime. Synthesis would refuse both;
 * validation says so first, at the field.
 */
export const supportRule: CrossFieldRule = (_spec, plans, { date }) => {
  const asOf = startOfDay(date);
  const issues: CrossFieldIssue[] = [];
  for (const [environment, plan] of Object.entries(plans)) {
    for (const [name, cluster] of Object.entries(plan.clusters ?? {})) {
      // A version Haven does not know at all is the workloads rule's finding (one error per field).
      if (cluster.version !== undefined && !Object.hasOwn(EKS_VERSIONS, cluster.version)) continue;
      const problem = eksVersionProblem(cluster.version ?? DEFAULT_EKS_VERSION, asOf);
      if (!problem) continue;
      const fix = cluster.version ? '' : `; this is Haven's default version, so set clusters.${name}.version to a supported one (or use a newer Haven)`;
      issues.push({ environment, path: ['clusters', name, 'version'], message: `${problem}${fix}` });
    }
    const functions = plan.functions;
    const named = Object.entries(functions?.definitions ?? {});
    for (const [name, fn] of named) {
      const problem = fn.runtime ? lambdaRuntimeProblem(fn.runtime, asOf) : undefined;
      if (problem) issues.push({ environment, path: ['functions', 'definitions', name, 'runtime'], message: `function ${name}: ${problem}` });
    }
    // The default runtime matters when some function takes it: a definition without its own, or a listed/generated one.
    const takesDefault = named.some(([, fn]) => !fn.runtime) || (functions?.names?.length ?? 0) > 0 || functions?.generated !== undefined;
    const fallback = functions?.defaults?.runtime;
    const problem = takesDefault && fallback ? lambdaRuntimeProblem(fallback, asOf) : undefined;
    if (problem) issues.push({ environment, path: ['functions', 'defaults', 'runtime'], message: `functions.defaults: ${problem}` });
  }
  return issues;
};
