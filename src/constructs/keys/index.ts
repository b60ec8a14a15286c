export * from './key-ring';
