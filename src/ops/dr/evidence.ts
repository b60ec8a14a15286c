import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OpsTarget } from '../target';
import type { DrStep, Journal } from './engine';
import { DNS_SWITCHED } from './dns';

export type Verdict = 'met' | 'missed' | 'not promised' | 'not measured';

export interface DrillEvidence {
  readonly kind: 'haven-dr-drill';
  readonly project: string;
  readonly environment: string;
  readonly runId: string;
  readonly primaryRegion: string;
  readonly drRegion?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly steps: readonly { id: string; description: string; startedAt: string; finishedAt?: string; seconds?: number; attempts: number; status: string; note?: string }[];
  readonly achieved: {
    /** Start of the run until Route 53 answered with the DR record (services and data ready before it). */
    readonly rtoMinutes: number | null;
    readonly rtoBasis: string;
    /** Worst data-loss bound observed at promotion over the databases; null when one could not be measured. */
    readonly rpoMinutes: number | null;
    readonly rpoPerDatabase: readonly { database: string; seconds: number | null; basis: string }[];
  };
  readonly objectives?: { readonly rpoMinutes: number | null; readonly rtoMinutes: number | null };
  readonly verdict: { readonly rto: Verdict; readonly rpo: Verdict };
  readonly controls: readonly { framework: string; control: string; title: string; evidence: string }[];
}

const CONTROLS = [
  {
    framework: 'HIPAA', control: '§164.308(a)(7)(ii)(D)', title: 'Testing and revision procedures (contingency plan)',
    evidence: 'The disaster recovery procedure was executed end to end as a planned drill; each step, its duration and the achieved recovery time and data loss are recorded and compared with the documented objectives.',
  },
  {
    framework: 'SOC 2', control: 'A1.3', title: 'Recovery plan procedures supporting system recovery are tested',
    evidence: 'Failover to the recovery region was performed with the production runbook; the journal of the run is kept with this report.',
  },
] as const;

const minutes = (ms: number) => Math.round((ms / 60_000) * 100) / 100;

function verdict(achieved: number | null, promised: number | null | undefined): Verdict {
  if (promised === undefined || promised === null) return 'not promised';
  if (achieved === null) return 'not measured';
  return achieved <= promised ? 'met' : 'missed';
}

/** Evidence of one completed drill, from its journal (all times come from the injected clock). */
export function drillEvidence(target: OpsTarget, journal: Journal, steps: readonly DrStep[]): DrillEvidence {
  const described = new Map(steps.map((s) => [s.id, s.describe()]));
  const start = Date.parse(journal.startedAt);
  const rows = Object.entries(journal.steps).map(([id, st]) => ({
    id, description: described.get(id) ?? id, startedAt: st.startedAt, finishedAt: st.finishedAt,
    seconds: st.finishedAt ? Math.round((Date.parse(st.finishedAt) - Date.parse(st.startedAt)) / 1000) : undefined,
    attempts: st.attempts, status: st.status, note: st.note,
  }));
  const switched = journal.outputs[DNS_SWITCHED];
  const end = switched ? Date.parse(switched) : Date.parse(journal.updatedAt);
  const rpoPerDatabase = target.resources.databases.filter((d) => d.drStrategy !== 'none').map((d) => {
    const v = journal.outputs[`rpo.${d.name}.seconds`];
    return { database: d.name, seconds: v === undefined ? null : Number(v), basis: journal.outputs[`rpo.${d.name}.basis`] ?? 'not recorded' };
  });
  const rpoMinutes = rpoPerDatabase.some((r) => r.seconds === null) ? null : Math.max(0, ...rpoPerDatabase.map((r) => r.seconds! / 60));
  const rtoMinutes = minutes(end - start);
  return {
    kind: 'haven-dr-drill', project: target.project, environment: target.environment, runId: journal.runId,
    primaryRegion: target.regions.primary, drRegion: target.regions.dr, startedAt: journal.startedAt, finishedAt: journal.updatedAt,
    steps: rows,
    achieved: {
      rtoMinutes,
      rtoBasis: switched ? 'run start until Route 53 reported the PRIMARY health check unhealthy (DNS answers with the DR record; resolvers may keep the old answer for the record TTL)' : 'run start until the last step completed (no DNS failover configured)',
      rpoMinutes: rpoMinutes === null ? null : Math.round(rpoMinutes * 100) / 100,
      rpoPerDatabase,
    },
    objectives: target.objectives,
    verdict: { rto: verdict(rtoMinutes, target.objectives?.rtoMinutes), rpo: verdict(rpoMinutes, target.objectives?.rpoMinutes) },
    controls: CONTROLS,
  };
}

export function evidenceMarkdown(e: DrillEvidence): string {
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v} min`);
  const lines = [
    `# DR drill — ${e.project}/${e.environment} (run ${e.runId})`,
    '',
    `Planned switchover ${e.primaryRegion} → ${e.drRegion}, ${e.startedAt} to ${e.finishedAt}.`,
    '',
    '| Objective | Promised | Achieved | Verdict |',
    '|---|---|---|---|',
    `| RTO | ${fmt(e.objectives?.rtoMinutes)} | ${fmt(e.achieved.rtoMinutes)} | ${e.verdict.rto} |`,
    `| RPO | ${fmt(e.objectives?.rpoMinutes)} | ${fmt(e.achieved.rpoMinutes)} | ${e.verdict.rpo} |`,
    '',
    `RTO: ${e.achieved.rtoBasis}. The promised RTO also counts the time to declare a disaster, which a drill does not spend.`,
    '',
    '| Database | Data-loss bound at promotion | Basis |',
    '|---|---|---|',
    ...e.achieved.rpoPerDatabase.map((r) => `| ${r.database} | ${r.seconds === null ? 'not measured' : `${r.seconds} s`} | ${r.basis} |`),
    '',
    '## Steps',
    '',
    '| # | Step | Started | Duration | Attempts | Result |',
    '|---|---|---|---|---|---|',
    ...e.steps.map((s, i) => `| ${i + 1} | ${s.id}: ${s.description.replace(/\|/g, '\\|')} | ${s.startedAt} | ${s.seconds === undefined ? '—' : `${s.seconds} s`} | ${s.attempts} | ${s.status}${s.note ? ` (${s.note.replace(/\|/g, '\\|')})` : ''} |`),
    '',
    '## Controls',
    '',
    ...e.controls.map((c) => `- **${c.framework} ${c.control}** — ${c.title}: ${c.evidence}`),
    '',
  ];
  return lines.join('\n');
}

/** Writes `<env>-drill-<runId>.json` and `.md` under `outDir`; returns both paths. */
export function writeEvidence(e: DrillEvidence, outDir: string): { json: string; markdown: string } {
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `${e.environment}-drill-${e.runId}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(e, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, evidenceMarkdown(e));
  return { json: `${base}.json`, markdown: `${base}.md` };
}
