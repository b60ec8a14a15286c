export * from './target';
export * from './errors';
export { AwsClients, AwsAuthOptions, Clock, realClock, call, poll, checkAccount, credentialsError, isThrottling } from './aws';
export { resolveTarget, ResolvedTarget } from './resolve';
export { Prompt, TerminalPrompt, ScriptedPrompt, confirmTyped } from './prompt';
export {
  deployEnvironment, DeployOptions, DeployDeps, DeployOutcome, OpsToolkit, HavenIoHost, summarizeDiff, formatSummary, ChangeSummary,
  ResourceChange, DATA_RESOURCE_TYPES, checkBootstrap, deploymentOrder,
} from './deploy';
export { verifyEnvironment, VerifyOptions, VerifyDeps, VerifyReport, VerifyOutcome, CheckResult, CheckStatus, toMarkdown } from './verify';
export { runDr, drStatus, DrOperation, DrOptions, DrDeps, DrOutcome, DrStatus } from './dr';
export { DrStep, StepContext, StepCheck, Journal, JournalStore, runSteps, planSteps } from './dr/engine';
export { redact, redactString } from './redact';
export { registerOpsCommands, OpsCliOptions } from './cli';
