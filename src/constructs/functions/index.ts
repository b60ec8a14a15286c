export * from './runtimes';
export * from './secure-function';
export * from './function-triggers';
