export * from './bucket-replication';
export * from './cross-region-read-replica';
export * from './failover-records';
export * from './backup-copy';
export * from './aurora-global';
