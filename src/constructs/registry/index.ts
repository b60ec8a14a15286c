export * from './image-repository';
