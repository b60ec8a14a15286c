export * from './delivery-pipeline';
