import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** A schedule: an EventBridge Scheduler `rate(...)` or `cron(...)` expression. */
export interface ScheduleTrigger {
  readonly kind: 'schedule';
  readonly expression: string;
  /** IANA time zone a cron expression is read in. @default 'UTC' */
  readonly timeZone?: string;
}
/** An SQS queue created for the function, with its own dead-letter queue. */
export interface QueueTrigger {
  readonly kind: 'queue';
  /** @default 10 */
  readonly batchSize?: number;
  /** @default 5 */
  readonly maxReceiveCount?: number;
  /** @default - six times the function's timeout (AWS's recommendation), at most 12 hours */
  readonly visibilityTimeout?: Duration;
}
/** Object events of a bucket, delivered through EventBridge (the bucket must send its events to EventBridge). */
export interface BucketTrigger {
  readonly kind: 'bucket';
  readonly bucket: s3.IBucket;
  /** @default ['created'] */
  readonly events?: readonly ('created' | 'deleted')[];
  /** @default - any key */
  readonly prefix?: string;
  /** @default - any key */
  readonly suffix?: string;
}
/** Events on the default bus that match a pattern. */
export interface PatternTrigger {
  readonly kind: 'pattern';
  readonly source: readonly string[];
  /** @default - any detail-type */
  readonly detailType?: readonly string[];
  /** @default - any detail */
  readonly detail?: Readonly<Record<string, unknown>>;
}
export type Trigger = ScheduleTrigger | QueueTrigger | BucketTrigger | PatternTrigger;

export interface FunctionTriggersProps {
  readonly function: lambda.IFunction;
  /** The function's timeout (the queue's visibility timeout must not be shorter). */
  readonly functionTimeout: Duration;
  readonly triggers: readonly Trigger[];
  /** Encrypts schedules and queues. */
  readonly key: kms.IKey;
  /** For queues. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** Notified when a queue's messages wait too long or land in its dead-letter queue. @default - alarms without actions */
  readonly alarmTopic?: sns.ITopic;
}

/** A queue message older than this means the function is not keeping up. */
const QUEUE_AGE_ALARM = Duration.hours(1);

/** Retries for asynchronous deliveries (schedules, rules) before the event is dropped. */
const RETRY_ATTEMPTS = 2;
const DETAIL_TYPE = { created: 'Object Created', deleted: 'Object Deleted' } as const;

/**
 * What invokes a function: EventBridge Scheduler schedules, SQS queues (event source mappings) and EventBridge rules
 * for bucket object events or any event pattern. Schedules and queues are encrypted with `key`.
 */
export class FunctionTriggers extends Construct {
  public readonly schedules: scheduler.Schedule[] = [];
  public readonly queues: sqs.Queue[] = [];
  public readonly rules: events.Rule[] = [];
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, private readonly props: FunctionTriggersProps) {
    super(scope, id);
    props.triggers.forEach((trigger, i) => {
      if (trigger.kind === 'schedule') this.schedule(`Schedule${i}`, trigger);
      else if (trigger.kind === 'queue') this.queue(`Queue${i}`, trigger);
      else if (trigger.kind === 'bucket') this.rule(`BucketEvents${i}`, bucketPattern(trigger), `Object events of a bucket invoke ${id}`);
      else this.rule(`Events${i}`, { source: [...trigger.source], detailType: trigger.detailType && [...trigger.detailType], detail: trigger.detail && { ...trigger.detail } }, `Matching events invoke ${id}`);
    });
  }

  /** Scheduler can encrypt a schedule's target input with a customer managed key:
   * https://docs.aws.amazon.com/scheduler/latest/UserGuide/encryption-rest.html */
  private schedule(id: string, trigger: ScheduleTrigger): void {
    this.schedules.push(new scheduler.Schedule(this, id, {
      schedule: scheduler.ScheduleExpression.expression(trigger.expression, TimeZone.of(trigger.timeZone ?? 'UTC')),
      target: new schedulerTargets.LambdaInvoke(this.props.function, { retryAttempts: RETRY_ATTEMPTS }),
      key: this.props.key,
      description: `${trigger.expression}${trigger.timeZone ? ` (${trigger.timeZone})` : ''}`,
    }));
  }

  /** Visibility timeout at least the function's timeout, else Lambda refuses the mapping:
   * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html */
  private queue(id: string, trigger: QueueTrigger): void {
    const removalPolicy = this.props.removalPolicy ?? RemovalPolicy.RETAIN;
    const encrypted = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: this.props.key, enforceSSL: true, removalPolicy } as const;
    const deadLetters = new sqs.Queue(this, `${id}DeadLetters`, { ...encrypted, retentionPeriod: Duration.days(14) });
    const visibility = trigger.visibilityTimeout ?? Duration.seconds(Math.min(43200, this.props.functionTimeout.toSeconds() * 6));
    const queue = new sqs.Queue(this, id, {
      ...encrypted,
      visibilityTimeout: visibility,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: trigger.maxReceiveCount ?? 5 },
    });
    const batchSize = trigger.batchSize ?? 10;
    // Batches above 10 need a batching window (Lambda's rule for standard queues).
    this.props.function.addEventSource(new SqsEventSource(queue, {
      batchSize, reportBatchItemFailures: true, maxBatchingWindow: batchSize > 10 ? Duration.seconds(1) : undefined,
    }));
    this.queues.push(queue, deadLetters);
    this.alarm(`${id}Age`, queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }), QUEUE_AGE_ALARM.toSeconds(), 'messages wait longer than an hour for the function');
    this.alarm(`${id}DeadLetters`, deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), 1, 'messages the function failed to process reached the dead-letter queue');
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, what: string): void {
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: what,
    });
    if (this.props.alarmTopic) alarm.addAlarmAction(new cwActions.SnsAction(this.props.alarmTopic));
    this.alarms.push(alarm);
  }

  private rule(id: string, eventPattern: events.EventPattern, description: string): void {
    const rule = new events.Rule(this, id, { eventPattern, description });
    rule.addTarget(new eventTargets.LambdaFunction(this.props.function, { retryAttempts: RETRY_ATTEMPTS }));
    this.rules.push(rule);
  }
}

/** S3 object events as EventBridge delivers them: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html */
function bucketPattern(trigger: BucketTrigger): events.EventPattern {
  const { prefix, suffix } = trigger;
  const escape = (text: string): string => text.replace(/[\\*]/g, (c) => `\\${c}`);
  const key = prefix && suffix ? events.Match.wildcard(`${escape(prefix)}*${escape(suffix)}`)
    : prefix ? events.Match.prefix(prefix)
      : suffix ? events.Match.suffix(suffix) : undefined;
  return {
    source: ['aws.s3'],
    detailType: (trigger.events ?? ['created']).map((e) => DETAIL_TYPE[e]),
    detail: { bucket: { name: [trigger.bucket.bucketName] }, ...(key ? { object: { key } } : {}) },
  };
}
