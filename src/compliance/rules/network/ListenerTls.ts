import type { HavenRule, RuleFinding } from '../../types';
import { asArray, at, evidence, prop, resourcesOfType } from '../../template';

function redirectsToHttps(actions: unknown): boolean {
  const list = asArray(actions);
  return list.length > 0 && list.every((a) => at(a, 'Type') === 'redirect' && at(a, 'RedirectConfig.Protocol') === 'HTTPS');
}

/** Load balancer listeners terminate TLS; plain HTTP is only allowed to redirect to HTTPS. */
export const ListenerTls: HavenRule = {
  id: 'HAVEN-LISTENER-TLS',
  severity: 'error',
  title: 'Listeners accept TLS only',
  description: 'ELBv2 listeners use HTTPS or TLS; an HTTP listener may only redirect to HTTPS.',
  remediation: 'Use an HTTPS listener with a certificate and make port 80 a redirect.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const listeners = resourcesOfType(ctx, 'AWS::ElasticLoadBalancingV2::Listener');
    for (const ref of listeners) {
      const protocol = prop(ref.resource, 'Protocol');
      if (protocol === 'HTTPS' || protocol === 'TLS') continue;
      if (protocol === 'HTTP' && redirectsToHttps(prop(ref.resource, 'DefaultActions'))) continue;
      findings.push({ message: `Listener ${ref.logicalId} serves ${String(protocol ?? 'unknown protocol')} without TLS`, evidence: evidence(ref, 'Properties.Protocol', protocol) });
    }
    return { findings, checked: listeners.length };
  },
};
