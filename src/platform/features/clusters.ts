import { RemovalPolicy } from 'aws-cdk-lib';
import { ClusterEndpointAccess, KubernetesCluster, latestEksVersion, type NodeGroupOptions } from '../../constructs/kubernetes';
import type { PlatformContext, PlatformFeature } from '../context';
import { tagHavenResource } from './metadata';
import { pascal, registerWorkload } from './workload-wiring';

/** EKS clusters: one `KubernetesCluster` per `clusters` entry, in the app subnets, Secrets under the secrets key. */
export const clustersFeature: PlatformFeature = {
  name: 'clusters',
  roles: ['primary'],
  apply(ctx: PlatformContext) {
    const d = ctx.plan.defaults;
    for (const [name, spec] of Object.entries(ctx.plan.clusters ?? {})) {
      const nodeGroups: Record<string, NodeGroupOptions> = {};
      for (const [group, g] of Object.entries(spec.nodeGroups ?? {})) {
        nodeGroups[group] = { instanceTypes: g.instanceTypes, minSize: g.min, maxSize: g.max, desiredSize: g.desired, diskGb: g.diskGb };
      }
      const cluster = new KubernetesCluster(ctx.stack, `Cluster-${name}`, {
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.app,
        // Absent version: the newest under standard support today, so a new spec never starts on an old release.
        version: spec.version ?? latestEksVersion(),
        clusterName: ctx.name(name),
        secretsKey: ctx.key('secrets'),
        endpointAccess: spec.endpointAccess === 'public-and-private' ? ClusterEndpointAccess.PUBLIC_AND_PRIVATE : ClusterEndpointAccess.PRIVATE,
        publicAccessCidrs: spec.publicAccessCidrs,
        nodeGroups,
        ingressRules: spec.ingress,
        namespaces: spec.namespaces,
        adminRoleArns: spec.admins,
        removalPolicy: d.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      tagHavenResource(cluster.cluster, `clusters.${name}`);
      registerWorkload(ctx, `clusters.${name}`, { name, kind: 'eks-cluster', connections: cluster.connections });
      ctx.evidence(`Cluster${pascal(name)}Name`, cluster.cluster.clusterName, `EKS cluster ${name}`);
      ctx.evidence(`Cluster${pascal(name)}Version`, spec.version ?? latestEksVersion(), `Kubernetes version of EKS cluster ${name}`);
    }
  },
};
