import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DiffMethod, StackSelectionStrategy, Toolkit } from '@aws-cdk/toolkit-lib';
import type { DeployResult, ICloudAssemblySource, StackDetails } from '@aws-cdk/toolkit-lib';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/ops/aws';
import {
  HavenIoHost, OpsToolkit, TemplateDiffLike, checkBootstrap, deployEnvironment, deploymentOrder, summarizeDiff,
} from '../../src/ops/deploy';
import { ScriptedPrompt } from '../../src/ops/prompt';
import { ACCOUNT, DR, PRIMARY, awsError, fakeClock, target, throttle, tmpDir, writeAssembly } from './fixtures';

const cfn = mockClient(CloudFormationClient);
const sts = mockClient(STSClient);
const clients = () => new AwsClients({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });

function bootstrapped(version = '29') {
  cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
    Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: version }] }],
  });
}

const DB = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: '20', DBName: 'berthcare' } };

beforeEach(() => {
  cfn.reset();
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
});
afterEach(() => {
  cfn.reset();
  sts.reset();
});

/** Real toolkit-lib Toolkit (offline: assembly directory + local-file diff), with deploy replaced by a recorder. */
function realToolkitWithFakeDeploy(out: string[]) {
  const io = new HavenIoHost((l) => out.push(l));
  const tk = new Toolkit({ ioHost: io, emojis: false, color: false });
  const deployed: { stacks?: unknown; concurrency?: number }[] = [];
  const toolkit: OpsToolkit = {
    fromAssemblyDirectory: (d) => tk.fromAssemblyDirectory(d),
    list: (cx, o) => tk.list(cx, o),
    diff: (cx, o) => tk.diff(cx, o),
    deploy: async (_cx, o): Promise<DeployResult> => {
      deployed.push({ stacks: o?.stacks, concurrency: o?.concurrency });
      return { stacks: [] };
    },
  };
  return { toolkit, deployed, io };
}

describe('deploy with the real toolkit-lib Toolkit and an IoHost', () => {
  it('lists stacks of the assembly and computes a change summary that calls out a database replacement', async () => {
    const asm = writeAssembly([
      { id: 'Data', region: PRIMARY, resources: { Db: DB } },
      { id: 'DrData', region: DR, resources: { Replica: { Type: 'AWS::S3::Bucket' } } },
    ]);
    const old = path.join(tmpDir(), 'old.json');
    fs.writeFileSync(old, JSON.stringify({ Resources: { Db: { ...DB, Properties: { ...DB.Properties, DBName: 'oldname' } }, Legacy: { Type: 'AWS::SNS::Topic' } } }));
    bootstrapped();
    const out: string[] = [];
    const { toolkit, deployed, io } = realToolkitWithFakeDeploy(out);

    // Production: a replaced database is refused without the explicit flag, even with --yes.
    await expect(deployEnvironment(target({ assemblyDir: asm }), { region: PRIMARY, yes: true, diffMethod: DiffMethod.LocalFile(old) }, { clients: clients(), toolkit, out: (l) => out.push(l) }))
      .rejects.toThrow(/Refusing to deploy to production: 1 data resource\(s\) would be replaced.*Db/s);
    expect(deployed).toHaveLength(0);
    expect(out.join('\n')).toMatch(/DATA RESOURCES WOULD BE REPLACED/);
    expect(out.join('\n')).toMatch(/REPLACE\s+Data\/Db \(AWS::RDS::DBInstance\)/);
    expect(out.join('\n')).toMatch(/REMOVE\s+Data\/Legacy/);
    // The toolkit talked to our IoHost.
    expect(io.messages.length).toBeGreaterThan(0);

    // With the flag (dry run) the summary is returned and nothing is deployed.
    const r = await deployEnvironment(target({ assemblyDir: asm }), { region: PRIMARY, dryRun: true, allowDataReplacement: true, diffMethod: DiffMethod.LocalFile(old) }, { clients: clients(), toolkit, out: () => {} });
    expect(r.deployed).toBe(false);
    expect(r.summary.stacks).toEqual([{ stack: 'Data', added: 0, changed: 0, replaced: 1, removed: 1 }]);
    expect(r.summary.dataAtRisk.map((c) => c.logicalId)).toEqual(['Db']);
    expect(r.order).toEqual(['Data']);
  });

  it('reads stack dependencies from the assembly and groups independent stacks into parallel waves', async () => {
    const asm = writeAssembly([
      { id: 'Network', region: PRIMARY, resources: {} },
      { id: 'Data', region: PRIMARY, dependsOn: ['Network'], resources: { Db: DB } },
      { id: 'Audit', region: PRIMARY, dependsOn: ['Network'], resources: {} },
      { id: 'App', region: PRIMARY, dependsOn: ['Data', 'Audit'], resources: {} },
      { id: 'Edge', region: 'us-east-1', resources: {} },
    ]);
    const tk = new Toolkit({ ioHost: new HavenIoHost(() => {}), emojis: false, color: false });
    const list = await tk.list(await tk.fromAssemblyDirectory(asm), { stacks: { strategy: StackSelectionStrategy.ALL_STACKS } });
    expect(deploymentOrder(list)).toEqual([['Network', 'Edge'], ['Data', 'Audit'], ['App']]);
  });

  it('staging deploys without confirmation and passes the region selection and concurrency to the toolkit', async () => {
    const asm = writeAssembly([
      { id: 'Data', region: PRIMARY, resources: { Db: DB } },
      { id: 'DrData', region: DR, resources: {} },
    ]);
    const old = path.join(tmpDir(), 'old.json');
    fs.writeFileSync(old, JSON.stringify({ Resources: {} }));
    bootstrapped();
    const { toolkit, deployed } = realToolkitWithFakeDeploy([]);
    const r = await deployEnvironment(target({ assemblyDir: asm, tier: 'staging', environment: 'staging' }), { region: PRIMARY, diffMethod: DiffMethod.LocalFile(old) }, { clients: clients(), toolkit, out: () => {} });
    expect(r.deployed).toBe(true);
    expect(r.summary.stacks[0]).toMatchObject({ stack: 'Data', added: 1 });
    expect(deployed).toEqual([{ stacks: { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: ['Data'] }, concurrency: 4 }]);
  });
});

function fakeToolkit(stacks: StackDetails[], diffs: Record<string, TemplateDiffLike>) {
  const calls: string[] = [];
  const tk: OpsToolkit = {
    fromAssemblyDirectory: async () => ({}) as ICloudAssemblySource,
    list: async () => stacks,
    diff: async () => { calls.push('diff'); return diffs; },
    deploy: async (_cx, o) => { calls.push(`deploy:${o?.concurrency}`); return { stacks: stacks.map((s) => ({ stackName: s.name, hierarchicalId: s.id, environment: s.environment, outputs: { Out: '1' }, deleteFailures: [] })) } as unknown as DeployResult; },
  };
  return { tk, calls };
}

function details(id: string, region: string, deps: string[] = []): StackDetails {
  return { id, name: `berthcare-prod-${id}`, environment: { account: ACCOUNT, region, name: `aws://${ACCOUNT}/${region}` }, dependencies: deps.map((d) => ({ id: d, dependencies: [] })) };
}

const addBucket: Record<string, TemplateDiffLike> = { network: { resources: { changes: { B: { resourceType: 'AWS::S3::Bucket', changeImpact: 'WILL_CREATE' } } } } };

describe('deploy flow (toolkit substituted)', () => {
  const stacks = [details('network', PRIMARY), details('data', PRIMARY, ['network']), details('app', PRIMARY, ['data']), details('edge', 'us-east-1'), details('audit', PRIMARY, ['network'])];
  const asm = tmpDir();

  it('orders stacks in dependency waves; independent stacks share a wave', () => {
    expect(deploymentOrder(stacks)).toEqual([
      ['berthcare-prod-network', 'berthcare-prod-edge'],
      ['berthcare-prod-data', 'berthcare-prod-audit'],
      ['berthcare-prod-app'],
    ]);
  });

  it('production asks for the typed project name and deploys only when it matches', async () => {
    bootstrapped();
    const { tk, calls } = fakeToolkit(stacks, addBucket);
    const wrong = new ScriptedPrompt(['yes']);
    await expect(deployEnvironment(target({ assemblyDir: asm }), {}, { clients: clients(), toolkit: tk, prompt: wrong, out: () => {} })).rejects.toThrow(/did not match "berthcare"/);
    expect(calls).toEqual(['diff']);
    const right = new ScriptedPrompt(['berthcare']);
    const r = await deployEnvironment(target({ assemblyDir: asm }), {}, { clients: clients(), toolkit: tk, prompt: right, out: () => {} });
    expect(right.asked[0]).toMatch(/type the project name \(berthcare\)/);
    expect(calls).toEqual(['diff', 'diff', 'deploy:4']);
    expect(r.stacks[0]).toEqual({ name: 'berthcare-prod-network', outputs: { Out: '1' } });
  });

  it('production refuses in a non-interactive session without --yes', async () => {
    bootstrapped();
    const { tk, calls } = fakeToolkit(stacks, addBucket);
    await expect(deployEnvironment(target({ assemblyDir: asm }), {}, { clients: clients(), toolkit: tk, prompt: new ScriptedPrompt([], false), out: () => {} }))
      .rejects.toThrow(/non-interactive.*--yes/s);
    expect(calls).not.toContain('deploy:4');
  });

  it('a data resource replacement outside production is shouted about but allowed', async () => {
    bootstrapped();
    const out: string[] = [];
    const { tk, calls } = fakeToolkit(stacks, { data: { resources: { changes: { Cache: { resourceType: 'AWS::ElastiCache::ReplicationGroup', changeImpact: 'WILL_REPLACE' } } } } });
    await deployEnvironment(target({ assemblyDir: asm, tier: 'staging' }), {}, { clients: clients(), toolkit: tk, out: (l) => out.push(l) });
    expect(out.join('\n')).toMatch(/!!! +REPLACE data\/Cache/);
    expect(calls).toContain('deploy:4');
  });

  it('refuses clearly when the account is not bootstrapped', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).rejects(awsError('ValidationError', 'Stack with id CDKToolkit does not exist'));
    const { tk, calls } = fakeToolkit(stacks, addBucket);
    await expect(deployEnvironment(target({ assemblyDir: asm }), { yes: true }, { clients: clients(), toolkit: tk, out: () => {} }))
      .rejects.toThrow(/Account 123456789012 region ca-central-1 is not bootstrapped.*npx cdk bootstrap aws:\/\/123456789012\/ca-central-1/s);
    expect(calls).toEqual([]);
  });

  it('refuses an outdated bootstrap stack, and retries a throttled bootstrap check', async () => {
    cfn.on(DescribeStacksCommand).rejectsOnce(throttle()).resolves({ Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '3' }] }] });
    const clock = fakeClock();
    await expect(checkBootstrap(clients(), ACCOUNT, PRIMARY, { clock })).rejects.toThrow(/version 3; version 6\+ is required/);
    expect(clock.sleeps).toEqual([500]);
  });

  it('accepts a bootstrap stack whose last update rolled back, refuses one whose creation failed', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'UPDATE_ROLLBACK_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '28' }] }] });
    expect(await checkBootstrap(clients(), ACCOUNT, PRIMARY)).toBe(28);
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date() }] });
    await expect(checkBootstrap(clients(), ACCOUNT, PRIMARY)).rejects.toThrow(/bootstrap stack in ca-central-1 is in state ROLLBACK_COMPLETE/);
  });

  it('refuses credentials for another account', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999' });
    bootstrapped();
    const { tk } = fakeToolkit(stacks, addBucket);
    await expect(deployEnvironment(target({ assemblyDir: asm }), { yes: true }, { clients: clients(), toolkit: tk, out: () => {} })).rejects.toThrow(/account 999999999999.*lives in account 123456789012/);
  });

  it('maps missing credentials to a clear error naming the profile', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const { tk } = fakeToolkit(stacks, addBucket);
    const c = new AwsClients({ profile: 'berthcare-prod', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await expect(deployEnvironment(target({ assemblyDir: asm }), { yes: true }, { clients: c, toolkit: tk, out: () => {} })).rejects.toThrow(/profile "berthcare-prod".*aws sso login --profile berthcare-prod/s);
  });

  it('turns a toolkit deployment failure into an operator error', async () => {
    bootstrapped();
    const { tk } = fakeToolkit(stacks, addBucket);
    const failing: OpsToolkit = { ...tk, deploy: async () => { throw new Error('berthcare-prod-data failed: UPDATE_ROLLBACK_COMPLETE'); } };
    await expect(deployEnvironment(target({ assemblyDir: asm, tier: 'staging' }), {}, { clients: clients(), toolkit: failing, out: () => {} }))
      .rejects.toThrow(/Deployment failed: berthcare-prod-data failed: UPDATE_ROLLBACK_COMPLETE.*run the same deploy again/s);
  });

  it('tells the operator to synth first when the assembly is missing', async () => {
    const { tk } = fakeToolkit(stacks, addBucket);
    await expect(deployEnvironment(target(), {}, { clients: clients(), toolkit: tk, out: () => {} })).rejects.toThrow(/No cloud assembly.*haven synth/s);
  });

  it('summarizeDiff ignores CDK metadata and counts each kind', () => {
    const s = summarizeDiff({ s: { resources: { changes: {
      M: { resourceType: 'AWS::CDK::Metadata', changeImpact: 'WILL_UPDATE' },
      K: { resourceType: 'AWS::KMS::Key', changeImpact: 'WILL_DESTROY' },
      F: { resourceType: 'AWS::Lambda::Function', changeImpact: 'WILL_REPLACE' },
      U: { resourceType: 'AWS::Lambda::Function', changeImpact: 'WILL_UPDATE' },
    } } } });
    expect(s.stacks).toEqual([{ stack: 's', added: 0, changed: 1, replaced: 1, removed: 1 }]);
    expect(s.dataAtRisk.map((c) => c.logicalId)).toEqual(['K']);
  });
});

describe('HavenIoHost', () => {
  it('shows progress (info/result/warn/error), hides debug/trace unless verbose, and answers requests with their default', async () => {
    const out: string[] = [];
    const io = new HavenIoHost((l) => out.push(l));
    const msg = (level: 'info' | 'debug' | 'error' | 'trace', message: string) => ({ time: new Date(), level, action: 'deploy' as const, code: 'CDK_TOOLKIT_I5502' as const, message, data: {} });
    await io.notify(msg('info', 'berthcare-prod-data | 3/12 | CREATE_COMPLETE | AWS::KMS::Key | DataKey\n'));
    await io.notify(msg('debug', 'assembly details'));
    await io.notify(msg('trace', 'sdk call'));
    await io.notify(msg('error', 'berthcare-prod-app failed: Resource handler returned message'));
    expect(out).toEqual(['berthcare-prod-data | 3/12 | CREATE_COMPLETE | AWS::KMS::Key | DataKey', 'berthcare-prod-app failed: Resource handler returned message']);
    expect(await io.requestResponse({ ...msg('info', 'Do you wish to deploy these changes?'), code: 'CDK_TOOLKIT_I5060', defaultResponse: true })).toBe(true);
    const verbose: string[] = [];
    await new HavenIoHost((l) => verbose.push(l), true).notify(msg('debug', 'assembly details'));
    expect(verbose).toEqual(['assembly details']);
  });
});

describe('first deployment with DR: the DR foundation goes first', () => {
  const stacks = [details('primary', PRIMARY), details('dr', DR, ['primary'])];
  const asm = tmpDir();
  const foundationDir = tmpDir();
  const withFoundation = () => target({ assemblyDir: asm, tier: 'staging', drFoundation: { assemblyDir: foundationDir, stackName: 'berthcare-prod-dr' } });

  /** Records which assembly each deploy used and which stacks it selected; `failMain` fails the full deploy once. */
  function recordingToolkit(failMain = false) {
    const deploys: Array<{ dir: string; patterns?: string[]; concurrency?: number }> = [];
    let failures = failMain ? 1 : 0;
    const tk: OpsToolkit = {
      fromAssemblyDirectory: async (dir) => ({ dir }) as unknown as ICloudAssemblySource,
      list: async () => stacks,
      diff: async () => ({ dr: { resources: { changes: { K: { resourceType: 'AWS::KMS::Key', changeImpact: 'WILL_CREATE' } } } } }),
      deploy: async (cx, o) => {
        const dir = (cx as unknown as { dir: string }).dir;
        deploys.push({ dir, patterns: o?.stacks?.patterns, concurrency: o?.concurrency });
        if (dir === asm && failures-- > 0) throw new Error('berthcare-prod-primary failed: CREATE_FAILED');
        return { stacks: [] } as unknown as DeployResult;
      },
    };
    return { tk, deploys };
  }

  it('deploys the DR stack\'s foundation assembly before the full assembly when the DR stack does not exist', async () => {
    bootstrapped();
    cfn.on(DescribeStacksCommand, { StackName: 'berthcare-prod-dr' }).rejects(awsError('ValidationError', 'Stack with id berthcare-prod-dr does not exist'));
    const { tk, deploys } = recordingToolkit();
    const out: string[] = [];
    await deployEnvironment(withFoundation(), {}, { clients: clients(), toolkit: tk, out: (l) => out.push(l) });
    expect(deploys).toEqual([
      { dir: foundationDir, patterns: ['berthcare-prod-dr'], concurrency: 1 },
      { dir: asm, patterns: ['primary', 'dr'], concurrency: 4 },
    ]);
    expect(out.join('\n')).toMatch(/first deployment with DR: berthcare-prod-dr gets its foundation/);
  });

  it('skips the foundation once the DR stack exists, and treats a never-created stack as absent', async () => {
    bootstrapped();
    cfn.on(DescribeStacksCommand, { StackName: 'berthcare-prod-dr' }).resolves({ Stacks: [{ StackName: 'berthcare-prod-dr', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
    const existing = recordingToolkit();
    await deployEnvironment(withFoundation(), {}, { clients: clients(), toolkit: existing.tk, out: () => {} });
    expect(existing.deploys.map((d) => d.dir)).toEqual([asm]);

    cfn.on(DescribeStacksCommand, { StackName: 'berthcare-prod-dr' }).resolves({ Stacks: [{ StackName: 'berthcare-prod-dr', StackStatus: 'REVIEW_IN_PROGRESS', CreationTime: new Date() }] });
    const review = recordingToolkit();
    await deployEnvironment(withFoundation(), {}, { clients: clients(), toolkit: review.tk, out: () => {} });
    expect(review.deploys.map((d) => d.dir)).toEqual([foundationDir, asm]);
  });

  it('a run that fails after the foundation resumes with the normal order, and a throttled lookup is retried', async () => {
    bootstrapped();
    cfn.on(DescribeStacksCommand, { StackName: 'berthcare-prod-dr' }).rejects(awsError('ValidationError', 'Stack with id berthcare-prod-dr does not exist'));
    const first = recordingToolkit(true);
    await expect(deployEnvironment(withFoundation(), {}, { clients: clients(), toolkit: first.tk, out: () => {} })).rejects.toThrow(/Deployment failed: berthcare-prod-primary failed/);
    expect(first.deploys.map((d) => d.dir)).toEqual([foundationDir, asm]);

    // Re-run: the foundation stack now exists; the lookup is throttled once on the way.
    cfn.reset();
    bootstrapped();
    cfn.on(DescribeStacksCommand, { StackName: 'berthcare-prod-dr' })
      .rejectsOnce(throttle())
      .resolves({ Stacks: [{ StackName: 'berthcare-prod-dr', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    const clock = fakeClock();
    const again = recordingToolkit();
    await deployEnvironment(withFoundation(), {}, { clients: clients(), toolkit: again.tk, out: () => {}, clock });
    expect(again.deploys.map((d) => d.dir)).toEqual([asm]);
    expect(clock.sleeps.length).toBeGreaterThan(0);
  });

  it('--region <primary> does not touch the DR stack at all', async () => {
    bootstrapped();
    cfn.on(DescribeStacksCommand, { StackName: 'berthcare-prod-dr' }).rejects(awsError('ValidationError', 'Stack with id berthcare-prod-dr does not exist'));
    const { tk, deploys } = recordingToolkit();
    await deployEnvironment(withFoundation(), { region: PRIMARY }, { clients: clients(), toolkit: tk, out: () => {} });
    expect(deploys).toEqual([{ dir: asm, patterns: ['primary'], concurrency: 4 }]);
  });
});

describe('security-sensitive changes (IAM, security groups)', () => {
  const ROLE = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } };
  const POLICY = { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'read', Roles: [{ Ref: 'TaskRole' }], PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::berthcare-photos/*' }] } } };
  const SG = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'api', VpcId: 'vpc-1', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] } };

  /** Real toolkit diff (local template) of an assembly adding a role, its policy and an open security group. */
  function securityAssembly() {
    const asm = writeAssembly([{ id: 'App', region: PRIMARY, resources: { TaskRole: ROLE, TaskPolicy: POLICY, ApiSg: SG, Topic: { Type: 'AWS::SNS::Topic' } } }]);
    const old = path.join(tmpDir(), 'old.json');
    fs.writeFileSync(old, JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
    return { asm, diffMethod: DiffMethod.LocalFile(old) };
  }

  it('the change summary lists IAM statements, roles, policies and security-group rules from the toolkit diff', async () => {
    const { asm, diffMethod } = securityAssembly();
    bootstrapped();
    const out: string[] = [];
    const { toolkit } = realToolkitWithFakeDeploy([]);
    const r = await deployEnvironment(target({ assemblyDir: asm, tier: 'staging' }), { dryRun: true, diffMethod }, { clients: clients(), toolkit, out: (l) => out.push(l) });
    const text = out.join('\n');
    expect(r.live).toBe(true);
    expect(r.summary.security.map((c) => [c.what, c.sign])).toEqual(expect.arrayContaining([
      ['resource', '+'], ['iam-statement', '+'], ['security-group-rule', '+'],
    ]));
    expect(text).toMatch(/Security-sensitive changes \(IAM and security groups\): \d+ — deploying them needs their own approval/);
    expect(text).toMatch(/\+ App: resource TaskRole \(AWS::IAM::Role\)/);
    expect(text).toMatch(/\+ App: resource ApiSg \(AWS::EC2::SecurityGroup\)/);
    expect(text).toMatch(/\+ App: IAM statement .*s3:GetObject/);
    expect(text).toMatch(/\+ App: security group rule .*In \| TCP 443 \| Everyone \(IPv4\)/);
    // An unchanged assembly has nothing sensitive to approve.
    const same = path.join(tmpDir(), 'same.json');
    fs.writeFileSync(same, fs.readFileSync(path.join(asm, 'App.template.json')));
    const unchanged = await deployEnvironment(target({ assemblyDir: asm, tier: 'staging' }), { dryRun: true, diffMethod: DiffMethod.LocalFile(same) }, { clients: clients(), toolkit, out: () => {} });
    expect(unchanged.summary.security).toEqual([]);
  });

  it('production: --yes does not approve them; the typed confirmation does', async () => {
    const { asm, diffMethod } = securityAssembly();
    bootstrapped();
    const { toolkit, deployed } = realToolkitWithFakeDeploy([]);
    await expect(deployEnvironment(target({ assemblyDir: asm }), { yes: true, diffMethod }, { clients: clients(), toolkit, prompt: new ScriptedPrompt([], false), out: () => {} }))
      .rejects.toThrow(/without confirmation in a non-interactive session.*need the typed confirmation, even with --yes/s);
    expect(deployed).toHaveLength(0);
    const prompt = new ScriptedPrompt(['berthcare']);
    const r = await deployEnvironment(target({ assemblyDir: asm }), { yes: true, diffMethod }, { clients: clients(), toolkit, prompt, out: () => {} });
    expect(prompt.asked).toEqual([expect.stringMatching(/To deploy 1 stack\(s\) with \d+ security-sensitive change\(s\) \(IAM, security groups\) to production environment "prod", type the project name \(berthcare\)/)]);
    expect(r.deployed).toBe(true);
    expect(deployed).toHaveLength(1);
  });

  it('outside production --yes approves them; without it they need the typed confirmation', async () => {
    const { asm, diffMethod } = securityAssembly();
    bootstrapped();
    const staging = target({ assemblyDir: asm, tier: 'staging', environment: 'staging' });
    const { toolkit, deployed } = realToolkitWithFakeDeploy([]);
    await expect(deployEnvironment(staging, { diffMethod }, { clients: clients(), toolkit, prompt: new ScriptedPrompt([], false), out: () => {} }))
      .rejects.toThrow(/Refusing to deploy 1 stack\(s\) with \d+ security-sensitive change.*pass --yes/s);
    expect(deployed).toHaveLength(0);
    const none = new ScriptedPrompt([]);
    await deployEnvironment(staging, { yes: true, diffMethod }, { clients: clients(), toolkit, prompt: none, out: () => {} });
    expect(none.asked).toEqual([]);
    expect(deployed).toHaveLength(1);
  });

  /** A toolkit whose deploy asks the IoHost the security question, as toolkit-lib does per stack (CDK_TOOLKIT_I5060). */
  function askingToolkit(io: HavenIoHost, permissionChangeType: string) {
    const answers: unknown[] = [];
    const { tk } = fakeToolkit([details('app', PRIMARY)], addBucket);
    const toolkit: OpsToolkit = {
      ...tk,
      deploy: async () => {
        const ask = () => io.requestResponse({ time: new Date(), level: 'info', action: 'deploy', code: 'CDK_TOOLKIT_I5060', message: 'Stack includes security-sensitive updates. Do you wish to deploy these changes?', data: { permissionChangeType, concurrency: 4, motivation: '', templateDiffs: {} }, defaultResponse: true });
        // Two stacks in parallel ask together; the operator answers once.
        answers.push(...(await Promise.all([ask(), ask()])));
        if (answers.includes(false)) throw new Error('Deployment cancelled');
        return { stacks: [] } as unknown as DeployResult;
      },
    };
    return { toolkit, answers };
  }

  it('a security change only the toolkit sees: production asks once at the toolkit\'s question and refuses without a terminal', async () => {
    bootstrapped();
    const out: string[] = [];
    const io = new HavenIoHost((l) => out.push(l));
    const refused = askingToolkit(io, 'broadening');
    await expect(deployEnvironment(target({ assemblyDir: tmpDir() }), { yes: true }, { clients: clients(), toolkit: refused.toolkit, ioHost: io, prompt: new ScriptedPrompt([], false), out: (l) => out.push(l) }))
      .rejects.toThrow(/Deployment failed: Deployment cancelled/);
    expect(refused.answers).toEqual([false, false]);
    expect(out.join('\n')).toMatch(/found security-sensitive changes .* the change summary did not list/);

    const prompt = new ScriptedPrompt(['berthcare']);
    const approved = askingToolkit(io, 'non-broadening');
    await deployEnvironment(target({ assemblyDir: tmpDir() }), { yes: true }, { clients: clients(), toolkit: approved.toolkit, ioHost: io, prompt, out: () => {} });
    expect(approved.answers).toEqual([true, true]);
    expect(prompt.asked).toHaveLength(1);
  });

  it('outside production the toolkit\'s question is answered by --yes; stacks without such changes get the default', async () => {
    bootstrapped();
    const io = new HavenIoHost(() => {});
    const staging = askingToolkit(io, 'broadening');
    await deployEnvironment(target({ assemblyDir: tmpDir(), tier: 'staging' }), { yes: true }, { clients: clients(), toolkit: staging.toolkit, ioHost: io, prompt: new ScriptedPrompt([], false), out: () => {} });
    expect(staging.answers).toEqual([true, true]);
    // Without an approver (deploy sets one after its confirmation) a security question is refused.
    const io2 = new HavenIoHost(() => {});
    expect(await io2.requestResponse({ time: new Date(), level: 'info', action: 'deploy', code: 'CDK_TOOLKIT_I5060', message: 'deploy?', data: { permissionChangeType: 'broadening' }, defaultResponse: true })).toBe(false);
    expect(await io2.requestResponse({ time: new Date(), level: 'info', action: 'deploy', code: 'CDK_TOOLKIT_I5060', message: 'deploy?', data: { permissionChangeType: 'none' }, defaultResponse: true })).toBe(true);
  });
});
