import { describe, expect, it } from 'vitest';
import { issuesOf } from '../issues';

const spec = (euOverride: string) => `project:
  name: demo
compliance:
  frameworks: [soc2]
regions:
  primary: us-east-1
network:
  cidr: 10.0.0.0/16
access:
  clientVpn:
    cidr: 10.100.0.0/22
    serverCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/server
    clientRootCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/client
environments:
  production:
    tier: production
  eu:
    tier: production
    regions:
      primary: eu-west-1
    network:
      cidr: 10.2.0.0/16
${euOverride}`;


describe('certificates of regional resources', () => {
  it('rejects a shared certificate from another region for an environment elsewhere, pointing at the field', () => {
    const issues = issuesOf(spec(''));
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['access.clientVpn.serverCertificateArn', 12],
      ['access.clientVpn.clientRootCertificateArn', 13],
    ]);
    expect(issues[0].message).toMatch(/regional: this one is in us-east-1, but the Client VPN endpoint runs in eu-west-1.*environment eu/);
  });

  it('accepts the environment\'s own certificates', () => {
    const override = `    access:
      clientVpn:
        serverCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/server
        clientRootCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/client
`;
    expect(issuesOf(spec(override))).toEqual([]);
  });

  it('checks the load balancer certificate too', () => {
    const text = spec('').replace('access:\n  clientVpn:\n    cidr: 10.100.0.0/22\n    serverCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/server\n    clientRootCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/client\n',
      'edge:\n  domain:\n    name: demo.example.com\n    certificateArn: arn:aws:acm:us-west-2:123456789012:certificate/alb\n  alb: {}\n');
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path)).toEqual(['edge.domain.certificateArn', 'edge.domain.certificateArn']);
    expect(issues.map((i) => i.message).join('\n')).toMatch(/in us-west-2, but the load balancer runs in us-east-1/);
  });
});
