import type { HavenRule, RuleFinding } from '../../types';
import { asArray, at, evidence, prop, resourcesOfType, type ResourceRef } from '../../template';

interface Doc { path: string; doc: unknown }

/**
 * Actions that have no resource type in the IAM Service Authorization Reference: AWS only accepts Resource "*"
 * for them, so "*" there is not a broad grant (ECR login token, X-Ray trace upload, custom metrics).
 */
export const STAR_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'ecr:GetAuthorizationToken', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets',
  'xray:GetSamplingStatisticSummaries', 'cloudwatch:PutMetricData',
  // ECS task definitions: registering and describing one take no resource (ECS developer guide, resource-level permissions).
  'ecs:RegisterTaskDefinition', 'ecs:DescribeTaskDefinition',
  // Elastic Load Balancing's Describe actions (Service Authorization Reference, elasticloadbalancing).
  'elasticloadbalancing:DescribeRules',
]);

function documents(ref: ResourceRef): Doc[] {
  if (ref.resource.Type === 'AWS::IAM::Policy' || ref.resource.Type === 'AWS::IAM::ManagedPolicy') {
    return [{ path: 'Properties.PolicyDocument', doc: prop(ref.resource, 'PolicyDocument') }];
  }
  return asArray(prop(ref.resource, 'Policies')).map((p, i) => ({ path: `Properties.Policies[${i}].PolicyDocument`, doc: at(p, 'PolicyDocument') }));
}

/** Allow statements name actions and resources: no `*`, no `service:*`, no NotAction. */
export const NoWildcardIam: HavenRule = {
  id: 'HAVEN-IAM-NO-WILDCARD',
  severity: 'error',
  title: 'No wildcard IAM',
  description: 'IAM Allow statements name their actions (no "*", "service:*" or NotAction); Resource "*" is reported as a warning since some APIs only accept it.',
  remediation: 'Use the construct grant methods (bucket.grantRead(role), key.grantDecrypt(role)), which scope actions and resources.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const refs = resourcesOfType(ctx, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group');
    for (const ref of refs) {
      for (const { path, doc } of documents(ref)) {
        asArray(at(doc, 'Statement')).forEach((raw, i) => {
          const st = (raw ?? {}) as { Effect?: unknown; Action?: unknown; NotAction?: unknown; Resource?: unknown };
          if (st.Effect !== 'Allow') return;
          const where = `${path}.Statement[${i}]`;
          const wildActions = asArray(st.Action).filter((a) => typeof a === 'string' && (a === '*' || a.endsWith(':*')));
          if (wildActions.length > 0) findings.push({ message: `${ref.logicalId} allows wildcard actions ${wildActions.join(', ')}`, evidence: evidence(ref, `${where}.Action`, wildActions) });
          if (st.NotAction !== undefined) findings.push({ message: `${ref.logicalId} allows everything except a list (NotAction)`, evidence: evidence(ref, `${where}.NotAction`, st.NotAction) });
          const actions = asArray(st.Action);
          const starOnly = actions.length > 0 && actions.every((a) => typeof a === 'string' && STAR_ONLY_ACTIONS.has(a));
          if (asArray(st.Resource).includes('*') && !starOnly) {
            findings.push({ message: `${ref.logicalId} grants ${asArray(st.Action).join(', ')} on every resource`, severity: wildActions.length > 0 ? 'error' : 'warning', evidence: evidence(ref, `${where}.Resource`, '*') });
          }
        });
      }
    }
    return { findings, checked: refs.length };
  },
};
