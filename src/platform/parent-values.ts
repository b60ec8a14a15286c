import { CfnDynamicReference, CfnDynamicReferenceService, type CfnResource, type NestedStack, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { KeyClass, PlatformContext } from './context';

/**
 * Values of the environment stack (KMS keys, subnets) written into a nested stack's template in a form that template
 * shows on its own. CDK passes them as nested-stack parameters (`{ Ref: referenceto… }`), which a control reading
 * one template at a time (the Control Tower proactive controls) cannot follow. Instead the environment stack
 * publishes the value as an SSM String parameter and the nested template carries the dynamic reference
 * `{{resolve:ssm:NAME}}`, a plain string CloudFormation resolves when it deploys the nested stack:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm.html
 * The nested stack depends on the parameter (DependsOn), so CloudFormation creates it first.
 *
 * CloudFormation resolves an unversioned reference to the parameter's latest value, but does not notice on its own
 * that the value changed: after a change, AWS advises a stack update of the stacks that read it (same page). These
 * values change only when a key or subnet is replaced (retained keys, a fixed subnet layout), a migration that has to
 * redeploy the nested stacks anyway. A template may hold at most 60 dynamic references
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html); the functions layout
 * (src/spec/stack-layout.ts) keeps within it.
 *
 * Only the checked property changes: IAM grants and everything else keep the key and subnet objects.
 */

/** The environment stack a (possibly nested) stack deploys with, and the nested stack directly under it. */
function ancestry(stack: Stack): { readonly root: Stack; readonly topNested?: NestedStack } {
  let topNested: NestedStack | undefined;
  let current = stack;
  while (current.nestedStackParent) {
    topNested = current as NestedStack;
    current = current.nestedStackParent;
  }
  return { root: current, topNested };
}

/** Makes the nested stack holding `consumer` deploy after `resource` of the environment stack. */
function deployAfter(topNested: NestedStack, resource: CfnResource): void {
  (topNested.nestedStackResource as CfnResource).addResourceDependency(resource, 'reads it as an SSM dynamic reference or key alias');
}

/** `/haven/<project>/<environment>/<name>`: unique per environment; SSM is regional, so each region's stack has its own. */
export function parentParameterName(ctx: PlatformContext, name: string): string {
  return `/haven/${ctx.plan.project.name}/${ctx.plan.name}/${name}`;
}

/**
 * `value` (an environment-stack value) as `consumer`'s template can show it: the value itself when `consumer` is in
 * the environment stack, else a dynamic reference to the SSM parameter `name` the environment stack publishes.
 */
export function parentValue(ctx: PlatformContext, consumer: Construct, name: string, value: string): string {
  const { root, topNested } = ancestry(Stack.of(consumer));
  if (!topNested) return value;
  const parameterName = parentParameterName(ctx, name);
  const id = `ParentValue-${name.replace(/\//g, '-')}`;
  const parameter = (root.node.tryFindChild(id) as ssm.StringParameter | undefined) ?? new ssm.StringParameter(root, id, {
    parameterName,
    stringValue: value,
    description: `${name} of ${ctx.plan.project.name} ${ctx.plan.name}, read by its nested stacks as an SSM dynamic reference`,
  });
  deployAfter(topNested, parameter.node.defaultChild as CfnResource);
  return new CfnDynamicReference(CfnDynamicReferenceService.SSM, parameterName).toString();
}

/** A log group's KMS key, as its template shows it (CloudWatch Logs takes the key ARN:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html#cfn-logs-loggroup-kmskeyid). */
export function showLogGroupKey(ctx: PlatformContext, logGroup: logs.LogGroup, keyClass: KeyClass = 'logs'): void {
  (logGroup.node.defaultChild as logs.CfnLogGroup).kmsKeyId = parentValue(ctx, logGroup, `keys/${keyClass}`, ctx.key(keyClass).keyArn);
}

/** A function's VPC subnets, each as its template shows it (security groups are the function's own). */
export function showFunctionSubnets(ctx: PlatformContext, fn: lambda.Function, tier: keyof PlatformContext['subnets']): void {
  const subnets = ctx.vpc.selectSubnets(ctx.subnets[tier]).subnets;
  const ids = subnets.map((s, i) => parentValue(ctx, fn, `subnets/${tier}/${i + 1}`, s.subnetId));
  (fn.node.defaultChild as lambda.CfnFunction).addPropertyOverride('VpcConfig.SubnetIds', ids);
}

/**
 * A queue's KMS key, named by its alias (`alias/<project>-<environment>/<class>`, KeyRing's fixed name), a string its
 * template shows without a dynamic reference. KmsMasterKeyId takes an alias name as well as a key ARN or id
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html#cfn-sqs-queue-kmsmasterkeyid,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html); the alias is created
 * with the key in the environment stack, which the queue's stack deploys after. Grants stay on the key itself.
 */
export function showQueueKey(ctx: PlatformContext, queue: sqs.Queue, keyClass: KeyClass = 'data'): void {
  const { topNested } = ancestry(Stack.of(queue));
  if (!topNested) return;
  // KeyRing gives each key its alias through the `alias` prop, which CDK builds as the key's child `Alias`.
  const alias = ctx.key(keyClass).node.tryFindChild('Alias') as kms.Alias | undefined;
  if (!alias) throw new Error(`the ${keyClass} key has no alias to name it by`);
  deployAfter(topNested, alias.node.defaultChild as CfnResource);
  (queue.node.defaultChild as sqs.CfnQueue).kmsMasterKeyId = alias.aliasName;
}
