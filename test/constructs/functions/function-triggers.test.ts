import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { FunctionTriggers, type Trigger } from '../../../src/constructs/functions';
import { testStack } from '../../helpers';

function build(triggers: Trigger[] | ((bucket: s3.IBucket) => Trigger[])): Template {
  const stack = testStack('us-east-1');
  const key = new kms.Key(stack, 'DataKey');
  const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'), timeout: Duration.seconds(60) });
  const bucket = new s3.Bucket(stack, 'Uploads', { eventBridgeEnabled: true });
  new FunctionTriggers(stack, 'Triggers', {
    function: fn, functionTimeout: Duration.seconds(60), key, removalPolicy: RemovalPolicy.DESTROY,
    triggers: typeof triggers === 'function' ? triggers(bucket) : triggers,
  });
  return Template.fromStack(stack);
}

describe('FunctionTriggers', () => {
  it('schedules with EventBridge Scheduler in the given time zone, encrypted with the key', () => {
    const t = build([{ kind: 'schedule', expression: 'cron(0 8 ? * MON-FRI *)', timeZone: 'Europe/London' }]);
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/London',
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Fn'), 'Arn'] }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) }),
    });
  });

  it('feeds the function from a KMS-encrypted queue with its own dead-letter queue', () => {
    const t = build([{ kind: 'queue', batchSize: 50 }]);
    t.resourceCountIs('AWS::SQS::Queue', 2);
    t.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DataKey'), 'Arn'] },
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 50, MaximumBatchingWindowInSeconds: 1, FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // Alarms: messages waiting an hour, and any message in the dead-letter queue.
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 3600 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
    // The dead-letter queue is encrypted too.
    const queues = Object.values(t.findResources('AWS::SQS::Queue'));
    expect(queues.every((q) => q.Properties.KmsMasterKeyId !== undefined)).toBe(true);
  });

  it('invokes on a bucket\'s object events through an EventBridge rule, prefix and suffix together', () => {
    const t = build((bucket) => [{ kind: 'bucket', bucket, events: ['created', 'deleted'], prefix: 'in/', suffix: '.csv' }]);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created', 'Object Deleted'],
        detail: { bucket: { name: [{ Ref: Match.stringLikeRegexp('Uploads') }] }, object: { key: [{ wildcard: 'in/*.csv' }] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Fn'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
    t.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' });
  });

  it('invokes for an event pattern on the default bus', () => {
    const t = build([{ kind: 'pattern', source: ['com.example.orders'], detailType: ['OrderPlaced'] }]);
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['com.example.orders'], 'detail-type': ['OrderPlaced'] } });
    t.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });
});
