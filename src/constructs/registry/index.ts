export * from './image-repository';
export * from './registry-scanning';
export * from './replication-template';
