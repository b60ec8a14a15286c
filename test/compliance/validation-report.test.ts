import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { readValidationReport } from '../../src/compliance';

const located = (logicalId: string, resourceType: string, resource = logicalId) => ({ evidence: { stack: 'Data', logicalId, resourceType, resource, property: 'Properties', value: null } });

describe('reading the assembly validation report', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-vr-'));
  fs.writeFileSync(path.join(dir, 'validation-report.json'), JSON.stringify({
    version: '55.0.0',
    pluginReports: [
      { pluginName: 'HIPAA.Security', violations: [{ ruleName: 'HIPAA.Security-S3DefaultEncryptionKMS', description: 'The S3 Bucket is not encrypted with a KMS Key by default - (Control IDs: 164.312(a)(2)(iv), 164.312(e)(2)(ii)).', severity: 'error', violatingConstructs: [{ constructPath: 'Data/Records' }] }] },
      { pluginName: 'AwsSolutions', violations: [{ ruleName: 'AwsSolutions-IAM5[Action::*]', description: 'The IAM entity contains wildcard permissions.', severity: 'warning', violatingConstructs: [{ constructPath: 'Data/Role/DefaultPolicy/Resource' }] }] },
      { pluginName: 'cdk-validator-cfnguard', violations: [{ ruleName: 'iam_inline_policy_no_statements_with_admin_access_check', description: '[CT.IAM.PR.1]: Require that an IAM inline policy does not have a statement that includes "*"', severity: 'error', violatingConstructs: [{ constructPath: 'Data/Role/DefaultPolicy/Resource' }] }] },
      { pluginName: 'CloudFormation Validate', violations: [{ ruleName: 'E3719', description: 'BackupRetentionPeriod: 40 exceeds maximum 35', severity: 'warning', violatingConstructs: [{ constructPath: 'Data/Main/Resource' }] }] },
    ],
  }));
  const index = new Map([
    ['Data/Records', located('Records', 'AWS::S3::Bucket', 'buckets.records')],
    ['Data/Role/DefaultPolicy/Resource', located('RoleDefaultPolicy', 'AWS::IAM::Policy')],
  ]);
  const found = readValidationReport(dir, index);

  it('locates each violation in its template and keeps the pack\'s cited controls', () => {
    expect(found[0]).toMatchObject({ ruleId: 'HIPAA.Security-S3DefaultEncryptionKMS', source: 'cdk-nag', severity: 'error', framework: 'hipaa', citedControls: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'], evidence: { logicalId: 'Records', resource: 'buckets.records' } });
    expect(found[1]).toMatchObject({ ruleId: 'AwsSolutions-IAM5[Action::*]', severity: 'warning', evidence: { logicalId: 'RoleDefaultPolicy' } });
    expect(found[1].framework).toBeUndefined();
  });

  it('names Control Tower findings by their control id and ignores CDK\'s own template validation', () => {
    expect(found[2]).toMatchObject({ ruleId: 'CT.IAM.PR.1', source: 'cfn-guard' });
    expect(found).toHaveLength(3);
  });

  it('returns nothing when the assembly has no report', () => {
    expect(readValidationReport(fs.mkdtempSync(path.join(os.tmpdir(), 'haven-vr-empty-')), index)).toEqual([]);
  });
});
