import type { DrObjectives } from '../dr/objectives';

/** Recovery from the loss of the primary region, as the design achieves it (null minutes: not recoverable). */
export interface Recovery {
  readonly strategy: DrObjectives['strategy'];
  readonly primaryRegion: string;
  readonly drRegion?: string;
  readonly rpoMinutes: number | null;
  readonly rtoMinutes: number | null;
}

/** The objectives the spec states (dr.objectives), which the design should meet. */
export interface RecoveryTargets {
  readonly rpoMinutes?: number;
  readonly rtoMinutes?: number;
}

export interface DrDelta {
  readonly before?: Recovery;
  readonly after?: Recovery;
  readonly targets?: RecoveryTargets;
  readonly changed: boolean;
  /** Worse recovery after the change: a longer (or lost) RPO or RTO, or a DR region dropped. */
  readonly worse: boolean;
  /** Whether the design meets the stated objectives before and after (absent when the spec states none). */
  readonly metBefore?: boolean;
  readonly metAfter?: boolean;
}

function recovery(o: DrObjectives | undefined): Recovery | undefined {
  if (!o) return undefined;
  return { strategy: o.strategy, primaryRegion: o.primaryRegion, ...(o.drRegion ? { drRegion: o.drRegion } : {}), rpoMinutes: o.rpoMinutes, rtoMinutes: o.rtoMinutes };
}

/** null (not recoverable) is worse than any number of minutes. */
function longer(after: number | null, before: number | null): boolean {
  if (after === null) return before !== null;
  return before !== null && after > before;
}

function meets(r: Recovery | undefined, t: RecoveryTargets | undefined): boolean | undefined {
  if (!r || !t || (t.rpoMinutes === undefined && t.rtoMinutes === undefined)) return undefined;
  const within = (value: number | null, target: number | undefined) => target === undefined || (value !== null && value <= target);
  return within(r.rpoMinutes, t.rpoMinutes) && within(r.rtoMinutes, t.rtoMinutes);
}

/** RPO/RTO of one environment before and after the change, against the objectives the new spec states. */
export function drDelta(before: DrObjectives | undefined, after: DrObjectives | undefined, targets?: RecoveryTargets, targetsBefore?: RecoveryTargets): DrDelta {
  const b = recovery(before);
  const a = recovery(after);
  const changed = JSON.stringify(b) !== JSON.stringify(a);
  const worse = b !== undefined && a !== undefined && (longer(a.rpoMinutes, b.rpoMinutes) || longer(a.rtoMinutes, b.rtoMinutes) || (b.drRegion !== undefined && a.drRegion === undefined));
  const metBefore = meets(b, targetsBefore);
  const metAfter = meets(a, targets);
  return {
    ...(b ? { before: b } : {}),
    ...(a ? { after: a } : {}),
    ...(targets && (targets.rpoMinutes !== undefined || targets.rtoMinutes !== undefined) ? { targets } : {}),
    changed,
    worse,
    ...(metBefore !== undefined ? { metBefore } : {}),
    ...(metAfter !== undefined ? { metAfter } : {}),
  };
}
