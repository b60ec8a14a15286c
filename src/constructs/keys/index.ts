export * from './key-ring';
export * from './grant-guard';
