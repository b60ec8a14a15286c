export * from './image-repository';
export * from './registry-scanning';
