/*
 * Rotation of the secret origin header CloudFront sends to a load balancer that answers 403 without it.
 *
 * Secrets Manager calls the function once per step with { Step, SecretId, ClientRequestToken } and retries a
 * failed rotation, so every step is idempotent: it reads the state it wants to reach and only writes the difference.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 *
 *   createSecret  a new random value as the AWSPENDING version of this token
 *   setSecret     every listener rule checking the header accepts the current AND the pending value (ModifyRule,
 *                 two http-header values), then the distribution sends the pending value (UpdateDistribution)
 *   testSecret    the distribution is Deployed (every edge location sends the pending value) and every rule accepts it
 *   finishSecret  the pending version becomes AWSCURRENT, then the rules accept the new value only
 *
 * This directory is the function's code asset: it imports nothing from the rest of Haven, only the AWS SDK v3 the
 * Lambda Node.js runtimes include (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html).
 */
import { randomBytes } from 'node:crypto';
import {
  DescribeRulesCommand, ModifyRuleCommand, type ElasticLoadBalancingV2Client, type Rule, type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand, type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotationEvent {
  readonly Step: RotationStep;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
}

/** One custom origin header of a distribution origin, as CloudFront's DistributionConfig holds it. */
interface OriginCustomHeader { HeaderName?: string; HeaderValue?: string }

/** The part of a CloudFront DistributionConfig the rotation reads and changes (the rest is passed back unchanged). */
export interface DistributionConfig {
  Origins?: { Items?: { Id?: string; CustomHeaders?: { Quantity?: number; Items?: OriginCustomHeader[] } }[] };
  [key: string]: unknown;
}

/**
 * The three CloudFront calls the rotation makes. `@aws-sdk/client-cloudfront` is in the Lambda runtime but not in
 * Haven's dependencies, so the entry point (index.ts) adapts it to this interface.
 */
export interface CloudFrontApi {
  getDistributionConfig(id: string): Promise<{ etag: string; config: DistributionConfig }>;
  /** Fails with a PreconditionFailed error when `etag` is no longer the distribution's. */
  updateDistribution(id: string, etag: string, config: DistributionConfig): Promise<void>;
  /** 'Deployed' once every edge location has the last change, 'InProgress' before. */
  status(id: string): Promise<string>;
}

/** Where the secret is used; read from the function's environment (see `configFromEnvironment`). */
export interface RotationConfig {
  readonly distributionId: string;
  readonly headerName: string;
  /** HTTPS listeners whose rules check the header (the region is read from each ARN). */
  readonly listenerArns: readonly string[];
  /**
   * Listeners in other stacks, by SSM parameter (region and name) holding the listener ARN. A parameter that does not
   * exist yet is a stack not deployed yet: it reads the current value when it is deployed, so it is skipped.
   */
  readonly listenerParameters: readonly { readonly region: string; readonly name: string }[];
}

export interface RotationDeps {
  readonly secrets: SecretsManagerClient;
  readonly cloudfront: CloudFrontApi;
  readonly elb: (region: string) => ElasticLoadBalancingV2Client;
  readonly ssm: (region: string) => SSMClient;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the function times out. */
  readonly remainingMs: () => number;
  readonly log?: (message: string) => void;
}

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';
/** Letters and digits: a listener rule http-header value is at most 128 characters and treats * and ? as wildcards. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const VALUE_LENGTH = 64;
/** How often testSecret asks CloudFront whether the change is deployed, and the margin it keeps before the timeout. */
const POLL_MS = 15_000;
const MARGIN_MS = 20_000;
/** UpdateDistribution attempts when another change moved the ETag in between. */
const ETAG_ATTEMPTS = 3;

export function configFromEnvironment(env: NodeJS.ProcessEnv): RotationConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is not set`);
    return value;
  };
  const list = (name: string) => (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    distributionId: required('DISTRIBUTION_ID'),
    headerName: required('HEADER_NAME'),
    listenerArns: list('LISTENER_ARNS'),
    // region=name pairs, e.g. eu-central-1=/techcorp/production/edge/origin-listener
    listenerParameters: list('LISTENER_PARAMETERS').map((pair) => {
      const [region, name] = pair.split('=');
      if (!region || !name) throw new Error(`LISTENER_PARAMETERS: expected region=name, got ${pair}`);
      return { region, name };
    }),
  };
}

/** A random value of letters and digits (rejection sampling keeps every character equally likely). */
export function randomHeaderValue(length = VALUE_LENGTH): string {
  let out = '';
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < limit && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}

function errorName(err: unknown): string | undefined {
  return (err as { name?: string } | undefined)?.name;
}

export async function rotate(event: RotationEvent, config: RotationConfig, deps: RotationDeps): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const log = deps.log ?? (() => undefined);
  const meta = await deps.secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!meta.RotationEnabled) throw new Error(`secret ${secretId} is not enabled for rotation`);
  const stages = meta.VersionIdsToStages ?? {};
  if (!stages[token]) throw new Error(`secret version ${token} has no stage for rotation of ${secretId}`);
  const current = stages[token].includes(CURRENT);
  if (!current && !stages[token].includes(PENDING)) throw new Error(`secret version ${token} is not ${PENDING} for rotation of ${secretId}`);
  // finishSecret also narrows the rules after the promotion, so a retry after a partial finish completes it.
  if (current && step !== 'finishSecret') {
    log(`${step}: version ${token} is already ${CURRENT}`);
    return;
  }
  const ctx = new RotationContext(secretId, token, config, deps, log);
  switch (step) {
    case 'createSecret': return ctx.createSecret();
    case 'setSecret': return ctx.setSecret();
    case 'testSecret': return ctx.testSecret();
    case 'finishSecret': return ctx.finishSecret(stages);
    default: throw new Error(`unknown rotation step ${String(step)}`);
  }
}

/** A listener rule checking the header: where it is and the values it accepts. */
interface HeaderRule { readonly region: string; readonly rule: Rule; readonly values: readonly string[] }

class RotationContext {
  constructor(
    private readonly secretId: string,
    private readonly token: string,
    private readonly config: RotationConfig,
    private readonly deps: RotationDeps,
    private readonly log: (message: string) => void,
  ) {}

  async createSecret(): Promise<void> {
    await this.value(CURRENT);
    try {
      await this.value(PENDING, this.token);
      this.log(`createSecret: ${PENDING} version ${this.token} exists`);
      return;
    } catch (err) {
      if (errorName(err) !== 'ResourceNotFoundException') throw err;
    }
    await this.deps.secrets.send(new PutSecretValueCommand({
      SecretId: this.secretId, ClientRequestToken: this.token, SecretString: randomHeaderValue(), VersionStages: [PENDING],
    }));
    this.log(`createSecret: put ${PENDING} version ${this.token}`);
  }

  async setSecret(): Promise<void> {
    const current = await this.value(CURRENT);
    const pending = await this.value(PENDING, this.token);
    // The value CloudFront sends now must stay accepted; anything but current or pending means a change Haven did
    // not make (a manual edit, another rotation): stop before a listener stops accepting it.
    const sent = await this.sentValues();
    const unknown = sent.filter((v) => v !== current && v !== pending);
    if (unknown.length) throw new Error(`setSecret: distribution ${this.config.distributionId} sends a ${this.config.headerName} value that is neither ${CURRENT} nor ${PENDING}; fix it by hand first`);
    await this.acceptOnly([current, pending]);
    await this.send(pending);
  }

  async testSecret(): Promise<void> {
    const pending = await this.value(PENDING, this.token);
    const sent = await this.sentValues();
    if (sent.length === 0 || sent.some((v) => v !== pending)) throw new Error(`testSecret: distribution ${this.config.distributionId} does not send the ${PENDING} value (setSecret has not completed)`);
    for (const r of await this.headerRules()) {
      if (!r.values.includes(pending)) throw new Error(`testSecret: rule ${r.rule.RuleArn} does not accept the ${PENDING} value`);
    }
    await this.waitDeployed();
  }

  async finishSecret(stages: Record<string, string[]>): Promise<void> {
    const currentVersion = Object.keys(stages).find((v) => stages[v].includes(CURRENT));
    if (currentVersion !== this.token) {
      await this.deps.secrets.send(new UpdateSecretVersionStageCommand({
        SecretId: this.secretId, VersionStage: CURRENT, MoveToVersionId: this.token, RemoveFromVersionId: currentVersion,
      }));
      this.log(`finishSecret: version ${this.token} is ${CURRENT}`);
    }
    const value = await this.value(CURRENT);
    // Only once every edge location sends the new value may the old one stop being accepted.
    const sent = await this.sentValues();
    if (sent.some((v) => v !== value)) throw new Error(`finishSecret: distribution ${this.config.distributionId} does not send the ${CURRENT} value; the rules keep accepting both`);
    await this.waitDeployed();
    await this.acceptOnly([value]);
  }

  private async value(stage: string, versionId?: string): Promise<string> {
    const res = await this.deps.secrets.send(new GetSecretValueCommand({ SecretId: this.secretId, VersionStage: stage, VersionId: versionId }));
    if (!res.SecretString) throw new Error(`secret ${this.secretId} ${stage} has no string value`);
    return res.SecretString;
  }

  /** The header values the distribution's origins send (one per origin carrying the header). */
  private async sentValues(): Promise<string[]> {
    const { config } = await this.deps.cloudfront.getDistributionConfig(this.config.distributionId);
    return this.headers(config).map((h) => h.HeaderValue ?? '');
  }

  private headers(config: DistributionConfig): OriginCustomHeader[] {
    const name = this.config.headerName.toLowerCase();
    return (config.Origins?.Items ?? []).flatMap((o) => o.CustomHeaders?.Items ?? []).filter((h) => h.HeaderName?.toLowerCase() === name);
  }

  /** Every origin carrying the header sends `value`; an unchanged distribution is not updated. */
  private async send(value: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { etag, config } = await this.deps.cloudfront.getDistributionConfig(this.config.distributionId);
      const headers = this.headers(config);
      if (headers.length === 0) throw new Error(`distribution ${this.config.distributionId} has no origin sending ${this.config.headerName}`);
      if (headers.every((h) => h.HeaderValue === value)) return;
      for (const h of headers) h.HeaderValue = value;
      try {
        // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateDistribution.html
        await this.deps.cloudfront.updateDistribution(this.config.distributionId, etag, config);
        this.log(`setSecret: distribution ${this.config.distributionId} sends the ${PENDING} value`);
        return;
      } catch (err) {
        if (errorName(err) !== 'PreconditionFailed' || attempt >= ETAG_ATTEMPTS) throw err;
      }
    }
  }

  /** Until the distribution is Deployed, or fail before the function times out (Secrets Manager retries). */
  private async waitDeployed(): Promise<void> {
    for (;;) {
      const status = await this.deps.cloudfront.status(this.config.distributionId);
      if (status === 'Deployed') return;
      if (this.deps.remainingMs() < POLL_MS + MARGIN_MS) throw new Error(`distribution ${this.config.distributionId} is still ${status}; the rotation is retried`);
      await this.deps.sleep(POLL_MS);
    }
  }

  /** The rules accept exactly `values` (in this order); rules already doing so are left alone. */
  private async acceptOnly(values: readonly string[]): Promise<void> {
    const wanted = [...new Set(values)];
    for (const r of await this.headerRules()) {
      if (r.values.length === wanted.length && r.values.every((v, i) => v === wanted[i])) continue;
      // ModifyRule replaces the whole condition list: the others are passed back as they are.
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyRule.html
      const conditions = (r.rule.Conditions ?? []).map((c) => this.isHeader(c)
        ? { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: c.HttpHeaderConfig!.HttpHeaderName, Values: wanted } }
        : withoutLegacyValues(c));
      await this.deps.elb(r.region).send(new ModifyRuleCommand({ RuleArn: r.rule.RuleArn, Conditions: conditions }));
      this.log(`rule ${r.rule.RuleArn} accepts ${wanted.length} value(s)`);
    }
  }

  private isHeader(c: RuleCondition): boolean {
    return c.Field === 'http-header' && c.HttpHeaderConfig?.HttpHeaderName?.toLowerCase() === this.config.headerName.toLowerCase();
  }

  /** The rules of every known listener with a condition on the header. */
  private async headerRules(): Promise<HeaderRule[]> {
    const listeners = [
      ...this.config.listenerArns.map((arn) => ({ region: arn.split(':')[3], arn })),
      ...(await this.parameterListeners()),
    ];
    const out: HeaderRule[] = [];
    for (const { region, arn } of listeners) {
      for (const rule of await this.rulesOf(region, arn)) {
        const header = (rule.Conditions ?? []).find((c) => this.isHeader(c));
        if (header) out.push({ region, rule, values: header.HttpHeaderConfig?.Values ?? [] });
      }
    }
    return out;
  }

  private async parameterListeners(): Promise<{ region: string; arn: string }[]> {
    const out: { region: string; arn: string }[] = [];
    for (const p of this.config.listenerParameters) {
      try {
        const res = await this.deps.ssm(p.region).send(new GetParameterCommand({ Name: p.name }));
        if (res.Parameter?.Value) out.push({ region: p.region, arn: res.Parameter.Value });
      } catch (err) {
        if (errorName(err) !== 'ParameterNotFound') throw err;
        this.log(`parameter ${p.name} does not exist in ${p.region}: that stack is not deployed and will read the current value`);
      }
    }
    return out;
  }

  private async rulesOf(region: string, listenerArn: string): Promise<Rule[]> {
    const rules: Rule[] = [];
    let marker: string | undefined;
    do {
      const page = await this.deps.elb(region).send(new DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker }));
      rules.push(...(page.Rules ?? []));
      marker = page.NextMarker;
    } while (marker);
    return rules;
  }
}

/**
 * DescribeRules returns path, host and a few other conditions twice (the legacy `Values` and the `...Config`);
 * ModifyRule takes one of the two, so the legacy list is dropped when a config is present.
 */
function withoutLegacyValues(c: RuleCondition): RuleCondition {
  const hasConfig = Object.keys(c).some((k) => k.endsWith('Config') && (c as Record<string, unknown>)[k] !== undefined);
  if (!hasConfig || c.Values === undefined) return c;
  const { Values: _legacy, ...rest } = c;
  return rest;
}
