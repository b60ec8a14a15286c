import type { HavenRule, RuleFinding } from '../../types';
import { evidence, isTrue, prop, resourcesOfType } from '../../template';

/** Caches encrypt traffic in transit and do not fall back to plain text. */
export const CacheTls: HavenRule = {
  id: 'HAVEN-CACHE-TLS',
  severity: 'error',
  title: 'Caches accept TLS only',
  description: 'ElastiCache replication groups and clusters have TransitEncryptionEnabled and TransitEncryptionMode "required".',
  remediation: 'Enable transit encryption with mode required (Haven cache constructs do).',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const caches = resourcesOfType(ctx, 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster');
    for (const ref of caches) {
      if (!isTrue(prop(ref.resource, 'TransitEncryptionEnabled'))) {
        findings.push({ message: `Cache ${ref.logicalId} does not encrypt in transit`, evidence: evidence(ref, 'Properties.TransitEncryptionEnabled', prop(ref.resource, 'TransitEncryptionEnabled')) });
      } else if (prop(ref.resource, 'TransitEncryptionMode') === 'preferred') {
        // "preferred" still accepts plain-text clients; it exists only for migrations.
        findings.push({ message: `Cache ${ref.logicalId} still accepts plain-text clients`, evidence: evidence(ref, 'Properties.TransitEncryptionMode', 'preferred') });
      }
    }
    return { findings, checked: caches.length };
  },
};
