import type { IConstruct } from 'constructs';

/**
 * The date Haven judges dated facts against — acknowledgement and cross-border expiry, EKS standard support, Lambda
 * runtime deprecation — as an ISO calendar day (YYYY-MM-DD, UTC). It is an input: the CLI reads the clock once
 * (`--date`, default today) and passes it down; nothing below reads the wall clock, so a build is reproducible.
 */
export type IsoDate = string;

/** App context key carrying the date to constructs. */
export const HAVEN_DATE_CONTEXT = 'haven:date';

/** The day this Haven release was cut: the date of a library caller that passes none, so its output never drifts. */
export const RELEASE_DATE: IsoDate = '2026-12-02';

/** The day as YYYY-MM-DD when `text` is a real calendar day in that form, else undefined. */
export function parseIsoDate(text: string): IsoDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? undefined : text;
}

/** The UTC calendar day of an instant (the CLI's default date). */
export function utcDay(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}

/** Midnight UTC at the start of the day, for comparisons with end-of-day deadlines. */
export function startOfDay(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The date a construct is built for: the App's `haven:date` context, else the release date. */
export function dateInScope(scope: IConstruct): IsoDate {
  const value: unknown = scope.node.tryGetContext(HAVEN_DATE_CONTEXT);
  if (value === undefined) return RELEASE_DATE;
  const date = typeof value === 'string' ? parseIsoDate(value) : undefined;
  if (!date) throw new Error(`App context ${HAVEN_DATE_CONTEXT} must be a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
  return date;
}
