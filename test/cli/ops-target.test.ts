import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { loadOpsTarget } from '../../src/cli/ops-target';
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
