import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { clustersFeature } from '../../../src/platform/features/clusters';
import { clustersSchema } from '../../../src/spec/sections/clusters';
import { addDataStore, workloadContext } from './workload-context';

describe('clusters feature (Estate Kit)', () => {
  const clusters = clustersSchema.parse({
    main: {
      nodeGroups: { managed: { instanceTypes: ['t3.large'], min: 3, max: 10, diskGb: 100 } },
      ingress: [
        { port: 443, cidr: '10.0.0.0/16' },
        { port: 8443, cidr: '10.0.0.0/16' },
      ],
      namespaces: ['estate-kit'],
    },
  });
  const ctx = workloadContext({ clusters });
  addDataStore(ctx, 'postgres', 5432, ['main']);
  clustersFeature.apply(ctx);
  const template = Template.fromStack(ctx.stack);

  it('builds the cluster at the release default version when the spec gives none (never chosen from the date)', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Name: 'acme-prod-main',
      Version: '1.35',
      EncryptionConfig: [Match.objectLike({ Provider: { KeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keysecrets'), 'Arn'] } } })],
      ResourcesVpcConfig: Match.objectLike({ EndpointPublicAccess: false, SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('VpcappSubnet') }]) }),
    });
  });

  it('maps node groups and ingress rules from the spec', () => {
    template.hasResourceProperties('AWS::EKS::Nodegroup', { InstanceTypes: ['t3.large'], ScalingConfig: { MinSize: 3, MaxSize: 10, DesiredSize: 3 } });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ VolumeSize: 100, VolumeType: 'gp3', Encrypted: true }) })] }),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 8443 })]),
    });
  });

  it('registers the cluster as a workload and opens it to the data store that lists it', () => {
    expect(ctx.registry.workloads.get('clusters.main')).toMatchObject({ name: 'main', kind: 'eks-cluster' });
    const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes('Storepostgres'));
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r).toMatchObject({ FromPort: 5432, ToPort: 5432 });
  });

  it('retains the production cluster and outputs its name', () => {
    template.hasResource('AWS::EKS::Cluster', { DeletionPolicy: 'Retain' });
    template.hasOutput('ClusterMainName', {});
  });
});

describe('clusters feature validation', () => {
  it('rejects the seed\'s EKS 1.24 with the oldest supported version in the message', () => {
    const ctx = workloadContext({ clusters: clustersSchema.parse({ main: { version: '1.24' } }) });
    expect(() => clustersFeature.apply(ctx)).toThrow(/1\.24 reached end of standard support.*oldest supported version is/);
  });
});
