import { describe, expect, it } from 'vitest';
import { multiRegionIssues, type SynthesizedStack } from '../../src/dr/multi-region';

const record = (name: string, setIdentifier?: string) => ({ Type: 'AWS::Route53::RecordSet', Properties: { HostedZoneId: 'Z1', Name: name, Type: 'CNAME', SetIdentifier: setIdentifier } });

describe('multi-region safety checks', () => {
  it('accepts a PRIMARY record in one region and a SECONDARY record in the other', () => {
    const stacks: SynthesizedStack[] = [
      { name: 'primary', region: 'ca-central-1', template: { Resources: { A: record('app.example.com.', 'primary') } } },
      { name: 'dr', region: 'us-east-1', template: { Resources: { B: record('app.example.com.', 'secondary') } } },
    ];
    expect(multiRegionIssues(stacks)).toEqual([]);
  });

  it('flags the same record, health check or named IAM role created in two stacks', () => {
    const role = { Type: 'AWS::IAM::Role', Properties: { RoleName: 'deployer' } };
    const hc = { Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { FullyQualifiedDomainName: 'a', ResourcePath: '/health' } } };
    const issues = multiRegionIssues([
      { name: 'primary', region: 'ca-central-1', template: { Resources: { R: record('app.example.com.'), Role: role, H: hc } } },
      { name: 'dr', region: 'us-east-1', template: { Resources: { R: record('app.example.com.'), Role: role, H: hc } } },
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/Route 53 record app.example.com. CNAME is also created by primary\/R/),
      expect.stringMatching(/AWS::IAM::Role deployer \(IAM is global\)/),
      expect.stringMatching(/health check/),
    ]);
    expect(issues.every((i) => i.stack === 'dr')).toBe(true);
  });

  it('puts CloudFront WAF and certificates in us-east-1', () => {
    const issues = multiRegionIssues([{
      name: 'primary', region: 'ca-central-1', template: { Resources: {
        Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'CLOUDFRONT' } },
        Regional: { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'REGIONAL' } },
        Cert: { Type: 'AWS::CertificateManager::Certificate', Properties: {} },
        Dist: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { ViewerCertificate: { AcmCertificateArn: { Ref: 'Cert' } } } } },
      } },
    }, {
      name: 'edge', region: 'us-east-1', template: { Resources: { Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'CLOUDFRONT' } } } },
    }]);
    expect(issues.map((i) => i.logicalId)).toEqual(['Acl', 'Dist']);
  });

  it('flags an import of an export from another region', () => {
    const issues = multiRegionIssues([
      { name: 'dr', region: 'us-east-1', template: { Outputs: { O: { Export: { Name: 'dr:KeyArn' } } } } },
      { name: 'primary', region: 'ca-central-1', template: { Resources: { X: { Type: 'AWS::S3::Bucket', Properties: { K: { 'Fn::ImportValue': 'dr:KeyArn' } } } } } },
    ]);
    expect(issues).toEqual([expect.objectContaining({ stack: 'primary', message: expect.stringMatching(/exports are regional/) })]);
  });
});
