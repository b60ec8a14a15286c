import type { EnvironmentPlan } from '../spec/resolve';
import type { CheckEnvironment } from './types';

/** Minutes from a number (minutes) or a duration such as "15m", "1h", "1d" or ISO "PT15M". */
export function durationMinutes(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string') return undefined;
  const short = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i.exec(value.trim());
  if (short) return Number(short[1]) * ({ s: 1 / 60, m: 1, min: 1, h: 60, d: 1440 } as Record<string, number>)[short[2].toLowerCase()];
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value.trim());
  if (iso) return Number(iso[1] ?? 0) * 1440 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0) + Number(iso[4] ?? 0) / 60;
  return undefined;
}

/**
 * The check's view of one environment of the spec. Reads fields owned by other sections defensively (the dr
 * section and regions.residencyAcknowledged may not exist yet): absent means "not stated".
 */
export function checkEnvironmentFromPlan(plan: EnvironmentPlan): CheckEnvironment {
  const regions = plan.regions as { primary: string; dr?: string; residencyAcknowledged?: boolean; allowed?: string[] };
  const dr = (plan as unknown as { dr?: { rpo?: unknown; rto?: unknown; region?: string } }).dr ?? {};
  const rpo = durationMinutes(dr.rpo);
  const rto = durationMinutes(dr.rto);
  return {
    name: plan.name,
    tier: plan.tier,
    primaryRegion: regions.primary,
    ...(regions.dr ?? dr.region ? { drRegion: regions.dr ?? dr.region } : {}),
    ...(regions.residencyAcknowledged !== undefined ? { residencyAcknowledged: regions.residencyAcknowledged } : {}),
    ...(regions.allowed ? { allowedRegions: regions.allowed } : {}),
    ...(rpo !== undefined ? { rpoMinutes: rpo } : {}),
    ...(rto !== undefined ? { rtoMinutes: rto } : {}),
  };
}
