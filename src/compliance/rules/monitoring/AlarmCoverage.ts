import type { HavenRule, RuleFinding } from '../../types';
import { evidence, isClusterMember, refersTo, resourcesOfType } from '../../template';

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
      const covered = alarms.some((a) => (a.stack === ref.stack ? refersTo(a.resource.Properties, ref.logicalId) : importsFrom(a.resource.Properties, ref.logicalId)));
      if (!covered) findings.push({ message: `${ref.logicalId} has no alarm`, evidence: evidence(ref, 'AWS::CloudWatch::Alarm', null) });
    }
    return { findings, checked: refs.length };
  },
};
