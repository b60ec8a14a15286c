import type { HavenRule, RuleFinding } from '../../types';
import { isTrue, prop, resourcesOfType, stackEvidence } from '../../template';

const SERVICES = [
  { type: 'AWS::CloudTrail::Trail', name: 'CloudTrail trail', perAccount: false },
  { type: 'AWS::Config::ConfigurationRecorder', name: 'AWS Config recorder', perAccount: true },
  { type: 'AWS::GuardDuty::Detector', name: 'GuardDuty detector', perAccount: true },
];

/**
 * Stack output naming the environment whose stack creates the account's Config recorder and GuardDuty detector in
 * this region (one of each per account and region: src/spec/account-services.ts). The stack that carries it relies
 * on them as deployed by that environment.
 */
export const SHARED_ACCOUNT_SERVICES_OUTPUT = 'AccountServicesOwner';

/** Detective controls exist wherever the platform runs: CloudTrail, Config and GuardDuty in every region used. */
export const AuditServices: HavenRule = {
  id: 'HAVEN-AUDIT-SERVICES',
  severity: 'error',
  title: 'CloudTrail, Config and GuardDuty in every region',
  description: 'Each region with a stack has a CloudTrail trail (or a multi-region trail exists), an AWS Config recorder and a GuardDuty detector.',
  remediation: 'Enable the security baseline in every region of the environment, or acknowledge it when an organization-level trail/recorder/detector (Control Tower) covers the account.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    // Unresolved regions (environment-agnostic stacks) cannot be judged here.
    const regions = [...new Set(ctx.stacks.map((s) => s.region).filter((r) => /^[a-z]{2}(-[a-z]+)+-\d$/.test(r)))];
    const multiRegionTrail = resourcesOfType(ctx, 'AWS::CloudTrail::Trail').some((t) => isTrue(prop(t.resource, 'IsMultiRegionTrail')));
    for (const region of regions) {
      const stacks = ctx.stacks.filter((s) => s.region === region);
      for (const svc of SERVICES) {
        if (svc.type === 'AWS::CloudTrail::Trail' && multiRegionTrail) continue;
        const present = stacks.some((s) => Object.values(s.template.Resources ?? {}).some((r) => r.Type === svc.type)
          || (svc.perAccount && Object.hasOwn(s.template.Outputs ?? {}, SHARED_ACCOUNT_SERVICES_OUTPUT)));
        // Name a data-holding stack when the region has one, so that a region with only the us-east-1 edge stacks
        // (certificate, WAF, alarms) is distinguishable in the evidence.
        const where = stacks.find((s) => !/-edge(-alarms)?$/.test(s.name)) ?? stacks[0];
        if (!present) findings.push({ message: `No ${svc.name} in ${region}`, evidence: stackEvidence(where, svc.type, region) });
      }
    }
    return { findings, checked: regions.length * SERVICES.length };
  },
};
