import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpecError, type SpecIssue } from '../../../src/spec/errors';
import { loadSpec } from '../../../src/spec/loader';
import { albAccess, albHttpRedirect, publicKeyProblem, signedBucketOrigins } from '../../../src/spec/rules/edge';
import { CLOUDFRONT_ORIGIN_FACING, cloudfrontPrefixListFor } from '../../../src/platform/cloudfront-prefix-lists';
import { AWS_REGIONS } from '../../../src/spec/common';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-edge-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pem = (options: Parameters<typeof crypto.generateKeyPairSync>[1] & object, type: 'rsa' | 'ec') =>
  (crypto.generateKeyPairSync(type as 'rsa', options as crypto.RSAKeyPairOptions<'pem', 'pem'>).publicKey as unknown as string);
fs.mkdirSync(path.join(dir, 'keys'));
fs.writeFileSync(path.join(dir, 'keys', 'rsa2048.pem'), pem({ modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as never, 'rsa'));
fs.writeFileSync(path.join(dir, 'keys', 'rsa1024.pem'), pem({ modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as never, 'rsa'));
fs.writeFileSync(path.join(dir, 'keys', 'ec256.pem'), pem({ namedCurve: 'prime256v1', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as never, 'ec'));
fs.writeFileSync(path.join(dir, 'keys', 'private.pem'), crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);

function load(text: string) {
  const file = path.join(dir, 'spec.yaml');
  fs.writeFileSync(file, text);
  return loadSpec(file);
}

function issuesOf(text: string): SpecIssue[] {
  try {
    load(text);
    return [];
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
}

const spec = (cdn: string, extra = '', alb = '  alb: {}\n') => `project:
  name: demo
compliance:
  frameworks: [soc2]
regions:
  primary: us-east-1
network:
  cidr: 10.0.0.0/16
buckets:
  photos: { dataClass: phi }
  assets: { dataClass: public }
  logs: { dataClass: logs, accessLogs: true }
edge:
  domain: { name: example.com, hostedZoneId: Z0EXAMPLE000000000001 }
${alb}  cdn:
${cdn}
${extra}environments:
  production:
    tier: production
  staging:
    tier: staging
    edge: { alb: { recordName: staging.app }, cdn: { recordName: staging.cdn } }
`;

describe('edge rule: personal data through the CDN', () => {
  it('a phi bucket served without signed URLs is an error at its origin entry; a public bucket is not', () => {
    const issues = issuesOf(spec('    origins: [photos, assets]'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'edge.cdn.origins[0]', line: 17 });
    expect(issues[0].message).toMatch(/photos holds phi.*signedUrls.*unsignedOrigins/);
  });

  it('signed URLs with an RSA 2048 or ECDSA P-256 key (relative to the spec file) pass, and only the phi origin is signed', () => {
    const { plans } = load(spec('    origins: [photos, assets]\n    signedUrls: { publicKeys: [keys/rsa2048.pem, keys/ec256.pem] }'));
    expect(signedBucketOrigins(plans.production)).toEqual(['photos']);
  });

  it('a missing file, a short RSA key or a private key is an error at that key', () => {
    const issues = issuesOf(spec('    origins: [photos]\n    signedUrls: { publicKeys: [keys/none.pem, keys/rsa1024.pem, keys/private.pem] }'));
    expect(issues.map((i) => i.path)).toEqual(['edge.cdn.signedUrls.publicKeys[0]', 'edge.cdn.signedUrls.publicKeys[1]', 'edge.cdn.signedUrls.publicKeys[2]']);
    expect(issues[0].message).toMatch(/cannot read .*none\.pem/);
    expect(issues[1].message).toMatch(/1024 bits.*RSA 2048 or ECDSA P-256/);
    expect(issues[2].message).toMatch(/not a PEM public key/);
  });

  it('serving phi unsigned needs a reviewed, unexpired exception naming real phi origins', () => {
    const exception = (origins: string, expires: string) => `    origins: [photos, assets]\n    unsignedOrigins: { origins: [${origins}], reason: Public marketing photos approved by the privacy office, approvedBy: privacy@example.com, expires: ${expires} }`;
    expect(issuesOf(spec(exception('photos', '2099-01-01')))).toEqual([]);
    const { plans } = load(spec(exception('photos', '2099-01-01')));
    expect(signedBucketOrigins(plans.production)).toEqual([]);
    expect(issuesOf(spec(exception('photos', '2001-01-01'))).map((i) => [i.path, i.message])).toEqual([['edge.cdn.unsignedOrigins.expires', expect.stringMatching(/expired on 2001-01-01/)]]);
    expect(issuesOf(spec(exception('photos, assets, logs', '2099-01-01'))).map((i) => i.path)).toEqual(['edge.cdn.unsignedOrigins.origins[1]', 'edge.cdn.unsignedOrigins.origins[2]']);
  });
});

describe('edge rule: an ALB behind CloudFront', () => {
  it('defaults to CloudFront-only access when the CDN serves the ALB, with no port-80 listener; public otherwise', () => {
    const { plans } = load(spec('    origins: [alb]'));
    expect(albAccess(plans.production)).toBe('cloudfront');
    expect(albHttpRedirect(plans.staging)).toBe(false);
    const open = load(spec('    origins: [assets]')).plans;
    expect(albAccess(open.staging)).toBe('public');
    expect(albHttpRedirect(open.staging)).toBe(true);
    expect(albHttpRedirect(open.production)).toBe(false);
  });

  it('refuses a redirect listener, Route 53 health checks on the ALB, and cloudfront access without the CDN in front', () => {
    const withChecks = spec('    origins: [alb]', 'dns_placeholder', '  alb: { httpRedirect: true }\n  dns: { healthChecks: [{ target: alb }, { target: cdn }] }\n')
      .replace('dns_placeholder', '');
    expect(issuesOf(withChecks).map((i) => i.path).sort()).toEqual(['edge.alb.httpRedirect', 'edge.dns.healthChecks[0].target']);
    expect(issuesOf(spec('    origins: [assets]', '', '  alb: { access: cloudfront }\n')).map((i) => i.path)).toEqual(['edge.alb.access']);
    expect(issuesOf(spec('    origins: [alb]', '', '  alb: { access: public, httpRedirect: true }\n'))).toEqual([]);
  });

  it('a region without a known prefix list id is an error until the spec gives one', () => {
    const inCapeTown = (alb: string) => spec('    origins: [alb]', '', alb).replace('primary: us-east-1', 'primary: af-south-1');
    const issues = issuesOf(inCapeTown('  alb: {}\n'));
    expect(issues.map((i) => i.path)).toEqual(['edge.alb.cloudfrontPrefixLists']);
    expect(issues[0].message).toMatch(/af-south-1.*describe-managed-prefix-lists/);
    expect(issuesOf(inCapeTown('  alb: { cloudfrontPrefixLists: { af-south-1: pl-0123abcd } }\n'))).toEqual([]);
  });

  it('the table knows every region Haven prices except the newest, and the override wins', () => {
    for (const id of Object.values(CLOUDFRONT_ORIGIN_FACING)) expect(id).toMatch(/^pl-[0-9a-f]{8}$/);
    expect(Object.keys(CLOUDFRONT_ORIGIN_FACING).every((r) => (AWS_REGIONS as readonly string[]).includes(r))).toBe(true);
    expect(cloudfrontPrefixListFor('ca-central-1')).toBe('pl-38a64351');
    expect(cloudfrontPrefixListFor('ca-central-1', { 'ca-central-1': 'pl-00000000' })).toBe('pl-00000000');
  });
});

describe('publicKeyProblem', () => {
  it('accepts RSA 2048 and ECDSA P-256 keys only', () => {
    expect(publicKeyProblem(path.join(dir, 'keys', 'rsa2048.pem'))).toBeUndefined();
    expect(publicKeyProblem(path.join(dir, 'keys', 'ec256.pem'))).toBeUndefined();
    expect(publicKeyProblem(path.join(dir, 'keys', 'rsa1024.pem'))).toMatch(/1024/);
  });
});

describe('edge rule: DNS failover next to a CloudFront-only ALB', () => {
  const withFailover = (recordName: string) => `project:
  name: demo
compliance:
  frameworks: [soc2]
regions:
  primary: us-east-1
  dr: us-west-2
network:
  cidr: 10.0.0.0/16
  drCidr: 10.1.0.0/16
edge:
  domain: { name: example.com, hostedZoneId: Z0EXAMPLE000000000001 }
  alb: {}
  cdn: { origins: [alb] }
dr:
  strategy: warm-standby
  failover: { zoneName: example.com, hostedZoneId: Z0EXAMPLE000000000001, recordName: ${recordName} }
environments:
  production:
    tier: production
`;

  const withApi = (text: string, extra = '') => text.replace('environments:', `services:
  api:
    image: api:1
    port: 8080
    public: { paths: [/api/*] }${extra}
environments:`).replace('recordName: app.example.com }', 'recordName: app.example.com, healthCheckPath: /api/health }');

  it('refuses a failover pair whose viewers would reach a CloudFront-only ALB directly', () => {
    const onCdn = issuesOf(withFailover('cdn.example.com')).filter((i) => i.path.startsWith('dr.failover'));
    expect(onCdn.map((i) => [i.path, i.message])).toEqual([['dr.failover.recordName', expect.stringMatching(/viewers would reach cdn\.example\.com directly.*fail over app\.example\.com/)]]);
  });

  it('refuses a pair on the origin record when no Haven service answers the health path (nothing to alarm on)', () => {
    const noService = issuesOf(withFailover('app.example.com')).filter((i) => i.path.startsWith('dr.failover'));
    expect(noService.map((i) => [i.path, i.message])).toEqual([['dr.failover.healthCheckPath', expect.stringMatching(/cannot probe an ALB that admits only CloudFront.*no public service answers \/health/)]]);
    expect(issuesOf(withFailover('app.example.com').replace('  alb: {}', '  alb: { access: public }'))).toEqual([]);
  });

  it('accepts a pair on the origin record when a public service answers the health path', () => {
    expect(issuesOf(withApi(withFailover('app.example.com')))).toEqual([]);
    expect(issuesOf(withApi(withFailover('app.example.com'), '\n    deployment: { strategy: blue-green }'))).toEqual([]);
  });
});

describe('edge rule: what the origin header rotation needs', () => {
  const behindCdn = (paths: string, extra = '') => `project:
  name: demo
compliance:
  frameworks: [soc2]
regions:
  primary: us-east-1
network:
  cidr: 10.0.0.0/16${extra}
edge:
  domain: { name: example.com, hostedZoneId: Z0EXAMPLE000000000001 }
  alb: {}
  cdn: { origins: [alb] }
services:
  api:
    image: api:1
    port: 8080
    public: { paths: [${paths}] }
environments:
  production:
    tier: production
`;

  it('keeps two of the five rule values for the header behind CloudFront (old and new value while it rotates)', () => {
    expect(issuesOf(behindCdn('/a, /b, /c'))).toEqual([]);
    const issues = issuesOf(behindCdn('/a, /b, /c, /d'));
    expect(issues.map((i) => [i.path, i.message])).toEqual([['services.api.public.paths', expect.stringMatching(/at most 3 paths and hosts together \(behind CloudFront the secret origin header takes 2 of the 5 while it rotates\).*got 4 values/)]]);
    // A public ALB has no header condition: five values remain.
    expect(issuesOf(behindCdn('/a, /b, /c, /d').replace('  alb: {}', '  alb: { access: public }'))).toEqual([]);
  });

  it('needs a NAT gateway: the rotation function calls CloudFront, which has no VPC endpoint', () => {
    const issues = issuesOf(behindCdn('/a', '\n  natGateways: none'));
    expect(issues.map((i) => [i.path, i.message])).toEqual([['edge.alb.access', expect.stringMatching(/reaches CloudFront's API only through a NAT gateway/)]]);
  });
});
