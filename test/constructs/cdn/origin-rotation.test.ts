import { DescribeRulesCommand, ElasticLoadBalancingV2Client, ModifyRuleCommand, type Rule, type RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  configFromEnvironment, randomHeaderValue, rotate, VALUE_LENGTH,
  type CloudFrontApi, type DistributionConfig, type RotationConfig, type RotationStep,
} from '../../../src/constructs/cdn/origin-rotation/rotation';
import { cloudFrontApi, type CloudFrontSdk } from '../../../src/constructs/cdn/origin-rotation/cloudfront';

const HEADER = 'X-Origin-Verify';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:techcorp-production-cdn-origin-header-AbCdEf';
const PRIMARY_LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/alb/1111/aaaa';
const DR_LISTENER = 'arn:aws:elasticloadbalancing:eu-central-1:111111111111:listener/app/alb-dr/2222/bbbb';
const DR_PARAMETER = '/techcorp-production-edge/origin-listener';
const TOKEN = 'token-2';
const OLD = 'a'.repeat(64);

function named(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

/**
 * A small AWS: one secret with versions and stages, listener rules in two regions, a distribution whose edge
 * locations send the old and the new value until the change is Deployed. After every change it checks that each
 * value some edge location may send is accepted by every rule checking the header (no 403 at any moment).
 */
class World {
  readonly versions = new Map<string, { value?: string; stages: Set<string> }>([['token-1', { value: OLD, stages: new Set(['AWSCURRENT']) }]]);
  readonly rules: Record<string, { listener: string; rule: Rule }[]> = {
    'eu-west-1': [
      { listener: PRIMARY_LISTENER, rule: { RuleArn: 'primary-api', Conditions: [{ Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } }, header([OLD])] } },
      { listener: PRIMARY_LISTENER, rule: { RuleArn: 'primary-default', Conditions: [header([OLD])] } },
      { listener: PRIMARY_LISTENER, rule: { RuleArn: 'primary-403', IsDefault: true, Conditions: [] } },
    ],
    'eu-central-1': [{ listener: DR_LISTENER, rule: { RuleArn: 'dr-default', Conditions: [header([OLD])] } }],
  };
  config: DistributionConfig = { Comment: 'cdn', Origins: { Items: [{ Id: 'bucket' }, { Id: 'alb', CustomHeaders: { Quantity: 1, Items: [{ HeaderName: HEADER, HeaderValue: OLD }] } }] } };
  etag = 1;
  /** Values edge locations may send right now. */
  sending = new Set([OLD]);
  /** GetDistribution calls answered InProgress after an update before Deployed. */
  propagationPolls = 2;
  private pendingPolls = 0;
  drParameter = true;
  updates = 0;
  modifies = 0;
  /** Faults injected into the next call of an operation. */
  readonly faults = new Map<string, Error>();

  readonly sm = mockClient(SecretsManagerClient);
  readonly elbClients = { 'eu-west-1': new ElasticLoadBalancingV2Client({ region: 'eu-west-1' }), 'eu-central-1': new ElasticLoadBalancingV2Client({ region: 'eu-central-1' }) };
  readonly ssmClient = new SSMClient({ region: 'eu-central-1' });
  readonly elbMocks: Record<string, ReturnType<typeof mockClient>> = {};

  constructor() {
    this.sm.on(DescribeSecretCommand).callsFake(() => this.call('DescribeSecret', () => ({
      RotationEnabled: true,
      VersionIdsToStages: Object.fromEntries([...this.versions].map(([id, v]) => [id, [...v.stages]])),
    })));
    this.sm.on(GetSecretValueCommand).callsFake((input: { VersionId?: string; VersionStage?: string }) => this.call('GetSecretValue', () => {
      const entry = [...this.versions].find(([id, v]) => (!input.VersionId || id === input.VersionId) && (!input.VersionStage || v.stages.has(input.VersionStage)));
      // The version RotateSecret creates has no value until createSecret puts one.
      if (!entry || entry[1].value === undefined) throw named('ResourceNotFoundException');
      return { SecretString: entry[1].value, VersionId: entry[0] };
    }));
    this.sm.on(PutSecretValueCommand).callsFake((input: { ClientRequestToken: string; SecretString: string; VersionStages: string[] }) => this.call('PutSecretValue', () => {
      for (const stage of input.VersionStages) for (const v of this.versions.values()) v.stages.delete(stage);
      this.versions.set(input.ClientRequestToken, { value: input.SecretString, stages: new Set(input.VersionStages) });
      return {};
    }));
    this.sm.on(UpdateSecretVersionStageCommand).callsFake((input: { VersionStage: string; MoveToVersionId: string; RemoveFromVersionId?: string }) => this.call('UpdateSecretVersionStage', () => {
      const from = input.RemoveFromVersionId ? this.versions.get(input.RemoveFromVersionId) : undefined;
      if (from && !from.stages.has(input.VersionStage)) throw named('InvalidParameterException');
      from?.stages.delete(input.VersionStage);
      // Secrets Manager moves AWSPREVIOUS to the version that loses AWSCURRENT.
      if (from && input.VersionStage === 'AWSCURRENT') from.stages.add('AWSPREVIOUS');
      this.versions.get(input.MoveToVersionId)!.stages.add(input.VersionStage);
      return {};
    }));
    for (const [region, client] of Object.entries(this.elbClients)) {
      const mock = mockClient(client);
      this.elbMocks[region] = mock as unknown as ReturnType<typeof mockClient>;
      mock.on(DescribeRulesCommand).callsFake((input: { ListenerArn: string; Marker?: string }) => this.call('DescribeRules', () => {
        // One rule per page, to exercise the marker.
        const rules = this.rules[region].filter((r) => r.listener === input.ListenerArn).map((r) => structuredClone(r.rule));
        const at = Number(input.Marker ?? 0);
        return { Rules: rules.slice(at, at + 1), NextMarker: at + 1 < rules.length ? String(at + 1) : undefined };
      }));
      mock.on(ModifyRuleCommand).callsFake((input: { RuleArn: string; Conditions: RuleCondition[] }) => this.call(`ModifyRule ${region}`, () => {
        for (const c of input.Conditions) {
          // Elastic Load Balancing refuses a condition giving both forms of its values.
          if (c.Values && Object.keys(c).some((k) => k.endsWith('Config'))) throw named('ValidationError', 'Values and a Config together');
          if ((c.HttpHeaderConfig?.Values?.length ?? 0) > 3) throw named('ValidationError', 'more than 3 values');
        }
        this.rules[region].find((r) => r.rule.RuleArn === input.RuleArn)!.rule.Conditions = input.Conditions;
        this.modifies++;
        this.checkNoOutage();
        return {};
      }));
    }
    mockClient(this.ssmClient).on(GetParameterCommand).callsFake((input: { Name: string }) => this.call('GetParameter', () => {
      if (!this.drParameter || input.Name !== DR_PARAMETER) throw named('ParameterNotFound');
      return { Parameter: { Value: DR_LISTENER } };
    }));
  }

  readonly cloudfront: CloudFrontApi = {
    getDistributionConfig: async () => this.call('GetDistributionConfig', () => ({ etag: String(this.etag), config: structuredClone(this.config) })),
    updateDistribution: async (_id, etag, config) => this.call('UpdateDistribution', () => {
      if (etag !== String(this.etag)) throw named('PreconditionFailed');
      const before = this.sentValue();
      this.config = structuredClone(config);
      this.etag++;
      this.updates++;
      this.sending = new Set([before, this.sentValue()]);
      this.pendingPolls = this.propagationPolls;
      this.checkNoOutage();
    }),
    status: async () => this.call('GetDistribution', () => {
      if (this.pendingPolls > 0) {
        this.pendingPolls--;
        return 'InProgress';
      }
      this.sending = new Set([this.sentValue()]);
      return 'Deployed';
    }),
  };

  private call<T>(operation: string, run: () => T): T {
    const fault = this.faults.get(operation);
    if (fault) {
      this.faults.delete(operation);
      throw fault;
    }
    return run();
  }

  sentValue(): string {
    return this.config.Origins!.Items!.flatMap((o) => o.CustomHeaders?.Items ?? [])[0].HeaderValue!;
  }

  accepted(region: string, arn: string): string[] {
    const rule = this.rules[region].find((r) => r.rule.RuleArn === arn)!.rule;
    return rule.Conditions!.find((c) => c.Field === 'http-header')!.HttpHeaderConfig!.Values!;
  }

  private checkNoOutage(): void {
    for (const [region, rules] of Object.entries(this.rules)) {
      for (const { rule } of rules) {
        const values = rule.Conditions?.find((c) => c.Field === 'http-header')?.HttpHeaderConfig?.Values;
        if (!values) continue;
        for (const sent of this.sending) if (!values.includes(sent)) throw new Error(`outage: ${region} ${rule.RuleArn} refuses a value CloudFront sends`);
      }
    }
  }

  deps(remaining = 600_000) {
    return {
      secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
      cloudfront: this.cloudfront,
      elb: (region: string) => this.elbClients[region as keyof World['elbClients']],
      ssm: () => this.ssmClient,
      sleep: async () => undefined,
      remainingMs: () => remaining,
    };
  }
}

function header(values: string[]): RuleCondition {
  return { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: HEADER, Values: values } };
}

const config: RotationConfig = { distributionId: 'E123', headerName: HEADER, listenerArns: [PRIMARY_LISTENER], listenerParameters: [{ region: 'eu-central-1', name: DR_PARAMETER }] };
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

let world: World;
beforeEach(() => {
  world = new World();
});

async function step(s: RotationStep, remaining?: number): Promise<void> {
  await rotate({ Step: s, SecretId: SECRET, ClientRequestToken: TOKEN }, config, world.deps(remaining));
}

/** Secrets Manager starts a rotation by creating the token's version with AWSPENDING (RotateSecret). */
function startRotation(): void {
  world.versions.set(TOKEN, { stages: new Set(['AWSPENDING']) });
}

describe('origin header rotation', () => {
  it('rotates the secret, the distribution and the rules of both regions with no value refused at any moment', async () => {
    startRotation();
    for (const s of STEPS) await step(s);
    const fresh = world.versions.get(TOKEN)!;
    expect(fresh.value).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(fresh.value).not.toBe(OLD);
    // AWSPENDING may stay on the current version after a successful rotation (RotateSecret API reference).
    expect(fresh.stages.has('AWSCURRENT')).toBe(true);
    expect([...world.versions.get('token-1')!.stages]).toEqual(['AWSPREVIOUS']);
    expect(world.sentValue()).toBe(fresh.value);
    for (const [region, arn] of [['eu-west-1', 'primary-api'], ['eu-west-1', 'primary-default'], ['eu-central-1', 'dr-default']]) {
      expect(world.accepted(region, arn)).toEqual([fresh.value]);
    }
    // Other conditions pass through ModifyRule unchanged (in the one form it accepts); the default rule is left alone.
    const api = world.rules['eu-west-1'][0].rule.Conditions!;
    expect(api[0]).toEqual({ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } });
    expect(world.rules['eu-west-1'][2].rule.Conditions).toEqual([]);
    expect(world.updates).toBe(1);
  });

  it('setSecret makes the rules accept both values before the distribution sends the new one', async () => {
    startRotation();
    await step('createSecret');
    const pending = world.versions.get(TOKEN)!.value!;
    world.faults.set('UpdateDistribution', named('ThrottlingException'));
    await expect(step('setSecret')).rejects.toThrow('ThrottlingException');
    expect(world.accepted('eu-west-1', 'primary-default')).toEqual([OLD, pending]);
    expect(world.accepted('eu-central-1', 'dr-default')).toEqual([OLD, pending]);
    expect(world.sentValue()).toBe(OLD);
  });

  it('resumes after a failed setSecret (throttled in the DR region) and finishes the rotation', async () => {
    startRotation();
    await step('createSecret');
    world.faults.set('ModifyRule eu-central-1', named('ThrottlingException'));
    await expect(step('setSecret')).rejects.toThrow('ThrottlingException');
    expect(world.sentValue()).toBe(OLD);
    await step('setSecret');
    await step('testSecret');
    await step('finishSecret');
    expect(world.accepted('eu-central-1', 'dr-default')).toEqual([world.versions.get(TOKEN)!.value]);
  });

  it('changes nothing when a step runs twice', async () => {
    startRotation();
    for (const s of STEPS) {
      await step(s);
      const snapshot = { modifies: world.modifies, updates: world.updates, pending: world.versions.get(TOKEN)!.value };
      await step(s);
      expect({ modifies: world.modifies, updates: world.updates, pending: world.versions.get(TOKEN)!.value }).toEqual(snapshot);
    }
    expect(world.versions.get(TOKEN)!.stages.has('AWSCURRENT')).toBe(true);
  });

  it('finishSecret, retried after a failure following the promotion, still narrows the rules', async () => {
    startRotation();
    for (const s of STEPS.slice(0, 3)) await step(s);
    world.faults.set('ModifyRule eu-west-1', named('ThrottlingException'));
    await expect(step('finishSecret')).rejects.toThrow('ThrottlingException');
    expect(world.versions.get(TOKEN)!.stages.has('AWSCURRENT')).toBe(true);
    await step('finishSecret');
    expect(world.accepted('eu-west-1', 'primary-api')).toEqual([world.versions.get(TOKEN)!.value]);
  });

  it('testSecret fails while the distribution deploys and there is no time left to wait, then passes', async () => {
    startRotation();
    world.propagationPolls = 1;
    await step('createSecret');
    await step('setSecret');
    await expect(step('testSecret', 10_000)).rejects.toThrow(/still InProgress/);
    await step('testSecret', 10_000);
  });

  it('testSecret waits (polling) for the distribution to be deployed', async () => {
    startRotation();
    await step('createSecret');
    await step('setSecret');
    await step('testSecret');
    expect(world.sending).toEqual(new Set([world.versions.get(TOKEN)!.value]));
  });

  it('a throttled DescribeSecret fails the step before any change', async () => {
    startRotation();
    world.faults.set('DescribeSecret', named('ThrottlingException'));
    await expect(step('createSecret')).rejects.toThrow('ThrottlingException');
    expect(world.versions.get(TOKEN)!.value).toBeUndefined();
  });

  it('retries UpdateDistribution with a fresh ETag when another change moved it', async () => {
    startRotation();
    await step('createSecret');
    world.faults.set('UpdateDistribution', named('PreconditionFailed'));
    await step('setSecret');
    expect(world.sentValue()).toBe(world.versions.get(TOKEN)!.value);
  });

  it('setSecret refuses to touch the rules when CloudFront sends a value it does not know', async () => {
    startRotation();
    await step('createSecret');
    world.config.Origins!.Items![1].CustomHeaders!.Items![0].HeaderValue = 'b'.repeat(64);
    await expect(step('setSecret')).rejects.toThrow(/neither AWSCURRENT nor AWSPENDING/);
    expect(world.modifies).toBe(0);
  });

  it('finishSecret keeps both values accepted when the distribution no longer sends the new one', async () => {
    startRotation();
    for (const s of STEPS.slice(0, 3)) await step(s);
    // A deployment between the steps re-resolved the dynamic reference to the value then current.
    world.config.Origins!.Items![1].CustomHeaders!.Items![0].HeaderValue = OLD;
    await expect(step('finishSecret')).rejects.toThrow(/does not send the AWSCURRENT value/);
    expect(world.accepted('eu-west-1', 'primary-default')).toHaveLength(2);
  });

  it('skips the DR listener while the DR stack has not published it (not deployed yet)', async () => {
    world.drParameter = false;
    world.rules['eu-central-1'] = [];
    startRotation();
    for (const s of STEPS) await step(s);
    expect(world.accepted('eu-west-1', 'primary-default')).toEqual([world.versions.get(TOKEN)!.value]);
    expect(world.elbMocks['eu-central-1'].calls()).toHaveLength(0);
    expect(world.elbMocks['eu-west-1'].calls().length).toBeGreaterThan(0);
  });

  it('refuses a version that is not pending', async () => {
    world.versions.set(TOKEN, { value: 'x', stages: new Set(['AWSPREVIOUS']) });
    await expect(step('setSecret')).rejects.toThrow(/is not AWSPENDING/);
    // A late finishSecret for an old version must not promote it back.
    await expect(step('finishSecret')).rejects.toThrow(/is not AWSPENDING/);
    expect(world.versions.get('token-1')!.stages.has('AWSCURRENT')).toBe(true);
  });
});

describe('helpers', () => {
  it('random values are letters and digits of the full length, and differ', () => {
    const a = randomHeaderValue();
    expect(a).toMatch(new RegExp(`^[A-Za-z0-9]{${VALUE_LENGTH}}$`));
    expect(randomHeaderValue()).not.toBe(a);
  });

  it('reads the configuration from the environment', () => {
    expect(configFromEnvironment({ DISTRIBUTION_ID: 'E1', HEADER_NAME: HEADER, LISTENER_ARNS: `${PRIMARY_LISTENER}`, LISTENER_PARAMETERS: `eu-central-1=${DR_PARAMETER}` })).toEqual({
      distributionId: 'E1', headerName: HEADER, listenerArns: [PRIMARY_LISTENER], listenerParameters: [{ region: 'eu-central-1', name: DR_PARAMETER }],
    });
    expect(() => configFromEnvironment({ HEADER_NAME: HEADER })).toThrow(/DISTRIBUTION_ID/);
    expect(() => configFromEnvironment({ DISTRIBUTION_ID: 'E1', HEADER_NAME: HEADER, LISTENER_PARAMETERS: 'nope' })).toThrow(/region=name/);
  });
});

describe('CloudFront adapter', () => {
  /** A fake SDK module: commands record their input, the client answers per command class. */
  function fakeSdk(answers: { config?: Record<string, unknown>; status?: string }) {
    const sent: { command: string; input: unknown }[] = [];
    const command = (name: string) => class { constructor(readonly input: unknown) { sent.push({ command: name, input }); } };
    const sdk: CloudFrontSdk = {
      CloudFrontClient: class {
        constructor(readonly config: { maxAttempts: number }) {
          sent.push({ command: 'client', input: config });
        }

        async send(c: unknown) {
          const name = sent.find((s) => s.input === (c as { input: unknown }).input)?.command;
          if (name === 'GetDistributionConfig') return answers.config ?? {};
          if (name === 'GetDistribution') return { Distribution: { Status: answers.status } };
          return {};
        }
      },
      GetDistributionConfigCommand: command('GetDistributionConfig'),
      UpdateDistributionCommand: command('UpdateDistribution'),
      GetDistributionCommand: command('GetDistribution'),
    };
    return { sdk, sent };
  }

  it('reads the config with its ETag, updates conditioned on it, and reads the status', async () => {
    const { sdk, sent } = fakeSdk({ config: { ETag: 'E1', DistributionConfig: { Comment: 'cdn' } }, status: 'Deployed' });
    const api = cloudFrontApi(sdk, 8);
    expect(await api.getDistributionConfig('D1')).toEqual({ etag: 'E1', config: { Comment: 'cdn' } });
    await api.updateDistribution('D1', 'E1', { Comment: 'cdn' });
    expect(await api.status('D1')).toBe('Deployed');
    expect(sent).toEqual([
      { command: 'client', input: { maxAttempts: 8 } },
      { command: 'GetDistributionConfig', input: { Id: 'D1' } },
      { command: 'UpdateDistribution', input: { Id: 'D1', IfMatch: 'E1', DistributionConfig: { Comment: 'cdn' } } },
      { command: 'GetDistribution', input: { Id: 'D1' } },
    ]);
  });

  it('refuses a config answer without an ETag (an update could not be conditioned on it)', async () => {
    await expect(cloudFrontApi(fakeSdk({ config: { DistributionConfig: {} } }).sdk, 1).getDistributionConfig('D1')).rejects.toThrow(/no ETag/);
  });
});
