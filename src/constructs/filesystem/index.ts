export * from './encrypted-file-system';
