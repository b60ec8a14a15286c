import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  CloudControlClient, GetResourceCommand, GetResourceRequestStatusCommand, ListResourcesCommand, UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import {
  CopyDBSnapshotCommand, CreateDBInstanceReadReplicaCommand, CreateDBSnapshotCommand, DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient,
} from '@aws-sdk/client-rds';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { simulateAccount } from '.';
import { loadModel } from './model';

const ACCOUNT = '123456789012';
const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };

/** A hand-written assembly: one stack with a nested stack, exercising every intrinsic the model resolves. */
function assembly(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-sim-'));
  const parent = {
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Tier' }, 'production'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
    Parameters: { Tier: { Type: 'String', Default: 'production' } },
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'Shop-Prod-Main', Engine: 'postgres', StorageEncrypted: true, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] }, DeletionProtection: { 'Fn::If': ['IsProd', true, false] } } },
      Logs: { Type: 'AWS::S3::Bucket' },
      DevOnly: { Type: 'AWS::SNS::Topic', Condition: 'IsDev' },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${AWS::StackName}-alarms' } } },
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, S3BucketName: { Ref: 'Logs' }, IsMultiRegionTrail: true } },
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Name: 'shop-alb' } },
      Monitoring: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: 'https://s3.example/nested.json', Parameters: { TopicArn: { Ref: 'Topic' }, DbId: { Ref: 'Db' } } },
        Metadata: { 'aws:asset:path': 'nested.template.json' },
      },
    },
    Outputs: {
      DbEndpoint: { Value: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } },
      DbHost: { Value: { 'Fn::Select': [0, { 'Fn::Split': ['.', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }] }] } },
      Where: { Value: { 'Fn::Join': ['/', [{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }]] } },
      AlbArn: { Value: { Ref: 'Alb' } },
      TrailName: { Value: { Ref: 'Trail' } },
      AlarmName: { Value: { 'Fn::GetAtt': ['Monitoring', 'Outputs.AlarmName'] } },
      DevTopic: { Value: { Ref: 'DevOnly' }, Condition: 'IsDev' },
    },
  };
  const nested = {
    Parameters: { TopicArn: { Type: 'String' }, DbId: { Type: 'String' } },
    Resources: {
      Cpu: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'TopicArn' }], Dimensions: [{ Name: 'DBInstanceIdentifier', Value: { Ref: 'DbId' } }] } },
    },
    Outputs: { AlarmName: { Value: { Ref: 'Cpu' } } },
  };
  fs.writeFileSync(path.join(dir, 'shop-prod.template.json'), JSON.stringify(parent));
  fs.writeFileSync(path.join(dir, 'nested.template.json'), JSON.stringify(nested));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    version: '55.0.0',
    artifacts: { 'shop-prod': { type: 'aws:cloudformation:stack', environment: `aws://${ACCOUNT}/ca-central-1`, properties: { templateFile: 'shop-prod.template.json' } } },
  }));
  return dir;
}

describe('the model of a deployed assembly', () => {
  const model = loadModel(assembly());
  const [stack] = model.stacks;
  const res = (id: string) => model.allResources().find((r) => r.logicalId === id)!;
  const out = (key: string) => model.allStacks().flatMap((s) => s.outputs).find((o) => o.key === key)?.value;

  it('takes stack name, region and account from the manifest', () => {
    expect(stack).toMatchObject({ name: 'shop-prod', region: 'ca-central-1', account: ACCOUNT });
    expect(stack.stackId).toMatch(/^arn:aws:cloudformation:ca-central-1:123456789012:stack\/shop-prod\/[0-9a-f-]{36}$/);
  });

  it('resolves Ref, GetAtt, Join, Sub, Select, Split, If and pseudo parameters', () => {
    expect(out('Where')).toBe('ca-central-1/123456789012/aws/amazonaws.com');
    // RDS keeps identifiers in lowercase.
    expect(out('DbEndpoint')).toMatch(/^shop-prod-main\.[0-9a-f]{12}\.ca-central-1\.rds\.amazonaws\.com$/);
    expect(out('DbHost')).toBe('shop-prod-main');
    expect(res('Db').properties.KmsKeyId).toBe(res('Key').arn);
    expect(res('Db').properties.DeletionProtection).toBe(true);
    expect(res('Topic').physicalId).toBe('shop-prod-alarms');
  });

  it('names resources like CloudFormation: explicit name wins, else <stack>-<logicalId>-<suffix>, deterministic', () => {
    expect(res('Trail').ref).toBe(out('TrailName'));
    expect(out('TrailName')).toMatch(/^shop-prod-Trail-[0-9A-Z]{12}$/);
    expect(res('Logs').physicalId).toMatch(/^shop-prod-logs-[0-9a-z]{8}$/);
    expect(loadModel(assembly()).allResources().map((r) => r.physicalId)).toEqual(model.allResources().map((r) => r.physicalId));
    // Ref per type: a load balancer's Ref is its ARN, a key's its id, a topic's its ARN.
    expect(out('AlbArn')).toMatch(/^arn:aws:elasticloadbalancing:ca-central-1:123456789012:loadbalancer\/app\/shop-alb\/[0-9a-f]{16}$/);
    expect(res('Key').ref).toMatch(/^[0-9a-f-]{36}$/);
    expect(res('Topic').ref).toBe('arn:aws:sns:ca-central-1:123456789012:shop-prod-alarms');
  });

  it('creates only resources and outputs whose condition holds', () => {
    expect(model.allResources().some((r) => r.logicalId === 'DevOnly')).toBe(false);
    expect(out('DevTopic')).toBeUndefined();
  });

  it('deploys the nested stack with the parameters its parent passes, and reads its outputs back', () => {
    const nested = stack.nested[0];
    expect(nested.name).toMatch(/^shop-prod-Monitoring-[0-9A-Z]{13}$/);
    expect(res('Monitoring').physicalId).toBe(nested.stackId);
    expect(res('Cpu').properties.AlarmActions).toEqual([res('Topic').arn]);
    expect(res('Cpu').properties.Dimensions).toEqual([{ Name: 'DBInstanceIdentifier', Value: 'shop-prod-main' }]);
    expect(out('AlarmName')).toBe(res('Cpu').physicalId);
  });
});

describe('SDK answers of the simulated account', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('lists nested stacks as AWS::CloudFormation::Stack with their ARN, and pages', async () => {
    const sim = simulateAccount(assembly());
    restore = sim.install();
    const cfn = new CloudFormationClient({ region: 'ca-central-1', credentials: creds });
    const r = await cfn.send(new ListStackResourcesCommand({ StackName: 'shop-prod' }));
    const nested = r.StackResourceSummaries!.find((x) => x.LogicalResourceId === 'Monitoring')!;
    expect(nested.ResourceType).toBe('AWS::CloudFormation::Stack');
    const inner = await cfn.send(new ListStackResourcesCommand({ StackName: nested.PhysicalResourceId }));
    expect(inner.StackResourceSummaries!.map((x) => x.ResourceType)).toEqual(['AWS::CloudWatch::Alarm']);
    const outputs = (await cfn.send(new DescribeStacksCommand({ StackName: 'shop-prod' }))).Stacks![0].Outputs!;
    expect(outputs.find((o) => o.OutputKey === 'AlarmName')!.OutputValue).toBe(inner.StackResourceSummaries![0].PhysicalResourceId);
  });

  it('answers unknown names with the service\'s own errors', async () => {
    const sim = simulateAccount(assembly());
    restore = sim.install();
    const region = 'ca-central-1';
    await expect(new CloudFormationClient({ region, credentials: creds }).send(new DescribeStacksCommand({ StackName: 'nope' })))
      .rejects.toMatchObject({ name: 'ValidationError', message: 'Stack with id nope does not exist' });
    await expect(new RDSClient({ region, credentials: creds }).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' }))).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });
    await expect(new S3Client({ region, credentials: creds }).send(new GetBucketPolicyCommand({ Bucket: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    // The same database in another region does not exist either.
    await expect(new RDSClient({ region: 'us-east-1', credentials: creds }).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'shop-prod-main' }))).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });
    const db = await new RDSClient({ region, credentials: creds }).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'Shop-Prod-Main' }));
    expect(db.DBInstances![0]).toMatchObject({ DBInstanceIdentifier: 'shop-prod-main', StorageEncrypted: true, DeletionProtection: true, BackupRetentionPeriod: 1 });
  });

  it('injects faults: a stopped trail, an unreachable region, throttling', async () => {
    const sim = simulateAccount(assembly());
    restore = sim.install();
    const trail = new CloudTrailClient({ region: 'ca-central-1', credentials: creds, maxAttempts: 1 });
    const name = sim.world.resources('AWS::CloudTrail::Trail')[0].physicalId;
    expect((await trail.send(new GetTrailStatusCommand({ Name: name }))).IsLogging).toBe(true);
    sim.world.stopTrail(name).throttle('GetTrailStatus', 1);
    await expect(trail.send(new GetTrailStatusCommand({ Name: name }))).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect((await trail.send(new GetTrailStatusCommand({ Name: name }))).IsLogging).toBe(false);
    sim.world.unreachable('ca-central-1');
    await expect(trail.send(new GetTrailStatusCommand({ Name: name }))).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

/** One stack with an EKS cluster and a managed node group, and an encrypted database with backups. */
function eksAssembly(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-sim-eks-'));
  const template = {
    Resources: {
      Cluster: { Type: 'AWS::EKS::Cluster', Properties: { Name: 'shop-prod-main' } },
      Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { ClusterName: { Ref: 'Cluster' }, ScalingConfig: { MinSize: 3, MaxSize: 10, DesiredSize: 3 } } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceIdentifier: 'shop-prod-main', Engine: 'postgres', StorageEncrypted: true, KmsKeyId: `arn:aws:kms:ca-central-1:${ACCOUNT}:key/k` } },
    },
    Outputs: { NodegroupId: { Value: { Ref: 'Nodes' } } },
  };
  fs.writeFileSync(path.join(dir, 'shop-prod.template.json'), JSON.stringify(template));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    version: '55.0.0',
    artifacts: { 'shop-prod': { type: 'aws:cloudformation:stack', environment: `aws://${ACCOUNT}/ca-central-1`, properties: { templateFile: 'shop-prod.template.json' } } },
  }));
  return dir;
}

describe('DR operations of the simulated account (documented behaviour and failure modes)', () => {
  let restore = () => {};
  afterEach(() => restore());
  const region = 'ca-central-1';
  const NODEGROUP = 'AWS::EKS::Nodegroup';

  function account() {
    let now = Date.parse('2026-12-02T09:00:00Z');
    const sim = simulateAccount(eksAssembly(), { now: () => now });
    restore = sim.install();
    return { sim, advance: (ms: number) => { now += ms; } };
  }

  it('Cloud Control scales an EKS node group: listed by cluster, asynchronous, one request at a time, invalid sizes fail the request', async () => {
    const { advance } = account();
    const cc = new CloudControlClient({ region, credentials: creds, maxAttempts: 1 });
    await expect(cc.send(new ListResourcesCommand({ TypeName: NODEGROUP }))).rejects.toMatchObject({ name: 'InvalidRequestException' });
    const list = await cc.send(new ListResourcesCommand({ TypeName: NODEGROUP, ResourceModel: JSON.stringify({ ClusterName: 'shop-prod-main' }) }));
    const id = list.ResourceDescriptions![0].Identifier!;
    expect(id).toMatch(/^shop-prod-main\/shop-prod-Nodes-/);
    const scaling = async () => JSON.parse((await cc.send(new GetResourceCommand({ TypeName: NODEGROUP, Identifier: id }))).ResourceDescription!.Properties!).ScalingConfig;
    expect(await scaling()).toEqual({ MinSize: 3, MaxSize: 10, DesiredSize: 3 });

    const patch = (c: object) => JSON.stringify([{ op: 'replace', path: '/ScalingConfig', value: c }]);
    const bad = await cc.send(new UpdateResourceCommand({ TypeName: NODEGROUP, Identifier: id, PatchDocument: patch({ MinSize: 0, MaxSize: 0, DesiredSize: 0 }) }));
    expect(bad.ProgressEvent).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'InvalidRequest' });
    expect(await scaling()).toEqual({ MinSize: 3, MaxSize: 10, DesiredSize: 3 });

    const ok = await cc.send(new UpdateResourceCommand({ TypeName: NODEGROUP, Identifier: id, PatchDocument: patch({ MinSize: 0, MaxSize: 10, DesiredSize: 0 }), ClientToken: 'stop-1' }));
    expect(ok.ProgressEvent?.OperationStatus).toBe('IN_PROGRESS');
    await expect(cc.send(new UpdateResourceCommand({ TypeName: NODEGROUP, Identifier: id, PatchDocument: patch({ MinSize: 1, MaxSize: 10, DesiredSize: 1 }) }))).rejects.toMatchObject({ name: 'ConcurrentOperationException' });
    // The same client token is the same request; reused for another change it is refused.
    expect((await cc.send(new UpdateResourceCommand({ TypeName: NODEGROUP, Identifier: id, PatchDocument: patch({ MinSize: 0, MaxSize: 10, DesiredSize: 0 }), ClientToken: 'stop-1' }))).ProgressEvent?.RequestToken).toBe(ok.ProgressEvent?.RequestToken);
    await expect(cc.send(new UpdateResourceCommand({ TypeName: NODEGROUP, Identifier: id, PatchDocument: patch({ MinSize: 2, MaxSize: 10, DesiredSize: 2 }), ClientToken: 'stop-1' }))).rejects.toMatchObject({ name: 'ClientTokenConflictException' });
    advance(10 * 60_000);
    expect((await cc.send(new GetResourceRequestStatusCommand({ RequestToken: ok.ProgressEvent!.RequestToken }))).ProgressEvent?.OperationStatus).toBe('SUCCESS');
    expect(await scaling()).toEqual({ MinSize: 0, MaxSize: 10, DesiredSize: 0 });
    await expect(cc.send(new GetResourceRequestStatusCommand({ RequestToken: 'nope' }))).rejects.toMatchObject({ name: 'RequestTokenNotFoundException' });
    await expect(cc.send(new GetResourceCommand({ TypeName: NODEGROUP, Identifier: 'shop-prod-main/nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('RDS failback calls keep their preconditions: snapshot ids unique, encrypted cross-region copies need a key of the destination, renames free the name', async () => {
    const { advance } = account();
    const rds = (r: string) => new RDSClient({ region: r, credentials: creds, maxAttempts: 1 });
    await rds(region).send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'shop-prod-main', DBSnapshotIdentifier: 'final' }));
    await expect(rds(region).send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'shop-prod-main', DBSnapshotIdentifier: 'final' }))).rejects.toMatchObject({ name: 'DBSnapshotAlreadyExistsFault' });
    const arn = `arn:aws:rds:${region}:${ACCOUNT}:snapshot:final`;
    await expect(rds('us-east-1').send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: arn, TargetDBSnapshotIdentifier: 'copy' }))).rejects.toMatchObject({ name: 'InvalidDBSnapshotStateFault' });
    advance(10 * 60_000);
    await expect(rds('us-east-1').send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: arn, TargetDBSnapshotIdentifier: 'copy' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(rds('us-east-1').send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: arn, TargetDBSnapshotIdentifier: 'copy', KmsKeyId: `arn:aws:kms:${region}:${ACCOUNT}:key/k` }))).rejects.toMatchObject({ name: 'KMSKeyNotAccessibleFault' });
    await expect(rds('us-east-1').send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: 'final', TargetDBSnapshotIdentifier: 'copy', KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/d` }))).rejects.toMatchObject({ name: 'DBSnapshotNotFoundFault' });
    await rds('us-east-1').send(new CopyDBSnapshotCommand({ SourceDBSnapshotIdentifier: arn, TargetDBSnapshotIdentifier: 'copy', KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/d` }));
    // A cross-region replica of an encrypted source needs a key of its own region.
    await expect(rds('us-east-1').send(new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: 'r', SourceDBInstanceIdentifier: `arn:aws:rds:${region}:${ACCOUNT}:db:shop-prod-main` }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await rds(region).send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'shop-prod-main', NewDBInstanceIdentifier: 'shop-prod-main-stale', ApplyImmediately: true }));
    await expect(rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'shop-prod-main' }))).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });
    const stale = (await rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'shop-prod-main-stale' }))).DBInstances![0];
    expect(stale).toMatchObject({ DBInstanceStatus: 'renaming', StorageEncrypted: true, DeletionProtection: false });
    advance(2 * 60_000);
    expect((await rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'shop-prod-main-stale' }))).DBInstances![0].DBInstanceStatus).toBe('available');
  });
});
