import { AWS_REGIONS, type AwsRegion } from '../../spec/common';
import type { Framework } from '../../spec/sections/compliance';
import { CANADA_REGIONS, EU_REGIONS, isCanadaRegion, isEuRegion, US_REGIONS } from '../../dr/regions';

/**
 * Where `haven init` proposes to run, by framework: the same reading of residency the validator applies
 * (src/spec/rules/residency.ts). PIPEDA keeps personal data in Canada, GDPR in the EU; the DR region is proposed in
 * the primary's jurisdiction so no copy crosses a border unless the user picks one that does.
 */

/** Regions offered first for the primary: the jurisdiction's own, then the rest. */
export function primaryChoices(frameworks: readonly Framework[]): AwsRegion[] {
  const first = frameworks.includes('pipeda') ? CANADA_REGIONS : frameworks.includes('gdpr') ? EU_REGIONS : US_REGIONS;
  return [...first, ...AWS_REGIONS.filter((r) => !first.includes(r))];
}

/** The jurisdiction a region belongs to, for DR proposals. */
function jurisdiction(region: AwsRegion): readonly AwsRegion[] {
  if (isCanadaRegion(region)) return CANADA_REGIONS;
  if (isEuRegion(region)) return EU_REGIONS;
  if ((US_REGIONS as readonly string[]).includes(region)) return US_REGIONS;
  return [];
}

/** Preferred partner of a US region: the opposite coast (a regional disaster rarely reaches both). */
const US_PARTNER: Partial<Record<AwsRegion, AwsRegion>> = { 'us-east-1': 'us-west-2', 'us-east-2': 'us-west-2', 'us-west-1': 'us-east-2', 'us-west-2': 'us-east-1' };
const EU_PARTNER: Partial<Record<AwsRegion, AwsRegion>> = { 'eu-west-1': 'eu-central-1', 'eu-central-1': 'eu-west-1', 'eu-west-3': 'eu-central-1', 'eu-north-1': 'eu-central-1', 'eu-south-1': 'eu-central-1', 'eu-south-2': 'eu-west-1' };

/** A DR region in the same jurisdiction as the primary, or undefined when the jurisdiction has only one region. */
export function proposeDr(primary: AwsRegion): AwsRegion | undefined {
  return US_PARTNER[primary] ?? EU_PARTNER[primary] ?? jurisdiction(primary).find((r) => r !== primary);
}

/**
 * Why a DR region is a cross-border choice the validator needs acknowledged (PIPEDA: outside Canada), or refuses
 * outright (GDPR: an EU deployment keeps its copies in the EU). Undefined when the choice stays in jurisdiction.
 */
export function crossBorder(frameworks: readonly Framework[], primary: AwsRegion, dr: AwsRegion): { readonly acknowledge: boolean; readonly why: string } | undefined {
  if (frameworks.includes('gdpr') && isEuRegion(primary) && !isEuRegion(dr)) {
    return { acknowledge: false, why: `GDPR: an EU deployment keeps replicas and backup copies in EU regions (${EU_REGIONS.join(', ')}), not ${dr}` };
  }
  if (frameworks.includes('pipeda') && !isCanadaRegion(dr)) {
    return { acknowledge: true, why: `PIPEDA: DR copies in ${dr} leave Canada; the spec records a reviewed exception (dr.crossBorder)` };
  }
  return undefined;
}

/** Frameworks whose rule packs want every data bucket replicated (the DR guidance says why a DR region matters). */
export function wantsDr(frameworks: readonly Framework[]): boolean {
  return frameworks.includes('hipaa') || frameworks.includes('pci');
}
