import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { ClusterEndpointAccess, KubernetesCluster, type KubernetesClusterProps } from '../../../src/constructs/kubernetes';

const AS_OF = new Date('2026-11-23T00:00:00Z');

function build(overrides: Partial<KubernetesClusterProps> = {}): { stack: Stack; template: Template; cluster: KubernetesCluster } {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'ca-central-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2 });
  const secretsKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const cluster = new KubernetesCluster(stack, 'Eks', {
    vpc,
    version: '1.35',
    asOf: AS_OF,
    secretsKey,
    nodeGroups: { general: { instanceTypes: ['t3.large'], minSize: 3, maxSize: 10, diskGb: 100 } },
    ingressRules: [
      { port: 443, cidr: '10.0.0.0/16' },
      { port: 8443, cidr: '10.0.0.0/16' },
    ],
    namespaces: ['default', 'estate'],
    ...overrides,
  });
  return { stack, template: Template.fromStack(stack), cluster };
}

describe('KubernetesCluster', () => {
  const { template } = build();

  it('creates a native EKS cluster at the requested version with Secrets envelope encryption', () => {
    template.resourceCountIs('AWS::EKS::Cluster', 1);
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Version: '1.35',
      EncryptionConfig: [{ Provider: { KeyArn: Match.anyValue() }, Resources: ['secrets'] }],
    });
  });

  it('turns on every control plane log type', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Logging: {
        ClusterLogging: {
          EnabledTypes: Match.arrayWith([{ Type: 'api' }, { Type: 'audit' }, { Type: 'authenticator' }, { Type: 'controllerManager' }, { Type: 'scheduler' }]),
        },
      },
    });
  });

  it('keeps the API endpoint private by default', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
    });
  });

  it('adds the ingress rules on the cluster security group and no SSH', () => {
    for (const port of [443, 8443]) {
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('EKS control plane'),
        SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: port, ToPort: port, IpProtocol: 'tcp' })]),
      });
    }
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"FromPort":22,/);
    expect(json).not.toContain('0.0.0.0/0","Description":"from 0.0.0.0/0:22');
  });

  it('builds a managed node group 3-10 on a launch template without instance type or key pair', () => {
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      InstanceTypes: ['t3.large'],
      ScalingConfig: { MinSize: 3, MaxSize: 10, DesiredSize: 3 },
      LaunchTemplate: { Id: Match.anyValue(), Version: Match.anyValue() },
    });
    const groups = template.findResources('AWS::EKS::Nodegroup');
    for (const g of Object.values(groups)) {
      expect(g.Properties.RemoteAccess).toBeUndefined();
      expect(g.Properties.DiskSize).toBeUndefined();
    }
  });

  it('gives nodes an encrypted 100 GB gp3 root volume, requires IMDSv2 and turns on detailed monitoring', () => {
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: Match.objectLike({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }),
        Monitoring: { Enabled: true },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: Match.objectLike({ VolumeSize: 100, VolumeType: 'gp3', Encrypted: true }) }],
      }),
    });
    const lts = template.findResources('AWS::EC2::LaunchTemplate');
    for (const lt of Object.values(lts)) expect(lt.Properties.LaunchTemplateData.KeyName).toBeUndefined();
  });

  it('applies a default-deny NetworkPolicy to every namespace and creates non-system namespaces', () => {
    const manifests = template.findResources('Custom::AWSCDK-EKS-KubernetesResource');
    const body = JSON.stringify(Object.values(manifests).map((m) => m.Properties.Manifest));
    expect(body).toContain('default-deny-all');
    expect(body).toMatch(/default-deny-all\\",\\"namespace\\":\\"estate/);
    expect(body).toMatch(/default-deny-all\\",\\"namespace\\":\\"default/);
    expect(body).toMatch(/\\"kind\\":\\"Namespace\\",\\"metadata\\":\{\\"name\\":\\"estate/);
    expect(body).not.toMatch(/\\"kind\\":\\"Namespace\\",\\"metadata\\":\{\\"name\\":\\"default/);
  });

  it('switches on the VPC CNI network policy agent so policies are enforced', () => {
    template.hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'vpc-cni',
      ConfigurationValues: Match.stringLikeRegexp('enableNetworkPolicy'),
    });
  });

  it('retains the cluster by default', () => {
    template.hasResource('AWS::EKS::Cluster', { DeletionPolicy: 'Retain' });
  });

  it('grants no wildcard IAM actions', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    for (const p of Object.values(policies)) {
      for (const s of p.Properties.PolicyDocument.Statement) {
        const actions = [s.Action].flat();
        expect(actions).not.toContain('*');
      }
    }
  });
});

describe('KubernetesCluster validation', () => {
  it('rejects the seed\'s end-of-life 1.24 naming the oldest supported version', () => {
    expect(() => build({ version: '1.24' })).toThrow(/1\.24 reached end of standard support on 2024-01-31.*oldest supported version is 1\.34/);
  });

  it('rejects unknown versions', () => {
    expect(() => build({ version: '1.99' })).toThrow(/unknown to Haven/);
  });

  it('rejects a public endpoint without CIDRs', () => {
    expect(() => build({ endpointAccess: ClusterEndpointAccess.PUBLIC_AND_PRIVATE })).toThrow(/publicAccessCidrs/);
  });

  it('restricts a public endpoint to the given CIDRs', () => {
    const { template } = build({ endpointAccess: ClusterEndpointAccess.PUBLIC_AND_PRIVATE, publicAccessCidrs: ['203.0.113.0/24'] });
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ EndpointPublicAccess: true, EndpointPrivateAccess: true, PublicAccessCidrs: ['203.0.113.0/24'] }),
    });
  });

  it('grants cluster admin to listed roles through access entries', () => {
    const { template } = build({ adminRoleArns: ['arn:aws:iam::123456789012:role/platform-admin'] });
    const entries = template.findResources('AWS::EKS::AccessEntry', { Properties: { PrincipalArn: 'arn:aws:iam::123456789012:role/platform-admin' } });
    expect(Object.keys(entries)).toHaveLength(1);
    expect(JSON.stringify(Object.values(entries)[0].Properties.AccessPolicies)).toContain('AmazonEKSClusterAdminPolicy');
  });

  it('rejects a desired size outside min/max', () => {
    expect(() => build({ nodeGroups: { g: { instanceTypes: ['t3.large'], minSize: 3, maxSize: 10, desiredSize: 11 } } })).toThrow(/outside 3-10/);
  });
});
