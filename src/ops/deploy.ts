import * as fs from 'node:fs';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { DeployResult, DiffMethod, ICloudAssemblySource, IIoHost, IoMessage, IoRequest, StackDetails, StackSelector } from '@aws-cdk/toolkit-lib';
import { AwsClients, Clock, checkAccount, call, isNotFound } from './aws';
import { OpsError, errorMessage } from './errors';
import { Prompt, confirmTyped } from './prompt';
import { OpsTarget, confirmationName } from './target';

/**
 * CloudFormation types holding data (or the keys that decrypt it): replacing or deleting one loses
 * data, so the change summary calls them out and production refuses them without an explicit flag.
 */
export const DATA_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::GlobalCluster',
  'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ServerlessCache',
  'AWS::S3::Bucket', 'AWS::EFS::FileSystem', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable',
  'AWS::KMS::Key', 'AWS::Backup::BackupVault', 'AWS::Logs::LogGroup',
]);

export type ChangeKind = 'add' | 'change' | 'replace' | 'may-replace' | 'remove' | 'orphan' | 'import';

export interface ResourceChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** True when a data resource would be replaced or removed (data loss). */
  readonly dataAtRisk: boolean;
}

export interface StackChangeCounts {
  readonly stack: string;
  readonly added: number;
  readonly changed: number;
  readonly replaced: number;
  readonly removed: number;
}

export interface ChangeSummary {
  readonly stacks: StackChangeCounts[];
  readonly changes: ResourceChange[];
  readonly dataAtRisk: ResourceChange[];
  readonly isEmpty: boolean;
}

/** The subset of `@aws-cdk/cloudformation-diff`'s TemplateDiff the summary reads. */
export interface TemplateDiffLike {
  readonly resources: { readonly changes: Record<string, { readonly resourceType?: string; readonly changeImpact: string }> };
}

const IMPACT: Record<string, ChangeKind | undefined> = {
  WILL_CREATE: 'add', WILL_UPDATE: 'change', WILL_REPLACE: 'replace', MAY_REPLACE: 'may-replace',
  WILL_DESTROY: 'remove', WILL_ORPHAN: 'orphan', WILL_IMPORT: 'import',
};

/** Turns toolkit diffs into counts per stack plus the list of data resources at risk. */
export function summarizeDiff(diffs: Record<string, TemplateDiffLike>): ChangeSummary {
  const changes: ResourceChange[] = [];
  const stacks: StackChangeCounts[] = [];
  for (const [stack, diff] of Object.entries(diffs)) {
    const c = { stack, added: 0, changed: 0, replaced: 0, removed: 0 };
    for (const [logicalId, rd] of Object.entries(diff.resources.changes)) {
      const kind = IMPACT[rd.changeImpact];
      if (!kind) continue;
      const type = rd.resourceType ?? 'unknown';
      if (type === 'AWS::CDK::Metadata') continue;
      if (kind === 'add' || kind === 'import') c.added++;
      else if (kind === 'change') c.changed++;
      else if (kind === 'replace' || kind === 'may-replace') c.replaced++;
      else c.removed++;
      const dataAtRisk = DATA_RESOURCE_TYPES.has(type) && (kind === 'replace' || kind === 'may-replace' || kind === 'remove');
      changes.push({ stack, logicalId, type, kind, dataAtRisk });
    }
    stacks.push(c);
  }
  return { stacks, changes, dataAtRisk: changes.filter((c) => c.dataAtRisk), isEmpty: changes.length === 0 };
}

export function formatSummary(s: ChangeSummary): string[] {
  const lines = ['Change summary:'];
  for (const c of s.stacks) {
    lines.push(`  ${c.stack}: ${c.added} added, ${c.changed} changed, ${c.replaced} replaced, ${c.removed} removed`);
  }
  for (const c of s.changes.filter((x) => x.kind !== 'change' && x.kind !== 'add')) {
    lines.push(`    ${c.kind.toUpperCase().padEnd(11)} ${c.stack}/${c.logicalId} (${c.type})`);
  }
  if (s.dataAtRisk.length) {
    lines.push('', '!!! DATA RESOURCES WOULD BE REPLACED OR REMOVED — their contents are lost unless restored from backup !!!');
    for (const c of s.dataAtRisk) lines.push(`!!!   ${c.kind.toUpperCase()} ${c.stack}/${c.logicalId} (${c.type})`);
  }
  if (s.isEmpty) lines.push('  (no changes)');
  return lines;
}

/** What deploy needs from `@aws-cdk/toolkit-lib`'s Toolkit (the real class satisfies it; tests substitute parts). */
export interface OpsToolkit {
  fromAssemblyDirectory(directory: string): Promise<ICloudAssemblySource>;
  list(cx: ICloudAssemblySource, options?: { stacks?: StackSelector }): Promise<StackDetails[]>;
  diff(cx: ICloudAssemblySource, options?: { stacks?: StackSelector; method?: DiffMethod }): Promise<Record<string, TemplateDiffLike>>;
  deploy(cx: ICloudAssemblySource, options?: { stacks?: StackSelector; concurrency?: number }): Promise<DeployResult>;
}

/**
 * IoHost printing the toolkit's progress (stack events, deploy results) and answering its questions
 * with their defaults: the operator already confirmed the change summary before deploy started.
 */
export class HavenIoHost implements IIoHost {
  readonly messages: IoMessage<unknown>[] = [];
  constructor(private readonly out: (line: string) => void, private readonly verbose = false) {}
  async notify(msg: IoMessage<unknown>): Promise<void> {
    this.messages.push(msg);
    const shown = msg.level === 'error' || msg.level === 'warn' || msg.level === 'result' || msg.level === 'info' || this.verbose;
    if (shown && msg.message.trim()) this.out(msg.message.replace(/\s+$/, ''));
  }
  async requestResponse<T>(msg: IoRequest<unknown, T>): Promise<T> {
    this.messages.push(msg);
    return msg.defaultResponse;
  }
}

export interface DeployOptions {
  /** Only stacks of this region. @default - every stack of the environment */
  readonly region?: string;
  /** Skip the typed production confirmation. */
  readonly yes?: boolean;
  /** Print the change summary and stop. */
  readonly dryRun?: boolean;
  /** Allow replacing/removing data resources in production (`--allow-data-replacement`). */
  readonly allowDataReplacement?: boolean;
  /** Independent stacks deployed in parallel. @default 4 */
  readonly concurrency?: number;
  /** How the diff is computed. @default DiffMethod.ChangeSet (with template fallback) */
  readonly diffMethod?: DiffMethod;
  /** Bootstrap stack name. @default 'CDKToolkit' */
  readonly toolkitStackName?: string;
}

export interface DeployDeps {
  readonly clients: AwsClients;
  readonly toolkit?: OpsToolkit;
  readonly prompt?: Prompt;
  readonly out?: (line: string) => void;
  readonly clock?: Clock;
  readonly verbose?: boolean;
}

export interface DeployOutcome {
  readonly summary: ChangeSummary;
  readonly deployed: boolean;
  /** Stack names in deployment order (dependencies first). */
  readonly order: string[];
  readonly stacks: { name: string; outputs: Record<string, string> }[];
}

/** Modern bootstrap (deploy/lookup roles, asset publishing) needs version 6 or later. */
export const MIN_BOOTSTRAP_VERSION = 6;

/** Refuses with a clear message when an account/region has no (or an outdated) CDK bootstrap stack. */
export async function checkBootstrap(clients: AwsClients, account: string, region: string, opts: { clock?: Clock; stackName?: string } = {}): Promise<number> {
  const stackName = opts.stackName ?? 'CDKToolkit';
  const fix = `Run \`npx cdk bootstrap aws://${account}/${region}\` once with administrator credentials, then deploy again.`;
  let stack: { StackStatus?: string; Outputs?: { OutputKey?: string; OutputValue?: string }[] } | undefined;
  try {
    const r = await call<{ Stacks?: (typeof stack)[] }>(clients.cloudformation(region), new DescribeStacksCommand({ StackName: stackName }), { clock: opts.clock, profile: clients.profile });
    stack = r.Stacks?.[0];
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  if (!stack) throw new OpsError(`Account ${account} region ${region} is not bootstrapped for CDK (no ${stackName} stack).`, fix);
  // UPDATE_ROLLBACK_COMPLETE is a usable stack; a failed create (ROLLBACK_COMPLETE), *_FAILED and deletes are not.
  if (/_FAILED$|^ROLLBACK_COMPLETE$|^DELETE_/.test(stack.StackStatus ?? '')) {
    throw new OpsError(`The ${stackName} bootstrap stack in ${region} is in state ${stack.StackStatus}.`, fix);
  }
  const version = Number(stack.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue ?? 0);
  if (version < MIN_BOOTSTRAP_VERSION) {
    throw new OpsError(`The bootstrap stack in ${region} is version ${version}; version ${MIN_BOOTSTRAP_VERSION}+ is required.`, fix);
  }
  return version;
}

/** States in which a stack has never been usable: CloudFormation creates it afresh (after removing a failed create). */
const NEVER_CREATED = new Set(['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'DELETE_COMPLETE']);

/**
 * Whether the DR stack must get its foundation phase first: on the first deployment it does not exist yet, and the
 * primary's S3 replication rules and backup copy actions need its keys, replica buckets and vault to exist.
 * Once the DR stack exists (even if a later step failed), the normal order (primary, then DR) applies, so a re-run resumes.
 */
export async function drFoundationNeeded(clients: AwsClients, target: OpsTarget, selected: readonly string[], opts: { clock?: Clock } = {}): Promise<boolean> {
  const foundation = target.drFoundation;
  const region = target.regions.dr;
  if (!foundation || !region || !selected.includes(foundation.stackName)) return false;
  try {
    const r = await call<{ Stacks?: { StackStatus?: string }[] }>(clients.cloudformation(region), new DescribeStacksCommand({ StackName: foundation.stackName }), { clock: opts.clock, profile: clients.profile });
    return NEVER_CREATED.has(r.Stacks?.[0]?.StackStatus ?? 'DELETE_COMPLETE');
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

/** Dependencies first; stacks at the same depth are independent (the toolkit deploys them in parallel). */
export function deploymentOrder(stacks: readonly StackDetails[]): string[][] {
  const ids = new Set(stacks.map((s) => s.id));
  const depth = new Map<string, number>();
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const visit = (id: string, seen: Set<string>): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) throw new OpsError(`Stack dependency cycle through ${id}`);
    seen.add(id);
    const deps = (byId.get(id)?.dependencies ?? []).map((d) => d.id).filter((d) => ids.has(d));
    const d = deps.length ? Math.max(...deps.map((x) => visit(x, seen))) + 1 : 0;
    depth.set(id, d);
    return d;
  };
  for (const s of stacks) visit(s.id, new Set());
  const waves: string[][] = [];
  for (const s of stacks) (waves[depth.get(s.id)!] ??= []).push(s.name);
  return waves.filter(Boolean);
}

async function defaultToolkit(clients: AwsClients, ioHost: IIoHost, toolkitStackName?: string): Promise<OpsToolkit> {
  // Loaded lazily: toolkit-lib is large and only deploy needs it.
  const { Toolkit, BaseCredentials } = await import('@aws-cdk/toolkit-lib');
  return new Toolkit({
    ioHost,
    toolkitStackName,
    emojis: false,
    sdkConfig: { baseCredentials: BaseCredentials.awsCliCompatible({ profile: clients.profile }) },
  }) as unknown as OpsToolkit;
}

/** `haven deploy`: change summary, bootstrap check, production confirmation, dependency-ordered deploy. */
export async function deployEnvironment(target: OpsTarget, options: DeployOptions, deps: DeployDeps): Promise<DeployOutcome> {
  const out = deps.out ?? ((l: string) => console.log(l));
  if (!fs.existsSync(target.assemblyDir)) {
    throw new OpsError(`No cloud assembly at ${target.assemblyDir}.`, 'Run `haven synth` for this environment first.');
  }
  const { StackSelectionStrategy, DiffMethod: DM } = await import('@aws-cdk/toolkit-lib');
  const toolkit = deps.toolkit ?? (await defaultToolkit(deps.clients, new HavenIoHost(out, deps.verbose), options.toolkitStackName));
  const cx = await toolkit.fromAssemblyDirectory(target.assemblyDir);
  const all = await toolkit.list(cx, { stacks: { strategy: StackSelectionStrategy.ALL_STACKS } });
  // Environment-agnostic stacks report `unknown-region`: they deploy to the environment's primary region.
  const regionOf = (s: StackDetails) => (s.environment.region && !s.environment.region.startsWith('unknown') ? s.environment.region : target.regions.primary);
  const selected = all.filter((s) => !options.region || regionOf(s) === options.region);
  if (selected.length === 0) {
    throw new OpsError(`No stacks${options.region ? ` in region ${options.region}` : ''} in ${target.assemblyDir}.`, `Stacks present: ${all.map((s) => `${s.name} (${regionOf(s)})`).join(', ') || 'none'}`);
  }
  const selector: StackSelector = { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: selected.map((s) => s.id) };
  const waves = deploymentOrder(selected);
  out(`Environment ${target.project}/${target.environment} (${target.tier}): ${selected.length} stack(s)`);
  waves.forEach((w, i) => out(`  wave ${i + 1}: ${w.join(', ')}`));

  const account = await checkAccount(deps.clients, regionOf(selected[0]), target.account, { clock: deps.clock });
  for (const region of [...new Set(selected.map(regionOf))]) {
    await checkBootstrap(deps.clients, account, region, { clock: deps.clock, stackName: options.toolkitStackName });
  }

  const foundationFirst = await drFoundationNeeded(deps.clients, target, selected.map((s) => s.name), { clock: deps.clock });
  if (foundationFirst) {
    out(`  first deployment with DR: ${target.drFoundation!.stackName} gets its foundation (keys, replica buckets, backup vault) before wave 1`);
  }

  let diffs: Record<string, TemplateDiffLike>;
  try {
    diffs = await toolkit.diff(cx, { stacks: selector, method: options.diffMethod ?? DM.ChangeSet({ fallbackToTemplate: true }) });
  } catch (e) {
    if (e instanceof OpsError) throw e;
    throw new OpsError(`Could not compute the change summary: ${errorMessage(e)}`);
  }
  const summary = summarizeDiff(diffs);
  for (const l of formatSummary(summary)) out(l);
  const order = waves.flat();

  if (summary.dataAtRisk.length && target.tier === 'production' && !options.allowDataReplacement) {
    throw new OpsError(
      `Refusing to deploy to production: ${summary.dataAtRisk.length} data resource(s) would be replaced or removed (${summary.dataAtRisk.map((c) => c.logicalId).join(', ')}).`,
      'Take and verify a snapshot first; if the replacement is intended, re-run with --allow-data-replacement.',
    );
  }
  if (options.dryRun) {
    out('Dry run: nothing deployed.');
    return { summary, deployed: false, order, stacks: [] };
  }
  if (summary.isEmpty) {
    out('Nothing to deploy.');
    return { summary, deployed: false, order, stacks: [] };
  }
  if (target.tier === 'production') {
    await confirmTyped(deps.prompt, `deploy ${selected.length} stack(s) to production environment "${target.environment}"`, confirmationName(target), options.yes);
  }
  let result: DeployResult;
  try {
    if (foundationFirst) {
      const foundation = target.drFoundation!;
      out(`Deploying the DR foundation of ${foundation.stackName} first…`);
      const fcx = await toolkit.fromAssemblyDirectory(foundation.assemblyDir);
      await toolkit.deploy(fcx, { stacks: { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: [foundation.stackName] }, concurrency: 1 });
    }
    result = await toolkit.deploy(cx, { stacks: selector, concurrency: options.concurrency ?? 4 });
  } catch (e) {
    if (e instanceof OpsError) throw e;
    // CloudFormation rolled the failed stack back; stacks deployed before it stay deployed.
    throw new OpsError(`Deployment failed: ${errorMessage(e)}`, 'Read the stack events above, fix the cause, and run the same deploy again (unchanged stacks are skipped).');
  }
  out(`Deployed ${result.stacks.length} stack(s).`);
  return { summary, deployed: true, order, stacks: result.stacks.map((s) => ({ name: s.stackName, outputs: s.outputs })) };
}
