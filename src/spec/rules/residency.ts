import { drDesign } from '../../dr/strategy';
import { CANADA_REGIONS, EU_REGIONS, HIPAA_ELIGIBLE_DR_SERVICES, HIPAA_REGIONS, isCanadaRegion, isEuRegion } from '../../dr/regions';
import type { EnvironmentPlan } from '../resolve';
import type { CrossFieldIssue, CrossFieldRule } from './types';

export interface ResidencyRuleOptions {
  readonly hipaaRegions?: readonly string[];
  readonly hipaaServices?: readonly string[];
}

/** AWS services a DR design puts data or traffic through, for the HIPAA eligibility check. */
export function drServices(plan: EnvironmentPlan): string[] {
  const design = drDesign(plan);
  if (design.strategy === 'none') return [];
  const services = new Set<string>(['kms']);
  if (design.replicatedBuckets.length) services.add('s3');
  for (const db of design.databases) {
    if (db.mode === 'aurora-global') services.add('aurora');
    else if (db.mode === 'snapshot-copy') services.add('backup');
    else if (db.mode !== 'none') services.add('rds');
  }
  if (design.profile.backupVault) services.add('backup');
  if (design.failover) services.add('route53');
  return [...services];
}

/**
 * Where each framework lets data live. PIPEDA: Canada by default; a DR copy outside Canada only with a reviewed,
 * unexpired `dr.crossBorder` acknowledgement in that environment. GDPR: an environment whose primary region is in
 * the EU keeps its DR region (and so every replica and backup copy) in the EU; no acknowledgement lifts that.
 * HIPAA: regions and DR services must be on the eligible lists.
 */
export function createResidencyRule(options: ResidencyRuleOptions = {}): CrossFieldRule {
  const hipaaRegions = options.hipaaRegions ?? HIPAA_REGIONS;
  const hipaaServices = options.hipaaServices ?? HIPAA_ELIGIBLE_DR_SERVICES;
  return (spec, plans, { date }) => {
    const frameworks = new Set<string>(spec.compliance.frameworks);
    const issues: CrossFieldIssue[] = [];
    for (const [environment, plan] of Object.entries(plans)) {
      const design = drDesign(plan);
      const primary = plan.regions.primary;
      const dr = design.drRegion;
      if (frameworks.has('pipeda')) {
        if (!isCanadaRegion(primary)) {
          issues.push({ environment, path: ['regions', 'primary'], message: `PIPEDA: personal data resides in Canada; primary region ${primary} is outside Canada (use ${CANADA_REGIONS.join(' or ')})` });
        }
        if (dr && !isCanadaRegion(dr)) {
          const ack = plan.dr?.crossBorder;
          if (!ack) {
            issues.push({ environment, path: ['regions', 'dr'], message: `PIPEDA: DR copies would land in ${dr}, outside Canada; use ${CANADA_REGIONS.join(' or ')}, or record a reviewed exception in dr.crossBorder (reason, approvedBy, expires)` });
          } else if (ack.regions && !(ack.regions as readonly string[]).includes(dr)) {
            issues.push({ environment, path: ['dr', 'crossBorder', 'regions'], message: `PIPEDA: the cross-border acknowledgement covers ${ack.regions.join(', ')}, not the DR region ${dr}; review it for ${dr}` });
          } else if (ack.expires < date) {
            // Valid through its expiry day; `date` is the day Haven validates for (ISO days compare as strings).
            issues.push({ environment, path: ['dr', 'crossBorder', 'expires'], message: `PIPEDA: the cross-border DR acknowledgement expired on ${ack.expires}; review and renew it or move the DR region to Canada` });
          }
        }
      }
      if (frameworks.has('gdpr') && isEuRegion(primary) && dr && !isEuRegion(dr)) {
        issues.push({ environment, path: ['regions', 'dr'], message: `GDPR: environment ${environment} is an EU deployment (${primary}); its replicas and backup copies must stay in EU regions (${EU_REGIONS.join(', ')}), not ${dr}. Set an EU DR region or dr.strategy: none` });
      }
      if (frameworks.has('hipaa')) {
        if (!hipaaRegions.includes(primary)) issues.push({ environment, path: ['regions', 'primary'], message: `HIPAA: ${primary} is not a region Haven accepts for PHI (${hipaaRegions.join(', ')})` });
        if (dr && !hipaaRegions.includes(dr)) issues.push({ environment, path: ['regions', 'dr'], message: `HIPAA: DR region ${dr} is not a region Haven accepts for PHI (${hipaaRegions.join(', ')})` });
        for (const service of drServices(plan)) {
          if (!hipaaServices.includes(service)) issues.push({ environment, path: ['dr', 'strategy'], message: `HIPAA: the DR design uses ${service}, which is not on the HIPAA-eligible list` });
        }
      }
    }
    return issues;
  };
}

export const residencyRule: CrossFieldRule = createResidencyRule();
