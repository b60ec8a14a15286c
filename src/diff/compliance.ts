import type { CheckReport, ControlStatus, Finding } from '../compliance';

export type FindingState = 'fail' | 'acknowledged' | 'absent';

/**
 * How a finding moved: `new-failure` (absent → fail), `acknowledgement-lost` (acknowledged → fail: the
 * acknowledgement was removed, expired or no longer matches), `fixed` (fail → absent), `acknowledged`
 * (fail → acknowledged), `new-acknowledged` (absent → acknowledged), `resolved` (acknowledged → absent).
 */
export type FindingTransition = 'new-failure' | 'acknowledgement-lost' | 'fixed' | 'acknowledged' | 'new-acknowledged' | 'resolved';

export interface FindingChange {
  readonly id: string;
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly resource: string;
  readonly message: string;
  readonly before: FindingState;
  readonly after: FindingState;
  readonly transition: FindingTransition;
  /** The acknowledgement that applies after the change (for `acknowledged`, `new-acknowledged`). */
  readonly acknowledgement?: { readonly reason: string; readonly owner: string; readonly expires?: string };
}

export interface ControlChange {
  readonly framework: string;
  readonly id: string;
  readonly title: string;
  readonly before: ControlStatus | 'absent';
  readonly after: ControlStatus | 'absent';
}

export interface ComplianceDelta {
  /** Unacknowledged errors before and after (the check fails when after > 0). */
  readonly errorsBefore: number;
  readonly errorsAfter: number;
  readonly findings: readonly FindingChange[];
  readonly controls: readonly ControlChange[];
  /** Error findings the change makes fail (new, or whose acknowledgement went away): these fail the diff. */
  readonly introducedErrors: number;
}

const TRANSITIONS: Record<string, FindingTransition> = {
  'absent>fail': 'new-failure',
  'acknowledged>fail': 'acknowledgement-lost',
  'fail>absent': 'fixed',
  'fail>acknowledged': 'acknowledged',
  'absent>acknowledged': 'new-acknowledged',
  'acknowledged>absent': 'resolved',
};

const ORDER: FindingTransition[] = ['new-failure', 'acknowledgement-lost', 'fixed', 'acknowledged', 'new-acknowledged', 'resolved'];

/**
 * Findings and controls whose status the change moves. Findings are matched by their report id
 * (`rule@stack/logicalId`), which is stable while logical ids are.
 */
export function complianceDelta(before: CheckReport | undefined, after: CheckReport | undefined): ComplianceDelta {
  const beforeById = new Map((before?.findings ?? []).map((f) => [f.id, f]));
  const afterById = new Map((after?.findings ?? []).map((f) => [f.id, f]));
  const findings: FindingChange[] = [];
  for (const id of new Set([...beforeById.keys(), ...afterById.keys()])) {
    const b = beforeById.get(id);
    const a = afterById.get(id);
    const from: FindingState = b?.status ?? 'absent';
    const to: FindingState = a?.status ?? 'absent';
    const transition = TRANSITIONS[`${from}>${to}`];
    if (!transition) continue;
    const f = (a ?? b)!;
    const ack = a?.acknowledgement;
    findings.push({
      id, ruleId: f.ruleId, severity: f.severity, resource: f.evidence.resource, message: f.message, before: from, after: to, transition,
      ...(ack ? { acknowledgement: { reason: ack.reason, owner: ack.owner, ...(ack.expires ? { expires: ack.expires } : {}) } } : {}),
    });
  }
  findings.sort((x, y) => ORDER.indexOf(x.transition) - ORDER.indexOf(y.transition) || (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1) || x.id.localeCompare(y.id));

  const key = (c: { framework: string; id: string }) => `${c.framework}|${c.id}`;
  const controlsBefore = new Map((before?.controls ?? []).map((c) => [key(c), c]));
  const controlsAfter = new Map((after?.controls ?? []).map((c) => [key(c), c]));
  const controls: ControlChange[] = [];
  for (const k of new Set([...controlsBefore.keys(), ...controlsAfter.keys()])) {
    const b = controlsBefore.get(k);
    const a = controlsAfter.get(k);
    if (b?.status === a?.status) continue;
    const c = (a ?? b)!;
    controls.push({ framework: c.framework, id: c.id, title: c.title, before: b?.status ?? 'absent', after: a?.status ?? 'absent' });
  }
  controls.sort((x, y) => x.framework.localeCompare(y.framework) || x.id.localeCompare(y.id, undefined, { numeric: true }));

  return {
    errorsBefore: before?.errors ?? 0,
    errorsAfter: after?.errors ?? 0,
    findings,
    controls,
    introducedErrors: findings.filter((f) => f.after === 'fail' && f.severity === 'error').length,
  };
}
