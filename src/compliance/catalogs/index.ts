import type { Framework } from '../types';
import { CIS } from './cis';
import { GDPR } from './gdpr';
import { HIPAA } from './hipaa';
import { NIST } from './nist';
import { PCI } from './pci';
import { PIPEDA } from './pipeda';
import { SOC2 } from './soc2';
import type { ControlCatalog } from './types';

export type { CatalogControl, ControlCatalog } from './types';
export { CONCERN_CONTROLS, CONTROL_TOWER_CONTROLS, controlTowerControl, controlTowerControlsFor, controlTowerIdsFor, type ControlTowerConcern, type ControlTowerControl } from './control-tower';
export { CIS, GDPR, HIPAA, NIST, PCI, PIPEDA, SOC2 };

export const CATALOGS: Readonly<Record<Framework, ControlCatalog>> = { hipaa: HIPAA, pipeda: PIPEDA, gdpr: GDPR, soc2: SOC2, pci: PCI, nist: NIST, cis: CIS };

/** The framework control ids a rule id (with or without a cdk-nag `[finding]` suffix) evidences through the catalogs. */
export function catalogControlsForRule(ruleId: string, frameworks: readonly Framework[]): { framework: Framework; control: string }[] {
  const base = ruleId.replace(/\[.*\]$/, '');
  const out: { framework: Framework; control: string }[] = [];
  for (const f of frameworks) for (const c of CATALOGS[f].controls) if (c.rules.includes(base)) out.push({ framework: f, control: c.id });
  return out;
}

/** Control ids a cdk-nag pack cites in a violation description, e.g. "(Control IDs: 164.312(a)(1), 164.312(b))". */
export function citedControlIds(description: string): string[] {
  // Greedy up to the last parenthesis: ids themselves contain parentheses, e.g. 164.312(a)(2)(iv).
  const m = /Control IDs?: (.*)\)/.exec(description);
  if (!m) return [];
  return m[1].split(',').map((s) => s.trim()).filter(Boolean);
}

/** Catalog controls that a pack's cited control id belongs to. */
export function catalogControlsForCitation(framework: Framework, cited: string): string[] {
  return CATALOGS[framework].controls.filter((c) => (c.nagControls ?? []).some((p) => (p.startsWith('=') ? cited === p.slice(1) : cited.startsWith(p)))).map((c) => c.id);
}
