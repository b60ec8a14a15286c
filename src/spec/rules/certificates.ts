import type { EnvironmentPlan } from '../resolve';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/** Region of an ARN (`arn:partition:service:region:account:resource`). */
const arnRegion = (arn: string): string => arn.split(':')[3] ?? '';

/**
 * ACM certificates are regional: the ALB and the Client VPN endpoint can only use one from the region they run in,
 * and CloudFormation fails late (mid-deployment) otherwise. An environment whose region differs from the shared
 * section's (TechCorp's EU deployment) must override the ARN with one of its own region.
 */
export function certificateRegionIssues(plan: Pick<EnvironmentPlan, 'edge' | 'access' | 'regions'>): Omit<CrossFieldIssue, 'environment'>[] {
  const region = plan.regions.primary;
  const checks: Array<[readonly (string | number)[], string | undefined, string]> = [
    [['edge', 'domain', 'certificateArn'], plan.edge?.domain?.certificateArn, 'the load balancer'],
    [['access', 'clientVpn', 'serverCertificateArn'], plan.access?.clientVpn?.serverCertificateArn, 'the Client VPN endpoint'],
    [['access', 'clientVpn', 'clientRootCertificateArn'], plan.access?.clientVpn?.clientRootCertificateArn, 'the Client VPN endpoint'],
  ];
  return checks.flatMap(([path, arn, user]) => (arn && arnRegion(arn) !== region
    ? [{ path, message: `ACM certificates are regional: this one is in ${arnRegion(arn)}, but ${user} runs in ${region}; give a certificate from ${region}` }]
    : []));
}

/** Cross-field rule: certificates of regional resources are in the environment's primary region. */
export const certificateRegionRule: CrossFieldRule = (_spec, plans) =>
  Object.entries(plans).flatMap(([environment, plan]) => certificateRegionIssues(plan).map((issue) => ({ ...issue, environment })));
