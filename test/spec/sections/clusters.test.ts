import { describe, expect, it } from 'vitest';
import { deepPartial } from '../../../src/spec/partial';
import { clustersSchema } from '../../../src/spec/sections/clusters';

const estateKit = {
  main: {
    version: '1.35',
    nodeGroups: { managed: { instanceTypes: ['t3.large'], min: 3, max: 10, diskGb: 100 } },
    ingress: [
      { port: 443, cidr: '10.0.0.0/16' },
      { port: 8443, cidr: '10.0.0.0/16' },
    ],
    namespaces: ['estate-kit'],
  },
};

describe('clusters section', () => {
  it('accepts the Estate Kit cluster', () => {
    const parsed = clustersSchema.parse(estateKit);
    expect(parsed.main.nodeGroups?.managed.max).toBe(10);
    expect(parsed.main.ingress).toHaveLength(2);
  });

  it('rejects unknown keys', () => {
    expect(clustersSchema.safeParse({ main: { ...estateKit.main, sshKey: 'x' } }).success).toBe(false);
  });

  it('rejects min above max and desired outside the range', () => {
    const bad = (g: object) => clustersSchema.safeParse({ main: { nodeGroups: { g: { instanceTypes: ['t3.large'], ...g } } } });
    expect(bad({ min: 5, max: 3 }).success).toBe(false);
    const r = bad({ min: 3, max: 10, desired: 11 });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('desired must lie between min and max');
  });

  it('rejects a malformed version and ingress CIDR', () => {
    expect(clustersSchema.safeParse({ main: { version: '1.24.3' } }).success).toBe(false);
    expect(clustersSchema.safeParse({ main: { ingress: [{ port: 443, cidr: '10.0.0.1/16' }] } }).success).toBe(false);
    expect(clustersSchema.safeParse({ main: { ingress: [{ port: 70000, cidr: '10.0.0.0/16' }] } }).success).toBe(false);
  });

  it('refuses a public endpoint without CIDRs, and CIDRs on a private one', () => {
    const r = clustersSchema.safeParse({ main: { endpointAccess: 'public-and-private' } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('never opens the Kubernetes API');
    expect(clustersSchema.safeParse({ main: { publicAccessCidrs: ['203.0.113.0/24'] } }).success).toBe(false);
    expect(clustersSchema.safeParse({ main: { endpointAccess: 'public-and-private', publicAccessCidrs: ['203.0.113.0/24'] } }).success).toBe(true);
  });

  it('accepts admin role ARNs and rejects users or wildcards', () => {
    expect(clustersSchema.safeParse({ main: { admins: ['arn:aws:iam::123456789012:role/platform-admin'] } }).success).toBe(true);
    expect(clustersSchema.safeParse({ main: { admins: ['arn:aws:iam::123456789012:user/bob'] } }).success).toBe(false);
    expect(clustersSchema.safeParse({ main: { admins: ['*'] } }).success).toBe(false);
  });

  it('rejects invalid namespace names', () => {
    expect(clustersSchema.safeParse({ main: { namespaces: ['Bad_Name'] } }).success).toBe(false);
  });

  it('lets an environment override just the node group size', () => {
    const override = deepPartial(clustersSchema);
    expect(override.safeParse({ main: { nodeGroups: { managed: { max: 4 } } } }).success).toBe(true);
  });
});
