import type { CheckContext, HavenRule, RuleFinding } from '../../types';
import { DATA_STORE_TYPES, evidence, isClusterMember, resourcesOfType } from '../../template';

const CANADA = ['ca-central-1', 'ca-west-1'];
const EEA = ['eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1'];

/**
 * Regions personal data may live in. PIPEDA does not forbid transfers (4.1.3 makes the organization accountable
 * for them); Haven's interpretation is that data stays in Canada unless the spec acknowledges otherwise.
 * eu-west-2 (London) is outside the EEA but covered by an adequacy decision, so it is accepted for GDPR.
 */
export function allowedRegions(ctx: CheckContext): string[] | undefined {
  if (ctx.environment.allowedRegions) return [...ctx.environment.allowedRegions];
  const regions: string[] = [];
  if (ctx.frameworks.includes('pipeda')) regions.push(...CANADA);
  if (ctx.frameworks.includes('gdpr')) regions.push(...EEA);
  return regions.length > 0 ? regions : undefined;
}

export const Residency: HavenRule = {
  id: 'HAVEN-RESIDENCY',
  severity: 'error',
  title: 'Personal data stays in its jurisdiction',
  description: 'Every data store lives in a region allowed by the residency frameworks (PIPEDA: Canada; GDPR: EEA or adequate), including the DR region.',
  remediation: 'Move the environment (primary and DR regions) into an allowed region, or record the transfer and its safeguards with regions.residencyAcknowledged and an acknowledgement.',
  evaluate(ctx) {
    const allowed = allowedRegions(ctx);
    if (!allowed) return { findings: [], checked: 0 };
    const findings: RuleFinding[] = [];
    const refs = resourcesOfType(ctx, ...DATA_STORE_TYPES).filter((r) => !isClusterMember(r.resource));
    for (const ref of refs) {
      if (allowed.includes(ref.stack.region)) continue;
      findings.push({
        message: `${ref.logicalId} stores data in ${ref.stack.region}, outside ${allowed.join(', ')}` + (ctx.environment.residencyAcknowledged ? ' (transfer acknowledged in the spec)' : ''),
        // A transfer the spec explicitly acknowledges is still reported, as a warning, so the report shows it.
        severity: ctx.environment.residencyAcknowledged ? 'warning' : 'error',
        evidence: evidence(ref, 'region', ref.stack.region),
      });
    }
    return { findings, checked: refs.length };
  },
};
