import * as path from 'node:path';
import { Arn, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { dateInScope, startOfDay } from '../../spec/date';
import { SecureFunction } from '../functions/secure-function';
import { currentLambdaRuntimes } from '../functions/runtime-support';

/** A load balancer in another stack whose HTTPS listener checks the header; that stack writes the listener ARN to SSM. */
export interface RemoteOriginListener {
  /** Region of the load balancer and of the parameter. */
  readonly region: string;
  /** Name of the SSM String parameter holding the listener ARN (the rotation skips it while it does not exist). */
  readonly parameterName: string;
  /** Name of the load balancer, to scope ModifyRule to its rules. @default - any load balancer's rules in `region` */
  readonly loadBalancerName?: string;
}

export interface OriginSecretRotationProps {
  /** The secret holding the header value (a plain string of letters and digits). */
  readonly secret: secretsmanager.ISecret;
  /** The KMS key encrypting the secret. */
  readonly secretKey: kms.IKey;
  /** Id of the distribution whose origins send the header. */
  readonly distributionId: string;
  /** Name of the custom origin header, e.g. X-Origin-Verify. */
  readonly headerName: string;
  /** HTTPS listeners in this account whose rules check the header. */
  readonly listeners: readonly elbv2.IApplicationListener[];
  /** Listeners of other stacks (the DR region's load balancer), found through SSM at rotation time. @default - none */
  readonly remoteListeners?: readonly RemoteOriginListener[];
  /** Time between rotations. @default Duration.days(30) */
  readonly rotateEvery?: Duration;
  readonly vpc: ec2.IVpc;
  /** Subnets with a route to the AWS APIs (CloudFront has no VPC endpoint). @default - private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Encrypts the function's environment and dead-letter queue. */
  readonly environmentKey: kms.IKey;
  readonly logKey: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** Notified when a rotation step fails or an event reaches the dead-letter queue. @default - alarms without action */
  readonly alarmTopic?: sns.ITopic;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Rotation steps run one after another; two leave room for a manual RotateSecret beside a scheduled one. */
const RESERVED_CONCURRENCY = 2;
/** testSecret waits for the distribution to deploy (minutes); Lambda allows 15. */
const TIMEOUT = Duration.minutes(10);

/** The newest Node.js runtime Lambda has not deprecated on `asOf` (Haven's runtime table). */
export function rotationRuntime(asOf: Date): string {
  const node = currentLambdaRuntimes(asOf).filter((name) => name.startsWith('nodejs'));
  if (node.length === 0) throw new Error(`no Node.js Lambda runtime Haven knows is supported on ${asOf.toISOString().slice(0, 10)}`);
  return node[node.length - 1];
}

/**
 * Rotates the secret origin header CloudFront sends to a load balancer that admits only requests carrying it,
 * without a moment where CloudFront sends a value the listeners refuse: the rules accept the old and new values
 * while the distribution deploys the new one, then only the new one (see origin-rotation/rotation.ts). The
 * template keeps reading the value through a dynamic reference, which resolves to AWSCURRENT at each deployment,
 * the value the rotation leaves in place.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda.html
 */
export class OriginSecretRotation extends Construct {
  public readonly handler: SecureFunction;
  public readonly schedule: secretsmanager.CfnRotationSchedule;
  /** Fires when a rotation step fails (Secrets Manager invokes the steps synchronously: they never reach the queue). */
  public readonly errorAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: OriginSecretRotationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const remote = props.remoteListeners ?? [];
    this.handler = new SecureFunction(this, 'Handler', {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      runtime: rotationRuntime(startOfDay(dateInScope(this))),
      codeDir: path.join(__dirname, 'origin-rotation'),
      memoryMb: 256,
      timeout: TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY,
      environment: {
        DISTRIBUTION_ID: props.distributionId,
        HEADER_NAME: props.headerName,
        LISTENER_ARNS: Fn.join(',', props.listeners.map((l) => l.listenerArn)),
        LISTENER_PARAMETERS: remote.map((r) => `${r.region}=${r.parameterName}`).join(','),
      },
      environmentKey: props.environmentKey,
      logKey: props.logKey,
      logRetention: props.logRetention,
      alarmTopic: props.alarmTopic,
      removalPolicy: props.removalPolicy,
    });
    const fn = this.handler.function;
    for (const statement of this.statements(stack, props, remote)) fn.addToRolePolicy(statement);

    // Secrets Manager invokes the function for this account's secrets only.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html
    fn.addPermission('SecretsManagerInvoke', { principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'), sourceAccount: stack.account });
    const days = (props.rotateEvery ?? Duration.days(30)).toDays();
    this.schedule = new secretsmanager.CfnRotationSchedule(this, 'Schedule', {
      secretId: props.secret.secretArn,
      rotationLambdaArn: fn.functionArn,
      rotationRules: { scheduleExpression: `rate(${days} days)` },
      // The deployment that creates the schedule has just resolved the current value into CloudFront and the
      // listeners; rotating at once would race the rest of that deployment.
      rotateImmediatelyOnUpdate: false,
    });
    this.schedule.node.addDependency(fn.node.findChild('SecretsManagerInvoke'));
    this.errorAlarm = new cloudwatch.Alarm(this, 'ErrorAlarm', {
      alarmDescription: `Rotation of the ${props.headerName} origin header failed; CloudFront and the listeners keep a value they agree on, see the function's log`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic) this.errorAlarm.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
  }

  /** Least privilege: this secret and its key, this distribution, the rules of these listeners. */
  private statements(stack: Stack, props: OriginSecretRotationProps, remote: readonly RemoteOriginListener[]): iam.PolicyStatement[] {
    const secretArn = props.secret.secretFullArn ?? `${props.secret.secretArn}-??????`;
    const statements = [
      new iam.PolicyStatement({
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resources: [secretArn],
      }),
      // Secrets Manager uses the key for this secret only (encryption context SecretARN).
      // https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.secretKey.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:SecretARN': props.secret.secretArn } },
      }),
      new iam.PolicyStatement({
        actions: ['cloudfront:GetDistribution', 'cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'],
        resources: [stack.formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: props.distributionId })],
      }),
      // Describe actions of Elastic Load Balancing take no resource: AWS authorizes them on "*" only.
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html
      new iam.PolicyStatement({ actions: ['elasticloadbalancing:DescribeRules'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['elasticloadbalancing:ModifyRule'],
        resources: [...props.listeners.map((l) => listenerRulesArn(l.listenerArn)), ...remote.map((r) => remoteRulesArn(stack, r))],
      }),
    ];
    if (remote.length) {
      statements.push(new iam.PolicyStatement({
        actions: ['ssm:GetParameter'],
        resources: remote.map((r) => stack.formatArn({ service: 'ssm', region: r.region, resource: 'parameter', resourceName: r.parameterName.replace(/^\//, '') })),
      }));
    }
    return statements;
  }
}

/**
 * The rules of one listener: arn:...:listener/app/NAME/LB-ID/LISTENER-ID becomes
 * arn:...:listener-rule/app/NAME/LB-ID/LISTENER-ID/* (rule ARN format:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html#awselasticloadbalancingv2-resources-for-iam-policies).
 */
export function listenerRulesArn(listenerArn: string): string {
  const parts = Fn.split(':listener/', listenerArn, 2);
  return Fn.join('', [Fn.select(0, parts), ':listener-rule/', Fn.select(1, parts), '/*']);
}

function remoteRulesArn(stack: Stack, r: RemoteOriginListener): string {
  return Arn.format({ service: 'elasticloadbalancing', region: r.region, resource: 'listener-rule', resourceName: `app/${r.loadBalancerName ?? '*'}/*` }, stack);
}
