import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SecurityHub, ThreatDetector, securityHubStandardArn } from '../../../src/constructs/threat-detection';

const newStack = (region = 'ca-central-1') => new Stack(new App(), 'S', { env: { account: '111111111111', region } });

describe('ThreatDetector', () => {
  it('enables S3, EKS audit, RDS login and EBS malware protection by default through Features', () => {
    const stack = newStack();
    new ThreatDetector(stack, 'G');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      Features: Match.arrayWith([
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }, { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' }, { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'DISABLED' },
      ]),
    });
    const det = Object.values(t.findResources('AWS::GuardDuty::Detector'))[0];
    expect(det.Properties.DataSources).toBeUndefined();
  });

  it('manages the runtime agent when runtime monitoring is chosen and disables unrequested features', () => {
    const stack = newStack();
    new ThreatDetector(stack, 'G', { features: ['runtime'] });
    Template.fromStack(stack).hasResourceProperties('AWS::GuardDuty::Detector', {
      Features: Match.arrayWith([
        { Name: 'S3_DATA_EVENTS', Status: 'DISABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' }, { Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' }] },
      ]),
    });
  });
});

describe('SecurityHub', () => {
  it('builds region-specific standards ARNs (CIS 1.2 is global)', () => {
    expect(securityHubStandardArn('aws-foundational', 'ca-central-1')).toBe('arn:aws:securityhub:ca-central-1::standards/aws-foundational-security-best-practices/v/1.0.0');
    expect(securityHubStandardArn('nist-800-53', 'us-east-1')).toBe('arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0');
    expect(securityHubStandardArn('cis-3.0', 'eu-west-1')).toBe('arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0');
    expect(securityHubStandardArn('pci-dss-3.2.1', 'us-west-2')).toBe('arn:aws:securityhub:us-west-2::standards/pci-dss/v/3.2.1');
    expect(securityHubStandardArn('cis-1.2', 'us-west-2')).toBe('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0');
  });

  it('enables the hub without AWS defaults and each chosen standard after it', () => {
    const stack = newStack('ca-central-1');
    new SecurityHub(stack, 'H', { standards: ['aws-foundational', 'cis-1.4', 'aws-foundational'] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL' });
    t.resourceCountIs('AWS::SecurityHub::Standard', 2);
    t.hasResource('AWS::SecurityHub::Standard', {
      Properties: { StandardsArn: 'arn:aws:securityhub:ca-central-1::standards/cis-aws-foundations-benchmark/v/1.4.0' },
      DependsOn: [Match.stringLikeRegexp('^HHub')],
    });
  });

  it('uses the region pseudo parameter in an environment-agnostic stack', () => {
    const stack = new Stack(new App(), 'S');
    new SecurityHub(stack, 'H');
    Template.fromStack(stack).hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: 'AWS::Region' }])] },
    });
  });
});
