import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { DeployResult, DiffMethod, ICloudAssemblySource, IIoHost, IoMessage, IoRequest, StackDetails, StackSelector } from '@aws-cdk/toolkit-lib';
import { AwsClients, Clock, CredentialsMissingError, checkAccount, call, isNotFound } from './aws';
import { OpsError, OpsInputError, errorMessage } from './errors';
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

/**
 * CloudFormation types that grant access (IAM identities and policies, resource policies, KMS grants) or open the
 * network (security groups and their rules): the changes CDK calls security-sensitive.
 */
export const SECURITY_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::User', 'AWS::IAM::Group',
  'AWS::IAM::InstanceProfile', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy', 'AWS::KMS::Grant',
  'AWS::S3::BucketPolicy', 'AWS::SNS::TopicPolicy', 'AWS::SQS::QueuePolicy', 'AWS::Lambda::Permission',
  'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress',
]);

/** One security-sensitive change: a resource of a SECURITY_RESOURCE_TYPES type, an IAM statement or a security-group rule. */
export interface SecurityChange {
  readonly stack: string;
  readonly what: 'resource' | 'iam-statement' | 'managed-policy' | 'security-group-rule';
  /** '+' added, '-' removed, '~' changed. */
  readonly sign: '+' | '-' | '~';
  readonly detail: string;
}

export interface ChangeSummary {
  readonly stacks: StackChangeCounts[];
  readonly changes: ResourceChange[];
  readonly dataAtRisk: ResourceChange[];
  /** IAM (roles, policies, grants) and security-group changes; deploying them needs their own approval. */
  readonly security: SecurityChange[];
  readonly isEmpty: boolean;
}

/** A summary table of `@aws-cdk/cloudformation-diff` (header row first, then one row per change, sign in column 0). */
interface SummaryTable {
  (): string[][];
}

/** The subset of `@aws-cdk/cloudformation-diff`'s TemplateDiff the summary reads. */
export interface TemplateDiffLike {
  readonly resources: { readonly changes: Record<string, { readonly resourceType?: string; readonly changeImpact: string }> };
  /** IAM statement and managed-policy changes, as the toolkit's own security approval sees them. */
  readonly iamChanges?: { readonly hasChanges: boolean; summarizeStatements: SummaryTable; summarizeManagedPolicies: SummaryTable };
  /** Security-group rule changes (inline rules and rule resources). */
  readonly securityGroupChanges?: { readonly hasChanges: boolean; summarize: SummaryTable };
}

const IMPACT: Record<string, ChangeKind | undefined> = {
  WILL_CREATE: 'add', WILL_UPDATE: 'change', WILL_REPLACE: 'replace', MAY_REPLACE: 'may-replace',
  WILL_DESTROY: 'remove', WILL_ORPHAN: 'orphan', WILL_IMPORT: 'import',
};

const SIGN: Partial<Record<ChangeKind, SecurityChange['sign']>> = { add: '+', import: '+', remove: '-', orphan: '-' };

/** Rows of a cloudformation-diff summary table, header dropped, as 'sign detail' (columns joined). */
function tableChanges(stack: string, what: SecurityChange['what'], table: string[][]): SecurityChange[] {
  return table.slice(1).map((row) => {
    const sign: SecurityChange['sign'] = row[0]?.includes('-') ? '-' : row[0]?.includes('+') ? '+' : '~';
    return { stack, what, sign, detail: row.slice(1).map((c) => c.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' | ') };
  });
}

/** IAM and security-group changes of one stack: sensitive resources plus the statement/rule tables of the diff. */
function securityChanges(stack: string, diff: TemplateDiffLike, resources: readonly ResourceChange[]): SecurityChange[] {
  const out: SecurityChange[] = resources
    .filter((c) => SECURITY_RESOURCE_TYPES.has(c.type))
    .map((c) => ({ stack, what: 'resource' as const, sign: SIGN[c.kind] ?? '~', detail: `${c.logicalId} (${c.type})` }));
  if (diff.iamChanges?.hasChanges) {
    out.push(...tableChanges(stack, 'iam-statement', diff.iamChanges.summarizeStatements()));
    out.push(...tableChanges(stack, 'managed-policy', diff.iamChanges.summarizeManagedPolicies()));
  }
  if (diff.securityGroupChanges?.hasChanges) out.push(...tableChanges(stack, 'security-group-rule', diff.securityGroupChanges.summarize()));
  return out;
}

/** Turns toolkit diffs into counts per stack, the data resources at risk and the security-sensitive changes. */
export function summarizeDiff(diffs: Record<string, TemplateDiffLike>): ChangeSummary {
  const changes: ResourceChange[] = [];
  const stacks: StackChangeCounts[] = [];
  const security: SecurityChange[] = [];
  for (const [stack, diff] of Object.entries(diffs)) {
    const before = changes.length;
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
    security.push(...securityChanges(stack, diff, changes.slice(before)));
  }
  return { stacks, changes, dataAtRisk: changes.filter((c) => c.dataAtRisk), security, isEmpty: changes.length === 0 && security.length === 0 };
}

const SECURITY_LABEL: Record<SecurityChange['what'], string> = {
  resource: 'resource', 'iam-statement': 'IAM statement', 'managed-policy': 'managed policy', 'security-group-rule': 'security group rule',
};

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
  if (s.security.length) {
    lines.push('', `Security-sensitive changes (IAM and security groups): ${s.security.length} — deploying them needs their own approval`);
    for (const c of s.security) lines.push(`  ${c.sign} ${c.stack}: ${SECURITY_LABEL[c.what]} ${c.detail}`);
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

/** Decides the toolkit's security approval question (CDK_TOOLKIT_I5060 with IAM or security-group changes). */
export type SecurityApprover = (question: { readonly message: string; readonly permissionChangeType: string }) => Promise<boolean>;

/** The toolkit's "deploy these changes?" question; `permissionChangeType` is 'none' unless IAM or security groups change. */
const DEPLOY_CONFIRMATION = 'CDK_TOOLKIT_I5060';

/**
 * IoHost printing the toolkit's progress (stack events, deploy results). The operator confirmed the change summary
 * before deploy started, so questions get their defaults, except the security approval: that goes to `approveSecurity`
 * (set by `deployEnvironment`), and is refused when nothing approves it.
 */
export class HavenIoHost implements IIoHost {
  readonly messages: IoMessage<unknown>[] = [];
  /** Answers the security approval question. @default - security-sensitive changes are refused */
  approveSecurity?: SecurityApprover;
  /** Only warnings and errors are shown (while deploy reads the assembly: Haven prints its own stack list). */
  quiet = false;
  constructor(private readonly out: (line: string) => void, private readonly verbose = false) {}
  async notify(msg: IoMessage<unknown>): Promise<void> {
    this.messages.push(msg);
    const progress = !this.quiet && (msg.level === 'result' || msg.level === 'info');
    const shown = msg.level === 'error' || msg.level === 'warn' || progress || this.verbose;
    if (shown && msg.message.trim()) this.out(msg.message.replace(/\s+$/, ''));
  }
  async requestResponse<T>(msg: IoRequest<unknown, T>): Promise<T> {
    this.messages.push(msg);
    const permissionChangeType = (msg.data as { permissionChangeType?: string } | undefined)?.permissionChangeType;
    if (msg.code === DEPLOY_CONFIRMATION && permissionChangeType && permissionChangeType !== 'none') {
      const approved = this.approveSecurity ? await this.approveSecurity({ message: msg.message, permissionChangeType }) : false;
      if (!approved) this.out('Security-sensitive changes were not approved: the toolkit cancels this deployment.');
      return approved as T;
    }
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
  /** IoHost of `toolkit`, whose security approval deploy sets. @default - a HavenIoHost printing to `out` */
  readonly ioHost?: HavenIoHost;
}

export interface DeployOutcome {
  /** Live diff; offline (no credentials, or no account in the spec) everything in the assembly counts as added. */
  readonly summary: ChangeSummary;
  readonly deployed: boolean;
  /** Whether `summary` compares with the deployed stacks (needs credentials). */
  readonly live: boolean;
  /** Stack names in deployment order (dependencies first). */
  readonly order: string[];
  readonly stacks: { name: string; outputs: Record<string, string> }[];
  /** What the assembly holds, per stack in deployment order (dry runs only). */
  readonly inventory?: StackInventory[];
}

/** What one stack of the assembly would create, nested stacks included. */
export interface StackInventory {
  readonly name: string;
  readonly region: string;
  /** Resources of the stack and its nested stacks (CDK metadata excluded). */
  readonly resources: number;
  readonly nestedStacks: number;
  readonly byType: Readonly<Record<string, number>>;
  /** Resources holding data (DATA_RESOURCE_TYPES), as 'stack/logicalId'. */
  readonly dataResources: { readonly path: string; readonly type: string }[];
  /** Security-sensitive resources (SECURITY_RESOURCE_TYPES), as 'stack/logicalId'. */
  readonly securityResources: { readonly path: string; readonly type: string }[];
}

interface ManifestStack {
  readonly type: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
}
type TemplateJson = { Resources?: Record<string, { Type: string; Metadata?: Record<string, unknown> }> };

/**
 * Reads the templates of `stacks` from the assembly directory, following nested stacks through their
 * `aws:asset:path` metadata (the template file CDK wrote beside the parent's). Offline: no AWS call.
 */
export function assemblyInventory(assemblyDir: string, stacks: readonly { readonly id: string; readonly name: string; readonly region: string }[]): StackInventory[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as { artifacts?: Record<string, ManifestStack> };
  const artifacts = Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  return stacks.map((stack) => {
    const found = artifacts.find(([id, a]) => id === stack.id || a.displayName === stack.id || (a.properties?.stackName ?? id) === stack.name);
    const file = found?.[1].properties?.templateFile;
    if (!file) throw new OpsError(`Stack ${stack.name} has no template in ${assemblyDir}.`, 'Run `haven synth` for this environment again.');
    const inv = { name: stack.name, region: stack.region, resources: 0, nestedStacks: 0, byType: {} as Record<string, number>, dataResources: [] as StackInventory['dataResources'], securityResources: [] as StackInventory['securityResources'] };
    const visit = (templateFile: string, prefix: string) => {
      const template = JSON.parse(fs.readFileSync(path.join(assemblyDir, templateFile), 'utf8')) as TemplateJson;
      for (const [logicalId, r] of Object.entries(template.Resources ?? {})) {
        if (r.Type === 'AWS::CDK::Metadata') continue;
        inv.resources++;
        inv.byType[r.Type] = (inv.byType[r.Type] ?? 0) + 1;
        if (DATA_RESOURCE_TYPES.has(r.Type)) inv.dataResources.push({ path: `${prefix}/${logicalId}`, type: r.Type });
        if (SECURITY_RESOURCE_TYPES.has(r.Type)) inv.securityResources.push({ path: `${prefix}/${logicalId}`, type: r.Type });
        const nested = r.Type === 'AWS::CloudFormation::Stack' ? r.Metadata?.['aws:asset:path'] : undefined;
        if (typeof nested === 'string' && fs.existsSync(path.join(assemblyDir, nested))) {
          inv.nestedStacks++;
          visit(nested, `${prefix}/${logicalId}`);
        }
      }
    };
    visit(file, stack.name);
    return inv;
  });
}

/** Everything in the assembly as additions: the change summary against an account where none of it exists yet. */
function inventorySummary(inventory: readonly StackInventory[]): ChangeSummary {
  const changes: ResourceChange[] = [];
  const security: SecurityChange[] = [];
  for (const s of inventory) {
    for (const d of s.dataResources) changes.push({ stack: s.name, logicalId: d.path.slice(s.name.length + 1), type: d.type, kind: 'add', dataAtRisk: false });
    for (const r of s.securityResources) security.push({ stack: s.name, what: 'resource', sign: '+', detail: `${r.path.slice(s.name.length + 1)} (${r.type})` });
  }
  return {
    stacks: inventory.map((s) => ({ stack: s.name, added: s.resources, changed: 0, replaced: 0, removed: 0 })),
    changes, dataAtRisk: [], security, isEmpty: inventory.every((s) => s.resources === 0),
  };
}

/** Stacks in deployment order with resource counts, then what they would create, data and security resources called out. */
export function formatInventory(inventory: readonly StackInventory[]): string[] {
  const lines = ['Stacks in deployment order (dependencies first):'];
  inventory.forEach((s, i) => {
    const nested = s.nestedStacks ? ` (nested stacks included: ${s.nestedStacks})` : '';
    lines.push(`  ${i + 1}. ${s.name} (${s.region}): ${s.resources} resources${nested}`);
  });
  const total: Record<string, number> = {};
  for (const s of inventory) for (const [type, n] of Object.entries(s.byType)) total[type] = (total[type] ?? 0) + n;
  const types = Object.entries(total).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  lines.push('', `Would create ${types.reduce((n, [, c]) => n + c, 0)} resources of ${types.length} types:`);
  for (const [type, n] of types) lines.push(`  ${String(n).padStart(4)}  ${type}${DATA_RESOURCE_TYPES.has(type) ? '   [data]' : SECURITY_RESOURCE_TYPES.has(type) ? '   [security]' : ''}`);
  const data = inventory.flatMap((s) => s.dataResources);
  if (data.length) {
    lines.push('', `Data-bearing resources (${data.length}): replacing or deleting one later loses its contents`);
    for (const d of data) lines.push(`  ${d.path} (${d.type})`);
  }
  const security = inventory.reduce((n, s) => n + s.securityResources.length, 0);
  if (security) lines.push('', `Security-sensitive resources (IAM, resource policies, security groups): ${security}; deploying them needs their approval`);
  return lines;
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

/**
 * Approves the toolkit's security question mid-deploy: once for the whole run (parallel stacks share the answer).
 * Production asks for the typed confirmation whatever `--yes` says; elsewhere `--yes` approves.
 */
function securityApprover(target: OpsTarget, options: DeployOptions, deps: DeployDeps, out: (l: string) => void, approvedUpfront: boolean): SecurityApprover {
  let answer: Promise<boolean> | undefined;
  const ask = async (): Promise<boolean> => {
    if (approvedUpfront) return true;
    out('The toolkit found security-sensitive changes (IAM or security groups) the change summary did not list.');
    try {
      await confirmSecurity(target, options, deps.prompt, 'the security-sensitive changes shown above');
      return true;
    } catch (e) {
      if (!(e instanceof OpsError)) throw e;
      out(e.message);
      return false;
    }
  };
  return async () => (answer ??= ask());
}

/** Typed confirmation for security-sensitive changes; `--yes` stands in for it outside production only. */
async function confirmSecurity(target: OpsTarget, options: DeployOptions, prompt: Prompt | undefined, what: string): Promise<void> {
  const production = target.tier === 'production';
  await confirmTyped(prompt, `deploy ${what} to ${target.tier} environment "${target.environment}"`, confirmationName(target), production ? false : options.yes, production
    ? 'Security-sensitive changes (IAM, security groups) to production need the typed confirmation, even with --yes: run the deploy in a terminal.'
    : undefined);
}

/** The account named by the spec, checked against the credentials; undefined when a dry run has no credentials. */
async function callerAccount(target: OpsTarget, region: string, options: DeployOptions, deps: DeployDeps, out: (l: string) => void): Promise<string | undefined> {
  try {
    return await checkAccount(deps.clients, region, target.account, { clock: deps.clock });
  } catch (e) {
    if (!(options.dryRun && e instanceof CredentialsMissingError)) throw e;
    out('');
    out(`No usable AWS credentials (${e.message.split('\n')[0]}).`);
    out('A live diff against the deployed stacks (and the bootstrap check) needs credentials; above is what the assembly would create in an empty account.');
    out(`For the live diff: ${e.hint ?? 'configure AWS credentials'}`);
    return undefined;
  }
}

/**
 * `haven deploy`: change summary, bootstrap check, production confirmation, dependency-ordered deploy.
 * `--dry-run` works offline: the assembly's stacks in deployment order with what they would create; with
 * credentials it adds the live diff.
 */
export async function deployEnvironment(target: OpsTarget, options: DeployOptions, deps: DeployDeps): Promise<DeployOutcome> {
  const out = deps.out ?? ((l: string) => console.log(l));
  const say = (...lines: string[]) => lines.forEach((l) => out(l));
  if (!fs.existsSync(target.assemblyDir)) {
    throw new OpsInputError(`No cloud assembly at ${target.assemblyDir}.`, 'Run `haven synth` for this environment first.');
  }
  if (!target.account && !options.dryRun) {
    throw new OpsInputError(
      `Refusing to deploy ${target.project}/${target.environment}: the spec names no AWS account, so the synthesized templates carry a placeholder account in their ARNs.`,
      `Set project.account (or environments.${target.environment}.account) to the 12-digit account id, then deploy again; --dry-run works without it.`,
    );
  }
  const { StackSelectionStrategy, DiffMethod: DM } = await import('@aws-cdk/toolkit-lib');
  const io = deps.ioHost ?? new HavenIoHost(out, deps.verbose);
  const toolkit = deps.toolkit ?? (await defaultToolkit(deps.clients, io, options.toolkitStackName));
  io.quiet = true;
  const cx = await toolkit.fromAssemblyDirectory(target.assemblyDir);
  const all = await toolkit.list(cx, { stacks: { strategy: StackSelectionStrategy.ALL_STACKS } }).finally(() => { io.quiet = false; });
  // Environment-agnostic stacks report `unknown-region`: they deploy to the environment's primary region.
  const regionOf = (s: StackDetails) => (s.environment.region && !s.environment.region.startsWith('unknown') ? s.environment.region : target.regions.primary);
  const selected = all.filter((s) => !options.region || regionOf(s) === options.region);
  if (selected.length === 0) {
    throw new OpsInputError(`No stacks${options.region ? ` in region ${options.region}` : ''} in ${target.assemblyDir}.`, `Stacks present: ${all.map((s) => `${s.name} (${regionOf(s)})`).join(', ') || 'none'}`);
  }
  const selector: StackSelector = { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: selected.map((s) => s.id) };
  const waves = deploymentOrder(selected);
  const order = waves.flat();
  out(`Environment ${target.project}/${target.environment} (${target.tier}): ${selected.length} stack(s)`);
  waves.forEach((w, i) => out(`  wave ${i + 1}: ${w.join(', ')}`));

  let inventory: StackInventory[] | undefined;
  if (options.dryRun) {
    const byName = new Map(selected.map((s) => [s.name, s]));
    inventory = assemblyInventory(target.assemblyDir, order.map((name) => ({ id: byName.get(name)!.id, name, region: regionOf(byName.get(name)!) })));
    say('', ...formatInventory(inventory));
  }
  const offline = (): DeployOutcome => {
    out('Dry run: nothing deployed.');
    return { summary: inventorySummary(inventory!), deployed: false, live: false, order, stacks: [], inventory };
  };
  if (options.dryRun && !target.account) {
    say('', 'The spec names no AWS account: the templates carry a placeholder account, so there is no live diff and deploy refuses them.',
      `Set project.account (or environments.${target.environment}.account) to deploy.`);
    return offline();
  }

  const account = await callerAccount(target, regionOf(selected[0]), options, deps, out);
  if (account === undefined) return offline();
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

  if (summary.dataAtRisk.length && target.tier === 'production' && !options.allowDataReplacement) {
    throw new OpsError(
      `Refusing to deploy to production: ${summary.dataAtRisk.length} data resource(s) would be replaced or removed (${summary.dataAtRisk.map((c) => c.logicalId).join(', ')}).`,
      'Take and verify a snapshot first; if the replacement is intended, re-run with --allow-data-replacement.',
    );
  }
  if (options.dryRun) {
    out('Dry run: nothing deployed.');
    return { summary, deployed: false, live: true, order, stacks: [], inventory };
  }
  if (summary.isEmpty) {
    out('Nothing to deploy.');
    return { summary, deployed: false, live: true, order, stacks: [] };
  }
  const sensitive = summary.security.length > 0;
  if (sensitive) {
    await confirmSecurity(target, options, deps.prompt, `${selected.length} stack(s) with ${summary.security.length} security-sensitive change(s) (IAM, security groups)`);
  } else if (target.tier === 'production') {
    await confirmTyped(deps.prompt, `deploy ${selected.length} stack(s) to production environment "${target.environment}"`, confirmationName(target), options.yes);
  }
  // The toolkit asks again per stack; what was approved above (or --yes outside production) answers it.
  io.approveSecurity = securityApprover(target, options, deps, out, sensitive || (target.tier !== 'production' && Boolean(options.yes)));
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
  return { summary, deployed: true, live: true, order, stacks: result.stacks.map((s) => ({ name: s.stackName, outputs: s.outputs })) };
}
