import { drDesign } from '../../dr/strategy';
import { expandServices } from '../sections/services';
import type { CrossFieldIssue, CrossFieldRule } from './types';

/**
 * A service the DR region runs (warm standby) or defines at zero (pilot light) may `connect` to a bucket that is not
 * replicated: such a bucket is gone with the primary region, so the standby copy of the service gets no grant to it
 * (src/platform/features/services.ts). Valid, but worth saying: the application must cope without that bucket in DR.
 */
export const standbyConnectsRule: CrossFieldRule = (_spec, plans) => {
  const issues: CrossFieldIssue[] = [];
  for (const [environment, plan] of Object.entries(plans)) {
    if (!plan.regions.dr) continue;
    const design = drDesign(plan);
    if (design.strategy === 'none' || design.profile.compute === 'none') continue;
    // One warning per connects entry: a service group (`names`) shares it.
    const byEntry = new Map<string, { entry: string; i: number; target: string; names: string[] }>();
    for (const s of expandServices(plan.services)) {
      (s.spec.connects ?? []).forEach((target, i) => {
        if (!plan.buckets?.[target] || design.replicatedBuckets.includes(target)) return;
        const key = `${s.entry}/${i}`;
        if (!byEntry.has(key)) byEntry.set(key, { entry: s.entry, i, target, names: [] });
        byEntry.get(key)!.names.push(s.name);
      });
    }
    for (const { entry, i, target, names } of byEntry.values()) {
      issues.push({
        environment, severity: 'warning', path: ['services', entry, 'connects', i],
        message: `${names.length > 1 ? 'services' : 'service'} ${names.join(', ')} ${names.length > 1 ? 'connect' : 'connects'} to bucket ${target}, which is not replicated to ${plan.regions.dr} (buckets.${target}.replicate): the standby copy there runs without it; set replicate: true if it needs the bucket after a failover`,
      });
    }
  }
  return issues;
};
