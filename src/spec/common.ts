import { z } from 'zod';

/** AWS commercial regions Haven knows (prices, HIPAA eligibility and residency are keyed by these). */
export const AWS_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'ca-west-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'sa-east-1', 'me-central-1', 'af-south-1',
] as const;
export type AwsRegion = (typeof AWS_REGIONS)[number];

export const region = z.enum(AWS_REGIONS, { error: (iss) => `unknown AWS region ${JSON.stringify(iss.input)}; expected one of ${AWS_REGIONS.join(', ')}` });

/** IPv4 CIDR block such as 10.0.0.0/16 (network address must be aligned to the prefix). */
export const cidr = z.string().refine(isCidr, { error: (iss) => `expected an IPv4 CIDR block such as 10.0.0.0/16, got ${JSON.stringify(iss.input)}` });

export function isCidr(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return false;
  const ip = ipToInt(octets);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((ip & mask) >>> 0) === ip;
}

function ipToInt(octets: number[]): number {
  return (((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3]) >>> 0;
}

/** [first, last] address of a CIDR block as unsigned integers. */
export function cidrRange(block: string): [number, number] {
  const [ip, prefixText] = block.split('/');
  const start = ipToInt(ip.split('.').map(Number));
  const size = 2 ** (32 - Number(prefixText));
  return [start, start + size - 1];
}

export function cidrsOverlap(a: string, b: string): boolean {
  const [a0, a1] = cidrRange(a);
  const [b0, b1] = cidrRange(b);
  return a0 <= b1 && b0 <= a1;
}

export function cidrContains(outer: string, inner: string): boolean {
  const [o0, o1] = cidrRange(outer);
  const [i0, i1] = cidrRange(inner);
  return o0 <= i0 && i1 <= o1;
}

/** Lower-case name usable in resource names: letters, digits, hyphens. */
export const resourceName = z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'expected a lower-case name of 2-32 letters, digits or hyphens, starting with a letter');

export const positiveInt = z.number().int().positive();

/** Retention in days; CloudWatch Logs accepts only specific values, checked where used. */
export const days = z.number().int().min(1).max(3653);

export const email = z.email({ error: (iss) => `expected an e-mail address, got ${JSON.stringify(iss.input)}` });

export const tags = z.record(z.string().min(1).max(128), z.string().max(256));

/** Environment tier: drives defaults for availability, protection, retention and monitoring. */
export const TIERS = ['development', 'staging', 'production'] as const;
export type Tier = (typeof TIERS)[number];
