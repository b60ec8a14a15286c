import { describe, expect, it } from 'vitest';
import { diffStacks, type DiffStack } from '../../src/diff';

type Resources = NonNullable<DiffStack['template']['Resources']>;

function stack(resources: Resources, name = 'app-staging', region = 'ca-central-1'): DiffStack {
  return { name, environment: 'staging', region, template: { Resources: resources } };
}

const bucket = (props: Record<string, unknown>, policy?: string) => ({
  Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' }, ...props },
  Metadata: { 'haven:resource': 'buckets.photos' }, ...(policy ? { DeletionPolicy: policy, UpdateReplacePolicy: policy } : {}),
});
const db = (props: Record<string, unknown>) => ({ Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t4g.medium', DBName: 'app', ...props }, DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });

describe('diffStacks (CloudFormation update behaviour from the service spec)', () => {
  it('an instance class change is an in-place modification with its before and after values', () => {
    const [change, ...rest] = diffStacks([stack({ Db: db({}) })], [stack({ Db: db({ DBInstanceClass: 'db.r6g.large' }) })]);
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ logicalId: 'Db', type: 'AWS::RDS::DBInstance', change: 'modify', replacement: 'none', dataKind: 'database', dataLoss: false });
    expect(change.properties).toEqual([{ name: 'DBInstanceClass', before: 'db.t4g.medium', after: 'db.r6g.large', replacement: 'none' }]);
  });

  it('a create-only property (BucketName) replaces the bucket: data loss, even with the old one retained', () => {
    const [change] = diffStacks([stack({ Photos: bucket({}, 'Retain') })], [stack({ Photos: bucket({ BucketName: 'berthcare-photos' }, 'Retain') })]);
    expect(change).toMatchObject({ resource: 'buckets.photos', change: 'replace', replacement: 'always', dataKind: 'bucket', dataLoss: true, oldResource: 'retained' });
    expect(change.properties).toEqual([{ name: 'BucketName', after: 'berthcare-photos', replacement: 'always' }]);
  });

  it('a create-only database property (DBName) replaces the instance; the old one is snapshotted', () => {
    const [change] = diffStacks([stack({ Db: db({}) })], [stack({ Db: db({ DBName: 'other' }) })]);
    expect(change).toMatchObject({ change: 'replace', dataLoss: true, oldResource: 'snapshot' });
  });

  it('a conditional property (MultiAZ) is a modification that may replace, not data loss', () => {
    const [change] = diffStacks([stack({ Db: db({ MultiAZ: false }) })], [stack({ Db: db({ MultiAZ: true }) })]);
    expect(change).toMatchObject({ change: 'modify', replacement: 'conditional', dataLoss: false });
    expect(change.properties[0]).toMatchObject({ name: 'MultiAZ', replacement: 'conditional' });
  });

  it('a replacement propagates to resources whose create-only property references it', () => {
    const policy = { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Photos' }, PolicyDocument: { Statement: [] } } };
    const changes = diffStacks([stack({ Photos: bucket({}), Policy: policy })], [stack({ Photos: bucket({ BucketName: 'renamed-bucket' }), Policy: policy })]);
    // BucketPolicy.Bucket is create-only: the policy is replaced with its bucket (a new Ref value).
    expect(changes.map((c) => [c.logicalId, c.change, c.replacement, c.dataLoss])).toEqual([['Photos', 'replace', 'always', true], ['Policy', 'replace', 'always', false]]);
    expect(changes[1].properties).toMatchObject([{ name: 'Bucket', replacement: 'always' }]);
  });

  it('removing a data store deletes its data unless DeletionPolicy keeps it', () => {
    const changes = diffStacks([stack({ Kept: bucket({}, 'Retain'), Gone: { ...bucket({}), Metadata: {} }, Topic: { Type: 'AWS::SNS::Topic' } })], [stack({})]);
    expect(changes.map((c) => [c.logicalId, c.change, c.dataLoss, c.oldResource])).toEqual([
      ['Gone', 'remove', true, 'deleted'], ['Kept', 'remove', false, 'retained'], ['Topic', 'remove', false, 'deleted'],
    ]);
  });

  it('only audit log groups are data-bearing', () => {
    const group = (name: string, cls: string) => ({ Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: name, RetentionInDays: 365 }, Metadata: { 'haven:logClass': cls } });
    const changes = diffStacks([stack({ Audit: group('/trail', 'audit'), App: group('/app', 'application') })], [stack({ Audit: group('/trail-2', 'audit'), App: group('/app-2', 'application') })]);
    expect(changes.map((c) => [c.logicalId, c.change, c.dataLoss])).toEqual([['Audit', 'replace', true], ['App', 'replace', false]]);
  });

  it('metadata and DependsOn changes do nothing to the physical resource and are not reported', () => {
    const before = { Topic: { Type: 'AWS::SNS::Topic', Metadata: { 'aws:cdk:path': 'a' } } };
    const after = { Topic: { Type: 'AWS::SNS::Topic', Metadata: { 'aws:cdk:path': 'b' }, DependsOn: ['X'] } };
    expect(diffStacks([stack(before)], [stack(after)])).toEqual([]);
  });

  it('a stack only on one side adds or removes all of its resources, in its region', () => {
    const dr = stack({ Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'dr' } } }, 'app-staging-dr', 'us-east-1');
    expect(diffStacks([], [dr])).toMatchObject([{ stack: 'app-staging-dr', region: 'us-east-1', change: 'add', dataKind: 'backup vault', dataLoss: false }]);
    expect(diffStacks([dr], [])).toMatchObject([{ change: 'remove', dataKind: 'backup vault', dataLoss: true }]);
  });
});
