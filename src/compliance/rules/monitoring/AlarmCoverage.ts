import type { HavenRule, RuleFinding } from '../../types';
import { evidence, isClusterMember, prop, refersTo, resourcesOfType } from '../../template';

/** Resource types that fail in ways someone must be told about. */
export const MONITORED_TYPES = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ECS::Service',
  'AWS::Lambda::Function',
  'AWS::DynamoDB::Table',
  'AWS::SQS::Queue',
  'AWS::EFS::FileSystem',
];

function importsFrom(value: unknown, logicalId: string): boolean {
  const text = JSON.stringify(value ?? null);
  return text.includes('Fn::ImportValue') && text.includes(logicalId);
}

/** Dimension values of an alarm (Dimensions or metric-math Metrics), by dimension name. */
function dimensionValues(value: unknown, name: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => dimensionValues(v, name, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.Name === name && 'Value' in o) out.push(o.Value);
    Object.values(o).forEach((v) => dimensionValues(v, name, out));
  }
  return out;
}

/**
 * ElastiCache publishes per node: an alarm names a replication group through its member clusters
 * (`<group>-001`, `<group>-0001-001`), which are not resources and so cannot be referenced.
 */
function namesCacheMembers(alarmProps: unknown, groupId: unknown): boolean {
  if (typeof groupId !== 'string' || groupId.length === 0) return false;
  return dimensionValues(alarmProps, 'CacheClusterId').some((v) => typeof v === 'string' && v.toLowerCase().startsWith(`${groupId.toLowerCase()}-`))
    || dimensionValues(alarmProps, 'ReplicationGroupId').some((v) => v === groupId);
}

/** Every monitored resource is named by at least one CloudWatch alarm (in any stack, via Ref/GetAtt/import). */
export const AlarmCoverage: HavenRule = {
  id: 'HAVEN-ALARM-COVERAGE',
  severity: 'warning',
  title: 'Every resource has an alarm',
  description: 'Databases, caches, load balancers, services, functions, tables, queues and file systems each have at least one CloudWatch alarm.',
  remediation: 'Register the resource with the monitoring feature so its standard alarms are created.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const alarms = resourcesOfType(ctx, 'AWS::CloudWatch::Alarm');
    const refs = resourcesOfType(ctx, ...MONITORED_TYPES).filter((r) => !isClusterMember(r.resource));
    for (const ref of refs) {
      // In another stack only an Fn::ImportValue can name the resource; a bare Ref there means something else.
      const groupId = ref.resource.Type === 'AWS::ElastiCache::ReplicationGroup' ? prop(ref.resource, 'ReplicationGroupId') : undefined;
      // A function with a fixed name can be watched by that name from any stack in its region (e.g. the parent of its nested stack).
      const functionName = ref.resource.Type === 'AWS::Lambda::Function' ? prop(ref.resource, 'FunctionName') : undefined;
      const covered = alarms.some((a) => (a.stack === ref.stack ? refersTo(a.resource.Properties, ref.logicalId) : importsFrom(a.resource.Properties, ref.logicalId))
        || (a.stack.region === ref.stack.region && namesCacheMembers(a.resource.Properties, groupId))
        || (a.stack.region === ref.stack.region && typeof functionName === 'string' && dimensionValues(a.resource.Properties, 'FunctionName').includes(functionName)));
      if (!covered) findings.push({ message: `${ref.logicalId} has no alarm`, evidence: evidence(ref, 'AWS::CloudWatch::Alarm', null) });
    }
    return { findings, checked: refs.length };
  },
};
