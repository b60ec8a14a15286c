import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
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
