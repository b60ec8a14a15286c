export * from './runtimes';
export * from './secure-function';
