import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface ContainerClusterProps {
  /** VPC the cluster's tasks run in. */
  readonly vpc: ec2.IVpc;
  /**
   * Physical cluster name.
   * @default - CloudFormation generates a name
   */
  readonly clusterName?: string;
  /**
   * Container Insights level. Enhanced adds task- and container-level metrics operators need to find a noisy task.
   * @default ecs.ContainerInsights.ENHANCED
   */
  readonly containerInsights?: ecs.ContainerInsights;
}

/** An ECS cluster for Fargate services, with Container Insights on and Fargate (+ Spot) capacity providers. */
export class ContainerCluster extends Construct {
  public readonly cluster: ecs.Cluster;

  constructor(scope: Construct, id: string, props: ContainerClusterProps) {
    super(scope, id);
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      clusterName: props.clusterName,
      containerInsightsV2: props.containerInsights ?? ecs.ContainerInsights.ENHANCED,
      enableFargateCapacityProviders: true,
    });
  }
}
