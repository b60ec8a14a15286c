import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dateInScope, startOfDay } from '../../spec/date';
import { supportedLambdaRuntime } from './runtimes';

export interface SecureFunctionProps {
  readonly vpc: ec2.IVpc;
  /** @default - private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Runtime identifier, e.g. 'nodejs22.x' or 'python3.11'; must not be deprecated on `asOf`. */
  readonly runtime: string;
  /** Date runtime deprecation is judged against. @default - the App's `haven:date` context, else Haven's release date */
  readonly asOf?: Date;
  /** @default 'index.handler' */
  readonly handler?: string;
  /** Directory holding the function code, bundled as an asset. @default - an inline placeholder that answers 501 */
  readonly codeDir?: string;
  /** @default - generated */
  readonly functionName?: string;
  /** @default 512 */
  readonly memoryMb?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** Reserved concurrent executions. @default - unreserved (shares the account pool) */
  readonly reservedConcurrency?: number;
  /** @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Key encrypting environment variables at rest (and the DLQ). */
  readonly environmentKey: kms.IKey;
  /** Key encrypting the log group; its policy must admit the CloudWatch Logs service. */
  readonly logKey: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** Send failed asynchronous invocations to a SQS queue encrypted with `environmentKey`. @default true */
  readonly deadLetterQueue?: boolean;
  /** Topic the dead-letter queue's depth alarm notifies (any message waiting there is a lost event). @default - no alarm */
  readonly alarmTopic?: sns.ITopic;
  /** For the log group and DLQ. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const PLACEHOLDER_NODE = "exports.handler = async () => ({ statusCode: 501, body: 'not deployed yet' });";
const PLACEHOLDER_PYTHON = "def handler(event, context):\n    return {'statusCode': 501, 'body': 'not deployed yet'}\n";

/**
 * A Lambda function placed in private subnets behind its own security group (no inbound, HTTPS out only until
 * wired to a data store), with X-Ray tracing, KMS-encrypted environment and logs, and an optional encrypted DLQ.
 */
export class SecureFunction extends Construct implements ec2.IConnectable {
  public readonly function: lambda.Function;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  public readonly deadLetterQueue?: sqs.Queue;
  /** Fires when the dead-letter queue holds a message; present with `deadLetterQueue` and `alarmTopic`. */
  public readonly deadLetterAlarm?: cloudwatch.Alarm;
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: SecureFunctionProps) {
    super(scope, id);
    const runtime = supportedLambdaRuntime(props.runtime, props.asOf ?? startOfDay(dateInScope(this)));
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (props.reservedConcurrency !== undefined && props.reservedConcurrency < 0) throw new Error('reservedConcurrency must be >= 0');

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Lambda ${id}: no inbound; outbound HTTPS to AWS APIs plus wired data stores`,
      allowAllOutbound: false,
    });
    // AWS APIs (via NAT or interface endpoints) are HTTPS; data store ports are added when wired.
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs');

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.logKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });

    if (props.deadLetterQueue ?? true) {
      this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: props.environmentKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        // Marks it as a dead-letter queue (what the Control Tower SQS dead-letter control looks for).
        redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
        removalPolicy,
      });
      if (props.alarmTopic) this.deadLetterAlarm = this.alarmOnDepth(this.deadLetterQueue, props.alarmTopic);
    }

    const python = runtime.family === lambda.RuntimeFamily.PYTHON;
    this.function = new lambda.Function(this, 'Function', {
      runtime,
      handler: props.handler ?? 'index.handler',
      code: props.codeDir ? lambda.Code.fromAsset(props.codeDir) : lambda.Code.fromInline(python ? PLACEHOLDER_PYTHON : PLACEHOLDER_NODE),
      functionName: props.functionName,
      memorySize: props.memoryMb ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: props.environment ? { ...props.environment } : undefined,
      environmentEncryption: props.environmentKey,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      deadLetterQueue: this.deadLetterQueue,
    });
    this.connections = this.function.connections;
  }

  /**
   * Any visible message in the dead-letter queue is an event the function failed to handle.
   * ApproximateNumberOfMessagesVisible: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
   */
  private alarmOnDepth(queue: sqs.Queue, topic: sns.ITopic): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `${this.node.id}: failed invocations are waiting in the dead-letter queue`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(topic));
    return alarm;
  }
}
