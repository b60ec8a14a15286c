import { createHash } from 'node:crypto';

/** Deterministic stand-ins for the random parts of AWS identifiers: the same seed always gives the same id. */
export function digest(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** `n` uppercase alphanumerics, like the suffix CloudFormation appends to generated names (`MyStack-MyBucket-1A2B3C4D5E6F`). */
export function suffix(seed: string, n = 12): string {
  return BigInt(`0x${digest(seed)}`).toString(36).toUpperCase().slice(0, n).padEnd(n, '0');
}

export function hex(seed: string, n: number): string {
  return digest(seed).slice(0, n);
}

export function uuid(seed: string): string {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * CloudFormation's generated physical name: "the stack name, the logical ID of the resource, and a random string",
 * each part shortened so the whole fits the resource type's length limit
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html).
 */
export function generatedName(stackName: string, logicalId: string, opts: { maxLength?: number; lowercase?: boolean } = {}): string {
  const max = opts.maxLength ?? 255;
  const tail = suffix(`${stackName}/${logicalId}`, max < 64 ? 8 : 12);
  const room = Math.max(2, max - tail.length - 2);
  const stackPart = stackName.slice(0, Math.ceil(room / 2));
  const logicalPart = logicalId.slice(0, room - stackPart.length);
  const name = `${stackPart}-${logicalPart}-${tail}`;
  return opts.lowercase ? name.toLowerCase() : name;
}
