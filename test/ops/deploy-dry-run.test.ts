import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { loadSpec } from '../../src/spec/loader';
import { awsError } from './fixtures';
import { copyExampleFiles } from '../helpers';

/**
 * `haven deploy --dry-run` through the CLI, with no AWS credentials: the SDK's default provider chain rejects the
 * STS call with CredentialsProviderError, exactly as on a laptop with no profile.
 */
const sts = mockClient(STSClient);
const EXAMPLES = path.join(__dirname, '../../examples');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-dry-run-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
beforeEach(() => {
  sts.reset();
  sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

type Template = { Resources?: Record<string, { Type: string; Metadata?: Record<string, unknown> }> };
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** Resources of a template and its nested templates, counted independently of the code under test. */
function countResources(dir: string, file: string): number {
  const t = readJson<Template>(path.join(dir, file));
  return Object.values(t.Resources ?? {}).reduce((n, r) => {
    if (r.Type === 'AWS::CDK::Metadata') return n;
    const nested = r.Type === 'AWS::CloudFormation::Stack' ? r.Metadata?.['aws:asset:path'] : undefined;
    return n + 1 + (typeof nested === 'string' ? countResources(dir, nested) : 0);
  }, 0);
}

/**
 * Spec copied to a scratch directory (deploy synthesizes into `.haven/` beside the spec); `account` adds
 * project.account, which none of the examples names.
 */
function copyExample(file: string, account?: string): string {
  const target = path.join(work, `${path.basename(file, '.yaml')}${account ? '-account' : ''}`, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  copyExampleFiles(path.dirname(target));
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  fs.writeFileSync(target, account ? text.replace(/^project:\n/m, `project:\n  account: "${account}"\n`) : text);
  return target;
}

const cases = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort()
  .flatMap((file) => Object.keys(loadSpec(path.join(EXAMPLES, file)).plans).map((env) => ({ file, env })));

describe('haven deploy --dry-run without AWS credentials', () => {
  it.each(cases)('$file --env $env: stacks in dependency order with resource counts, exit 0', async ({ file, env }) => {
    const spec = copyExample(file, '123456789012');
    const r = await run(['deploy', spec, '--env', env, '--dry-run']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);

    const project = loadSpec(spec).spec.project.name;
    const dir = path.join(path.dirname(spec), '.haven', 'assembly', `${project}-${env}`);
    const manifest = readJson<{ artifacts: Record<string, { type: string; dependencies?: string[]; properties?: { templateFile?: string } }> }>(path.join(dir, 'manifest.json'));
    const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
    const listed = [...r.out.matchAll(/^ {2}(\d+)\. (\S+) \(([a-z0-9-]+)\): (\d+) resources/gm)].map((m) => ({ position: Number(m[1]), name: m[2], resources: Number(m[4]) }));
    expect(listed.map((s) => s.name).sort()).toEqual(stacks.map(([id]) => id).sort());
    for (const [id, artifact] of stacks) {
      const at = listed.find((s) => s.name === id)!;
      expect(at.resources, id).toBe(countResources(dir, artifact.properties!.templateFile!));
      // Every stack comes after the stacks it depends on.
      for (const dep of (artifact.dependencies ?? []).filter((d) => manifest.artifacts[d]?.type === 'aws:cloudformation:stack')) {
        expect(listed.find((s) => s.name === dep)!.position, `${dep} before ${id}`).toBeLessThan(at.position);
      }
    }
    const total = listed.reduce((n, s) => n + s.resources, 0);
    expect(r.out).toContain(`Would create ${total} resources of `);
    expect(r.out).toMatch(/No usable AWS credentials \(AWS credentials are missing or expired .*Could not load credentials from any providers\)/);
    expect(r.out).toMatch(/live diff against the deployed stacks .* needs credentials/);
    expect(r.out).toMatch(/Dry run: nothing deployed\.$/);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  it('calls out data-bearing resources and security-sensitive resources (berthcare production)', async () => {
    const r = await run(['deploy', copyExample('berthcare.yaml', '123456789012'), '--env', 'production', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}\s*\d+ {2}AWS::RDS::DBInstance {3}\[data\]$/m);
    expect(r.out).toMatch(/^Data-bearing resources \(\d+\)/m);
    expect(r.out).toMatch(/^ {2}berthcare-production-ca-central-1\/\S+ \(AWS::RDS::DBInstance\)$/m);
    expect(r.out).toMatch(/^Security-sensitive resources \(IAM, resource policies, security groups\): \d+/m);
  });
});

describe('haven deploy without credentials or without an account', () => {
  it('a spec with no account: the dry run shows the plan without asking STS; deploy refuses', async () => {
    const spec = copyExample('omnirapeutic.yaml');
    const r = await run(['deploy', spec, '--env', 'production', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}1\. omnirapeutic-production-us-east-1 \(us-east-1\): \d+ resources/m);
    expect(r.out).toMatch(/The spec names no AWS account: the templates carry a placeholder account/);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  it('without --dry-run, missing credentials are refused with the remedy (exit code: see the ops guard)', async () => {
    const real = await run(['deploy', copyExample('omnirapeutic.yaml', '123456789012'), '--env', 'production']);
    expect(real.code).not.toBe(0);
    expect(real.err).toMatch(/AWS credentials are missing or expired.*Could not load credentials from any providers\n.*Pass --profile NAME, set AWS_PROFILE/);
  });

  it('deploy without --dry-run refuses a spec that names no account, with the field to set', async () => {
    const r = await run(['deploy', copyExample('berthcare.yaml'), '--env', 'staging']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Refusing to deploy berthcare\/staging: the spec names no AWS account.*\n.*Set project\.account \(or environments\.staging\.account\)/);
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });
});
