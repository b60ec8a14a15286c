import type { PlatformFeature } from '../context';
import { accessFeature } from './access';
import { bucketsFeature } from './buckets';
import { clustersFeature } from './clusters';
import { cachesFeature, databasesFeature } from './data-stores';
import { fileSystemsFeature } from './filesystems';
import { functionsFeature } from './functions';
import { edgeFeature } from './edge';
import { servicesFeature } from './services';
import { drFeature } from './dr';
import { securityFeature } from './security';
import { backupFeature } from './backup';
import { budgetFeature } from './budget';
import { monitoringFeature } from './monitoring';

/**
 * Features in the order they build: data stores before the workloads that connect to them, monitoring last so it
 * sees everything the others registered.
 */
export const FEATURES: readonly PlatformFeature[] = [
  bucketsFeature,
  databasesFeature,
  cachesFeature,
  fileSystemsFeature,
  // Before edge and compute: in the DR region it registers the replicas (databases, buckets, secrets) DR services
  // connect to; in the primary region it only needs the data stores and buckets registered above.
  drFeature,
  edgeFeature,
  servicesFeature,
  clustersFeature,
  functionsFeature,
  accessFeature,
  securityFeature,
  backupFeature,
  budgetFeature,
  // Last: alarms and dashboards for everything the features above registered.
  monitoringFeature,
];
