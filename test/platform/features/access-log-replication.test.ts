/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation JSON is untyped here */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/app';
import { DR_PHASE_CONTEXT, drFeature } from '../../../src/platform/features/dr';
import { securityFeature } from '../../../src/platform/features/security';
import { berthCareRaw, load, variant } from '../../dr/fixtures';

/** One environment built by the real stacks (log bucket, keys) with only the DR and security features. */
function build(raw: Record<string, unknown>, env = 'production', context?: Record<string, unknown>) {
  const { spec, plans } = load(raw);
  const { environments } = buildApp({ file: 'spec.yaml', spec, plans, date: '2026-12-01' }, { environments: [env], features: [drFeature, securityFeature], context });
  const [primary, dr] = environments[0].stacks.map((s) => Template.fromStack(s));
  return { primary, dr: environments[0].stacks.length > 1 ? dr : undefined };
}

const bucketArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${name}`]] });

/** Logical id and properties of the bucket with this physical name (or logical id prefix). */
function bucket(t: Template, match: (id: string, props: any) => boolean): { id: string; props: any } {
  const found = Object.entries(t.findResources('AWS::S3::Bucket')).filter(([id, r]: [string, any]) => match(id, r.Properties ?? {}));
  expect(found).toHaveLength(1);
  return { id: found[0][0], props: (found[0][1] as any).Properties };
}

describe('access logs replicate to the DR region (BerthCare production, backup-restore to us-east-1)', () => {
  const { primary, dr } = build(berthCareRaw);

  it('primary: the access-log bucket replicates, unencrypted by KMS on both sides, into the DR access-log bucket', () => {
    const logs = bucket(primary, (id) => id.startsWith('BucketlogsBucket'));
    expect(logs.props.BucketName).toBe('berthcare-logs-production');
    expect(logs.props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(logs.props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    const [rule] = logs.props.ReplicationConfiguration.Rules;
    expect(rule.Destination.Bucket).toEqual(bucketArn('berthcare-logs-dr-production'));
    // SSE-S3 source and destination: no KMS re-encryption, no SSE-KMS source selection.
    expect(rule.Destination.EncryptionConfiguration).toBeUndefined();
    expect(rule.SourceSelectionCriteria).toBeUndefined();
    expect(rule.Status).toBe('Enabled');
  });

  it('primary: the replication role reads only the log bucket and writes only the DR log bucket, with no KMS grant', () => {
    const logs = bucket(primary, (id) => id.startsWith('BucketlogsBucket'));
    const role = logs.props.ReplicationConfiguration.Role['Fn::GetAtt'][0];
    expect(role).toMatch(/^DrReplicationAccessLogsRole/);
    // Grants become customer-managed policies (ManagedGrantPolicies).
    const policies = Object.values(primary.findResources('AWS::IAM::ManagedPolicy')).filter((p: any) => (p.Properties.Roles ?? []).some((r: any) => r.Ref === role));
    expect(policies.length).toBeGreaterThan(0);
    const statements = policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.flatMap((s: any) => [s.Action].flat()).some((a: string) => a.startsWith('kms:'))).toBe(false);
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::berthcare-logs-dr-production/*']] } }));
  });

  it('dr: the destination is the DR access-log bucket: same name, versioned, SSE-S3, the same lifecycle as its source', () => {
    const source = bucket(primary, (id) => id.startsWith('BucketlogsBucket'));
    const destination = bucket(dr!, (_id, p) => p.BucketName === 'berthcare-logs-dr-production');
    expect(destination.id).toMatch(/^BucketlogsdrBucket/);
    expect(destination.props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(destination.props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect(destination.props.LifecycleConfiguration).toEqual(source.props.LifecycleConfiguration);
    // The DR region's buckets are destinations, not sources.
    expect(destination.props.ReplicationConfiguration).toBeUndefined();
  });

  it('dr: the foundation phase (deployed before the primary on a first deployment) already builds every destination', () => {
    const { dr: foundation } = build(berthCareRaw, 'production', { [DR_PHASE_CONTEXT]: 'foundation' });
    for (const name of ['berthcare-logs-dr-production', 'berthcare-production-audit-trail-us-east-1', 'berthcare-production-config-us-east-1']) {
      foundation!.hasResourceProperties('AWS::S3::Bucket', { BucketName: name, VersioningConfiguration: { Status: 'Enabled' } });
    }
  });

  it('primary: CloudTrail and Config history replicate to their DR replicas as before (one path, one rule each)', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: { Rules: [Match.objectLike({ Destination: Match.objectLike({ Bucket: bucketArn('berthcare-production-audit-trail-us-east-1') }) })], Role: Match.anyValue() } });
    primary.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: { Rules: [Match.objectLike({ Destination: Match.objectLike({ Bucket: bucketArn('berthcare-production-config-us-east-1') }) })], Role: Match.anyValue() } });
    dr!.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'berthcare-production-config-us-east-1', VersioningConfiguration: { Status: 'Enabled' } });
  });

  it('the access logs follow the environment\'s RTC choice like the audit buckets', () => {
    const [rule] = bucket(primary, (id) => id.startsWith('BucketlogsBucket')).props.ReplicationConfiguration.Rules;
    expect(rule.Destination.ReplicationTime).toEqual({ Status: 'Enabled', Time: { Minutes: 15 } });
    const withoutRtc = build(variant(berthCareRaw, (r) => { r.environments.production.dr.buckets = { replicationTimeControl: false }; }));
    const [plain] = bucket(withoutRtc.primary, (id) => id.startsWith('BucketlogsBucket')).props.ReplicationConfiguration.Rules;
    expect(plain.Destination.ReplicationTime).toBeUndefined();
  });
});

describe('access logs: where they do not replicate', () => {
  it('no DR region: no replication configuration on any bucket', () => {
    const { primary, dr } = build(berthCareRaw, 'staging');
    expect(dr).toBeUndefined();
    expect(Object.values(primary.findResources('AWS::S3::Bucket')).some((b: any) => b.Properties.ReplicationConfiguration)).toBe(false);
  });

  it('a spec log bucket with replicate: false or unversioned keeps its logs in its region', () => {
    for (const setting of [{ replicate: false }, { versioned: false }]) {
      const { primary } = build(variant(berthCareRaw, (r) => { r.buckets.logs = { dataClass: 'logs', accessLogs: true, ...setting }; }));
      expect(bucket(primary, (id) => id.startsWith('BucketlogsBucket')).props.ReplicationConfiguration).toBeUndefined();
    }
  });

  it('a spec log bucket with a name of its own replicates into the DR log bucket Haven names', () => {
    const { primary, dr } = build(variant(berthCareRaw, (r) => { r.buckets.logs = { dataClass: 'logs', accessLogs: true, name: 'berthcare-access-logs' }; }));
    const logs = bucket(primary, (_id, p) => p.BucketName === 'berthcare-access-logs');
    expect(logs.props.ReplicationConfiguration.Rules[0].Destination.Bucket).toEqual(bucketArn('berthcare-logs-dr-production'));
    bucket(dr!, (_id, p) => p.BucketName === 'berthcare-logs-dr-production');
  });
});
