import type { HavenRule, RuleFinding } from '../../types';
import { at, evidence, isClusterMember, prop, resourcesInStack, resourcesOfType } from '../../template';

/** PostgreSQL databases load pgAudit and log at least DDL and role changes: the record HIPAA §164.312(b) asks for. */
export const PgAudit: HavenRule = {
  id: 'HAVEN-PGAUDIT',
  severity: 'error',
  title: 'pgAudit enabled on PostgreSQL',
  description: 'PostgreSQL parameter groups have pgaudit in shared_preload_libraries and a pgaudit.log setting other than none.',
  remediation: 'Attach a parameter group with shared_preload_libraries=pgaudit and pgaudit.log=ddl,role (Haven databases do).',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const dbs = resourcesOfType(ctx, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster').filter((r) => !isClusterMember(r.resource) && String(prop(r.resource, 'Engine') ?? '').includes('postgres'));
    for (const ref of dbs) {
      const groupProp = ref.resource.Type === 'AWS::RDS::DBCluster' ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
      const groupId = at(prop(ref.resource, groupProp), 'Ref') as string | undefined;
      const group = groupId ? resourcesInStack(ref.stack, 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup').find((g) => g.logicalId === groupId) : undefined;
      const params = (group && (prop(group.resource, 'Parameters') as Record<string, unknown>)) || {};
      const libs = String(params.shared_preload_libraries ?? '');
      const log = params['pgaudit.log'];
      if (!group || !libs.split(',').map((s) => s.trim()).includes('pgaudit')) {
        findings.push({ message: `${ref.logicalId} does not load pgaudit`, evidence: group ? evidence(group, 'Properties.Parameters.shared_preload_libraries', params.shared_preload_libraries ?? null) : evidence(ref, `Properties.${groupProp}`, null) });
      } else if (log === undefined || String(log).trim() === '' || String(log) === 'none') {
        findings.push({ message: `${ref.logicalId} loads pgaudit but logs nothing (pgaudit.log unset)`, evidence: evidence(group, 'Properties.Parameters.pgaudit.log', log ?? null) });
      }
    }
    return { findings, checked: dbs.length };
  },
};
