/**
 * Amazon EKS Kubernetes versions Haven knows, with the last day of *standard* support (ISO dates, UTC).
 * A version is under standard support for 14 months after its EKS release; after that EKS charges for
 * extended support and stops shipping fixes on the standard schedule, so Haven refuses to build it.
 * Source: the EKS Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html).
 * Add new versions here (with their dates) as EKS releases them; unknown versions are rejected rather than guessed.
 */
export const EKS_VERSIONS: Readonly<Record<string, { readonly released: string; readonly endOfStandardSupport: string }>> = {
  '1.24': { released: '2022-11-15', endOfStandardSupport: '2024-01-31' },
  '1.25': { released: '2023-02-21', endOfStandardSupport: '2024-05-01' },
  '1.26': { released: '2023-04-11', endOfStandardSupport: '2024-06-11' },
  '1.27': { released: '2023-05-24', endOfStandardSupport: '2024-07-24' },
  '1.28': { released: '2023-09-26', endOfStandardSupport: '2024-11-26' },
  '1.29': { released: '2024-01-23', endOfStandardSupport: '2025-03-23' },
  '1.30': { released: '2024-05-23', endOfStandardSupport: '2025-07-23' },
  '1.31': { released: '2024-09-26', endOfStandardSupport: '2025-11-26' },
  '1.32': { released: '2025-01-23', endOfStandardSupport: '2026-03-23' },
  '1.33': { released: '2025-05-28', endOfStandardSupport: '2026-07-29' },
  '1.34': { released: '2025-10-02', endOfStandardSupport: '2026-12-02' },
  '1.35': { released: '2026-01-27', endOfStandardSupport: '2027-03-27' },
};

/**
 * The version a cluster gets when the spec names none: a constant of this Haven release (never derived from the date,
 * so the same spec builds the same cluster on any day). It is the newest version in the table with the most standard
 * support left on the release date; a newer version is the spec's choice, and upgrading the default is a release.
 */
export const DEFAULT_EKS_VERSION = '1.35';

function endOfDay(isoDate: string): number {
  return Date.parse(`${isoDate}T23:59:59Z`);
}

/** Versions still under standard support on `asOf`, oldest first. */
export function supportedEksVersions(asOf: Date): string[] {
  return Object.entries(EKS_VERSIONS)
    .filter(([, v]) => Date.parse(`${v.released}T00:00:00Z`) <= asOf.getTime() && endOfDay(v.endOfStandardSupport) >= asOf.getTime())
    .map(([version]) => version)
    .sort(compareVersions);
}

/** The newest version under standard support on `asOf`. */
export function latestEksVersion(asOf: Date): string {
  const supported = supportedEksVersions(asOf);
  if (supported.length === 0) throw new Error(`Haven's EKS version table has no version under standard support on ${asOf.toISOString().slice(0, 10)}; update src/constructs/kubernetes/versions.ts`);
  return supported[supported.length - 1];
}

/** Why `version` cannot be built on `asOf` (unknown, past standard support, not released yet), or undefined when it can. */
export function eksVersionProblem(version: string, asOf: Date): string | undefined {
  const supported = supportedEksVersions(asOf);
  const day = asOf.toISOString().slice(0, 10);
  const info = EKS_VERSIONS[version];
  const hint = supported.length > 0 ? `the oldest supported version is ${supported[0]} (supported: ${supported.join(', ')})` : 'no version in Haven\'s table is supported on that date';
  if (!info) return `EKS version ${version} is unknown to Haven; ${hint}`;
  if (endOfDay(info.endOfStandardSupport) < asOf.getTime()) return `EKS version ${version} reached end of standard support on ${info.endOfStandardSupport} (checked on ${day}); ${hint}`;
  if (Date.parse(`${info.released}T00:00:00Z`) > asOf.getTime()) return `EKS version ${version} is not released yet on ${day}; ${hint}`;
  return undefined;
}

/** Throws unless `version` is a known EKS version under standard support on `asOf`. */
export function assertSupportedEksVersion(version: string, asOf: Date): void {
  const problem = eksVersionProblem(version, asOf);
  if (problem) throw new Error(problem);
}

function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}
