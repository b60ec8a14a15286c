import { CfnResource, Lazy, Stack, type IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * IAM's limit on a customer-managed policy document, counted without whitespace
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length).
 */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/**
 * What an unresolved value (`${Token[…]}`: an ARN, a name) is counted as when a document is sized before
 * deployment. Resolved ARNs of buckets, keys, queues and log groups are 40–100 characters.
 */
const TOKEN_CHARS = 100;

/** Characters of a document as IAM counts them, with each unresolved value counted as `TOKEN_CHARS`. */
export function estimatedPolicyChars(statements: readonly unknown[]): number {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements })
    .replace(/[$#]\{Token\[[^\]]*\]\}/g, 'x'.repeat(TOKEN_CHARS))
    .length;
}

/** Statements in order, in as few consecutive groups as keep each group's document under `limit` characters. */
export function splitStatements<T>(statements: readonly T[], limit = MANAGED_POLICY_MAX_CHARS): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const statement of statements) {
    if (current.length > 0 && estimatedPolicyChars([...current, statement]) > limit) {
      groups.push(current);
      current = [];
    }
    current.push(statement);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** `CfnManagedPolicy` that is left out of the template exactly when the inline policy it replaces would be (empty, unattached). */
class ReplacingManagedPolicy extends iam.CfnManagedPolicy {
  constructor(scope: IConstruct, id: string, props: iam.CfnManagedPolicyProps, private readonly exists: () => boolean) {
    super(scope, id, props);
  }

  protected override shouldSynthesize(): boolean {
    return this.exists();
  }
}

type Statement = Record<string, unknown>;

/**
 * Core's CustomResourceProvider writes its role as a plain resource with the statements inline (`Policies`, filled
 * lazily). They move into one managed policy on that role, resolved at synthesis so late statements come along, and
 * the provider's handler waits for it as it waited for the role.
 */
function moveProviderRolePolicies(role: CfnResource): void {
  const owner = role.node.scope;
  const inline = (role as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties?.Policies;
  if (!owner || inline === undefined) return;
  const stack = Stack.of(role);
  const documents = (): unknown[] => ((stack.resolve(inline) as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument);
  const statements = Lazy.any({ produce: () => documents().flatMap((d) => (d as { Statement: unknown[] }).Statement) });
  const policy = new ReplacingManagedPolicy(owner, 'RolePolicy', { roles: [role.ref], policyDocument: { Version: '2012-10-17', Statement: statements } }, () => documents().length > 0);
  role.addPropertyDeletionOverride('Policies');
  const handler = owner.node.tryFindChild('Handler');
  if (CfnResource.isCfnResource(handler)) handler.addResourceDependency(policy);
}

/**
 * Turns each `iam.Policy` (the `DefaultPolicy` CDK grants write to a role) into a customer-managed policy attached to
 * the same roles, users and groups. The `AWS::IAM::ManagedPolicy` takes the inline policy's construct path, so its
 * logical id and every dependency on it stay as they were. A document over IAM's 6,144-character limit for managed
 * policies is split into further managed policies (`ResourcePart2`, …) beside it; statements added to the policy
 * after the split would be lost, so synthesis then fails instead.
 */
export class ManagedGrantPolicies implements IAspect {
  public visit(node: IConstruct): void {
    if (CfnResource.isCfnResource(node) && node.cfnResourceType === 'AWS::IAM::Role' && !(node instanceof iam.CfnRole)) {
      moveProviderRolePolicies(node);
      return;
    }
    if (!(node instanceof iam.Policy)) return;
    const inline = node.node.tryFindChild('Resource');
    if (!(inline instanceof iam.CfnPolicy)) return;
    const stack = Stack.of(inline);
    const logicalId = stack.resolve(inline.logicalId) as string;
    const exists = (): boolean => (inline as unknown as { shouldSynthesize(): boolean }).shouldSynthesize();
    const attachment = { roles: inline.roles, users: inline.users, groups: inline.groups };
    node.node.tryRemoveChild('Resource');

    const statements = ((node.document.toJSON() as { Statement?: Statement[] } | undefined)?.Statement ?? []);
    const groups = splitStatements(statements);
    if (groups.length <= 1) {
      new ReplacingManagedPolicy(node, 'Resource', { ...attachment, policyDocument: node.document }, exists).overrideLogicalId(logicalId);
      return;
    }
    groups.forEach((group, i) => {
      const part = new ReplacingManagedPolicy(node, i === 0 ? 'Resource' : `ResourcePart${i + 1}`, { ...attachment, policyDocument: iam.PolicyDocument.fromJson({ Version: '2012-10-17', Statement: group }) }, exists);
      if (i === 0) part.overrideLogicalId(logicalId);
    });
    const count = statements.length;
    node.node.addValidation({
      validate: () => ((node.document.toJSON() as { Statement?: unknown[] } | undefined)?.Statement?.length ?? 0) === count
        ? []
        : [`${node.node.path}: statements were added after ManagedGrantPolicies split the policy; they would not be deployed`],
    });
  }
}
