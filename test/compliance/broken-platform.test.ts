import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { checkApp, exitCodeFor, renderReport, runCheck, type CheckReport, type Finding } from '../../src/compliance';
import { brokenPlatform, newApp } from './platforms';

const ENV = { name: 'prod', tier: 'production' as const, primaryRegion: 'us-east-1' };

function controlsOf(f: Finding | undefined): string[] {
  return (f?.controls ?? []).map((c) => `${c.framework}:${c.control}`);
}

describe('a deliberately broken platform', () => {
  let report: CheckReport;
  beforeAll(() => {
    const app = newApp();
    brokenPlatform(app);
    report = checkApp(app, { frameworks: ['hipaa', 'pipeda', 'gdpr', 'soc2', 'pci', 'nist', 'cis'], environment: ENV, date: '2026-11-23' });
  });

  it('fails with exit code 1', () => {
    expect(report.passed).toBe(false);
    expect(exitCodeFor(report)).toBe(1);
    expect(report.packs).toEqual(['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'AwsSolutions']);
  });

  it('reports the unencrypted bucket, mapped to encryption controls', () => {
    const haven = report.findings.find((f) => f.ruleId === 'HAVEN-ENCRYPTION-AT-REST' && f.evidence.logicalId === 'Records');
    expect(haven?.evidence).toMatchObject({ stack: 'BrokenData', resource: 'buckets.records', resourceType: 'AWS::S3::Bucket', property: 'Properties.BucketEncryption' });
    expect(controlsOf(haven)).toEqual(expect.arrayContaining(['hipaa:164.312(a)(1)', 'pipeda:4.7.1', 'gdpr:Art.32(1)(a)', 'soc2:CC6.1', 'pci:3', 'nist:SC-28']));
    // The cdk-nag HIPAA pack sees it too, and its cited control ids land on the HIPAA catalog.
    const nag = report.findings.find((f) => f.ruleId === 'HIPAA.Security-S3DefaultEncryptionKMS');
    expect(nag?.evidence).toMatchObject({ stack: 'BrokenData', logicalId: 'Records', resource: 'buckets.records' });
    expect(controlsOf(nag)).toEqual(expect.arrayContaining(['hipaa:164.312(a)(1)', 'hipaa:164.312(e)(1)']));
  });

  it('reports the 40-day RDS retention, mapped to contingency and availability controls', () => {
    const f = report.findings.find((x) => x.ruleId === 'HAVEN-BACKUP-RETENTION');
    expect(f?.evidence).toMatchObject({ resource: 'databases.main', property: 'Properties.BackupRetentionPeriod', value: 40 });
    expect(f?.severity).toBe('error');
    expect(controlsOf(f)).toEqual(expect.arrayContaining(['hipaa:164.308(a)(7)', 'soc2:A1.2', 'gdpr:Art.5(1)(e)', 'pipeda:4.5', 'nist:CP-9']));
  });

  it('reports the wildcard IAM policy, mapped to least-privilege controls', () => {
    const f = report.findings.find((x) => x.ruleId === 'HAVEN-IAM-NO-WILDCARD' && x.evidence.property.endsWith('.Action'));
    expect(f?.evidence).toMatchObject({ resourceType: 'AWS::IAM::Policy', value: ['*'] });
    expect(controlsOf(f)).toEqual(expect.arrayContaining(['hipaa:164.308(a)(4)', 'soc2:CC6.1', 'pci:7', 'nist:AC-6', 'cis:1.16', 'gdpr:Art.5(1)(f)']));
    expect(report.findings.some((x) => x.ruleId.startsWith('AwsSolutions-IAM5') && controlsOf(x).includes('soc2:CC6.1'))).toBe(true);
  });

  it('reports PIPEDA data in us-east-1 as a cross-border transfer', () => {
    const f = report.findings.filter((x) => x.ruleId === 'HAVEN-RESIDENCY');
    expect(f.map((x) => x.evidence.resource).sort()).toEqual(['buckets.records', 'databases.main']);
    expect(controlsOf(f[0])).toEqual(['pipeda:4.1.3', 'gdpr:Art.44-49', 'nist:SA-9']);
    const transfer = report.controls.find((c) => c.framework === 'pipeda' && c.id === '4.1.3');
    expect(transfer).toMatchObject({ status: 'not_met', interpretation: expect.stringContaining('Canadian regions') });
  });

  it('acknowledges what the platform needs by design, with Haven\'s reason, and still shows it', () => {
    const routes = report.findings.filter((f) => f.ruleId === 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW');
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) {
      expect(r.evidence.logicalId).toMatch(/publicSubnet/i);
      expect(r.acknowledgement).toMatchObject({ builtin: true, owner: 'haven', reason: expect.stringContaining('internet gateway') });
    }
    const cdkFunctions = report.findings.filter((f) => f.evidence.resourceType === 'AWS::Lambda::Function');
    expect(cdkFunctions.length).toBeGreaterThan(0);
    expect(cdkFunctions.every((f) => f.status === 'acknowledged')).toBe(true);
  });

  it('keeps organizational controls out of pass/fail and renders every format', () => {
    expect(report.controls.find((c) => c.framework === 'hipaa' && c.id === '164.308(b)(1)')?.status).toBe('organizational');
    const text = renderReport(report, 'text');
    expect(text).toMatch(/FAILED: \d+ unacknowledged error\(s\)/);
    expect(text).toContain('HAVEN-BACKUP-RETENTION');
    expect(JSON.parse(renderReport(report, 'sarif')).runs[0].results.length).toBe(report.findings.length);
    expect(renderReport(report, 'junit')).toContain('<failure');
  });
});

describe('speed', () => {
  it('checking (every cdk-nag pack and every Haven rule) takes less time than synthesis itself', () => {
    const app = newApp();
    const stack = brokenPlatform(app);
    let t = performance.now();
    const assembly = app.synth();
    const synthMs = performance.now() - t;
    const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, (stack as Stack).templateFile), 'utf8'));
    t = performance.now();
    for (const pack of [new HIPAASecurityChecks(), new NIST80053R5Checks(), new PCIDSS321Checks(), new AwsSolutionsChecks()]) pack.validateScope(app);
    runCheck({ context: { frameworks: ['hipaa', 'pipeda', 'gdpr', 'soc2', 'pci', 'nist', 'cis'], environment: ENV, stacks: [{ name: 'BrokenData', region: 'us-east-1', template }] }, date: '2026-11-23' });
    const checkMs = performance.now() - t;
    console.log(`synth ${Math.round(synthMs)} ms, check ${Math.round(checkMs)} ms`);
    expect(checkMs).toBeLessThan(synthMs);
  });
});
