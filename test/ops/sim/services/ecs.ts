import { DescribeServicesCommand, type DescribeServicesCommandInput, ECSClient, UpdateServiceCommand, type UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';
import { drState, serviceCounts, takeFault } from './dr-state';

/** A cluster is named by its name or its ARN. */
function cluster(world: World, region: string, nameOrArn: string | undefined): SimResource | undefined {
  const name = (nameOrArn ?? 'default').split('/').pop();
  return world.find('AWS::ECS::Cluster', region, (c) => c.physicalId === name || c.arn === nameOrArn);
}

function service(world: World, region: string, c: SimResource, nameOrArn: string | undefined): SimResource | undefined {
  const inCluster = (s: SimResource) => { const v = String(world.prop(s, 'Cluster') ?? ''); return v === c.physicalId || v === c.arn; };
  return world.find('AWS::ECS::Service', region, (s) => inCluster(s) && (s.physicalId === nameOrArn || s.arn === nameOrArn));
}

export const ecs: ServiceModule = {
  client: ECSClient,
  operations: [
    // DescribeServices: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
    // Unknown services are reported under `failures` (reason MISSING), an unknown cluster is ClusterNotFoundException.
    op<DescribeServicesCommandInput>(DescribeServicesCommand, (world, input, region) => {
      const c = cluster(world, region, input.cluster);
      if (!c) throw awsError('ClusterNotFoundException', 'Cluster not found.');
      const found = (input.services ?? []).map((n) => ({ n, s: service(world, region, c, n) }));
      return {
        services: found.filter((x) => x.s).map(({ s }) => ({ serviceName: s!.physicalId, serviceArn: s!.arn, clusterArn: c.arn, status: 'ACTIVE', desiredCount: serviceCounts(world, s!).desired, runningCount: serviceCounts(world, s!).running })),
        failures: found.filter((x) => !x.s).map(({ n }) => ({ arn: n.startsWith('arn:') ? n : `arn:aws:ecs:${region}:${world.account}:service/${c.physicalId}/${n}`, reason: 'MISSING' })),
      };
    }),
    // UpdateService: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
    // The scheduler starts or stops tasks until runningCount reaches desiredCount.
    op<UpdateServiceCommandInput>(UpdateServiceCommand, (world, input, region) => {
      takeFault(world, 'UpdateService');
      const c = cluster(world, region, input.cluster);
      if (!c) throw awsError('ClusterNotFoundException', 'Cluster not found.');
      const s = service(world, region, c, input.service);
      if (!s) throw awsError('ServiceNotFoundException', 'Service not found.');
      if (input.desiredCount !== undefined) {
        const now = serviceCounts(world, s);
        drState(world).services.set(s, { desired: input.desiredCount, since: world.now(), runningBefore: now.running });
      }
      return { service: { serviceName: s.physicalId, desiredCount: serviceCounts(world, s).desired } };
    }),
  ],
};
