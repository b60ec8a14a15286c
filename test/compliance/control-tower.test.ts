import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { CATALOGS, readValidationReport, renderReport, runCheck, type ExternalFinding, type Framework } from '../../src/compliance';
import { CONCERN_CONTROLS, CONTROL_TOWER_CONTROLS, controlTowerControlsFor } from '../../src/compliance/catalogs';
import { BASELINE, ctx, stack } from './fixtures';

const RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');
const FRAMEWORKS = Object.keys(CATALOGS) as Framework[];

/** The control ids the shipped guard rules report, read from the rule files themselves. */
function shippedIds(): string[] {
  const ids = new Set<string>();
  for (const dir of fs.readdirSync(RULES)) {
    for (const file of fs.readdirSync(path.join(RULES, dir))) {
      const id = /\[(CT\.[A-Z0-9-]+\.PR\.\d+)\]/.exec(fs.readFileSync(path.join(RULES, dir, file), 'utf8'))?.[1];
      if (id) ids.add(id);
    }
  }
  return [...ids].sort();
}

describe('Control Tower mapping table', () => {
  it('lists every control the installed cfn-guard validator ships, and nothing it does not', () => {
    const shipped = shippedIds();
    expect(shipped.length).toBeGreaterThan(200);
    expect(CONTROL_TOWER_CONTROLS.map((c) => c.id).sort()).toEqual(shipped);
  });

  it('references only technical controls that exist in the catalogs', () => {
    const bad: string[] = [];
    const sources = [...Object.entries(CONCERN_CONTROLS).map(([k, v]) => [k, v] as const), ...CONTROL_TOWER_CONTROLS.filter((c) => c.also).map((c) => [c.id, c.also!] as const)];
    for (const [where, controls] of sources) {
      for (const [f, ids] of Object.entries(controls) as [Framework, readonly string[]][]) {
        for (const id of ids) {
          const c = CATALOGS[f].controls.find((x) => x.id === id);
          if (!c || c.kind !== 'technical') bad.push(`${where}: ${f} ${id}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('maps every control of the services Haven deploys to at least one HIPAA and one NIST control', () => {
    const services = /^CT\.(S3|RDS|ELASTICACHE|KMS|CLOUDTRAIL|EC2|ELASTICLOADBALANCING|CLOUDFRONT|LAMBDA|ECS|EKS|ELASTICFILESYSYSTEM|CLOUDWATCH|APIGATEWAY|IAM)\.PR\./;
    const mine = CONTROL_TOWER_CONTROLS.filter((c) => services.test(c.id));
    expect(mine.length).toBeGreaterThan(130);
    // Configuration-only controls (Nitro instance types, tags on snapshots) and lifecycle rules evidence no HIPAA
    // safeguard (the Security Rule sets no data-minimisation duty); all others do.
    const noHipaa = mine.filter((c) => !(controlTowerControlsFor(c.id, ['hipaa']) ?? []).length);
    expect(noHipaa.length).toBeLessThan(12);
    expect(noHipaa.flatMap((c) => c.concerns).filter((k) => k !== 'configuration' && k !== 'data-lifecycle')).toEqual([]);
    expect(mine.filter((c) => !(controlTowerControlsFor(c.id, ['nist']) ?? []).length)).toEqual([]);
  });

  it('maps the controls the brief names the way the frameworks read them', () => {
    const refs = (id: string) => (controlTowerControlsFor(id, FRAMEWORKS) ?? []).map((r) => `${r.framework}:${r.control}`);
    expect(refs('CT.S3.PR.10')).toEqual(expect.arrayContaining(['hipaa:164.312(a)(1)', 'soc2:CC6.1', 'pci:3', 'nist:SC-28', 'nist:SC-12']));
    expect(refs('CT.S3.PR.8')).toEqual(expect.arrayContaining(['hipaa:164.312(e)(1)', 'soc2:CC6.7', 'pci:4', 'nist:SC-8', 'cis:2.1.1']));
    expect(refs('CT.IAM.PR.1')).toEqual(expect.arrayContaining(['pci:7', 'nist:AC-6', 'cis:1.16']));
    expect(refs('CT.CLOUDWATCH.PR.2')).toEqual(expect.arrayContaining(['nist:AU-11', 'hipaa:164.316(b)(1)', 'pci:10']));
    expect(refs('CT.S3.PR.10')).not.toContain('hipaa:164.312(e)(1)');
    expect(controlTowerControlsFor('CT.S3.PR.10', ['soc2'])).toEqual([{ framework: 'soc2', control: 'CC6.1' }]);
    expect(controlTowerControlsFor('CT.NOPE.PR.1', FRAMEWORKS)).toBeUndefined();
  });
});

const guardFinding = (ruleId: string, logicalId = 'Records'): ExternalFinding => ({
  ruleId, source: 'cfn-guard', severity: 'error', message: `[${ruleId}]: a Control Tower control`,
  evidence: { stack: 'App', logicalId, resourceType: 'AWS::S3::Bucket', resource: 'buckets.records', property: 'Properties', value: null },
});
const GUARD = [{ name: 'cfn-guard', source: 'cfn-guard' as const, prefix: 'CT.' }];
const check = (external: ExternalFinding[], frameworks: Framework[] = ['hipaa', 'nist', 'soc2', 'pci']) =>
  runCheck({ context: ctx([stack(BASELINE)], {}, frameworks), external, externalSources: GUARD, date: '2026-11-23', rules: [] });

describe('cfn-guard findings in the report', () => {
  const mapped = check([guardFinding('CT.S3.PR.10'), guardFinding('CT.FUTURE.PR.1', 'Other')]);
  const f = mapped.findings.find((x) => x.ruleId === 'CT.S3.PR.10')!;
  const unmapped = mapped.findings.find((x) => x.ruleId === 'CT.FUTURE.PR.1')!;

  it('a mapped Control Tower finding carries its framework controls and fails them', () => {
    expect(f.controls).toEqual(expect.arrayContaining([{ framework: 'hipaa', control: '164.312(a)(1)' }, { framework: 'nist', control: 'SC-28' }, { framework: 'soc2', control: 'CC6.1' }, { framework: 'pci', control: '3' }]));
    expect(f.unmapped).toBeUndefined();
    const sc28 = mapped.controls.find((c) => c.framework === 'nist' && c.id === 'SC-28')!;
    expect(sc28).toMatchObject({ status: 'not_met', findings: expect.arrayContaining([f.id]) });
    expect(mapped.controls.find((c) => c.framework === 'nist' && c.id === 'SC-8')?.status).toBe('met');
  });

  it('an id the table does not know is reported as unmapped, not dropped', () => {
    expect(unmapped).toMatchObject({ status: 'fail', controls: [], unmapped: true });
    expect(mapped.errors).toBe(2);
  });

  it('shows the controls, or "unmapped", in every report format', () => {
    const text = renderReport(mapped, 'text');
    expect(text).toMatch(/CT\.S3\.PR\.10[^\n]*\n[^\n]*\n\s+controls: [^\n]*NIST SC-28/);
    expect(text).toMatch(/CT\.FUTURE\.PR\.1[^\n]*\n[^\n]*\n\s+controls: unmapped/);
    const md = renderReport(mapped, 'markdown');
    expect(md).toMatch(/\| CT\.S3\.PR\.10 \|[^\n]*nist:SC-28/);
    expect(md).toMatch(/\| CT\.FUTURE\.PR\.1 \|[^\n]*\| unmapped \|/);
    const json = JSON.parse(renderReport(mapped, 'json'));
    expect(json.findings.find((x: { ruleId: string }) => x.ruleId === 'CT.S3.PR.10').controls).toContainEqual({ framework: 'nist', control: 'SC-28' });
    const sarif = JSON.parse(renderReport(mapped, 'sarif'));
    const rules = sarif.runs[0].tool.driver.rules as { id: string; properties: { tags: string[] } }[];
    expect(rules.find((r) => r.id === 'CT.S3.PR.10')?.properties.tags).toContain('nist:SC-28');
    expect(rules.find((r) => r.id === 'CT.FUTURE.PR.1')?.properties.tags).toContain('unmapped');
    const junit = renderReport(mapped, 'junit');
    expect(junit).toMatch(/name="SC-28 [^"]*">\s*<failure[^>]*>[^<]*CT\.S3\.PR\.10/);
    expect(junit).toMatch(/<testsuite name="Unmapped findings" tests="1" failures="1"[^>]*>\s*<testcase classname="haven.unmapped" name="CT\.FUTURE\.PR\.1@App\/Other">/);
    const html = renderReport(mapped, 'html');
    expect(html).toContain('"unmapped":true');
    expect(html).toContain("f.unmapped ? 'unmapped'");
  });

  it('a run of cfn-guard with no findings passes the controls it evidences; without it they stay not applicable', () => {
    const clean = check([]);
    const sc28 = clean.controls.find((c) => c.framework === 'nist' && c.id === 'SC-28')!;
    expect(sc28.status).toBe('met');
    expect(sc28.rationale).toMatch(/Control Tower proactive control/);
    const without = runCheck({ context: ctx([stack(BASELINE)], {}, ['nist']), date: '2026-11-23', rules: [] });
    expect(without.controls.find((c) => c.id === 'SC-28')?.status).toBe('not_applicable');
  });
});

describe('reading Control Tower ids from the validation report', () => {
  it('keeps hyphenated service names (CT.NETWORK-FIREWALL.PR.1) whole', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-ct-'));
    fs.writeFileSync(path.join(dir, 'validation-report.json'), JSON.stringify({ pluginReports: [{ pluginName: 'cdk-validator-cfnguard', violations: [
      { ruleName: 'netfw_policy_rule_group_associated', description: '[CT.NETWORK-FIREWALL.PR.1]: Require any AWS Network Firewall firewall policy to have an associated rule group', severity: 'error', violatingConstructs: [{ constructPath: 'Net/Policy' }] },
    ] }] }));
    const [f] = readValidationReport(dir, new Map());
    expect(f.ruleId).toBe('CT.NETWORK-FIREWALL.PR.1');
    expect(controlTowerControlsFor(f.ruleId, ['nist'])).toContainEqual({ framework: 'nist', control: 'SC-7' });
  });
});

describe('built-in acknowledgements of Control Tower findings', () => {
  const ev = (logicalId: string, resourceType: string) => ({ stack: 'App', logicalId, resourceType, resource: logicalId, property: 'Properties', value: null });
  const one = (ruleId: string, logicalId: string, resourceType: string) =>
    runCheck({ context: ctx([stack(BASELINE)], {}, ['nist']), external: [{ ...guardFinding(ruleId, logicalId), evidence: ev(logicalId, resourceType) }], externalSources: GUARD, date: '2026-11-23', rules: [] }).findings[0];

  it('cover Haven\'s design choices, as the matching cdk-nag findings are', () => {
    expect(one('CT.LAMBDA.PR.3', 'CustomVpcRestrictDefaultSGCustomResourceProviderHandlerDC833E5E', 'AWS::Lambda::Function').acknowledgement).toMatchObject({ builtin: true });
    expect(one('CT.S3.PR.10', 'BucketlogsBucket1A2B3C4D', 'AWS::S3::Bucket').acknowledgement).toMatchObject({ builtin: true });
  });

  it('not the same rule on the platform\'s own resources', () => {
    expect(one('CT.LAMBDA.PR.3', 'Functionevent01Function1A2B3C4D', 'AWS::Lambda::Function').status).toBe('fail');
    expect(one('CT.S3.PR.10', 'BucketcustomerdataBucket1A2B3C4D', 'AWS::S3::Bucket').status).toBe('fail');
    // Met now, so no longer acknowledged: blue/green test listeners serve HTTPS, rollback alarms notify the topic.
    expect(one('CT.ELASTICLOADBALANCING.PR.1', 'TestListenerAA150572', 'AWS::ElasticLoadBalancingV2::Listener').status).toBe('fail');
    expect(one('CT.CLOUDWATCH.PR.1', 'BlueGreenTarget5xx08A5110FF', 'AWS::CloudWatch::Alarm').status).toBe('fail');
  });
});
