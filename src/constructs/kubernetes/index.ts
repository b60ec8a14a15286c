export * from './kubernetes-cluster';
export * from './versions';
