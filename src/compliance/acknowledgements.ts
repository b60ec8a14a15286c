import type { AcknowledgementSpec } from '../spec/sections/compliance';
import { BUILTIN_ACKNOWLEDGEMENTS, type BuiltinAcknowledgement } from './builtin-acknowledgements';
import type { AppliedAcknowledgement, Evidence } from './types';

/** Does an acknowledged rule id cover a finding's rule id? `AwsSolutions-IAM5` covers `AwsSolutions-IAM5[Action::*]`. */
export function ruleMatches(acknowledged: string, ruleId: string): boolean {
  return acknowledged === ruleId || ruleId.startsWith(acknowledged + '[');
}

/** Does a spec acknowledgement's resource cover the evidence? Matches the Haven resource name, the logical id, or stack/logicalId. */
export function resourceMatches(resource: string | undefined, ev: Evidence): boolean {
  if (resource === undefined) return true;
  return resource === ev.resource || resource === ev.logicalId || resource === `${ev.stack}/${ev.logicalId}` || ev.resource.startsWith(resource + '.');
}

/** The rule ids an acknowledgement names (one, or several packs' ids for the same finding). */
export function acknowledgedRules(ack: Pick<AcknowledgementSpec, 'rule'>): readonly string[] {
  return typeof ack.rule === 'string' ? [ack.rule] : ack.rule;
}

export function isExpired(ack: AcknowledgementSpec, today: string): boolean {
  return ack.expires < today;
}

export function specAcknowledgementFor(acks: readonly AcknowledgementSpec[], ruleId: string, ev: Evidence, environment: string, today: string): { index: number; applied: AppliedAcknowledgement } | undefined {
  for (let i = 0; i < acks.length; i++) {
    const a = acks[i];
    if (a.environment !== undefined && a.environment !== environment) continue;
    if (isExpired(a, today)) continue;
    if (acknowledgedRules(a).some((r) => ruleMatches(r, ruleId)) && resourceMatches(a.resource, ev)) {
      return { index: i, applied: { reason: a.reason, owner: a.owner, expires: a.expires, builtin: false } };
    }
  }
  return undefined;
}

/** `properties` are the resource's synthesized properties, for acknowledgements limited by `when`. */
export function builtinAcknowledgementFor(ruleId: string, ev: Evidence, list: readonly BuiltinAcknowledgement[] = BUILTIN_ACKNOWLEDGEMENTS, properties?: Readonly<Record<string, unknown>>): AppliedAcknowledgement | undefined {
  const hit = list.find((b) => ruleMatches(b.rule, ruleId) && (!b.finding || b.finding.test(ruleId)) && (!b.resourceType || b.resourceType === ev.resourceType)
    && (!b.logicalId || b.logicalId.test(ev.logicalId)) && (!b.stack || b.stack.test(ev.stack)) && (!b.when || (properties !== undefined && b.when(properties))));
  return hit ? { reason: hit.reason, owner: 'haven', builtin: true, docs: hit.docs } : undefined;
}
