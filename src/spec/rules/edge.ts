import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CrossFieldIssue, CrossFieldRule } from './types';
import type { EnvironmentPlan } from '../resolve';
import { cloudfrontPrefixListFor } from '../../platform/cloudfront-prefix-lists';
import { drBuildsLoadBalancer, environmentDnsPlan, normalizeName } from '../../dr/dns-plan';
import { failoverProbe } from '../../dr/failover-probe';

type Issue = Omit<CrossFieldIssue, 'environment'>;
type EdgePlan = Pick<EnvironmentPlan, 'edge' | 'buckets'> & Partial<Pick<EnvironmentPlan, 'specDirectory'>>;

/** Data classes CloudFront serves only with signed URLs or cookies unless the spec records a reviewed exception. */
export const SIGNED_DATA_CLASSES: readonly string[] = ['phi', 'pii'];

/**
 * Who may reach the ALB: 'cloudfront' (the origin-facing prefix list and the secret origin header) by default when
 * the CDN serves it, else 'public'.
 */
export function albAccess(plan: Pick<EnvironmentPlan, 'edge'>): 'cloudfront' | 'public' {
  return plan.edge?.alb?.access ?? (plan.edge?.cdn?.origins.includes('alb') ? 'cloudfront' : 'public');
}

/**
 * Whether the ALB keeps a port-80 listener that redirects to HTTPS. Off in production by default (browsers reach
 * the platform over HTTPS names; one listener less to attack), on elsewhere; never behind CloudFront, which reaches
 * the ALB over HTTPS only.
 */
export function albHttpRedirect(plan: Pick<EnvironmentPlan, 'edge' | 'tier'>): boolean {
  return plan.edge?.alb?.httpRedirect ?? (plan.tier !== 'production' && albAccess(plan) === 'public');
}

/** Bucket origins CloudFront serves only to signed URLs or cookies: phi/pii buckets not listed in unsignedOrigins. */
export function signedBucketOrigins(plan: Pick<EnvironmentPlan, 'edge' | 'buckets'>): string[] {
  const cdn = plan.edge?.cdn;
  if (!cdn) return [];
  const unsigned = new Set(cdn.unsignedOrigins?.origins ?? []);
  return cdn.origins.filter((o) => o !== 'alb' && SIGNED_DATA_CLASSES.includes(plan.buckets?.[o]?.dataClass ?? '') && !unsigned.has(o));
}

/** What is wrong with a PEM public key file for CloudFront signed URLs (RSA 2048 or ECDSA P-256), if anything. */
export function publicKeyProblem(file: string): string | undefined {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch {
    return `cannot read ${file}`;
  }
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) return `${file} is not a PEM public key (expected -----BEGIN PUBLIC KEY-----; never put a private key in the spec)`;
  try {
    const key = crypto.createPublicKey(pem);
    const details = key.asymmetricKeyDetails;
    // CloudFront verifies signed URLs and cookies with RSA 2048 or ECDSA 256 keys:
    // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_PublicKey.html
    if (key.asymmetricKeyType === 'rsa' && details?.modulusLength === 2048) return undefined;
    if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return undefined;
    return `${file} is a ${key.asymmetricKeyType} key${details?.modulusLength ? ` of ${details.modulusLength} bits` : details?.namedCurve ? ` on ${details.namedCurve}` : ''}; CloudFront accepts RSA 2048 or ECDSA P-256 keys`;
  } catch (e) {
    return `${file} does not parse as a public key (${(e as Error).message})`;
  }
}

function signingIssues(plan: EdgePlan): Issue[] {
  const cdn = plan.edge?.cdn;
  if (!cdn) return [];
  const issues: Issue[] = [];
  const unsigned = cdn.unsignedOrigins?.origins ?? [];
  const buckets = plan.buckets ?? {};
  if (!cdn.signedUrls) {
    cdn.origins.forEach((origin, i) => {
      const dataClass = buckets[origin]?.dataClass;
      if (origin === 'alb' || !dataClass || !SIGNED_DATA_CLASSES.includes(dataClass) || unsigned.includes(origin)) return;
      issues.push({ path: ['edge', 'cdn', 'origins', i], message: `bucket ${origin} holds ${dataClass}: CloudFront must serve it only with signed URLs or cookies (give edge.cdn.signedUrls.publicKeys), or leave it out of the CDN; serving it to anyone with the URL needs a reviewed edge.cdn.unsignedOrigins (reason, approvedBy, expires)` });
    });
  }
  unsigned.forEach((origin, i) => {
    const at = ['edge', 'cdn', 'unsignedOrigins', 'origins', i];
    if (!cdn.origins.includes(origin)) issues.push({ path: at, message: `${origin} is not one of edge.cdn.origins` });
    else if (!SIGNED_DATA_CLASSES.includes(buckets[origin]?.dataClass ?? '')) issues.push({ path: at, message: `bucket ${origin} holds no phi or pii: it is served unsigned anyway, leave it out of unsignedOrigins` });
  });
  if (cdn.signedUrls && plan.specDirectory) {
    cdn.signedUrls.publicKeys.forEach((file, i) => {
      const problem = publicKeyProblem(path.resolve(plan.specDirectory!, file));
      if (problem) issues.push({ path: ['edge', 'cdn', 'signedUrls', 'publicKeys', i], message: `${problem} (paths are relative to the spec file)` });
    });
  }
  return issues;
}

/**
 * An ALB that admits only CloudFront: the CDN must serve it, every region with an ALB needs the prefix list id, and
 * nothing else (Route 53 health checkers, plain HTTP) may be expected to reach it.
 */
export function albAccessIssues(plan: EnvironmentPlan): Issue[] {
  const edge = plan.edge;
  if (!edge?.alb) return [];
  const issues: Issue[] = [];
  const access = albAccess(plan);
  if (access === 'cloudfront') {
    if (!edge.cdn?.origins.includes('alb')) {
      issues.push({ path: ['edge', 'alb', 'access'], message: "access 'cloudfront' needs edge.cdn with origin 'alb'; without a CDN in front, the ALB is public" });
      return issues;
    }
    const regions = [plan.regions.primary, ...(drBuildsLoadBalancer(plan) && plan.regions.dr ? [plan.regions.dr] : [])];
    for (const region of regions) {
      if (!cloudfrontPrefixListFor(region, edge.alb.cloudfrontPrefixLists)) {
        issues.push({ path: ['edge', 'alb', 'cloudfrontPrefixLists'], message: `Haven does not know the id of com.amazonaws.global.cloudfront.origin-facing in ${region}: look it up (aws ec2 describe-managed-prefix-lists --region ${region}) and give it as edge.alb.cloudfrontPrefixLists.${region}` });
      }
    }
    if ((plan.network.natGateways ?? plan.defaults.natGateways) === 'none') {
      // The origin header rotation calls CloudFront's API, which has no VPC endpoint, from the app subnets.
      issues.push({ path: ['edge', 'alb', 'access'], message: "access 'cloudfront' rotates the secret origin header from a function in the app subnets, which reaches CloudFront's API only through a NAT gateway: set network.natGateways single or per-az, or edge.alb.access: public" });
    }
    if (edge.alb.httpRedirect) {
      issues.push({ path: ['edge', 'alb', 'httpRedirect'], message: 'CloudFront reaches the ALB over HTTPS only, and the origin-facing prefix list weighs 55 of the 60 rules a security group holds: a port-80 listener cannot be opened to it' });
    }
    // Route 53 health checkers do not come from CloudFront and send no origin header.
    edge.dns?.healthChecks?.forEach((hc, i) => {
      if (hc.target === 'alb') issues.push({ path: ['edge', 'dns', 'healthChecks', i, 'target'], message: "Route 53 health checkers cannot reach an ALB that admits only CloudFront: probe target 'cdn', or set edge.alb.access: public" });
    });
    issues.push(...cloudfrontOnlyFailoverIssues(plan));
  }
  return issues;
}

/**
 * A failover pair in front of a CloudFront-only ALB works when CloudFront is its only client, i.e. the pair replaces
 * the record CloudFront uses as its origin (both ALBs then see CloudFront with the origin header), and when the
 * endpoint child has an alarm to watch: Route 53 health checkers cannot probe the ALB, so the primary stack alarms on
 * the healthy targets of the Haven service answering the health-check path (src/dr/failover-probe.ts). Without such
 * a service (e.g. the ALB routes to Kubernetes workloads Haven does not attach) there is nothing to watch.
 */
function cloudfrontOnlyFailoverIssues(plan: EnvironmentPlan): Issue[] {
  const failover = environmentDnsPlan(plan.name, plan).failover;
  const domain = plan.edge?.domain;
  if (!failover || !domain || (failover.origin?.kind !== 'alb' && failover.secondary.kind !== 'dr-alb')) return [];
  const originName = normalizeName(`${plan.edge?.alb?.recordName ?? 'app'}.${domain.name}`);
  if (failover.name !== originName) {
    return [{ path: ['dr', 'failover', 'recordName'], message: `viewers would reach ${failover.name} directly, but the ALB admits only CloudFront: fail over ${originName} (CloudFront's origin), fail over the CDN's record, or set edge.alb.access: public` }];
  }
  if (failover.origin?.kind === 'alb' && !failoverProbe(plan)) {
    return [{ path: ['dr', 'failover', 'healthCheckPath'], message: `Route 53 health checkers cannot probe an ALB that admits only CloudFront, and no public service answers ${failover.healthCheckPath} for Haven to watch its healthy targets instead: route the path to a service, or set edge.alb.access: public` }];
  }
  return [];
}

/** Issues of one environment's edge section that a field-by-field schema cannot see. */
export function edgeIssues(plan: EdgePlan): Issue[] {
  const edge = plan.edge;
  if (!edge) return [];
  const issues: Issue[] = [...signingIssues(plan)];
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
export const edgeRule: CrossFieldRule = (_spec, plans, { date }) =>
  Object.entries(plans).flatMap(([environment, plan]) => {
    const issues = [...edgeIssues(plan), ...(plan.regions ? albAccessIssues(plan) : [])];
    const unsigned = plan.edge?.cdn?.unsignedOrigins;
    // Valid through its expiry day; `date` is the day Haven validates for (ISO days compare as strings).
    if (unsigned && unsigned.expires < date) {
      issues.push({ path: ['edge', 'cdn', 'unsignedOrigins', 'expires'], message: `the exception for serving ${unsigned.origins.join(', ')} without signatures expired on ${unsigned.expires}; review and renew it, or serve them with signed URLs` });
    }
    return issues.map((issue) => ({ ...issue, environment }));
  });
