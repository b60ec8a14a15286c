import { RemovalPolicy } from 'aws-cdk-lib';
import * as efs from 'aws-cdk-lib/aws-efs';
import { EncryptedFileSystem } from '../../constructs/filesystem';
import type { PlatformContext, PlatformDataStore, PlatformFeature } from '../context';
import { tagHavenResource } from './metadata';
import { admitRegisteredClients, pascal } from './workload-wiring';

const PERFORMANCE: Record<string, efs.PerformanceMode> = { 'general-purpose': efs.PerformanceMode.GENERAL_PURPOSE, 'max-io': efs.PerformanceMode.MAX_IO };
const THROUGHPUT: Record<string, efs.ThroughputMode> = { elastic: efs.ThroughputMode.ELASTIC, bursting: efs.ThroughputMode.BURSTING, provisioned: efs.ThroughputMode.PROVISIONED };

/** EFS file systems in the data subnets, encrypted with the data key, registered as 'efs' data stores. */
export const fileSystemsFeature: PlatformFeature = {
  name: 'fileSystems',
  roles: ['primary'],
  apply(ctx: PlatformContext) {
    const d = ctx.plan.defaults;
    for (const [name, spec] of Object.entries(ctx.plan.fileSystems ?? {})) {
      const fsys = new EncryptedFileSystem(ctx.stack, `FileSystem-${name}`, {
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.data,
        key: ctx.key('data'),
        fileSystemName: ctx.name(name),
        performanceMode: spec.performanceMode ? PERFORMANCE[spec.performanceMode] : undefined,
        throughputMode: spec.throughputMode ? THROUGHPUT[spec.throughputMode] : undefined,
        provisionedThroughputMibps: spec.provisionedThroughputMibps,
        transitionToIaDays: spec.transitionToIaDays as 1 | 7 | 14 | 30 | 60 | 90 | 180 | 270 | 365 | undefined,
        accessPoints: spec.accessPoints,
        removalPolicy: d.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      tagHavenResource(fsys.fileSystem, `fileSystems.${name}`);
      const store: PlatformDataStore = {
        name,
        kind: 'efs',
        connections: fsys.connections,
        defaultPort: EncryptedFileSystem.NFS_PORT,
        arn: fsys.fileSystem.fileSystemArn,
        metricId: fsys.fileSystem.fileSystemId,
        clients: spec.clients ?? [],
      };
      ctx.registry.dataStores.set(`fileSystems.${name}`, store);
      admitRegisteredClients(ctx, store);
      ctx.evidence(`FileSystem${pascal(name)}Id`, fsys.fileSystem.fileSystemId, `EFS file system ${name}`);
    }
  },
};
