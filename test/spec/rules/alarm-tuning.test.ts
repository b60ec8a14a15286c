import { describe, expect, it } from 'vitest';
import { specOutcome as outcome } from '../issues';

const spec = (alarms: string) => `project:
  name: demo
compliance:
  frameworks: [soc2]
regions:
  primary: us-east-1
network:
  cidr: 10.0.0.0/16
monitoring:
  alarms:
${alarms}
environments:
  staging:
    tier: staging
`;


describe('alarm tuning', () => {
  it('accepts a 5xx rate of 1% (Estate Kit)', () => {
    expect(outcome(spec('    alb5xxRate: { threshold: 1, periodMinutes: 5 }'))).toEqual({ errors: [], warnings: [] });
  });

  it('rejects a percentage threshold above 100, at the field', () => {
    const { errors } = outcome(spec('    alb5xxRate: { threshold: 150 }'));
    expect(errors.map((i) => [i.path, i.line])).toEqual([['monitoring.alarms.alb5xxRate.threshold', 11]]);
    expect(errors[0].message).toMatch(/percentage.*expected 0 to 100, got 150/);
  });

  it('warns that a tuned 5xx count has no effect next to the rate', () => {
    const { errors, warnings } = outcome(spec('    alb5xx: { threshold: 10 }\n    alb5xxRate: { threshold: 1 }'));
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(['monitoring.alarms.alb5xx']);
    expect(warnings[0].message).toMatch(/alb5xxRate replaces/);
  });
});
