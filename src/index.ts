/**
 * Haven as a library. The constructs work in any CDK app without a spec; the spec, platform and CLI layers turn
 * haven.yaml into the same constructs.
 */
export * from './constructs/keys';
export * from './constructs/network';
export * from './constructs/database';
export * from './constructs/cache';
export * from './constructs/storage';
export { loadSpec, parseSpec, type LoadedSpec } from './spec/loader';
export { SpecError, type SpecIssue } from './spec/errors';
export { havenSpecSchema, havenJsonSchema, type HavenSpec } from './spec/schema';
export { resolveEnvironment, type EnvironmentPlan } from './spec/resolve';
export { buildApp, type BuildAppOptions, type BuiltApp } from './platform/app';
export type { PlatformContext, PlatformFeature, PlatformRegistry, StackRole, KeyClass } from './platform/context';
