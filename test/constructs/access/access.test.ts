import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { ClientVpn, SessionManagerBastion, type ClientVpnProps } from '../../../src/constructs/access';

const SERVER = 'arn:aws:acm:us-east-1:123456789012:certificate/server';
const CLIENT = 'arn:aws:acm:us-east-1:123456789012:certificate/client-root';

function stackWithVpc(): { stack: Stack; vpc: ec2.Vpc } {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2 });
  return { stack, vpc };
}

describe('SessionManagerBastion', () => {
  const { stack, vpc } = stackWithVpc();
  new SessionManagerBastion(stack, 'Bastion', { vpc });
  const template = Template.fromStack(stack);

  it('runs in a private subnet (stated on the instance) without a public IP or key pair', () => {
    // The subnet and the bastion's group are on the instance, where the packs see the VPC (EC2InstancesInVPC).
    template.hasResourceProperties('AWS::EC2::Instance', {
      Monitoring: true,
      SubnetId: { Ref: Match.stringLikeRegexp('PrivateSubnet') },
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('BastionSecurityGroup'), 'GroupId'] }],
    });
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0];
    expect(instance.Properties.KeyName).toBeUndefined();
    // AWS takes the subnet on the instance or on an interface, never both: no interface that could ask for a public IP.
    expect(instance.Properties.NetworkInterfaces).toBeUndefined();
    // The private subnets it can land in never map public IPs on launch.
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet', { Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Private' }]) } }))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
    template.resourceCountIs('AWS::EC2::KeyPair', 0);
    template.resourceCountIs('AWS::EC2::EIP', 2); // only the VPC's NAT gateways
  });

  it('has a security group with no ingress at all and HTTPS-only egress', () => {
    const sgs = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Bastion') } });
    expect(Object.keys(sgs)).toHaveLength(1);
    const sg = Object.values(sgs)[0];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  it('uses the AmazonSSMManagedInstanceCore managed policy and no inline wildcard policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
    });
    for (const p of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const s of p.Properties.PolicyDocument.Statement) expect([s.Action].flat()).not.toContain('*');
    }
  });

  it('defaults to a Graviton type that encrypts instance-to-instance traffic (CT.EC2.PR.19), with the arm64 image', () => {
    template.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 'c7g.medium', ImageId: { Ref: Match.stringLikeRegexp('SsmParameterValue.*al2023.*arm64') } });
    const defaults = Object.values(template.toJSON().Parameters as Record<string, { Default?: string }>).map((p) => p.Default ?? '');
    expect(defaults.filter((d) => /al2023/.test(d))).toEqual([expect.stringMatching(/al2023-ami-kernel-[\d.]+-arm64$/)]);
  });

  it('an x86 type chosen by the spec gets the x86_64 image', () => {
    const { stack, vpc } = stackWithVpc();
    new SessionManagerBastion(stack, 'Bastion', { vpc, instanceType: 't3.micro' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't3.micro' });
    const defaults = Object.values(t.toJSON().Parameters as Record<string, { Default?: string }>).map((p) => p.Default ?? '');
    expect(defaults.filter((d) => /al2023/.test(d))).toEqual([expect.stringMatching(/x86_64$/)]);
  });

  it('requires IMDSv2 and encrypts the root volume', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' }, Monitoring: { Enabled: true } } });
    template.hasResourceProperties('AWS::EC2::Instance', {
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: Match.objectLike({ Encrypted: true, VolumeType: 'gp3' }) }],
    });
  });
});

function buildVpn(overrides: Partial<ClientVpnProps> = {}): Template {
  const { stack, vpc } = stackWithVpc();
  const logKey = new kms.Key(stack, 'LogKey');
  new ClientVpn(stack, 'Vpn', { vpc, cidr: '10.100.0.0/22', serverCertificateArn: SERVER, clientRootCertificateArn: CLIENT, logKey, ...overrides });
  return Template.fromStack(stack);
}

describe('SessionManagerBastion placement', () => {
  it('refuses public subnets', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new SessionManagerBastion(stack, 'Bastion', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })).toThrow(/private subnets/);
  });
});

describe('ClientVpn', () => {
  const template = buildVpn();

  it('uses mutual certificate authentication with split tunnel', () => {
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ClientCidrBlock: '10.100.0.0/22',
      ServerCertificateArn: SERVER,
      SplitTunnel: true,
      AuthenticationOptions: [{ Type: 'certificate-authentication', MutualAuthentication: { ClientRootCertificateChainArn: CLIENT } }],
    });
  });

  it('logs connections to a KMS-encrypted log group', () => {
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: { Ref: Match.stringLikeRegexp('VpnConnectionLogs') } },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('LogKey'), 'Arn'] }, RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });

  it('authorises the VPC CIDR and associates with each private subnet', () => {
    template.hasResourceProperties('AWS::EC2::ClientVpnAuthorizationRule', {
      TargetNetworkCidr: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vpc'), 'CidrBlock'] },
      AuthorizeAllGroups: true,
    });
    template.resourceCountIs('AWS::EC2::ClientVpnTargetNetworkAssociation', 2);
    template.hasResourceProperties('AWS::EC2::ClientVpnTargetNetworkAssociation', { SubnetId: { Ref: Match.stringLikeRegexp('PrivateSubnet') } });
  });

  it('keeps VPN clients inside the VPC: no ingress, egress only to the VPC CIDR', () => {
    const sgs = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Client VPN') } });
    const sg = Object.values(sgs)[0];
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(JSON.stringify(sg.Properties.SecurityGroupEgress)).not.toContain('0.0.0.0/0');
  });

  it('has no connect handler without an allowlist', () => {
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('enforces a source IP allowlist through an AWSClientVPN- connect handler', () => {
    const t = buildVpn({ allowedSourceCidrs: ['203.0.113.0/24', '198.51.100.7/32'] });
    t.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.stringLikeRegexp('^AWSClientVPN-'),
      Environment: { Variables: { ALLOWED_CIDRS: '203.0.113.0/24,198.51.100.7/32' } },
      Code: { ZipFile: Match.stringLikeRegexp("'allow': allow") },
    });
    t.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ClientConnectOptions: { Enabled: true, LambdaFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('VpnConnectHandler'), 'Arn'] } },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), LogGroupName: Match.absent() });
  });

  it('adds federated (MFA-capable) sign-in on top of certificates when a SAML provider is given', () => {
    const t = buildVpn({ samlProviderArn: 'arn:aws:iam::123456789012:saml-provider/okta' });
    t.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      AuthenticationOptions: Match.arrayWith([
        Match.objectLike({ Type: 'certificate-authentication' }),
        Match.objectLike({ Type: 'federated-authentication', FederatedAuthentication: { SAMLProviderArn: 'arn:aws:iam::123456789012:saml-provider/okta' } }),
      ]),
    });
  });
});
