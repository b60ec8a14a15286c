/** Haven compliance: prove a synthesized platform against its frameworks, control by control. */
export * from './types';
export { runCheck, ACK_EXPIRED, ACK_UNUSED, type CheckInput, type ExternalFinding, type ExternalSource } from './check';
export { checkApp, checkSynthesized, describeForCheck, attachRulePacks, nagPacksFor, indexResources, readValidationReport, guardTemplates, stackLabel, CHECK_APP_CONTEXT, NAG_PACKS_BY_FRAMEWORK, type CheckAppOptions, type NagPackName, type SynthesizedForCheck, type SynthesizedStack, type DescribeOptions } from './synth';
export { renderReport, exitCodeFor, REPORT_FORMATS, type ReportFormat } from './report';
export { HAVEN_RULES } from './rules';
export { runGuard, runGuardUnfiltered, parseGuardOutput, bundledGuard, type GuardViolation, type GuardRunOptions } from './guard';
export { CATALOGS, catalogControlsForRule, type CatalogControl, type ControlCatalog } from './catalogs';
export { BUILTIN_ACKNOWLEDGEMENTS, type BuiltinAcknowledgement } from './builtin-acknowledgements';
export { HAVEN_RESOURCE_METADATA, HAVEN_CLASS_METADATA, HAVEN_LOG_CLASS_METADATA } from './template';
export { checkEnvironmentFromPlan, durationMinutes } from './plan';
