import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { loadOpsTarget, opsResources } from '../../src/cli/ops-target';
import { globalClusterIdentifier } from '../../src/dr/names';
import { dbSecretName, drDbIdentifier } from '../../src/platform/outputs';
import { loadSpec } from '../../src/spec/loader';
import { estateKitRaw, load, variant } from '../dr/fixtures';
import { EXAMPLES } from '../helpers';

const replicas = (dir: string, stack: string): unknown[] => {
  const template = JSON.parse(fs.readFileSync(path.join(dir, `${stack}.template.json`), 'utf8')) as { Resources: Record<string, { Type: string; Properties?: { SourceDBInstanceIdentifier?: unknown } }> };
  return Object.values(template.Resources).filter((r) => r.Type === 'AWS::RDS::DBInstance' && r.Properties?.SourceDBInstanceIdentifier);
};

describe('ops target of an environment with DR', () => {
  it('carries a DR foundation assembly (no replica yet) beside the full one (with the replica)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-target-'));
    const spec = path.join(dir, 'estate-kit.yaml');
    fs.copyFileSync(path.join(EXAMPLES, 'estate-kit.yaml'), spec);
    const target = await loadOpsTarget(spec, 'production', { drFoundation: true });
    expect(target.drFoundation?.stackName).toBe('estate-kit-production-us-east-1');
    expect(target.stacks.find((s) => s.role === 'dr')?.name).toBe(target.drFoundation?.stackName);
    expect(replicas(target.assemblyDir, 'estate-kit-production-us-east-1')).toHaveLength(1);
    expect(replicas(target.drFoundation!.assemblyDir, 'estate-kit-production-us-east-1')).toHaveLength(0);
    // Keys and replica buckets are in the foundation: the primary's replication rules point at them.
    const foundation = fs.readFileSync(path.join(target.drFoundation!.assemblyDir, 'estate-kit-production-us-east-1.template.json'), 'utf8');
    expect(foundation).toContain('AWS::KMS::Key');
    expect(foundation).toContain('AWS::S3::Bucket');
  });

  it('is synthesized only for deploy (verify and dr do not pay for it)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-target-'));
    const spec = path.join(dir, 'estate-kit.yaml');
    fs.copyFileSync(path.join(EXAMPLES, 'estate-kit.yaml'), spec);
    const target = await loadOpsTarget(spec, 'production');
    expect(target.drFoundation).toBeUndefined();
    expect(fs.existsSync(`${target.assemblyDir}-dr-foundation`)).toBe(false);
  });

  it('has no foundation step without a DR region', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-target-'));
    const spec = path.join(dir, 'omnirapeutic.yaml');
    fs.copyFileSync(path.join(EXAMPLES, 'omnirapeutic.yaml'), spec);
    const target = await loadOpsTarget(spec, 'production', { drFoundation: true });
    expect(target.drFoundation).toBeUndefined();
  });
});

describe('ops resources come from the resolved DR design synthesis used', () => {
  const example = (name: string) => loadSpec(path.join(EXAMPLES, `${name}.yaml`));

  it('a warm standby with a read replica promotes the replica named like the DR stack names it', () => {
    const plan = example('estate-kit').plans.production;
    const [main] = opsResources(plan).databases;
    expect(main).toMatchObject({ kind: 'instance', drStrategy: 'replica', identifier: 'estate-kit-production-main', drIdentifier: drDbIdentifier('estate-kit', 'production', 'main') });
    expect(main.globalClusterIdentifier).toBeUndefined();
  });

  it('pilot light and warm standby default to a replica even when dr.database.replication is absent', () => {
    const raw = variant(estateKitRaw, (s) => { delete s.dr.database; });
    const [main] = opsResources(load(raw).plans.production).databases;
    expect(main.drStrategy).toBe('replica');
  });

  it('an Aurora warm standby is a global database: the runbook moves the writer to the named secondary cluster', () => {
    const raw = variant(estateKitRaw, (s) => { s.databases.main = { engine: 'aurora-postgresql', version: '16.4' }; });
    const [main] = opsResources(load(raw).plans.production).databases;
    expect(main).toMatchObject({ kind: 'cluster', drStrategy: 'replica', globalClusterIdentifier: globalClusterIdentifier('estate-kit-production', 'main'), drIdentifier: drDbIdentifier('estate-kit', 'production', 'main') });
  });

  it('backup replication restores from replicated backups; the secret is found by name in the DR region', () => {
    const plan = example('berthcare').plans.production;
    const [db] = opsResources(plan).databases;
    expect(db).toMatchObject({ drStrategy: 'backup-replication', secretId: dbSecretName('berthcare', 'production', db.name), drSecretId: dbSecretName('berthcare', 'production', db.name) });
  });

  it('standby services follow the strategy: warm standby at dr.standby.minCapacity, pilot light at zero, none for backup-restore', () => {
    const warm = variant(estateKitRaw, (s) => { s.services = { api: { cpu: 256, memory: 512, count: 3 } }; s.dr.standby = { minCapacity: 2 }; });
    expect(opsResources(load(warm).plans.production).standbyServices).toEqual([{ name: 'api', activeCount: 3, standbyCount: 2 }]);
    const pilot = variant(warm, (s) => { s.dr.strategy = 'pilot-light'; delete s.dr.standby; });
    expect(opsResources(load(pilot).plans.production).standbyServices).toEqual([{ name: 'api', activeCount: 3, standbyCount: 0 }]);
    expect(opsResources(example('berthcare').plans.production).standbyServices).toEqual([]);
  });

  it('an environment without a DR region recovers nothing elsewhere', () => {
    const r = opsResources(example('berthcare').plans.staging);
    expect(r.databases.every((d) => d.drStrategy === 'none' && d.drIdentifier === undefined)).toBe(true);
    expect(r.dns).toBeUndefined();
  });

  it('DNS failover names the zone and record of the spec', () => {
    expect(opsResources(example('estate-kit').plans.production).dns).toMatchObject({ hostedZoneId: expect.stringMatching(/^Z/), recordName: expect.stringContaining('estatekit.com') });
  });
});
