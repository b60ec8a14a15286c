import type { CrossFieldIssue, CrossFieldRule } from './types';
import type { EnvironmentPlan } from '../resolve';

/** Issues of one environment's edge section that a field-by-field schema cannot see. */
export function edgeIssues(plan: Pick<EnvironmentPlan, 'edge' | 'buckets'>): Omit<CrossFieldIssue, 'environment'>[] {
  const edge = plan.edge;
  if (!edge) return [];
  const issues: Omit<CrossFieldIssue, 'environment'>[] = [];
  const domain = edge.domain;
  if (edge.alb && !domain?.certificateArn && !domain?.hostedZoneId) {
    issues.push({ path: ['edge', 'alb'], message: 'the ALB serves HTTPS only: give domain.hostedZoneId (to issue a certificate) or domain.certificateArn' });
  }
  if (domain?.cdnCertificateArn && domain.cdnCertificateArn.split(':')[3] !== 'us-east-1') {
    issues.push({ path: ['edge', 'domain', 'cdnCertificateArn'], message: 'CloudFront only uses certificates from us-east-1' });
  }
  if (edge.waf?.geoAllow && edge.waf.geoBlock) {
    issues.push({ path: ['edge', 'waf', 'geoBlock'], message: 'give geoAllow or geoBlock, not both' });
  }
  if ((edge.dns?.healthChecks?.length ?? 0) > 0 && !domain) {
    issues.push({ path: ['edge', 'dns', 'healthChecks'], message: 'health checks probe records under edge.domain; set edge.domain' });
  }
  edge.dns?.healthChecks?.forEach((hc, i) => {
    if (!edge[hc.target]) issues.push({ path: ['edge', 'dns', 'healthChecks', i, 'target'], message: `health check target ${hc.target} is not configured in edge.${hc.target}` });
  });
  const cdn = edge.cdn;
  if (cdn) {
    const buckets = Object.keys(plan.buckets ?? {});
    cdn.origins.forEach((origin, i) => {
      if (origin === 'alb') {
        if (!edge.alb) issues.push({ path: ['edge', 'cdn', 'origins', i], message: "origin 'alb' needs edge.alb" });
        else if (!domain) issues.push({ path: ['edge', 'cdn', 'origins', i], message: "origin 'alb' needs edge.domain: CloudFront reaches the ALB over HTTPS at a name on its certificate" });
      } else if (!buckets.includes(origin)) {
        issues.push({ path: ['edge', 'cdn', 'origins', i], message: `unknown bucket ${origin}; the buckets section defines ${buckets.join(', ') || 'none'}` });
      }
    });
    if (new Set(cdn.origins).size !== cdn.origins.length) issues.push({ path: ['edge', 'cdn', 'origins'], message: 'an origin is listed twice' });
    if (cdn.geoRestriction?.allow && cdn.geoRestriction.block) {
      issues.push({ path: ['edge', 'cdn', 'geoRestriction'], message: 'give allow or block, not both' });
    }
    if (domain && !domain.hostedZoneId && !domain.cdnCertificateArn) {
      issues.push({ path: ['edge', 'domain'], message: 'CloudFront on a custom domain needs hostedZoneId (to issue a us-east-1 certificate) or cdnCertificateArn' });
    }
    if (cdn.minimumTls && !domain) {
      issues.push({ path: ['edge', 'cdn', 'minimumTls'], message: 'a TLS minimum needs edge.domain: the default *.cloudfront.net certificate always accepts TLS 1.0' });
    }
  }
  return issues;
}

/** Cross-field rule for the edge section, evaluated per environment (overrides may change any part of it). */
export const edgeRule: CrossFieldRule = (_spec, plans) =>
  Object.entries(plans).flatMap(([environment, plan]) => edgeIssues(plan).map((issue) => ({ ...issue, environment })));
