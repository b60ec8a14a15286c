import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/platform/app';
import { loadSpec } from '../../src/spec/loader';
import { EXAMPLES } from '../helpers';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; description: string; violatingResources: unknown[] }[] }[];
}

/** CDK's built-in CloudFormation schema validation over every bundled example: templates CloudFormation accepts. */
function violationsOf(example: string, breakIt?: (app: App) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cfn-'));
  const previous = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  try {
    const { app } = buildApp(loadSpec(path.join(EXAMPLES, example)), { outdir, validateTemplates: true });
    breakIt?.(app);
    app.synth();
  } finally {
    process.env.CDK_VALIDATION = previous;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName} ${v.description}`))
    // A lint warning, not a schema violation: Haven names its zones on purpose (a dated table, or the spec's
    // network.availabilityZones), so the assembly needs no context lookup (src/platform/availability-zones.ts).
    .filter((v) => !v.includes('W3010 AvailabilityZone'));
}

describe('CloudFormation schema validation of the examples', () => {
  const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
  it.each(examples)('%s synthesizes to templates without schema violations', (example) => {
    expect(violationsOf(example)).toEqual([]);
  });

  it('would catch a template CloudFormation rejects', () => {
    const violations = violationsOf('omnirapeutic.yaml', (app) => {
      const stack = app.node.children.find((c): c is Stack => c instanceof Stack)!;
      const vpc = stack.node.findAll().find((c): c is CfnResource => c instanceof CfnResource && c.cfnResourceType === 'AWS::EC2::VPC')!;
      vpc.addPropertyOverride('CidrBlockTypo', '10.0.0.0/16');
    });
    expect(violations.join('\n')).toMatch(/CidrBlockTypo/);
  });
});
