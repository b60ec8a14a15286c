import type { CfnResourceJson, CheckContext, CheckStack, Evidence } from './types';

/** Metadata key the platform puts on data resources to name the spec resource they implement. */
export const HAVEN_RESOURCE_METADATA = 'haven:resource';
/** Metadata key marking platform plumbing buckets: 'logs' (access logs; SSE-S3 allowed) or 'assets'. */
export const HAVEN_CLASS_METADATA = 'haven:class';
/** Metadata key giving a log group's class (audit, application, system, access) for retention rules. */
export const HAVEN_LOG_CLASS_METADATA = 'haven:logClass';

export interface ResourceRef {
  readonly stack: CheckStack;
  readonly logicalId: string;
  readonly resource: CfnResourceJson;
}

/** All resources of the given types across every stack, in template order. */
export function resourcesOfType(ctx: CheckContext, ...types: string[]): ResourceRef[] {
  const out: ResourceRef[] = [];
  for (const stack of ctx.stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (types.includes(resource.Type)) out.push({ stack, logicalId, resource });
    }
  }
  return out;
}

export function resourcesInStack(stack: CheckStack, ...types: string[]): ResourceRef[] {
  return Object.entries(stack.template.Resources ?? {})
    .filter(([, r]) => types.includes(r.Type))
    .map(([logicalId, resource]) => ({ stack, logicalId, resource }));
}

/** The Haven logical resource name: `haven:resource` metadata when present, else the logical id. */
export function havenResourceName(logicalId: string, resource: CfnResourceJson): string {
  const named = resource.Metadata?.[HAVEN_RESOURCE_METADATA];
  return typeof named === 'string' && named.length > 0 ? named : logicalId;
}

export function prop(resource: CfnResourceJson, path: string): unknown {
  return at(resource.Properties, path);
}

/** A dotted path inside any JSON value; undefined when a step is missing. */
export function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function evidence(ref: ResourceRef, property: string, value: unknown): Evidence {
  return {
    stack: ref.stack.name,
    logicalId: ref.logicalId,
    resourceType: ref.resource.Type,
    resource: havenResourceName(ref.logicalId, ref.resource),
    property,
    value: value === undefined ? null : value,
    region: ref.stack.region,
  };
}

/** Evidence about a stack (or region) as a whole, e.g. a missing CloudTrail. */
export function stackEvidence(stack: CheckStack, property: string, value: unknown): Evidence {
  return { stack: stack.name, logicalId: '-', resourceType: 'AWS::CloudFormation::Stack', resource: stack.name, property, value, region: stack.region };
}

/** True when `value` references `logicalId` through Ref, Fn::GetAtt, Fn::Sub or an import named after it. */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.includes('${' + logicalId + '}') || value.includes('${' + logicalId + '.');
  if (Array.isArray(value)) return value.some((v) => refersTo(v, logicalId));
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj.Ref === logicalId) return true;
    const getAtt = obj['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[0] === logicalId) return true;
    if (typeof getAtt === 'string' && getAtt.split('.')[0] === logicalId) return true;
    const imp = obj['Fn::ImportValue'];
    if (typeof imp === 'string' && imp.includes(logicalId)) return true;
    return Object.values(obj).some((v) => refersTo(v, logicalId));
  }
  return false;
}

/** CloudFormation booleans arrive as true or 'true'. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Resource types that hold data (personal data, in a Haven platform). */
export const DATA_STORE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ServerlessCache',
  'AWS::EFS::FileSystem',
  'AWS::OpenSearchService::Domain',
] as const;

/** Data stores whose durable copy matters (caches are rebuilt, not restored). */
export const BACKED_UP_TYPES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::EFS::FileSystem'] as const;

/** An RDS instance that is a member of a cluster is backed up and protected through its cluster. */
export function isClusterMember(resource: CfnResourceJson): boolean {
  return resource.Type === 'AWS::RDS::DBInstance' && prop(resource, 'DBClusterIdentifier') !== undefined;
}

/** Buckets that only hold platform plumbing (CDK assets, access logs) rather than application data. */
export function isDataBucket(ref: ResourceRef): boolean {
  const cls = ref.resource.Metadata?.[HAVEN_CLASS_METADATA];
  return cls !== 'logs' && cls !== 'assets';
}
