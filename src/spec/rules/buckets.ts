import type { CrossFieldIssue, CrossFieldRule } from './types';

/** S3's minimum days in the source class before a lifecycle transition may apply. */
const MIN_TRANSITION_DAYS: Record<string, number> = { STANDARD_IA: 30, ONEZONE_IA: 30 };

/** Name of the access-log bucket the platform adds when the spec marks none. */
const DEFAULT_LOG_BUCKET = 'logs';

export const bucketRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const plan of Object.values(plans)) {
    const environment = plan.name;
    const buckets = Object.entries(plan.buckets ?? {});
    const logTargets = buckets.filter(([, b]) => b.accessLogs);
    // Without a spec log bucket the platform builds its own under the name `logs` (src/platform/environment-stack.ts).
    if (logTargets.length === 0 && buckets.some(([name]) => name === DEFAULT_LOG_BUCKET)) {
      issues.push({ environment, path: ['buckets', DEFAULT_LOG_BUCKET], message: `with no bucket marked accessLogs: true, the platform builds its own access-log bucket named ${DEFAULT_LOG_BUCKET}; set accessLogs: true on this bucket or rename it` });
    }
    if (logTargets.length > 1) {
      issues.push({ environment, path: ['buckets', logTargets[1][0], 'accessLogs'], message: `only one bucket receives access logs; ${logTargets[0][0]} already does` });
    }
    for (const [name, bucket] of buckets) {
      const transitions = bucket.transitions ?? [];
      transitions.forEach((t, i) => {
        const min = MIN_TRANSITION_DAYS[t.storageClass];
        if (min !== undefined && t.afterDays < min) {
          issues.push({ environment, path: ['buckets', name, 'transitions', i, 'afterDays'], message: `S3 moves objects to ${t.storageClass} after at least ${min} days, got ${t.afterDays}` });
        }
        if (i > 0 && t.afterDays <= transitions[i - 1].afterDays) {
          issues.push({ environment, path: ['buckets', name, 'transitions', i, 'afterDays'], message: `transitions must be in increasing order of days (${transitions[i - 1].afterDays} then ${t.afterDays})` });
        }
      });
      const last = transitions[transitions.length - 1];
      if (bucket.expireAfterDays !== undefined && last && bucket.expireAfterDays <= last.afterDays) {
        issues.push({ environment, path: ['buckets', name, 'expireAfterDays'], message: `objects expire after ${bucket.expireAfterDays} days, before their last transition at ${last.afterDays} days` });
      }
      if (bucket.versioned === false && (bucket.replicate || bucket.noncurrentExpiryDays !== undefined)) {
        issues.push({ environment, path: ['buckets', name, 'versioned'], message: 'replication and noncurrent-version expiry need versioning' });
      }
      if (bucket.accessLogs && bucket.dataClass && !['logs', 'internal'].includes(bucket.dataClass)) {
        issues.push({ environment, path: ['buckets', name, 'dataClass'], message: 'the access-log bucket holds logs; give it dataClass logs' });
      }
    }
  }
  return issues;
};
