import type { HavenRule, RuleFinding } from '../../types';
import { at, evidence, isClusterMember, prop, resourcesInStack, resourcesOfType } from '../../template';

const TLS_PARAMS: Record<string, { name: string; on: string[] }> = {
  postgres: { name: 'rds.force_ssl', on: ['1', 'true'] },
  mysql: { name: 'require_secure_transport', on: ['1', 'ON', 'on', 'true'] },
  mariadb: { name: 'require_secure_transport', on: ['1', 'ON', 'on', 'true'] },
};

function family(engine: unknown): string | undefined {
  if (typeof engine !== 'string') return undefined;
  if (engine.includes('postgres')) return 'postgres';
  if (engine.includes('mysql')) return 'mysql';
  if (engine === 'mariadb') return 'mariadb';
  return undefined;
}

/** Databases refuse unencrypted client connections (rds.force_ssl / require_secure_transport). */
export const DatabaseTls: HavenRule = {
  id: 'HAVEN-DB-TLS',
  severity: 'error',
  title: 'Databases accept TLS only',
  description: 'RDS and Aurora parameter groups force TLS for client connections (rds.force_ssl=1 for PostgreSQL, require_secure_transport=ON for MySQL).',
  remediation: 'Attach a parameter group that sets the TLS parameter (Haven database constructs do).',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const dbs = resourcesOfType(ctx, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster').filter((r) => !isClusterMember(r.resource));
    let checked = 0;
    for (const ref of dbs) {
      const fam = family(prop(ref.resource, 'Engine'));
      if (!fam) continue;
      checked++;
      const spec = TLS_PARAMS[fam];
      const groupProp = ref.resource.Type === 'AWS::RDS::DBCluster' ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
      const groupRef = prop(ref.resource, groupProp);
      const groupId = at(groupRef, 'Ref') as string | undefined;
      const group = groupId ? resourcesInStack(ref.stack, 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup').find((g) => g.logicalId === groupId) : undefined;
      const value = group ? (prop(group.resource, 'Parameters') as Record<string, unknown> | undefined)?.[spec.name] : undefined;
      if (group && value !== undefined) {
        if (!spec.on.includes(String(value))) findings.push({ message: `${ref.logicalId} allows unencrypted connections (${spec.name}=${String(value)})`, evidence: evidence(group, `Properties.Parameters.${spec.name}`, value) });
        continue;
      }
      // PostgreSQL 15 and later force TLS in the default parameter group; older engines and MySQL do not.
      const major = Number.parseInt(String(prop(ref.resource, 'EngineVersion') ?? ''), 10);
      if (fam === 'postgres' && major >= 15) continue;
      findings.push({ message: `${ref.logicalId} does not force TLS (${spec.name} not set)`, evidence: evidence(ref, `Properties.${groupProp}`, groupRef ?? null) });
    }
    return { findings, checked };
  },
};
