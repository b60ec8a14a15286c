import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { SecureFunction, supportedLambdaRuntime, type SecureFunctionProps } from '../../../src/constructs/functions';

const AS_OF = new Date('2026-11-23T00:00:00Z');

function build(overrides: Partial<SecureFunctionProps> = {}): Template {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const key = new kms.Key(stack, 'DataKey');
  const logKey = new kms.Key(stack, 'LogKey');
  new SecureFunction(stack, 'Ingest', {
    vpc,
    runtime: 'nodejs22.x',
    asOf: AS_OF,
    environmentKey: key,
    logKey,
    memoryMb: 1024,
    timeout: Duration.seconds(60),
    reservedConcurrency: 100,
    environment: { STAGE: 'prod' },
    logRetention: logs.RetentionDays.THREE_MONTHS,
    ...overrides,
  });
  return Template.fromStack(stack);
}

describe('SecureFunction', () => {
  const template = build();

  it('sets runtime, memory, timeout and reserved concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 60,
      ReservedConcurrentExecutions: 100,
    });
  });

  it('encrypts environment variables with the customer key and traces with X-Ray', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { STAGE: 'prod' } },
    });
  });

  it('runs in private subnets with its own security group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('PrivateSubnet') }]),
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('IngestSecurityGroup'), 'GroupId'] }],
      },
    });
  });

  it('security group has no ingress and only HTTPS egress', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Lambda Ingest'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })],
    });
    const sgs = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('Lambda Ingest') } });
    for (const sg of Object.values(sgs)) expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  it('writes logs to a KMS-encrypted log group with retention, retained by default', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('LogKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('IngestLogGroup') } } });
  });

  it('sends failed asynchronous invocations to a dead-letter queue encrypted with the environment key by default', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
      MessageRetentionPeriod: 1209600,
      RedriveAllowPolicy: { redrivePermission: 'allowAll' },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestDeadLetterQueue'), 'Arn'] } } });
    // No topic, no alarm.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  it('ships an inline placeholder when no code directory is given', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Code: { ZipFile: Match.stringLikeRegexp('501') } });
  });

  it('grants no wildcard IAM actions', () => {
    for (const p of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const s of p.Properties.PolicyDocument.Statement) {
        for (const a of [s.Action].flat()) expect(a).not.toMatch(/(^\*$|:\*$)/);
      }
    }
  });
});

describe('SecureFunction options', () => {
  it('has no dead-letter queue when told so', () => {
    const template = build({ deadLetterQueue: false });
    template.resourceCountIs('AWS::SQS::Queue', 0);
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: Match.absent() });
  });

  it('alarms on any message in the dead-letter queue, notifying the topic', () => {
    const app = new App();
    const stack = new Stack(app, 'T', { env: { account: '123456789012', region: 'us-east-1' } });
    const key = new kms.Key(stack, 'Key');
    const topic = new sns.Topic(stack, 'Alarms');
    const fn = new SecureFunction(stack, 'Ingest', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), runtime: 'nodejs22.x', asOf: AS_OF, environmentKey: key, logKey: key, alarmTopic: topic });
    expect(fn.deadLetterAlarm).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngestDeadLetterQueue'), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
  });

  it('uses a python placeholder for python runtimes', () => {
    const template = build({ runtime: 'python3.11' });
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'python3.11', Code: { ZipFile: Match.stringLikeRegexp('def handler') } });
  });

  it('bundles code from an asset directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fn-'));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => 1;');
    const template = build({ codeDir: dir });
    template.hasResourceProperties('AWS::Lambda::Function', { Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') } });
  });

  it('can destroy logs outside production', () => {
    const template = build({ removalPolicy: RemovalPolicy.DESTROY });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });

  it('rejects a deprecated runtime (TechCorp\'s nodejs20.x after April 2026)', () => {
    expect(() => build({ runtime: 'nodejs20.x' })).toThrow(/nodejs20\.x was deprecated on 2026-04-30.*nodejs22\.x/);
    expect(() => supportedLambdaRuntime('nodejs20.x', new Date('2026-01-01T00:00:00Z'))).not.toThrow();
  });

  it('rejects an unknown runtime', () => {
    expect(() => build({ runtime: 'cobol1.0' })).toThrow(/unknown to Haven/);
  });
});

describe('runtime table', () => {
  it('knows exactly the runtimes the spec accepts', async () => {
    const { FUNCTION_RUNTIMES } = await import('../../../src/spec/sections/functions');
    const { LAMBDA_RUNTIME_NAMES } = await import('../../../src/constructs/functions');
    expect([...LAMBDA_RUNTIME_NAMES].sort()).toEqual([...FUNCTION_RUNTIMES].sort());
  });
});
