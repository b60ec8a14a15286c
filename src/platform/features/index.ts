import type { PlatformFeature } from '../context';
import { bucketsFeature } from './buckets';
import { cachesFeature, databasesFeature } from './data-stores';

/**
 * Features in the order they build: data stores before the workloads that connect to them, monitoring last so it
 * sees everything the others registered.
 */
export const FEATURES: readonly PlatformFeature[] = [bucketsFeature, databasesFeature, cachesFeature];
