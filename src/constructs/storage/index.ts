export * from './secure-bucket';
export * from './bucket-baseline';
