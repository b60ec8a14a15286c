export * from './container-cluster';
export * from './fargate-service';
export * from './blue-green-deployment';
export * from './fargate-size';
