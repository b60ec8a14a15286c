/** `haven diff`: what a spec change does to resources, cost, compliance and recovery. Pure over computed sides. */
export { diffReport, countChanges, type DiffReport, type DiffSide, type EnvironmentDiff, type EnvironmentStatus, type ChangeCounts } from './report';
export { diffStacks, classifyResource, type DiffStack, type ResourceChange, type ResourceChangeKind, type PropertyChange, type Replacement } from './resources';
export { dataKind, oldResourceFate, type OldResourceFate } from './data-bearing';
export { costDelta, type CostDelta, type Delta } from './cost';
export { complianceDelta, type ComplianceDelta, type FindingChange, type FindingTransition, type ControlChange } from './compliance';
export { drDelta, type DrDelta, type Recovery, type RecoveryTargets } from './dr';
export { formatDiffReport, DIFF_FORMATS, type DiffFormat } from './format';
export { readSpecSource, type SpecSource } from './source';
