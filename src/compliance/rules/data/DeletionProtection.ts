import type { HavenRule, RuleFinding } from '../../types';
import { evidence, isClusterMember, isDataBucket, isTrue, prop, resourcesOfType } from '../../template';

const PROTECTED_TYPES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::EFS::FileSystem'];
const FLAG: Record<string, string> = {
  'AWS::RDS::DBInstance': 'DeletionProtection',
  'AWS::RDS::DBCluster': 'DeletionProtection',
  'AWS::DynamoDB::Table': 'DeletionProtectionEnabled',
};

/** Production data survives a stack deletion or replacement: Retain/Snapshot plus the service's deletion protection. */
export const DeletionProtection: HavenRule = {
  id: 'HAVEN-DELETION-PROTECTION',
  severity: 'error',
  title: 'Production data is retained and deletion-protected',
  description: 'In production, data stores have DeletionPolicy and UpdateReplacePolicy Retain (or Snapshot for databases) and deletion protection where the service offers it.',
  remediation: 'Use the production tier defaults (removalPolicy RETAIN/SNAPSHOT, deletionProtection true) for the resource.',
  evaluate(ctx) {
    if (ctx.environment.tier !== 'production') return { findings: [], checked: 0 };
    const findings: RuleFinding[] = [];
    const refs = resourcesOfType(ctx, ...PROTECTED_TYPES).filter((r) => !isClusterMember(r.resource) && (r.resource.Type !== 'AWS::S3::Bucket' || isDataBucket(r)));
    for (const ref of refs) {
      const r = ref.resource;
      const okPolicies = r.Type.startsWith('AWS::RDS::') ? ['Retain', 'Snapshot', 'RetainExceptOnCreate'] : ['Retain', 'RetainExceptOnCreate'];
      if (!okPolicies.includes(r.DeletionPolicy ?? 'Delete')) {
        findings.push({ message: `${ref.logicalId} would be deleted with its stack (DeletionPolicy ${r.DeletionPolicy ?? 'Delete'})`, evidence: evidence(ref, 'DeletionPolicy', r.DeletionPolicy ?? 'Delete') });
      }
      if (!okPolicies.includes(r.UpdateReplacePolicy ?? 'Delete')) {
        findings.push({ message: `${ref.logicalId} would be deleted on replacement (UpdateReplacePolicy ${r.UpdateReplacePolicy ?? 'Delete'})`, evidence: evidence(ref, 'UpdateReplacePolicy', r.UpdateReplacePolicy ?? 'Delete') });
      }
      const flag = FLAG[r.Type];
      if (flag && !isTrue(prop(r, flag))) {
        findings.push({ message: `${ref.logicalId} has no deletion protection`, evidence: evidence(ref, `Properties.${flag}`, prop(r, flag)) });
      }
    }
    return { findings, checked: refs.length };
  },
};
