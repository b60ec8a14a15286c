import { App, Stack, Stage } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { checkApp } from '../../src/compliance';
import { newApp } from './platforms';

describe('checkApp', () => {
  it('reads stacks inside stages from their nested assembly, with their region', () => {
    const app = newApp();
    const stage = new Stage(app, 'Prod', { env: { account: '111111111111', region: 'us-east-1' } });
    const stack = new Stack(stage, 'Data');
    new s3.CfnBucket(stack, 'Records', {}).addMetadata('haven:resource', 'buckets.records');
    const report = checkApp(app, { frameworks: ['pipeda'], environment: { name: 'prod', tier: 'production', primaryRegion: 'us-east-1' }, nag: false, date: '2026-11-23' });
    expect(report.packs).toEqual([]);
    const residency = report.findings.find((f) => f.ruleId === 'HAVEN-RESIDENCY');
    expect(residency?.evidence).toMatchObject({ stack: 'Prod-Data', logicalId: 'Records', resource: 'buckets.records', value: 'us-east-1' });
  });

  it('still reports pack findings when the app lacks CHECK_APP_CONTEXT (synth throws after writing the report)', () => {
    const app = new App({ outdir: newApp().outdir });
    const stack = new Stack(app, 'Data', { env: { account: '111111111111', region: 'ca-central-1' } });
    new s3.CfnBucket(stack, 'Records', {});
    const report = checkApp(app, { frameworks: ['hipaa'], environment: { name: 'prod', tier: 'production', primaryRegion: 'ca-central-1' }, date: '2026-11-23' });
    expect(report.findings.some((f) => f.ruleId === 'HIPAA.Security-S3DefaultEncryptionKMS' && f.evidence.logicalId === 'Records')).toBe(true);
  });
});
