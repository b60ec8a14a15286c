import { App } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SecureNetwork } from '../../../src/constructs/network';
import { ZonedStack } from '../../../src/platform/zoned-stack';
import { testStack } from '../../helpers';

function build(props: Partial<ConstructorParameters<typeof SecureNetwork>[2]> = {}) {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key');
  const network = new SecureNetwork(stack, 'Net', { cidr: '10.0.0.0/16', maxAzs: 2, flowLogKey: key, ...props });
  return { stack, network, t: Template.fromStack(stack) };
}

describe('SecureNetwork', () => {
  it('spreads each tier over the zones it is given, one NAT gateway per zone, and no context lookup', () => {
    const stack = new ZonedStack(new App(), 'Zoned', { env: { account: '123456789012', region: 'ca-central-1' } });
    new SecureNetwork(stack, 'Net', { cidr: '10.0.0.0/16', availabilityZones: ['ca-central-1b', 'ca-central-1d'], flowLogKey: new kms.Key(stack, 'Key') });
    const t = Template.fromStack(stack);
    const zones = Object.values(t.findResources('AWS::EC2::Subnet')).map((s) => s.Properties.AvailabilityZone);
    expect(zones.sort()).toEqual(['ca-central-1b', 'ca-central-1b', 'ca-central-1b', 'ca-central-1d', 'ca-central-1d', 'ca-central-1d']);
    t.resourceCountIs('AWS::EC2::NatGateway', 2);
    expect(App.of(stack)!.synth().manifest.missing ?? []).toEqual([]);
  });

  it('rejects zones the stack does not have', () => {
    const stack = new ZonedStack(new App(), 'Zoned', { env: { account: '123456789012', region: 'ca-central-1' } });
    expect(() => new SecureNetwork(stack, 'Net', { cidr: '10.0.0.0/16', availabilityZones: ['ca-central-1c'], flowLogKey: new kms.Key(stack, 'Key') })).toThrow(/ca-central-1c/);
  });

  it('builds public, app and data subnets in each AZ with one NAT gateway per AZ', () => {
    const { t } = build();
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', EnableDnsHostnames: true });
    t.resourceCountIs('AWS::EC2::Subnet', 6);
    t.resourceCountIs('AWS::EC2::NatGateway', 2);
    t.resourceCountIs('AWS::EC2::InternetGateway', 1);
  });

  it('never auto-assigns public IPs, even in public subnets', () => {
    const { t } = build();
    const subnets = Object.values(t.findResources('AWS::EC2::Subnet'));
    expect(subnets).toHaveLength(6);
    for (const s of subnets) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
  });

  it('uses a single NAT gateway or none when asked', () => {
    expect(Object.keys(build({ natGateways: 'single' }).t.findResources('AWS::EC2::NatGateway'))).toHaveLength(1);
    expect(Object.keys(build({ natGateways: 'none' }).t.findResources('AWS::EC2::NatGateway'))).toHaveLength(0);
  });

  it('places explicit subnet CIDRs where the spec says', () => {
    const { t } = build({ maxAzs: 3, subnetCidrs: { public: ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'], app: ['10.0.11.0/24', '10.0.12.0/24', '10.0.13.0/24'], data: ['10.0.21.0/24', '10.0.22.0/24', '10.0.23.0/24'] } });
    const cidrs = Object.values(t.findResources('AWS::EC2::Subnet')).map((s) => s.Properties.CidrBlock).sort();
    expect(cidrs).toEqual(['10.0.1.0/24', '10.0.11.0/24', '10.0.12.0/24', '10.0.13.0/24', '10.0.2.0/24', '10.0.21.0/24', '10.0.22.0/24', '10.0.23.0/24', '10.0.3.0/24']);
  });

  it('sends all traffic to a KMS-encrypted, retained flow-log group', () => {
    const { t } = build();
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    t.hasResource('AWS::Logs::LogGroup', { Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: 365 }, DeletionPolicy: 'Retain' });
  });

  it('guards the data tier with a network ACL admitting only VPC traffic', () => {
    const { t } = build();
    t.hasResourceProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: '10.0.0.0/16', Egress: false, RuleAction: 'allow', Protocol: -1 });
    t.hasResourceProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: '10.0.0.0/16', Egress: true, RuleAction: 'allow' });
    const entries = Object.values(t.findResources('AWS::EC2::NetworkAclEntry'));
    expect(entries.some((e) => e.Properties.CidrBlock === '0.0.0.0/0')).toBe(false);
    t.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 2);
  });

  it('restricts the default security group', () => {
    build().t.hasResourceProperties('Custom::VpcRestrictDefaultSG', {});
  });

  it('adds gateway and interface endpoints and rejects unknown ones', () => {
    const { t } = build({ endpoints: ['s3', 'secretsmanager'] });
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', PrivateDnsEnabled: true });
    expect(() => build({ endpoints: ['nope'] })).toThrowError(/unknown VPC endpoint nope/);
  });
});
