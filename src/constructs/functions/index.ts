export * from './runtimes';
export * from './secure-function';
export * from './cdk-function-baseline';
export * from './function-triggers';
