import { describe, expect, it } from 'vitest';
import { accessSchema } from '../../../src/spec/sections/access';

const vpn = {
  cidr: '10.100.0.0/22',
  serverCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
  clientRootCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/def-456',
};

describe('access section', () => {
  it('accepts a bastion as true or with an instance type', () => {
    expect(accessSchema.parse({ bastion: true }).bastion).toBe(true);
    expect(accessSchema.parse({ bastion: { instanceType: 't3.small' } }).bastion).toEqual({ instanceType: 't3.small' });
  });

  it('refuses SSH-style bastion options', () => {
    expect(accessSchema.safeParse({ bastion: { keyName: 'ops' } }).success).toBe(false);
    expect(accessSchema.safeParse({ bastion: { sshCidr: '0.0.0.0/0' } }).success).toBe(false);
  });

  it('accepts TechCorp\'s Client VPN', () => {
    const parsed = accessSchema.parse({ clientVpn: { ...vpn, splitTunnel: true } });
    expect(parsed.clientVpn?.cidr).toBe('10.100.0.0/22');
  });

  it('rejects a client CIDR outside /12-/22 and non-ACM certificates', () => {
    const r = accessSchema.safeParse({ clientVpn: { ...vpn, cidr: '10.100.0.0/24' } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('/12 and /22');
    expect(accessSchema.safeParse({ clientVpn: { ...vpn, serverCertificateArn: 'arn:aws:iam::123456789012:server-certificate/x' } }).success).toBe(false);
  });

  it('accepts a source allowlist of valid CIDRs only', () => {
    expect(accessSchema.safeParse({ clientVpn: { ...vpn, allowedSourceCidrs: ['203.0.113.0/24'] } }).success).toBe(true);
    expect(accessSchema.safeParse({ clientVpn: { ...vpn, allowedSourceCidrs: ['203.0.113.5/24'] } }).success).toBe(false);
    expect(accessSchema.safeParse({ clientVpn: { ...vpn, allowedSourceCidrs: [] } }).success).toBe(false);
  });

  it('requires both certificates for mutual authentication', () => {
    expect(accessSchema.safeParse({ clientVpn: { cidr: vpn.cidr, serverCertificateArn: vpn.serverCertificateArn } }).success).toBe(false);
  });
});
