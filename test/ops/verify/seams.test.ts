import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main';
import type { VerifyReport } from '../../../src/ops/verify';
import { drStrategy } from '../../../src/dr/strategy';
import { resolveSecurity } from '../../../src/platform/features/security';
import { exampleAssembly } from '../../support/example-assembly';
import { loadSpec } from '../../../src/spec/loader';
import { type SimResource, type World, simulateAccount } from '../sim';
import { copyExampleFiles } from '../../helpers';

/**
 * `haven verify` through every seam: the CLI loads the spec and synthesizes (loadOpsTarget), the ops layer reads the
 * outputs the platform really emits, and every AWS call is answered by a simulated account built from the assembly
 * the CLI wrote. Nothing here is built by hand.
 */
const NOW = Date.parse('2026-11-23T18:00:00Z');
const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');
const EXAMPLES = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml')).sort();

interface Run { readonly code: number; readonly report?: VerifyReport; readonly out: string }

/** A private copy of an example, so the CLI writes its assembly next to the copy and never into examples/. */
function copyExample(file: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-seams-'));
  fs.copyFileSync(path.join(EXAMPLES_DIR, file), path.join(dir, file));
  copyExampleFiles(dir);
  return path.join(dir, file);
}

function assemblyOf(spec: string, env: string): string {
  const project = loadSpec(spec).plans[env].project.name;
  return path.join(path.dirname(spec), '.haven', 'assembly', `${project}-${env}`);
}

/**
 * The assemblies deployed to the environment's account: its own, and the one of the environment that owns the
 * account-level services there (GuardDuty, Config, Security Hub: one per account and region), when another does.
 */
function accountAssemblies(spec: string, env: string): string[] {
  const owner = resolveSecurity(loadSpec(spec).plans[env], 'primary').sharedFrom;
  return [assemblyOf(spec, env), ...(owner ? [exampleAssembly(path.basename(spec), owner).dir] : [])];
}

/** Runs `haven verify <spec> --env <env>` against a simulated account; `fault` flips one fact before the checks run. */
async function verify(spec: string, env: string, fault?: (w: World) => void): Promise<Run> {
  const sim = simulateAccount(accountAssemblies(spec, env), { now: () => NOW });
  const restore = sim.install();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-seams-out-'));
  const lines: string[] = [];
  try {
    if (fault) {
      // The world reads the assembly the CLI wrote; a fault run reuses the one the passing run left behind.
      fault(sim.world);
    }
    const code = await main(['verify', spec, '--env', env, '--out', outDir], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    const json = fs.readdirSync(outDir).find((f) => f.endsWith('.json'));
    const report = json ? (JSON.parse(fs.readFileSync(path.join(outDir, json), 'utf8')) as VerifyReport) : undefined;
    return { code, report, out: lines.join('\n') };
  } finally {
    restore();
  }
}

const failing = (r: Run) => (r.report?.results ?? []).filter((x) => x.status !== 'pass').map((x) => `${x.id}: ${x.status} ${x.message}`);
const ids = (r: Run) => (r.report?.results ?? []).map((x) => x.id);

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterAll(() => {
  vi.useRealTimers();
});

describe.each(EXAMPLES)('haven verify %s against the account its assembly describes', (file) => {
  const spec = copyExample(file);
  const envs = Object.keys(loadSpec(spec).plans);

  it.each(envs)('%s: exit 0, every promised resource checked and passing', async (env) => {
    const r = await verify(spec, env);
    expect(failing(r), r.out).toEqual([]);
    expect(r.code).toBe(0);
    const sim = simulateAccount(assemblyOf(spec, env)).world;
    const plan = loadSpec(spec).plans[env];
    const checked = ids(r);
    const primary = plan.regions.primary;
    // What the account holds decides what must have been checked: a resource without its check is a silent skip.
    expect(checked).toContain('cloudwatch.alarms');
    if (sim.resources('AWS::CloudTrail::Trail').length) expect(checked).toContain('cloudtrail.logging');
    if (sim.resources('AWS::Backup::BackupVault', primary).length) expect(checked).toContain('backup.vault');
    // Evidence is redacted (account ids masked): compare ARNs after the account field.
    const afterAccount = (arn?: string) => arn?.split(':').slice(5).join(':');
    for (const lb of sim.resources('AWS::ElasticLoadBalancingV2::LoadBalancer').filter((x) => x.properties.Scheme !== 'internal')) {
      expect(r.report!.results.some((x) => x.id.startsWith('elbv2.') && afterAccount(x.resource) === afterAccount(lb.arn)), `load balancer ${lb.logicalId}`).toBe(true);
    }
    for (const key of keyRingKeys(sim)) expect(checked, `key ${key.logicalId} in ${key.stack.name}`).toContain(`kms.${key.physicalId}.rotation`);
    for (const db of Object.keys(plan.databases ?? {})) expect(checked).toContain(`rds.${db}.encryption`);
    for (const c of Object.keys(plan.caches ?? {})) expect(checked).toContain(`elasticache.${c}.encryption`);
    for (const b of Object.keys(plan.buckets ?? {})) expect(checked).toContain(`s3.${b}.encryption`);
    // A DR design (not strategy none, as TechCorp's staging and development state) has its database DR checked.
    if (drStrategy(plan) !== 'none' && plan.regions.dr) expect(checked.some((x) => /^rds\..+\.dr-/.test(x)) || !Object.keys(plan.databases ?? {}).length).toBe(true);
  });
});

/** The environment's own keys (the key ring of the primary and DR stacks): each must be rotation-checked. */
function keyRingKeys(w: World): SimResource[] {
  return w.resources('AWS::KMS::Key').filter((k) => !k.stack.parent && /^Keys/.test(k.logicalId));
}

describe('one fault at a time fails exactly the matching check (estate-kit production)', () => {
  const spec = copyExample('estate-kit.yaml');
  const env = 'production';

  beforeAll(async () => {
    // Writes the assembly the fault runs read before flipping a fact.
    expect((await verify(spec, env)).code).toBe(0);
  });

  const cases: [string, (w: World) => void, RegExp][] = [
    ['trail stopped', (w) => { w.stopTrail(w.resources('AWS::CloudTrail::Trail')[0].physicalId); }, /^cloudtrail\.logging$/],
    ['backup vault missing', (w) => { w.remove(w.resources('AWS::Backup::BackupVault', 'ca-central-1')[0]); }, /^backup\.vault$/],
    ['replica lag high', (w) => { w.setReplicaLag(w.resources('AWS::RDS::DBInstance', 'us-east-1')[0].physicalId, 3600); }, /^rds\.main\.dr-replica-lag$/],
    ['an alarm deleted', (w) => { w.remove(w.resources('AWS::CloudWatch::Alarm', 'ca-central-1')[0]); }, /^cloudwatch\.alarms$/],
    ['TLS policy weakened', (w) => {
      const https = w.resources('AWS::ElasticLoadBalancingV2::Listener', 'ca-central-1').find((l) => l.properties.Protocol === 'HTTPS');
      w.set(https, 'SslPolicy', 'ELBSecurityPolicy-2016-08');
    }, /^elbv2\..+\.tls$/],
  ];

  it.each(cases)('%s', async (_name, fault, check) => {
    const r = await verify(spec, env, fault);
    const bad = (r.report?.results ?? []).filter((x) => x.status !== 'pass');
    expect(bad.map((x) => x.id), r.out).toHaveLength(1);
    expect(bad[0].id).toMatch(check);
    expect(bad[0].status).toBe('fail');
    expect(r.code).toBe(1);
  });
});
