import { describe, expect, it } from 'vitest';
import { HAVEN_RULES, renderReport, runCheck, type CheckInput, type CheckReport } from '../../src/compliance';
import type { ExternalFinding } from '../../src/compliance/check';
import type { AcknowledgementSpec } from '../../src/spec/sections/compliance';
import { BASELINE, ctx, stack } from './fixtures';

const DATE = '2026-11-23';
const IGW_DOCS = 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html';
const secret = stack({ ...BASELINE, Key: { Type: 'AWS::SecretsManager::Secret', Metadata: { 'haven:resource': 'secrets.stripe' } } });
const rotationAck: AcknowledgementSpec = { rule: 'HAVEN-SECRET-ROTATION', resource: 'secrets.stripe', reason: 'Stripe keys are rotated by hand in the Stripe dashboard.', owner: 'security@example.com', expires: '2027-01-31' };
/** A HIPAA pack finding on a public subnet's default route: Haven acknowledges it by design (built-in). */
const publicRoute: ExternalFinding = {
  ruleId: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', source: 'cdk-nag', severity: 'error', message: 'The route table has a public route to an IGW.',
  evidence: { stack: 'Net', logicalId: 'VpcPublicSubnet1DefaultRoute91CE6B8B', resourceType: 'AWS::EC2::Route', resource: 'VpcPublicSubnet1DefaultRoute91CE6B8B', property: 'Properties', value: null },
  framework: 'hipaa', citedControls: ['164.312(e)(1)'],
};
const rotation = HAVEN_RULES.find((r) => r.id === 'HAVEN-SECRET-ROTATION')!;
const control = (r: CheckReport, id: string) => r.controls.find((c) => c.framework === 'hipaa' && c.id === id)!;
const hipaa = (r: CheckReport) => r.summary.find((s) => s.framework === 'hipaa')!;
const check = (over: Partial<CheckInput> = {}) => runCheck({ context: ctx([secret]), date: DATE, ...over });

describe('control status: met, met with a documented exception, not met', () => {
  it('a control with an unacknowledged error is not met; acknowledged by the spec it is met with an exception', () => {
    expect(control(check(), '164.312(a)(1)').status).toBe('not_met');
    const excepted = control(check({ acknowledgements: [rotationAck] }), '164.312(a)(1)');
    expect(excepted.status).toBe('met_with_exception');
    expect(excepted.rationale).toContain('0 by Haven\'s design, 1 in the spec');
  });

  it('a control whose only error Haven acknowledges by design is met with an exception, not met', () => {
    const r = check({ external: [publicRoute] });
    const c = control(r, '164.312(e)(1)');
    expect(c.status).toBe('met_with_exception');
    expect(c.rationale).toContain('1 by Haven\'s design, 0 in the spec');
  });

  it('warnings never fail a control: with warnings only it is met, and carries them', () => {
    const r = check({ rules: [{ ...rotation, severity: 'warning' }] });
    const c = control(r, '164.312(a)(1)');
    expect(c).toMatchObject({ status: 'met', warnings: 1 });
    expect(hipaa(r).warnings).toBeGreaterThanOrEqual(1);
  });

  it('counts every status per framework and the share of infrastructure-evidenced controls met on their own', () => {
    const r = check({ external: [publicRoute] });
    const s = hipaa(r);
    const mine = r.controls.filter((c) => c.framework === 'hipaa');
    for (const status of ['met', 'met_with_exception', 'not_met', 'not_applicable', 'organizational'] as const) {
      expect(s[status], status).toBe(mine.filter((c) => c.status === status).length);
    }
    expect(s.met_with_exception).toBeGreaterThan(0);
    expect(s.not_met).toBeGreaterThan(0);
    expect(s.metOnOwnShare).toBeCloseTo(s.met / (s.met + s.met_with_exception + s.not_met));
  });

  it('a framework with no infrastructure-evidenced control has no share', () => {
    const r = runCheck({ context: ctx([stack({})], {}, ['hipaa']), date: DATE, rules: [] });
    expect(hipaa(r).met + hipaa(r).met_with_exception + hipaa(r).not_met).toBe(0);
    expect(hipaa(r).metOnOwnShare).toBeNull();
  });
});

describe('running without Haven\'s built-in acknowledgements', () => {
  const withBuiltins = check({ acknowledgements: [rotationAck], external: [publicRoute] });
  const without = check({ acknowledgements: [rotationAck], external: [publicRoute], builtinAcknowledgements: false });

  it('leaves what they covered open, keeps the spec\'s acknowledgements, and says so', () => {
    expect(withBuiltins.builtinAcknowledgements).toBe(true);
    expect(without.builtinAcknowledgements).toBe(false);
    expect(without.findings.find((f) => f.ruleId === publicRoute.ruleId)?.status).toBe('fail');
    expect(without.findings.find((f) => f.ruleId === 'HAVEN-SECRET-ROTATION')?.status).toBe('acknowledged');
    expect(control(without, '164.312(e)(1)').status).toBe('not_met');
    expect(without.acknowledgements.every((a) => !a.builtin)).toBe(true);
    for (const format of ['text', 'markdown', 'html'] as const) expect(renderReport(without, format), format).toMatch(/without Haven(&apos;|')s built-in acknowledgements/);
    expect(renderReport(withBuiltins, 'text')).not.toContain('without Haven');
  });

  it('does not change which controls are met on their own', () => {
    expect(hipaa(without).met).toBe(hipaa(withBuiltins).met);
    expect(hipaa(without).metOnOwnShare).toBe(hipaa(withBuiltins).metOnOwnShare);
  });
});

describe('acknowledgements in reports', () => {
  const r = check({ acknowledgements: [rotationAck], external: [publicRoute] });

  it('groups the acknowledgements that applied, Haven\'s first with their AWS docs, the spec\'s with owner and expiry', () => {
    expect(r.acknowledgements.map((a) => [a.builtin, a.rules])).toEqual([[true, [publicRoute.ruleId]], [false, ['HAVEN-SECRET-ROTATION']]]);
    expect(r.acknowledgements[0]).toMatchObject({ owner: 'haven', docs: IGW_DOCS, findings: [expect.stringContaining('VpcPublicSubnet1DefaultRoute')] });
    expect(r.acknowledgements[1]).toMatchObject({ owner: 'security@example.com', expires: '2027-01-31' });
    expect(r.acknowledgements[1].docs).toBeUndefined();
  });

  it('every format lists Haven\'s acknowledgements (reason and docs) apart from the spec\'s', () => {
    const text = renderReport(r, 'text');
    expect(text.slice(text.indexOf('Haven\'s built-in acknowledgements'), text.indexOf('The spec\'s acknowledgements'))).toContain(`docs: ${IGW_DOCS}`);
    expect(text.slice(text.indexOf('The spec\'s acknowledgements'))).toContain('owner security@example.com');
    const md = renderReport(r, 'markdown');
    const mdBuiltin = md.slice(md.indexOf('## Haven\'s built-in acknowledgements'), md.indexOf('## The spec\'s acknowledgements'));
    expect(mdBuiltin).toContain(`<${IGW_DOCS}>`);
    expect(mdBuiltin).not.toContain('security@example.com');
    expect(md.slice(md.indexOf('## The spec\'s acknowledgements'))).toContain('security@example.com');
    const html = renderReport(r, 'html');
    expect(/<table id="builtin-acknowledgements">[\s\S]*?<\/table>/.exec(html)?.[0]).toContain(`href="${IGW_DOCS}"`);
    expect(/<table id="spec-acknowledgements">[\s\S]*?<\/table>/.exec(html)?.[0]).toContain('security@example.com');
    const run = JSON.parse(renderReport(r, 'sarif')).runs[0];
    expect(run.properties.acknowledgements.builtin.map((a: { docs: string }) => a.docs)).toEqual([IGW_DOCS]);
    expect(run.properties.acknowledgements.spec.map((a: { owner: string }) => a.owner)).toEqual(['security@example.com']);
    const suppressed = run.results.find((x: { ruleId: string }) => x.ruleId === publicRoute.ruleId);
    expect(suppressed.suppressions[0].justification).toContain(IGW_DOCS);
    const json = JSON.parse(renderReport(r, 'json')) as CheckReport;
    expect(json.acknowledgements.filter((a) => a.builtin).map((a) => a.docs)).toEqual([IGW_DOCS]);
  });

  it('JUnit names the exceptions a passing control rests on, and text and markdown say the status', () => {
    const junit = renderReport(r, 'junit');
    const routeCase = /<testcase classname="haven.hipaa" name="164.312\(e\)\(1\)[^"]*">[\s\S]*?<\/testcase>/.exec(junit)?.[0] ?? '';
    expect(routeCase).toContain('met with exception');
    expect(routeCase).toContain(IGW_DOCS);
    expect(routeCase).not.toContain('<failure');
    expect(renderReport(r, 'text')).toMatch(/Controls met with a documented exception:\n(.*\n)* {2}HIPAA 164\.312\(e\)\(1\)/);
    expect(renderReport(r, 'markdown')).toMatch(/\| 164\.312\(e\)\(1\) \| [^|]+ \| met with exception \|/);
  });
});
