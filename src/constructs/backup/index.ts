export * from './backup-plan';
export * from './vault';
