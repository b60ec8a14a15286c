import { supportsIamAuthentication } from '../../constructs/cache/redis-cache';
import type { CrossFieldIssue, CrossFieldRule } from './types';

export const cacheRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const plan of Object.values(plans)) {
    const environment = plan.name;
    for (const [name, cache] of Object.entries(plan.caches ?? {})) {
      const at = (...rest: string[]) => ['caches', name, ...rest];
      if (cache.nodes !== undefined && (cache.shards !== undefined || cache.replicasPerShard !== undefined)) {
        issues.push({ environment, path: at('nodes'), message: 'use either nodes (no cluster mode) or shards/replicasPerShard (cluster mode), not both' });
      }
      const multiAz = cache.multiAz ?? plan.defaults.multiAz;
      const nodesPerShard = cache.shards !== undefined ? (cache.replicasPerShard ?? 1) + 1 : (cache.nodes ?? (multiAz ? 2 : 1));
      if (multiAz && nodesPerShard < 2) {
        issues.push({ environment, path: at(cache.shards !== undefined ? 'replicasPerShard' : 'nodes'), message: 'Multi-AZ with automatic failover needs at least one replica (2 nodes per shard)' });
      }
      const major = Number(cache.version.split('.')[0]);
      if (cache.auth === 'iam' && !supportsIamAuthentication(cache.engine, cache.version)) {
        // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html#auth-iam-limits
        issues.push({ environment, path: at('auth'), message: `IAM authentication needs Redis OSS 7.0+ or Valkey 7.2+, not ${cache.engine} ${cache.version}; raise caches.${name}.version or use auth: token` });
      }
      if (cache.engine === 'redis' && major < 6) {
        issues.push({ environment, path: at('version'), message: `Redis ${cache.version} cannot use AUTH with in-transit encryption as Haven requires; use 6 or later` });
      }
    }
  }
  return issues;
};
