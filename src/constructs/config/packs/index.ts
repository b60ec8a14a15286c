import { BASELINE_PACK } from './baseline';
import { CIS_PACK } from './cis';
import { HIPAA_PACK } from './hipaa';
import { NIST_PACK } from './nist';
import { PCI_PACK } from './pci';
import type { ConformancePackDefinition } from './rules';

export * from './rules';
export { BASELINE_PACK, CIS_PACK, HIPAA_PACK, NIST_PACK, PCI_PACK };

/** Packs Haven ships, by id. */
export const CONFORMANCE_PACK_IDS = ['hipaa', 'pci', 'nist', 'cis', 'baseline'] as const;
export type ConformancePackId = (typeof CONFORMANCE_PACK_IDS)[number];

export const CONFORMANCE_PACKS: Readonly<Record<ConformancePackId, ConformancePackDefinition>> = {
  hipaa: HIPAA_PACK,
  pci: PCI_PACK,
  nist: NIST_PACK,
  cis: CIS_PACK,
  baseline: BASELINE_PACK,
};

/** CloudFormation template body (JSON, which Config accepts as YAML) for a pack. */
export function conformancePackBody(pack: ConformancePackDefinition): string {
  const resources: Record<string, unknown> = {};
  for (const rule of pack.rules) {
    const logicalId = rule.identifier.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
    resources[logicalId] = {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: rule.name,
        ...(rule.inputParameters ? { InputParameters: rule.inputParameters } : {}),
        ...(rule.resourceTypes ? { Scope: { ComplianceResourceTypes: rule.resourceTypes } } : {}),
        Source: { Owner: 'AWS', SourceIdentifier: rule.identifier },
      },
    };
  }
  return JSON.stringify({ Resources: resources });
}
