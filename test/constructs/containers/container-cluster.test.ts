import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { ContainerCluster } from '../../../src/constructs/containers';
import { fixture } from './fixture';

describe('ContainerCluster', () => {
  it('turns on enhanced Container Insights and Fargate capacity providers', () => {
    const { stack } = fixture();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
    t.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', { CapacityProviders: ['FARGATE', 'FARGATE_SPOT'] });
  });

  it('accepts a lower Container Insights level and a name', () => {
    const { stack, vpc } = fixture();
    new ContainerCluster(stack, 'Other', { vpc, clusterName: 'acme-prod', containerInsights: ecs.ContainerInsights.ENABLED });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'acme-prod', ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    expect(Object.keys(t.findResources('AWS::ECS::Cluster'))).toHaveLength(2);
  });
});
