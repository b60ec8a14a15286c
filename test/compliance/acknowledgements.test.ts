import { describe, expect, it } from 'vitest';
import { ACK_EXPIRED, ACK_UNUSED, runCheck } from '../../src/compliance';
import type { AcknowledgementSpec } from '../../src/spec/sections/compliance';
import { builtinAcknowledgementFor } from '../../src/compliance/acknowledgements';
import type { BuiltinAcknowledgement } from '../../src/compliance/builtin-acknowledgements';
import type { Evidence } from '../../src/compliance/types';
import { BASELINE, ctx, stack } from './fixtures';

const secrets = stack({ ...BASELINE, Key: { Type: 'AWS::SecretsManager::Secret', Metadata: { 'haven:resource': 'secrets.stripe' } } });
const ack = (over: Partial<AcknowledgementSpec> = {}): AcknowledgementSpec => ({
  rule: 'HAVEN-SECRET-ROTATION', resource: 'secrets.stripe', reason: 'Stripe keys are rotated by hand in the Stripe dashboard.', owner: 'security@example.com', expires: '2027-01-31', ...over,
});
const run = (acks: AcknowledgementSpec[], date = '2026-11-23') => runCheck({ context: ctx([secrets]), acknowledgements: acks, date });

describe('acknowledgements', () => {
  it('an unacknowledged finding fails the check', () => {
    const r = run([]);
    expect(r.findings.find((f) => f.ruleId === 'HAVEN-SECRET-ROTATION')?.status).toBe('fail');
    expect(r.passed).toBe(false);
  });

  it('a valid acknowledgement bound to the spec resource name clears the error and shows who owns it', () => {
    const r = run([ack()]);
    const f = r.findings.find((x) => x.ruleId === 'HAVEN-SECRET-ROTATION');
    expect(f).toMatchObject({ status: 'acknowledged', acknowledgement: { owner: 'security@example.com', expires: '2027-01-31', builtin: false } });
    expect(r.passed).toBe(true);
    expect(r.controls.find((c) => c.framework === 'hipaa' && c.id === '164.312(a)(1)')?.status).toBe('met_with_exception');
  });

  it('an expired acknowledgement no longer applies and is itself an error', () => {
    const r = run([ack({ expires: '2026-11-01' })]);
    expect(r.findings.find((x) => x.ruleId === 'HAVEN-SECRET-ROTATION')?.status).toBe('fail');
    const expired = r.findings.find((x) => x.ruleId === ACK_EXPIRED);
    expect(expired).toMatchObject({ severity: 'error', status: 'fail', evidence: { stack: 'spec', logicalId: 'compliance.acknowledge[0]', value: '2026-11-01' } });
  });

  it('an acknowledgement that matches nothing is reported as unused; one for another environment is ignored', () => {
    const r = run([ack({ resource: 'secrets.other' }), ack({ environment: 'staging', resource: 'secrets.gone' })]);
    const unused = r.findings.filter((x) => x.ruleId === ACK_UNUSED);
    expect(unused.map((u) => u.evidence.logicalId)).toEqual(['compliance.acknowledge[0]']);
    expect(unused[0].severity).toBe('warning');
  });

  it('does not call an acknowledgement of a pack that did not run unused', () => {
    const r = run([ack(), ack({ rule: 'HIPAA.Security-S3BucketLoggingEnabled', resource: undefined })]);
    expect(r.findings.some((x) => x.ruleId === ACK_UNUSED)).toBe(false);
  });

  it('a cdk-nag rule id without a finding suffix covers each finding of that rule', () => {
    const ev = { stack: 'App', logicalId: 'RolePolicy', resourceType: 'AWS::IAM::Policy', resource: 'RolePolicy', property: 'Properties', value: null };
    const r = runCheck({
      context: ctx([stack(BASELINE)]),
      external: [{ ruleId: 'AwsSolutions-IAM5[Action::s3:*]', source: 'cdk-nag', severity: 'error', message: 'wildcard', evidence: ev }],
      externalSources: [{ name: 'AwsSolutions', source: 'cdk-nag', prefix: 'AwsSolutions-' }],
      acknowledgements: [ack({ rule: 'AwsSolutions-IAM5', resource: 'RolePolicy' })],
      date: '2026-11-23',
    });
    expect(r.findings.find((f) => f.ruleId.startsWith('AwsSolutions-IAM5'))?.status).toBe('acknowledged');
  });

  it('built-in acknowledgements cover the public route to the internet gateway, with their reason', () => {
    const ev = { stack: 'Net', logicalId: 'VpcPublicSubnet1DefaultRoute91CE6B8B', resourceType: 'AWS::EC2::Route', resource: 'VpcPublicSubnet1DefaultRoute91CE6B8B', property: 'Properties', value: null };
    const external = [{ ruleId: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', source: 'cdk-nag' as const, severity: 'error' as const, message: 'route', evidence: ev, framework: 'hipaa' as const, citedControls: ['164.312(e)(1)'] }];
    const r = runCheck({ context: ctx([stack(BASELINE)]), external, date: '2026-11-23' });
    expect(r.findings[0]).toMatchObject({ status: 'acknowledged', acknowledgement: { builtin: true, owner: 'haven', reason: expect.stringContaining('internet gateway') } });
    // A private subnet's route is not covered.
    const priv = runCheck({ context: ctx([stack(BASELINE)]), external: [{ ...external[0], evidence: { ...ev, logicalId: 'VpcPrivateSubnet1DefaultRoute', resource: 'VpcPrivateSubnet1DefaultRoute' } }], date: '2026-11-23' });
    expect(priv.findings[0].status).toBe('fail');
    expect(priv.controls.find((c) => c.framework === 'hipaa' && c.id === '164.312(e)(1)')?.status).toBe('not_met');
  });
});

describe('framework filter', () => {
  it('reports only findings that evidence the chosen frameworks, after matching acknowledgements against all', () => {
    const s = stack({ ...BASELINE, Key: { Type: 'AWS::SecretsManager::Secret' }, Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'mysql', StorageEncrypted: true, BackupRetentionPeriod: 7 } } });
    const acks: AcknowledgementSpec[] = [{ rule: 'HAVEN-SECRET-ROTATION', reason: 'The key is an external vendor key rotated by the vendor.', owner: 'ops@example.com', expires: '2027-01-01' }];
    const all = runCheck({ context: ctx([s]), acknowledgements: acks, date: '2026-11-23' });
    expect(all.findings.some((f) => f.ruleId === 'HAVEN-SECRET-ROTATION')).toBe(true);
    // CIS maps neither secret rotation nor database TLS: those findings leave the CIS report, and the ack is not "unused".
    const cis = runCheck({ context: ctx([s]), acknowledgements: acks, frameworks: ['cis'], date: '2026-11-23' });
    expect(cis.findings.map((f) => f.ruleId)).not.toContain('HAVEN-SECRET-ROTATION');
    expect(cis.findings.map((f) => f.ruleId)).not.toContain('HAVEN-DB-TLS');
    expect(cis.findings.map((f) => f.ruleId)).not.toContain(ACK_UNUSED);
    expect(all.findings.map((f) => f.ruleId)).toContain('HAVEN-DB-TLS');
    expect(cis.summary.map((x) => x.framework)).toEqual(['cis']);
  });
});

describe('built-in acknowledgement matching', () => {
  const ev = (over: Partial<Evidence> = {}): Evidence => ({ stack: 'app-production-ca-central-1', logicalId: 'L', resourceType: 'AWS::IAM::Policy', resource: 'L', property: 'Properties', value: null, region: 'ca-central-1', ...over });
  const list: BuiltinAcknowledgement[] = [
    { rule: 'AwsSolutions-IAM5', finding: /\[Action::s3:List\*\]$/, resourceType: 'AWS::IAM::Policy', reason: 'grant action group of one bucket, for the test', docs: 'https://docs.aws.amazon.com/cdk/v2/guide/permissions.html' },
    { rule: 'HAVEN-AUDIT-SERVICES', stack: /-edge$/, reason: 'edge-only region, for the test of stack matching', docs: 'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html' },
  ];
  it('limits a cdk-nag rule to the findings its pattern names', () => {
    expect(builtinAcknowledgementFor('AwsSolutions-IAM5[Action::s3:List*]', ev(), list)?.builtin).toBe(true);
    expect(builtinAcknowledgementFor('AwsSolutions-IAM5[Resource::*]', ev(), list)).toBeUndefined();
  });
  it('limits an acknowledgement to the stacks its pattern names', () => {
    expect(builtinAcknowledgementFor('HAVEN-AUDIT-SERVICES', ev({ stack: 'app-staging-ca-central-1-edge' }), list)?.owner).toBe('haven');
    expect(builtinAcknowledgementFor('HAVEN-AUDIT-SERVICES', ev({ stack: 'app-staging-ca-central-1' }), list)).toBeUndefined();
  });
  it('limits an acknowledgement to resources whose properties satisfy its condition', () => {
    const cdn = ev({ resourceType: 'AWS::CloudFront::Distribution' });
    const withCertificate = { DistributionConfig: { ViewerCertificate: { AcmCertificateArn: { 'Fn::GetAtt': ['ExportsReader', '/cdk/exports/x'] }, SslSupportMethod: 'sni-only' } } };
    const defaultCertificate = { DistributionConfig: { ViewerCertificate: { CloudFrontDefaultCertificate: true } } };
    // Haven's own list: the cross-region certificate is acknowledged, CloudFront's default certificate is not.
    expect(builtinAcknowledgementFor('CT.CLOUDFRONT.PR.6', cdn, undefined, withCertificate)?.builtin).toBe(true);
    expect(builtinAcknowledgementFor('CT.CLOUDFRONT.PR.6', cdn, undefined, defaultCertificate)).toBeUndefined();
    expect(builtinAcknowledgementFor('CT.CLOUDFRONT.PR.6', cdn)).toBeUndefined();
    const detector = ev({ resourceType: 'AWS::GuardDuty::Detector' });
    expect(builtinAcknowledgementFor('CT.GUARDDUTY.PR.1', detector, undefined, { Features: [{ Name: 'S3_DATA_EVENTS', Status: 'ENABLED' }] })?.builtin).toBe(true);
    expect(builtinAcknowledgementFor('CT.GUARDDUTY.PR.1', detector, undefined, { Enable: true })).toBeUndefined();
  });
});

describe('one acknowledgement for several packs\' ids of the same finding', () => {
  it('covers a finding under any id it lists, and counts as used', () => {
    const r = run([ack({ rule: ['CT.SECRETSMANAGER.PR.1', 'HAVEN-SECRET-ROTATION'] })]);
    expect(r.findings.find((x) => x.ruleId === 'HAVEN-SECRET-ROTATION')?.status).toBe('acknowledged');
    expect(r.findings.filter((x) => x.ruleId === ACK_UNUSED)).toEqual([]);
  });
  it('names every listed id when it expires or matches nothing', () => {
    const expired = run([ack({ rule: ['HAVEN-SECRET-ROTATION', 'CT.X.PR.1'], expires: '2026-01-01' })]);
    expect(expired.findings.find((x) => x.ruleId === ACK_EXPIRED)?.message).toMatch(/^Acknowledgement of HAVEN-SECRET-ROTATION, CT\.X\.PR\.1 .*the finding is reported again/);
    const unused = run([ack({ rule: ['HAVEN-SECRET-ROTATION', 'CT.X.PR.1'], resource: 'secrets.other' })]);
    expect(unused.findings.find((x) => x.ruleId === ACK_UNUSED)?.message).toMatch(/HAVEN-SECRET-ROTATION, CT\.X\.PR\.1 on secrets\.other/);
  });
});
