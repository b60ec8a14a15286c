import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AwsClients } from '../../src/ops/aws';
import { registerOpsCommands } from '../../src/ops/cli';
import { ScriptedPrompt } from '../../src/ops/prompt';
import type { OpsTarget } from '../../src/ops/target';
import { PRIMARY, awsError, target, tmpDir } from './fixtures';
import { World, mocks } from './dr/world';

function cli(answers: string[] = [], overrides: Partial<OpsTarget> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const codes: number[] = [];
  const loaded: string[] = [];
  const profiles: (string | undefined)[] = [];
  const program = new Command().exitOverride();
  registerOpsCommands(program, {
    loadTarget: async (spec, env, purpose) => { loaded.push(`${spec}#${env}#${purpose}`); return target({ environment: env, ...overrides }); },
    clients: (p) => { profiles.push(p); return new AwsClients({ profile: p, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }); },
    prompt: new ScriptedPrompt(answers, answers.length > 0),
    out: (l) => out.push(l), err: (l) => err.push(l), setExitCode: (c) => codes.push(c),
  });
  return { program, out, err, codes, loaded, profiles };
}

let world: World;
beforeEach(() => {
  // Every AWS client the commands touch is mocked (no network in tests).
  world = new World();
});

describe('ops CLI wiring', () => {
  it('deploy: a missing assembly becomes a one-line error and exit code 2 (bad input: nothing to deploy), with the profile passed through', async () => {
    const c = cli();
    await c.program.parseAsync(['deploy', 'haven.yaml', '--env', 'prod', '--profile', 'berthcare-admin', '--dry-run'], { from: 'user' });
    // Deploy asks for the target with its DR foundation; verify and dr do not.
    expect(c.loaded).toEqual(['haven.yaml#prod#deploy']);
    expect(c.profiles).toEqual(['berthcare-admin']);
    expect(c.err[0]).toMatch(/^haven: No cloud assembly at \/nonexistent/);
    expect(c.codes).toEqual([2]);
  });

  it('dr failover without --execute prints the plan and exits 0', async () => {
    const c = cli();
    const stateDir = tmpDir();
    await c.program.parseAsync(['dr', 'failover', 'haven.yaml', '-e', 'prod', '--mode', 'outage', '--state-dir', stateDir], { from: 'user' });
    expect(c.out.join('\n')).toMatch(/failover \(outage mode\) plan for berthcare\/prod \(dry run/);
    expect(c.codes).toEqual([0]);
    expect(c.loaded).toEqual(['haven.yaml#prod#dr']);
    expect(world.count('PromoteReadReplica')).toBe(0);
  });

  it('dr failover --execute refuses without a terminal and without --yes', async () => {
    const c = cli();
    await c.program.parseAsync(['dr', 'failover', 'haven.yaml', '-e', 'prod', '--mode', 'outage', '--execute', '--state-dir', tmpDir()], { from: 'user' });
    expect(c.err.join('\n')).toMatch(/non-interactive/);
    expect(c.codes).toEqual([2]);
  });

  it('dr on an environment without a DR region is bad input: exit 2', async () => {
    const c = cli([], { regions: { primary: PRIMARY } });
    await c.program.parseAsync(['dr', 'status', 'haven.yaml', '-e', 'prod', '--state-dir', tmpDir()], { from: 'user' });
    expect(c.err.join('\n')).toMatch(/has no DR region/);
    expect(c.codes).toEqual([2]);
  });

  it('missing credentials are a missing environment: exit 2, not the findings code', async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const c = cli();
    await c.program.parseAsync(['dr', 'status', 'haven.yaml', '-e', 'prod', '--profile', 'berthcare-prod', '--state-dir', tmpDir()], { from: 'user' });
    expect(c.err.join('\n')).toMatch(/credentials are missing or expired for profile "berthcare-prod"/);
    expect(c.codes).toEqual([2]);
  });

  it('credentials of another account are bad input: exit 2', async () => {
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999' });
    const c = cli();
    await c.program.parseAsync(['dr', 'status', 'haven.yaml', '-e', 'prod', '--state-dir', tmpDir()], { from: 'user' });
    expect(c.err.join('\n')).toMatch(/Credentials belong to account 999999999999/);
    expect(c.codes).toEqual([2]);
  });

  it('requires --env', async () => {
    const c = cli();
    await expect(c.program.parseAsync(['verify', 'haven.yaml'], { from: 'user' })).rejects.toThrow(/required option.*--env/);
  });
});
