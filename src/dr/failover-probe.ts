import { expandServices } from '../spec/sections/services';
import type { EnvironmentPlan } from '../spec/resolve';
import { environmentDnsPlan } from './dns-plan';

/**
 * What the failover pair watches instead of probing a CloudFront-only primary ALB: the public service that answers
 * the health-check path, whose target group(s) report `HealthyHostCount`. Blue/green services have two groups and
 * serve from either, so each colour gets an alarm and the endpoint counts as healthy while either colour is.
 */
export interface FailoverProbe {
  readonly service: string;
  readonly colours: readonly ('blue' | 'green' | undefined)[];
}

/** An ALB path pattern (`*` any characters, `?` one) as a regular expression. */
function pathPattern(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * The service the primary ALB routes `dr.failover.healthCheckPath` to, in the listener's order (path rules in spec
 * order, then the default route); undefined without a failover pair on the ALB, or when no Haven service serves the
 * path (e.g. the ALB routes to Kubernetes workloads Haven does not attach).
 */
export function failoverProbe(plan: EnvironmentPlan): FailoverProbe | undefined {
  const failover = environmentDnsPlan(plan.name, plan).failover;
  if (failover?.origin?.kind !== 'alb') return undefined;
  const services = expandServices(plan.services).filter((s) => s.public);
  const byPath = services.find((s) => s.public!.hosts.length === 0 && s.public!.paths.some((p) => pathPattern(p).test(failover.healthCheckPath)));
  const fallback = services.find((s) => s.public!.paths.length === 0 && s.public!.hosts.length === 0);
  const s = byPath ?? fallback;
  if (!s) return undefined;
  return { service: s.name, colours: s.spec.deployment?.strategy === 'blue-green' ? ['blue', 'green'] : [undefined] };
}
