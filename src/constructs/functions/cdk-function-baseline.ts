import { CfnResource, Duration, RemovalPolicy, Stack, type IAspect } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';

export interface CdkFunctionBaselineProps {
  /**
   * Reserved concurrency of each CDK function. Deployment-time handlers run a handful of times per deployment; a
   * reservation caps them and keeps them runnable when the workload uses the account's pool.
   * @default 5
   */
  readonly reservedConcurrency?: number;
  /** Functions to leave alone (the platform's own, which configure both themselves). @default - none */
  readonly skip?: (fn: CfnResource) => boolean;
  /** @default RemovalPolicy.DESTROY (the queue holds only failed deployment events) */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Topic the queue's depth alarm notifies: a message there is a deployment-time handler that failed.
   * @default - the alarm has no action
   */
  readonly alarmTopic?: sns.ITopic;
}

/** The synthesized property, whether the function is a CfnFunction or core's plain CfnResource. */
function propertyOf(fn: CfnResource, name: 'ReservedConcurrentExecutions' | 'DeadLetterConfig'): unknown {
  if (fn instanceof lambda.CfnFunction) return name === 'DeadLetterConfig' ? fn.deadLetterConfig : fn.reservedConcurrentExecutions;
  return (fn as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties?.[name];
}

/** Sets it on the L1 properties where there are some, so rule packs reading the construct tree see it too. */
function setProperty(fn: CfnResource, name: 'ReservedConcurrentExecutions' | 'DeadLetterConfig', value: number | string): void {
  if (fn instanceof lambda.CfnFunction) {
    if (name === 'DeadLetterConfig') fn.deadLetterConfig = { targetArn: value as string };
    else fn.reservedConcurrentExecutions = value as number;
  } else {
    fn.addPropertyOverride(name, name === 'DeadLetterConfig' ? { TargetArn: value } : value);
  }
}

/**
 * Reserved concurrency and a dead-letter queue for the Lambda functions CDK itself adds (custom-resource providers,
 * provider frameworks, kubectl handlers): the two settings Lambda offers for them
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq).
 * CloudFormation invokes custom-resource handlers asynchronously, so a failed event lands in the queue
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-custom-resources-lambda.html).
 * One queue per stack, encrypted with the SQS AWS managed KMS key, whose key policy admits every principal of the
 * account through SQS, so no key grant is needed across nested stacks
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
 * The execution role is granted sqs:SendMessage: on the L2 function's role, or (for core's CustomResourceProvider,
 * whose role is a plain resource) through a managed policy on that role.
 */
export class CdkFunctionBaseline implements IAspect {
  private readonly queues = new Map<Stack, sqs.Queue>();

  constructor(private readonly props: CdkFunctionBaselineProps = {}) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::Lambda::Function' || this.props.skip?.(node)) return;
    if (propertyOf(node, 'ReservedConcurrentExecutions') === undefined) setProperty(node, 'ReservedConcurrentExecutions', this.props.reservedConcurrency ?? 5);
    if (propertyOf(node, 'DeadLetterConfig') !== undefined) return;
    const queue = this.queueFor(Stack.of(node));
    if (this.grantSend(node, queue)) setProperty(node, 'DeadLetterConfig', queue.queueArn);
  }

  private queueFor(stack: Stack): sqs.Queue {
    let queue = this.queues.get(stack);
    if (!queue) {
      const scope = new Construct(stack, 'CdkFunctionDeadLetters');
      queue = new sqs.Queue(scope, 'Queue', {
        encryption: sqs.QueueEncryption.KMS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        // Marks it as a dead-letter queue (what the Control Tower SQS dead-letter control looks for).
        redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
        removalPolicy: this.props.removalPolicy ?? RemovalPolicy.DESTROY,
      });
      this.queues.set(stack, queue);
      const alarm = new cloudwatch.Alarm(scope, 'DepthAlarm', {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `A CDK deployment-time function of ${stack.stackName} failed: its event is in the dead-letter queue`,
      });
      if (this.props.alarmTopic) alarm.addAlarmAction(new cwActions.SnsAction(this.props.alarmTopic));
    }
    return queue;
  }

  /** Lets the function's role send to the queue; false when the role cannot be found (no DLQ then). */
  private grantSend(fn: CfnResource, queue: sqs.Queue): boolean {
    const statement = new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] });
    const owner = fn.node.scope;
    if (owner instanceof lambda.Function && owner.role) {
      owner.role.addToPrincipalPolicy(statement);
      return true;
    }
    const role = owner?.node.tryFindChild('Role');
    if (owner && role instanceof CfnResource && role.cfnResourceType === 'AWS::IAM::Role') {
      const policy = new iam.CfnManagedPolicy(owner, 'DeadLetterPolicy', { roles: [role.ref], policyDocument: new iam.PolicyDocument({ statements: [statement] }) });
      fn.addResourceDependency(policy);
      return true;
    }
    return false;
  }
}
