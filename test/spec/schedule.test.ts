import { describe, expect, it } from 'vitest';
import { isTimeZone, parseSchedule } from '../../src/spec/schedule';

const perMonth = (expression: string): number => {
  const parsed = parseSchedule(expression);
  if (!('perMonth' in parsed)) throw new Error(parsed.problem);
  return parsed.perMonth;
};
const problem = (expression: string): string => {
  const parsed = parseSchedule(expression);
  return 'problem' in parsed ? parsed.problem : '';
};

describe('schedule expressions', () => {
  it('counts a rate over a 30-day month', () => {
    expect(perMonth('rate(5 minutes)')).toBe(8640);
    expect(perMonth('rate(1 hour)')).toBe(720);
    expect(perMonth('rate(2 days)')).toBe(15);
  });

  it('counts cron firings: daily, weekdays, lists, steps, ranges, last day', () => {
    expect(perMonth('cron(0 8 * * ? *)')).toBe(30);
    expect(perMonth('cron(0 8 ? * MON-FRI *)')).toBeCloseTo((5 * 30) / 7);
    expect(perMonth('cron(0/15 9-17 * * ? *)')).toBe(4 * 9 * 30);
    expect(perMonth('cron(0 6 1,15 * ? *)')).toBe(2);
    expect(perMonth('cron(0 0 L * ? *)')).toBe(1);
    expect(perMonth('cron(0 0 1 JAN,JUL ? *)')).toBeCloseTo(2 / 12);
    expect(perMonth('cron(0 12 ? * 2#1 *)')).toBe(1);
  });

  it('says what is wrong', () => {
    expect(problem('rate(1 minutes)')).toMatch(/'rate\(1 minute\)'/);
    expect(problem('rate(5 weeks)')).toMatch(/minute\(s\), hour\(s\) or day\(s\)/);
    expect(problem('cron(0 8 * * ? * *)')).toMatch(/six fields .* found 7/);
    expect(problem('cron(60 8 * * ? *)')).toMatch(/minutes '60' is outside 0-59/);
    expect(problem('cron(0 8 ? FOO * *)')).toMatch(/month 'FOO' is outside 1-12 \(or JAN-DEC\)/);
    expect(problem('cron(0 8 ? * * *)')).toBe('');
    expect(problem('at(2026-01-01T00:00:00)')).toMatch(/expected 'rate/);
  });

  it('knows IANA time zones and refuses others', () => {
    expect(['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata'].every(isTimeZone)).toBe(true);
    expect(['Europe/Londres', 'EST5', 'europe/london', ''].some(isTimeZone)).toBe(false);
  });
});
