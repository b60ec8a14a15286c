export * from './managed-grant-policies';
