import { BackupClient } from '@aws-sdk/client-backup';
import { CloudControlClient } from '@aws-sdk/client-cloudcontrol';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { OpsError, OpsInputError, WaitTimeoutError, errorMessage, errorName } from './errors';

/** Credentials and regions the AWS way: named profile (incl. SSO), environment, container/instance roles. */
export interface AwsAuthOptions {
  /** Named profile from ~/.aws/config (SSO profiles included). @default - AWS_PROFILE or the default chain */
  readonly profile?: string;
  /** Explicit credentials provider (tests, embedding). @default fromNodeProviderChain({ profile }) */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

type Ctor<T> = new (config: Record<string, unknown>) => T;

/** Lazily created SDK v3 clients, one per service and region. */
export class AwsClients {
  private readonly cache = new Map<string, unknown>();
  private readonly credentials: unknown;

  constructor(private readonly auth: AwsAuthOptions = {}) {
    this.credentials = auth.credentials ?? fromNodeProviderChain(auth.profile ? { profile: auth.profile } : {});
  }

  get profile(): string | undefined {
    return this.auth.profile ?? process.env.AWS_PROFILE;
  }

  private get<T>(ctor: Ctor<T>, key: string, region: string): T {
    const k = `${key}@${region}`;
    let c = this.cache.get(k) as T | undefined;
    if (!c) {
      // SDK retries stay modest: our own `call` adds throttling backoff we can observe and test.
      c = new ctor({ region, credentials: this.credentials, maxAttempts: 3 });
      this.cache.set(k, c);
    }
    return c;
  }

  backup(r: string) { return this.get(BackupClient as Ctor<BackupClient>, 'backup', r); }
  /** Cloud Control API (EKS managed node groups: no EKS client is bundled; see src/ops/dr/steps/eks.ts). */
  cloudcontrol(r: string) { return this.get(CloudControlClient as Ctor<CloudControlClient>, 'cloudcontrol', r); }
  cloudformation(r: string) { return this.get(CloudFormationClient as Ctor<CloudFormationClient>, 'cfn', r); }
  cloudtrail(r: string) { return this.get(CloudTrailClient as Ctor<CloudTrailClient>, 'cloudtrail', r); }
  cloudwatch(r: string) { return this.get(CloudWatchClient as Ctor<CloudWatchClient>, 'cloudwatch', r); }
  config(r: string) { return this.get(ConfigServiceClient as Ctor<ConfigServiceClient>, 'config', r); }
  ec2(r: string) { return this.get(EC2Client as Ctor<EC2Client>, 'ec2', r); }
  ecs(r: string) { return this.get(ECSClient as Ctor<ECSClient>, 'ecs', r); }
  elasticache(r: string) { return this.get(ElastiCacheClient as Ctor<ElastiCacheClient>, 'elasticache', r); }
  elbv2(r: string) { return this.get(ElasticLoadBalancingV2Client as Ctor<ElasticLoadBalancingV2Client>, 'elbv2', r); }
  guardduty(r: string) { return this.get(GuardDutyClient as Ctor<GuardDutyClient>, 'guardduty', r); }
  kms(r: string) { return this.get(KMSClient as Ctor<KMSClient>, 'kms', r); }
  rds(r: string) { return this.get(RDSClient as Ctor<RDSClient>, 'rds', r); }
  /** Route 53 is a global service whose control plane lives in us-east-1. */
  route53() { return this.get(Route53Client as Ctor<Route53Client>, 'route53', 'us-east-1'); }
  s3(r: string) { return this.get(S3Client as Ctor<S3Client>, 's3', r); }
  secrets(r: string) { return this.get(SecretsManagerClient as Ctor<SecretsManagerClient>, 'secrets', r); }
  sns(r: string) { return this.get(SNSClient as Ctor<SNSClient>, 'sns', r); }
  sts(r: string) { return this.get(STSClient as Ctor<STSClient>, 'sts', r); }
}

/** Clock and sleep, injected so tests run waits and backoff instantly. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'PriorRequestNotComplete', 'ProvisionedThroughputExceededException',
  'RequestLimitExceededException', 'BandwidthLimitExceeded', 'Rate exceeded',
]);
const CREDENTIALS = new Set([
  'CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException',
  'TokenProviderError', 'SSOTokenProviderFailure',
]);

export function isThrottling(e: unknown): boolean {
  const n = errorName(e);
  if (n && THROTTLING.has(n)) return true;
  const meta = (e as { $retryable?: { throttling?: boolean } } | undefined)?.$retryable;
  return Boolean(meta?.throttling);
}

export function isNotFound(e: unknown): boolean {
  const n = errorName(e) ?? '';
  return /NotFound|NoSuch|DoesNotExist/.test(n) || (n === 'ValidationError' && /does not exist/.test(errorMessage(e)));
}

/** No usable AWS credentials: commands that can work offline (`deploy --dry-run`) catch it and carry on. */
export class CredentialsMissingError extends OpsInputError {
  constructor(message: string, hint: string) {
    super(message, hint);
    this.name = 'CredentialsMissingError';
  }
}

/** Turns missing/expired credentials into an operator-facing error that says how to fix it. */
export function credentialsError(e: unknown, profile?: string): OpsInputError | undefined {
  const n = errorName(e);
  if (!n || !CREDENTIALS.has(n)) return undefined;
  const who = profile ? `profile "${profile}"` : 'the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO, instance role)';
  const hint = profile
    ? `Run \`aws sso login --profile ${profile}\` (or check ~/.aws/config), then retry.`
    : 'Pass --profile NAME, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; for SSO run `aws sso login`.';
  return new CredentialsMissingError(`AWS credentials are missing or expired for ${who}: ${errorMessage(e)}`, hint);
}

export interface CallOptions {
  readonly clock?: Clock;
  readonly maxAttempts?: number;
  readonly profile?: string;
  /** Called on each throttling retry (progress output). */
  readonly onRetry?: (attempt: number, delayMs: number, e: unknown) => void;
}

/**
 * Sends an SDK command, retrying throttling with exponential backoff (the DR runbook fires many
 * describe calls in a row; a throttled describe must not abort a failover).
 */
export async function call<O>(client: { send(cmd: never): Promise<unknown> }, command: unknown, opts: CallOptions = {}): Promise<O> {
  const clock = opts.clock ?? realClock;
  const max = opts.maxAttempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return (await client.send(command as never)) as O;
    } catch (e) {
      const cred = credentialsError(e, opts.profile);
      if (cred) throw cred;
      if (!isThrottling(e) || attempt >= max) throw e;
      const delay = Math.min(20_000, 500 * 2 ** (attempt - 1));
      opts.onRetry?.(attempt, delay, e);
      await clock.sleep(delay);
    }
  }
}

export interface PollOptions {
  readonly what: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
  /** @default 5000 */
  readonly initialDelayMs?: number;
  /** @default 30000 */
  readonly maxDelayMs?: number;
}

/** Polls until `probe` says done; backs off between polls; throws WaitTimeoutError naming what it waited for. */
export async function poll(probe: () => Promise<{ done: boolean; state?: string }>, opts: PollOptions): Promise<void> {
  const start = opts.clock.now();
  let delay = opts.initialDelayMs ?? 5000;
  let last: string | undefined;
  for (;;) {
    const r = await probe();
    last = r.state;
    if (r.done) return;
    if (opts.clock.now() - start >= opts.timeoutMs) throw new WaitTimeoutError(opts.what, opts.timeoutMs, last);
    await opts.clock.sleep(delay);
    delay = Math.min(opts.maxDelayMs ?? 30_000, Math.round(delay * 1.5));
  }
}

/** The account the credentials belong to; refuses when it is not the account the target names. */
export async function checkAccount(clients: AwsClients, region: string, expected: string | undefined, opts: CallOptions = {}): Promise<string> {
  const id = await call<{ Account?: string }>(clients.sts(region), new GetCallerIdentityCommand({}), { ...opts, profile: clients.profile });
  const account = id.Account ?? '';
  if (expected && account !== expected) {
    throw new OpsInputError(
      `Credentials belong to account ${account}, but this environment lives in account ${expected}.`,
      'Select the right profile (--profile / AWS_PROFILE) before running against this environment.',
    );
  }
  return account;
}

/** Outputs of CloudFormation stacks, merged; stacks that cannot be read are reported, not fatal (the primary region may be down). */
export async function readStackOutputs(
  clients: AwsClients,
  stacks: readonly { readonly name: string; readonly region: string }[],
  opts: CallOptions = {},
): Promise<{ outputs: Record<string, string>; unreadable: { stack: string; region: string; error: string }[] }> {
  const outputs: Record<string, string> = {};
  const unreadable: { stack: string; region: string; error: string }[] = [];
  for (const s of stacks) {
    try {
      const r = await call<{ Stacks?: { Outputs?: { OutputKey?: string; OutputValue?: string }[] }[] }>(
        clients.cloudformation(s.region), new DescribeStacksCommand({ StackName: s.name }), { ...opts, profile: clients.profile },
      );
      for (const o of r.Stacks?.[0]?.Outputs ?? []) if (o.OutputKey && o.OutputValue !== undefined) outputs[o.OutputKey] = o.OutputValue;
    } catch (e) {
      if (e instanceof OpsError) throw e;
      unreadable.push({ stack: s.name, region: s.region, error: errorMessage(e) });
    }
  }
  return { outputs, unreadable };
}
