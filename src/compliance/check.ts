import type { AcknowledgementSpec } from '../spec/sections/compliance';
import { acknowledgedRules, builtinAcknowledgementFor, isExpired, ruleMatches, specAcknowledgementFor } from './acknowledgements';
import { CATALOGS, catalogControlsForCitation, catalogControlsForRule, controlTowerControlsFor, controlTowerIdsFor } from './catalogs';
import { HAVEN_RULES } from './rules';
import type {
  AcknowledgementUse, AppliedAcknowledgement, CheckContext, CheckReport, ControlRef, ControlResult, ControlStatus, Evidence, Finding,
  FindingSource, Framework, FrameworkSummary, HavenRule, RuleRun, Severity,
} from './types';
import { isOpenError } from './types';

/** A finding produced outside Haven's rules (cdk-nag, cfn-guard), already located in a template. */
export interface ExternalFinding {
  readonly ruleId: string;
  readonly source: FindingSource;
  readonly severity: Severity;
  readonly message: string;
  readonly evidence: Evidence;
  /** Framework whose control ids the tool cites (e.g. HIPAA for the HIPAA Security pack). */
  readonly framework?: Framework;
  /** Control ids the tool cites for the finding, in that framework's own notation. */
  readonly citedControls?: readonly string[];
}

/** A rule pack that ran, e.g. `{ name: 'HIPAA.Security', source: 'cdk-nag', prefix: 'HIPAA.Security-' }`. */
export interface ExternalSource {
  readonly name: string;
  readonly source: FindingSource;
  /** Rule-id prefix of the pack, used to tell whether an acknowledgement could have matched. */
  readonly prefix: string;
}

export interface CheckInput {
  readonly context: CheckContext;
  /** The spec's `compliance.acknowledge` entries. */
  readonly acknowledgements?: readonly AcknowledgementSpec[];
  readonly external?: readonly ExternalFinding[];
  readonly externalSources?: readonly ExternalSource[];
  /** Frameworks to report on (default: the context's frameworks). Rules still see all of the spec's frameworks. */
  readonly frameworks?: readonly Framework[];
  /** The day acknowledgement expiry is judged against, YYYY-MM-DD: an input, so the same input gives the same report. */
  readonly date: string;
  /** Apply Haven's built-in acknowledgements (default true). */
  readonly builtinAcknowledgements?: boolean;
  /** Rules to run (default: all Haven rules). */
  readonly rules?: readonly HavenRule[];
}

export const ACK_EXPIRED = 'HAVEN-ACK-EXPIRED';
export const ACK_UNUSED = 'HAVEN-ACK-UNUSED';

interface Candidate {
  ruleId: string;
  source: FindingSource;
  severity: Severity;
  message: string;
  evidence: Evidence;
  controls: ControlRef[];
  unmapped?: boolean;
}

function dedupeControls(refs: ControlRef[]): ControlRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.framework}|${r.control}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Met on their own, out of the controls infrastructure evidences (null when there are none). */
function metOnOwnShare(counts: Readonly<Record<ControlStatus, number>>): number | null {
  const evidenced = counts.met + counts.met_with_exception + counts.not_met;
  return evidenced === 0 ? null : counts.met / evidenced;
}

/** The acknowledgements that applied, one entry per acknowledgement, Haven's built-in ones first. */
function acknowledgementUses(findings: readonly Finding[]): AcknowledgementUse[] {
  const uses = new Map<string, { ack: AppliedAcknowledgement; rules: Set<string>; findings: string[] }>();
  for (const f of findings) {
    const a = f.acknowledgement;
    if (!a) continue;
    const key = JSON.stringify([a.builtin, a.owner, a.reason, a.expires ?? '', a.docs ?? '']);
    const use = uses.get(key) ?? { ack: a, rules: new Set<string>(), findings: [] };
    use.rules.add(f.ruleId.replace(/\[.*$/, ''));
    use.findings.push(f.id);
    uses.set(key, use);
  }
  return [...uses.values()]
    .map((u) => ({ ...u.ack, rules: [...u.rules].sort(), findings: u.findings }))
    .sort((a, b) => Number(b.builtin) - Number(a.builtin));
}

/**
 * Prove the synthesized platform against its frameworks: run Haven's rules, merge tool findings, apply
 * acknowledgements and derive every control's status. Pure: same input, same report.
 */
export function runCheck(input: CheckInput): CheckReport {
  const ctx = input.context;
  const date = input.date;
  const frameworks = (input.frameworks ?? ctx.frameworks).filter((f, i, all) => all.indexOf(f) === i);
  const rules = input.rules ?? HAVEN_RULES;
  const acks = input.acknowledgements ?? [];
  const env = ctx.environment.name;

  const candidates: Candidate[] = [];
  const runs = new Map<string, { checked: number }>();
  for (const rule of rules) {
    const result = rule.evaluate(ctx);
    runs.set(rule.id, { checked: result.checked });
    for (const f of result.findings) {
      candidates.push({ ruleId: rule.id, source: 'haven', severity: f.severity ?? rule.severity, message: f.message, evidence: f.evidence, controls: catalogControlsForRule(rule.id, frameworks) });
    }
  }
  for (const x of input.external ?? []) {
    const cited = x.framework && frameworks.includes(x.framework) ? (x.citedControls ?? []).flatMap((c) => catalogControlsForCitation(x.framework!, c).map((control) => ({ framework: x.framework!, control }))) : [];
    // Control Tower findings map through the control-tower table; an id it does not list is kept and flagged unmapped.
    const ct = x.source === 'cfn-guard' ? controlTowerControlsFor(x.ruleId, frameworks) : undefined;
    const unmapped = x.source === 'cfn-guard' && ct === undefined;
    candidates.push({ ruleId: x.ruleId, source: x.source, severity: x.severity, message: x.message, evidence: x.evidence, controls: dedupeControls([...cited, ...(ct ?? []), ...catalogControlsForRule(x.ruleId, frameworks)]), ...(unmapped ? { unmapped } : {}) });
  }

  // Acknowledgements: the spec's first, then Haven's built-in ones.
  const used = new Set<number>();
  const findings: Finding[] = [];
  const ids = new Map<string, number>();
  const pushFinding = (c: Candidate, ack: AppliedAcknowledgement | undefined) => {
    const base = `${c.ruleId}@${c.evidence.stack}/${c.evidence.logicalId}`;
    const n = ids.get(base) ?? 0;
    ids.set(base, n + 1);
    findings.push({ id: n === 0 ? base : `${base}#${n + 1}`, ruleId: c.ruleId, source: c.source, severity: c.severity, message: c.message, evidence: c.evidence, controls: c.controls, ...(c.unmapped ? { unmapped: true } : {}), status: ack ? 'acknowledged' : 'fail', ...(ack ? { acknowledgement: ack } : {}) });
  };
  for (const c of candidates) {
    const spec = specAcknowledgementFor(acks, c.ruleId, c.evidence, env, date);
    if (spec) used.add(spec.index);
    const properties = ctx.stacks.find((s) => s.name === c.evidence.stack)?.template.Resources?.[c.evidence.logicalId]?.Properties;
    const ack = spec?.applied ?? (input.builtinAcknowledgements === false ? undefined : builtinAcknowledgementFor(c.ruleId, c.evidence, undefined, properties));
    pushFinding(c, ack);
  }

  // An expired acknowledgement, or one that matches nothing it could have matched, is itself a finding.
  const ranPrefixes = [...rules.map((r) => r.id), ...(input.externalSources ?? []).map((s) => s.prefix)];
  acks.forEach((a, i) => {
    if (a.environment !== undefined && a.environment !== env) return;
    const ev: Evidence = { stack: 'spec', logicalId: `compliance.acknowledge[${i}]`, resourceType: 'Haven::Acknowledgement', resource: a.resource ?? '*', property: 'expires', value: a.expires };
    const named = acknowledgedRules(a);
    if (isExpired(a, date)) {
      const still = candidates.some((c) => named.some((r) => ruleMatches(r, c.ruleId)));
      pushFinding({ ruleId: ACK_EXPIRED, source: 'haven', severity: 'error', message: `Acknowledgement of ${named.join(', ')}${a.resource ? ` on ${a.resource}` : ''} (owner ${a.owner}) expired on ${a.expires}${still ? '; the finding is reported again' : ''}`, evidence: ev, controls: [] }, undefined);
    } else if (!used.has(i) && named.some((r) => ranPrefixes.some((p) => r === p || r.startsWith(p)))) {
      pushFinding({ ruleId: ACK_UNUSED, source: 'haven', severity: 'warning', message: `Acknowledgement of ${named.join(', ')}${a.resource ? ` on ${a.resource}` : ''} (owner ${a.owner}) matches no finding; remove it`, evidence: { ...ev, property: 'rule', value: named.join(', ') }, controls: [] }, undefined);
    }
  });

  // With an explicit framework filter, Haven findings that evidence none of those frameworks are out of scope
  // (acknowledgements were matched against everything first, so none is wrongly reported unused).
  if (input.frameworks) {
    const keep = findings.filter((f) => f.source !== 'haven' || f.controls.length > 0 || f.ruleId === ACK_EXPIRED || f.ruleId === ACK_UNUSED);
    findings.length = 0;
    findings.push(...keep);
  }

  const ranPacks = new Set((input.externalSources ?? []).map((s) => s.name));
  const controls: ControlResult[] = [];
  const summary: FrameworkSummary[] = [];
  for (const f of frameworks) {
    const catalog = CATALOGS[f];
    const counts: Record<ControlStatus, number> = { met: 0, met_with_exception: 0, not_met: 0, not_applicable: 0, organizational: 0 };
    let warned = 0;
    for (const c of catalog.controls) {
      const mine = findings.filter((x) => x.controls.some((r) => r.framework === f && r.control === c.id));
      let status: ControlStatus;
      let rationale: string;
      const openWarnings = mine.filter((x) => x.status === 'fail' && x.severity === 'warning');
      const openErrors = mine.filter(isOpenError);
      const excepted = mine.filter((x) => x.status === 'acknowledged' && x.severity === 'error');
      const rulesOf = (xs: Finding[]) => [...new Set(xs.map((x) => x.ruleId.replace(/\[.*$/, '')))].join(', ');
      const warningNote = openWarnings.length > 0 ? ` ${openWarnings.length} unacknowledged warning(s) from ${rulesOf(openWarnings)}.` : '';
      if (c.kind === 'organizational') {
        status = 'organizational';
        rationale = 'Outside what infrastructure can prove: evidence comes from policies and procedures.';
      } else if (openErrors.length > 0) {
        // The same rule as the verdict: only an unacknowledged error fails a control.
        status = 'not_met';
        rationale = `${openErrors.length} unacknowledged error(s) from ${rulesOf(openErrors)}.${warningNote}`;
      } else if (excepted.length > 0) {
        const builtin = excepted.filter((x) => x.acknowledgement?.builtin).length;
        status = 'met_with_exception';
        rationale = `${excepted.length} error(s) from ${rulesOf(excepted)}, all acknowledged (${builtin} by Haven's design, ${excepted.length - builtin} in the spec).${warningNote}`;
      } else if (mine.length > 0) {
        status = 'met';
        rationale = `No error; ${mine.length} warning(s) from ${rulesOf(mine)}${openWarnings.length < mine.length ? `, ${mine.length - openWarnings.length} acknowledged` : ''}.`;
      } else {
        const havenChecked = c.rules.filter((r) => (runs.get(r)?.checked ?? 0) > 0);
        const toolRules = c.rules.filter((r) => [...ranPacks].some((p) => r.startsWith(p + '-')));
        const pack = catalog.nagPack && ranPacks.has(catalog.nagPack) && (c.nagControls?.length ?? 0) > 0 ? catalog.nagPack : undefined;
        const ctIds = ranPacks.has('cfn-guard') ? controlTowerIdsFor(f, c.id) : [];
        const guard = ctIds.length > 0 ? [`${ctIds.length} Control Tower proactive control(s)`] : [];
        if (havenChecked.length > 0 || toolRules.length > 0 || pack || guard.length > 0) {
          status = 'met';
          rationale = `No findings from ${[...havenChecked, ...toolRules, ...(pack ? [`the ${pack} pack`] : []), ...guard].join(', ')}.`;
        } else {
          status = 'not_applicable';
          rationale = 'No resource in the platform is subject to the rules that evidence this control.';
        }
      }
      counts[status]++;
      if (openWarnings.length > 0) warned++;
      controls.push({ framework: f, id: c.id, title: c.title, status, ...(c.interpretation ? { interpretation: c.interpretation } : {}), rules: c.rules, findings: mine.map((x) => x.id), warnings: openWarnings.length, rationale });
    }
    summary.push({ framework: f, title: catalog.title, ...counts, warnings: warned, metOnOwnShare: metOnOwnShare(counts) });
  }

  const ruleRuns: RuleRun[] = rules.map((r) => ({ id: r.id, source: 'haven' as const, checked: runs.get(r.id)?.checked ?? 0, failed: findings.filter((x) => x.ruleId === r.id && x.status === 'fail').length }));
  const errors = findings.filter(isOpenError).length;
  const warnings = findings.filter((x) => x.status === 'fail' && x.severity === 'warning').length;
  return {
    schemaVersion: 2,
    tool: 'haven',
    environment: env,
    tier: ctx.environment.tier,
    date,
    frameworks,
    packs: [...ranPacks],
    summary,
    controls,
    findings,
    rules: ruleRuns,
    builtinAcknowledgements: input.builtinAcknowledgements !== false,
    acknowledgements: acknowledgementUses(findings),
    errors,
    warnings,
    passed: errors === 0,
  };
}
