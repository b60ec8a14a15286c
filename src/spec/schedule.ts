/**
 * EventBridge Scheduler expressions: `rate(value unit)` and six-field `cron(minutes hours day-of-month month
 * day-of-week year)`, checked the way the service checks them, and how often each fires in a 30-day month (what the
 * cost estimate charges a scheduled function for).
 * Syntax: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */

/** Days in the month the estimate counts invocations over (rate(5 minutes) = 8,640 a month). */
export const SCHEDULE_MONTH_DAYS = 30;
const MINUTES_PER_UNIT: Readonly<Record<string, number>> = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}
const FIELDS: readonly Field[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
];

/** A parsed expression: what is wrong with it, or how many times it fires in a month. */
export type ScheduleParse = { readonly problem: string } | { readonly perMonth: number };

function value(text: string, field: Field): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

/** How many values a plain cron field (`*`, `a`, `a-b`, lists, `/step`) selects, or a problem. */
function countValues(text: string, field: Field): number | string {
  const selected = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (extra !== undefined || !Number.isInteger(step) || step < 1) return `${field.name} step in '${part}' must be a positive whole number`;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') [from, to] = [field.min, field.max];
    else if (range.includes('-')) [from, to] = range.split('-').map((v) => value(v, field));
    else [from, to] = [value(range, field), stepText === undefined ? value(range, field) : field.max];
    if (from === undefined || to === undefined || from > to) return `${field.name} '${part}' is outside ${field.min}-${field.max}${field.names ? ` (or ${field.names[0]}-${field.names[field.names.length - 1]})` : ''}`;
    for (let v = from; v <= to; v += step) selected.add(v);
  }
  return selected.size;
}

/** Days a month the day-of-month and day-of-week fields select together (one of them is `?`). */
function daysPerMonth(dom: string, dow: string): number | string {
  if ((dom === '?') === (dow === '?')) return "one of day-of-month and day-of-week must be '?' (and only one)";
  if (dom !== '?') {
    if (/^(L|LW|\d{1,2}W|L-\d{1,2})$/.test(dom)) return 1;
    const days = countValues(dom, FIELDS[2]);
    // Every day of a 30-day month at most (a 31st fires in only some months).
    return typeof days === 'string' ? days : Math.min(days, SCHEDULE_MONTH_DAYS);
  }
  if (/^[1-7]#[1-5]$/.test(dow) || /^[1-7]?L$/.test(dow)) return 1;
  const weekly = countValues(dow, FIELDS[4]);
  return typeof weekly === 'string' ? weekly : (weekly * SCHEDULE_MONTH_DAYS) / 7;
}

function parseCron(body: string): ScheduleParse {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return { problem: `a cron expression has six fields (minutes hours day-of-month month day-of-week year), found ${fields.length}` };
  const [minutes, hours, dom, month, dow, year] = fields;
  const counts = [countValues(minutes, FIELDS[0]), countValues(hours, FIELDS[1]), daysPerMonth(dom, dow), countValues(month, FIELDS[3]), countValues(year, FIELDS[5])];
  const problem = counts.find((c): c is string => typeof c === 'string');
  if (problem) return { problem };
  const [m, h, d, months] = counts as number[];
  return { perMonth: (m * h * d * months) / 12 };
}

function parseRate(body: string): ScheduleParse {
  const match = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(body);
  const unit = match?.[2];
  if (!match || !unit || !Object.hasOwn(MINUTES_PER_UNIT, unit)) return { problem: `a rate is 'rate(value unit)' with unit minute(s), hour(s) or day(s), found 'rate(${body})'` };
  const amount = Number(match[1]);
  if (amount < 1) return { problem: 'a rate must be at least 1' };
  if ((amount === 1) !== !unit.endsWith('s')) return { problem: `write 'rate(${amount} ${amount === 1 ? unit.replace(/s$/, '') : `${unit.replace(/s$/, '')}s`})': the unit is singular for 1 and plural otherwise` };
  return { perMonth: (SCHEDULE_MONTH_DAYS * 1440) / (amount * MINUTES_PER_UNIT[unit]) };
}

/** Parses `rate(...)` or `cron(...)` as EventBridge Scheduler does. */
export function parseSchedule(expression: string): ScheduleParse {
  const match = /^(rate|cron)\((.*)\)$/.exec(expression.trim());
  if (!match) return { problem: `expected 'rate(value unit)' or 'cron(minutes hours day-of-month month day-of-week year)', found '${expression}'` };
  return match[1] === 'rate' ? parseRate(match[2]) : parseCron(match[2]);
}

let zones: ReadonlySet<string> | undefined;
/** Whether `zone` is an IANA time zone name (what Scheduler's ScheduleExpressionTimezone takes). */
export function isTimeZone(zone: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT']);
  if (zones.has(zone)) return true;
  // Names the runtime knows only as aliases of its canonical ones (Asia/Kolkata for Asia/Calcutta), spelled as IANA
  // spells them (each part capitalised); Intl itself would also accept any casing.
  if (!/^[A-Z][A-Za-z_+-]*(\/[A-Z][A-Za-z0-9_+-]*)+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
