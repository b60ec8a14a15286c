export * from './config-recorder';
export * from './conformance-packs';
export * from './packs';
