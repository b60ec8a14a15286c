import { NestedStack, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { checkApp, type CheckReport } from '../../src/compliance';
import { newApp } from './platforms';

const ENV = { name: 'prod', tier: 'production' as const, primaryRegion: 'ca-central-1' };

/** TechCorp's shape: services in a NestedStack, one of them nested a level deeper, each with a non-compliant bucket. */
function check(acknowledge: { rule: string; resource: string }[] = []): CheckReport {
  const app = newApp();
  const env = new Stack(app, 'Env', { env: { account: '111111111111', region: 'ca-central-1' } });
  const services = new NestedStack(env, 'ServicesApi');
  new s3.CfnBucket(new Construct(services, 'Uploads'), 'Bucket', {});
  const jobs = new NestedStack(services, 'Jobs');
  new s3.CfnBucket(jobs, 'Scratch', {}).addMetadata('haven:resource', 'buckets.scratch');
  return checkApp(app, {
    frameworks: ['hipaa'], environment: ENV, date: '2026-11-23', stackRoles: { Env: 'primary' },
    acknowledgements: acknowledge.map((a) => ({ ...a, reason: 'test', owner: 'ops@example.com', expires: '2027-01-31' })),
  });
}

describe('findings inside nested stacks', () => {
  const first = check();
  const second = check();

  it('have the same ids in two fresh syntheses, with no unresolved token in them', () => {
    const ids = first.findings.map((f) => f.id);
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.filter((id) => id.includes('${Token'))).toEqual([]);
    expect(first.findings.filter((f) => /Token\[/.test(f.evidence.stack))).toEqual([]);
    expect(second.findings.map((f) => f.id)).toEqual(ids);
  });

  it('name the nested stack by its parent and construct path, for nag and Haven findings alike', () => {
    const scratch = first.findings.filter((f) => f.evidence.logicalId === 'Scratch');
    expect(scratch.map((f) => f.evidence.stack)).toContain('Env/ServicesApi/Jobs');
    expect(new Set(scratch.map((f) => f.evidence.stack))).toEqual(new Set(['Env/ServicesApi/Jobs']));
    expect(scratch.some((f) => f.source === 'cdk-nag' && f.id === 'HIPAA.Security-S3DefaultEncryptionKMS@Env/ServicesApi/Jobs/Scratch')).toBe(true);
    expect(scratch.some((f) => f.source === 'haven' && f.evidence.resource === 'buckets.scratch')).toBe(true);
    const uploads = first.findings.find((f) => f.ruleId === 'HIPAA.Security-S3DefaultEncryptionKMS' && f.evidence.logicalId.startsWith('UploadsBucket'));
    expect(uploads?.id).toMatch(/^HIPAA\.Security-S3DefaultEncryptionKMS@Env\/ServicesApi\/UploadsBucket[0-9A-F]{8}$/);
  });

  it('can be acknowledged by stack/logicalId, so baselines and acknowledgements survive a re-synthesis', () => {
    const r = check([{ rule: 'HIPAA.Security-S3DefaultEncryptionKMS', resource: 'Env/ServicesApi/Jobs/Scratch' }]);
    const f = r.findings.find((x) => x.id === 'HIPAA.Security-S3DefaultEncryptionKMS@Env/ServicesApi/Jobs/Scratch');
    expect(f?.status).toBe('acknowledged');
    expect(r.findings.some((x) => x.ruleId === 'HAVEN-ACK-UNUSED')).toBe(false);
  });
});

describe('cfn-guard on nested stacks', () => {
  // CDK hands validation plugins only top-level stack templates; Haven runs guard over every template itself.
  const guarded = () => {
    const app = newApp();
    const env = new Stack(app, 'Env', { env: { account: '111111111111', region: 'ca-central-1' } });
    new s3.CfnBucket(env, 'Top', {});
    const api = new NestedStack(env, 'ServicesApi');
    new s3.CfnBucket(api, 'Records', {}).addMetadata('haven:resource', 'buckets.records');
    // Guard prints this rule's failures in the nested shape the CDK plugin's parser cannot read.
    new logs.CfnLogGroup(api, 'Logs', { retentionInDays: 30 });
    return checkApp(app, { frameworks: ['nist'], environment: ENV, date: '2026-11-23', nag: false, guard: true });
  };
  const report = guarded();
  const ct = report.findings.filter((f) => f.source === 'cfn-guard');

  it('reports Control Tower findings inside nested stacks, located and mapped to controls', () => {
    const nested = ct.find((f) => f.id === 'CT.S3.PR.10@Env/ServicesApi/Records');
    expect(nested).toMatchObject({ evidence: { stack: 'Env/ServicesApi', resourceType: 'AWS::S3::Bucket', resource: 'buckets.records' } });
    expect(nested?.controls).toContainEqual({ framework: 'nist', control: 'SC-28' });
    expect(ct.some((f) => f.id === 'CT.S3.PR.10@Env/Top')).toBe(true);
    expect(ct.find((f) => f.id === 'CT.CLOUDWATCH.PR.3@Env/ServicesApi/Logs')?.controls).toContainEqual({ framework: 'nist', control: 'SC-28' });
    expect(report.controls.find((c) => c.id === 'SC-28')?.findings).toContain('CT.S3.PR.10@Env/ServicesApi/Records');
  });

  it('gives them stable ids across syntheses', () => {
    expect(ct.filter((f) => f.id.includes('${Token'))).toEqual([]);
    expect(guarded().findings.filter((f) => f.source === 'cfn-guard').map((f) => f.id)).toEqual(ct.map((f) => f.id));
  });
});
