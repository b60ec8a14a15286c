import { CfnOutput, type CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { ClusterEndpointAccess, DEFAULT_EKS_VERSION, KubernetesCluster, type NodeGroupOptions } from '../../constructs/kubernetes';
import { drStandbyCompute } from '../../dr/strategy';
import type { PlatformContext, PlatformFeature } from '../context';
import { OUTPUTS, type NodegroupSizes } from '../outputs';
import type { ClustersSpec } from '../../spec/sections/clusters';
import { tagHavenResource } from './metadata';
import { pascal, registerWorkload } from './workload-wiring';

/** EKS clusters: one `KubernetesCluster` per `clusters` entry, in the app subnets, Secrets under the secrets key. */
export const clustersFeature: PlatformFeature = {
  name: 'clusters',
  // In the DR region: a standby cluster when the DR strategy keeps compute ready (pilot light: no nodes; warm
  // standby: the minimum). `haven dr failover` scales its node groups to the primary's sizes (src/ops/dr/steps/eks.ts).
  roles: ['primary', 'dr'],
  apply(ctx: PlatformContext) {
    const d = ctx.plan.defaults;
    const standby = ctx.role === 'dr' ? drStandbyCompute(ctx.plan) : undefined;
    if (standby && !standby.deploy) return;
    const primaryCidr = ctx.plan.network.cidr;
    const localCidr = ctx.role === 'dr' ? (ctx.plan.network.drCidr ?? primaryCidr) : primaryCidr;
    for (const [name, spec] of Object.entries(ctx.plan.clusters ?? {})) {
      const nodeGroups: Record<string, NodeGroupOptions> = {};
      for (const [group, g] of Object.entries(spec.nodeGroups ?? {})) {
        const min = standby ? Math.min(g.min, standby.minCapacity) : g.min;
        nodeGroups[group] = { instanceTypes: g.instanceTypes, minSize: min, maxSize: g.max, desiredSize: standby ? min : g.desired, diskGb: g.diskGb };
      }
      const cluster = new KubernetesCluster(ctx.stack, `Cluster-${name}`, {
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.app,
        // Absent version: this Haven release's default, never chosen from the date (validation checks it is supported).
        version: spec.version ?? DEFAULT_EKS_VERSION,
        clusterName: ctx.name(name),
        secretsKey: ctx.key('secrets'),
        endpointAccess: spec.endpointAccess === 'public-and-private' ? ClusterEndpointAccess.PUBLIC_AND_PRIVATE : ClusterEndpointAccess.PRIVATE,
        publicAccessCidrs: spec.publicAccessCidrs,
        nodeGroups,
        // Rules admitting the primary VPC admit the local VPC in the DR region.
        ingressRules: spec.ingress?.map((r) => (r.cidr === primaryCidr ? { ...r, cidr: localCidr } : r)),
        namespaces: spec.namespaces,
        adminRoleArns: spec.admins,
        removalPolicy: d.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      tagHavenResource(cluster.cluster, `clusters.${name}`);
      registerWorkload(ctx, `clusters.${name}`, { name, kind: 'eks-cluster', connections: cluster.connections, backupArn: spec.backup ? cluster.cluster.clusterArn : undefined });
      ctx.evidence(`Cluster${pascal(name)}Name`, cluster.cluster.clusterName, `EKS cluster ${name}`);
      // The DR runbook stops (drill, failback) and resumes this cluster's node groups by its name (src/ops/dr/steps/eks.ts).
      new CfnOutput(ctx.stack, OUTPUTS.clusterName(name, ctx.role === 'dr' ? 'dr' : 'primary'), { value: cluster.cluster.clusterName, description: `EKS cluster ${name} (${ctx.role})` });
      if (standby) drNodegroupSizes(ctx, name, cluster, spec.nodeGroups ?? {}, nodeGroups);
      ctx.evidence(`Cluster${pascal(name)}Version`, spec.version ?? DEFAULT_EKS_VERSION, `Kubernetes version of EKS cluster ${name}`);
    }
  },
};

type NodeGroupSpecs = NonNullable<ClustersSpec[string]['nodeGroups']>;

/** DR stack output: each standby node group's production and standby sizes, with its Cloud Control identifier (its Ref). */
function drNodegroupSizes(ctx: PlatformContext, name: string, cluster: KubernetesCluster, specs: NodeGroupSpecs, standby: Record<string, NodeGroupOptions>): void {
  const sizes: NodegroupSizes = Object.entries(specs).map(([group, g]) => ({
    id: (cluster.nodeGroups[group].node.defaultChild as CfnResource).ref,
    active: { MinSize: g.min, MaxSize: g.max, DesiredSize: g.desired ?? g.min },
    standby: { MinSize: standby[group].minSize, MaxSize: standby[group].maxSize, DesiredSize: standby[group].desiredSize ?? standby[group].minSize },
  }));
  new CfnOutput(ctx.stack, OUTPUTS.clusterDrNodegroups(name), { value: ctx.stack.toJsonString(sizes), description: `Node group sizes of the standby EKS cluster ${name}: active at failover, standby otherwise` });
}
