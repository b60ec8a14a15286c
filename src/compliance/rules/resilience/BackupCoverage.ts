import type { CfnResourceJson, HavenRule, RuleFinding } from '../../types';
import { BACKED_UP_TYPES, asArray, at, evidence, isClusterMember, prop, refersTo, resourcesOfType, type ResourceRef } from '../../template';

function tagsOf(resource: CfnResourceJson): Record<string, string> {
  const tags = prop(resource, resource.Type === 'AWS::EFS::FileSystem' ? 'FileSystemTags' : 'Tags');
  const out: Record<string, string> = {};
  for (const t of asArray(tags)) {
    const key = at(t, 'Key');
    if (typeof key === 'string') out[key] = String(at(t, 'Value'));
  }
  return out;
}

function selectsByTag(selection: unknown, tags: Record<string, string>): boolean {
  const byList = asArray(at(selection, 'ListOfTags')).some((c) => at(c, 'ConditionType') === 'STRINGEQUALS' && tags[String(at(c, 'ConditionKey'))] === String(at(c, 'ConditionValue')));
  const byCond = asArray(at(selection, 'Conditions.StringEquals')).some((c) => {
    const key = String(at(c, 'ConditionKey') ?? '').replace(/^aws:ResourceTag\//, '');
    return tags[key] === String(at(c, 'ConditionValue'));
  });
  return byList || byCond;
}

/** Whether one of the AWS Backup selections covers the resource (by reference in its stack, or by tag). */
export function inBackupSelection(ref: ResourceRef, selections: readonly ResourceRef[]): boolean {
  const tags = tagsOf(ref.resource);
  return selections.some((s) => {
    const sel = prop(s.resource, 'BackupSelection');
    return (s.stack === ref.stack && refersTo(at(sel, 'Resources'), ref.logicalId)) || selectsByTag(sel, tags);
  });
}

/** Every durable data store is selected by an AWS Backup plan (by reference or by tag). */
export const BackupCoverage: HavenRule = {
  id: 'HAVEN-BACKUP-COVERAGE',
  severity: 'error',
  title: 'Every data store is backed up',
  description: 'Each RDS instance or cluster, DynamoDB table and EFS file system is in an AWS Backup selection.',
  remediation: 'Register the data store with the backup feature (Haven data constructs do), or tag it with the plan\'s selection tag.',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const selections = resourcesOfType(ctx, 'AWS::Backup::BackupSelection');
    const stores = resourcesOfType(ctx, ...BACKED_UP_TYPES).filter((r) => !isClusterMember(r.resource));
    for (const ref of stores) {
      if (!inBackupSelection(ref, selections)) findings.push({ message: `${ref.logicalId} is in no AWS Backup selection`, evidence: evidence(ref, 'AWS::Backup::BackupSelection', null) });
    }
    return { findings, checked: stores.length };
  },
};
