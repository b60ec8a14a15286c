import { describe, expect, it } from 'vitest';
import { parseGuardOutput } from '../../src/compliance';

const CT3 = '\n        [CT.CLOUDWATCH.PR.3]: Require an Amazon CloudWatch log group to be encrypted at rest with an AWS KMS key\n        [FIX]: Set \'KmsKeyId\' to the ARN of an AWS KMS customer managed key.\n        ';

/** The shape the bundled guard prints for rules that call named sub-rules (the validator's own parser throws on it). */
const NESTED = [{
  name: '/out/App.template.json',
  not_compliant: [{
    Rule: {
      name: 'cloudwatch_log_group_encrypted_check', messages: { custom_message: null },
      checks: [
        { Rule: { name: 'check', messages: { custom_message: CT3 }, checks: [
          { Clause: { Unary: { check: { UnResolved: { value: { traversed_to: { path: '/Resources/Logs/Properties', value: { RetentionInDays: 30, path: '/Resources/NotAResource' } }, remaining_query: 'KmsKeyId' } } }, messages: { custom_message: '' } } } },
        ] } },
        // A helper sub-rule with its own message still reports on the rule's control.
        { Rule: { name: 'local_ref', messages: { custom_message: 'Local Stack reference was invalid' }, checks: [
          { Clause: { Binary: { check: { Resolved: { from: { path: '/Resources/Other/Properties/KmsKeyId', value: 'x' }, to: { path: '', value: 'y' } } } } } },
        ] } },
      ],
    },
  }],
}];

/** The flat shape older guard versions print (and the validator expects). */
const FLAT = [{
  name: '/out/Data.template.json',
  not_compliant: [{
    name: 's3_bucket_default_encryption_kms_check',
    checks: [{ traversed: { to: { path: '/Resources/Records/Properties/BucketEncryption' } }, messages: { custom_message: '[CT.S3.PR.10]: Require an Amazon S3 bucket to have server-side encryption configured using an AWS KMS key' } }],
  }],
  compliant: ['s3_bucket_versioning_enabled_check'],
}];

describe('reading cfn-guard output', () => {
  it('finds the failing resources in nested Rule/Clause output, under the control the rule states', () => {
    expect(parseGuardOutput(NESTED)).toEqual([{
      controlId: 'CT.CLOUDWATCH.PR.3', ruleName: 'cloudwatch_log_group_encrypted_check',
      description: '[CT.CLOUDWATCH.PR.3]: Require an Amazon CloudWatch log group to be encrypted at rest with an AWS KMS key',
      fix: 'Set \'KmsKeyId\' to the ARN of an AWS KMS customer managed key.', templatePath: '/out/App.template.json', logicalIds: ['Logs', 'Other'],
    }]);
  });

  it('reads the flat shape too, and ignores compliant rules', () => {
    const [v, ...rest] = parseGuardOutput(FLAT);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ controlId: 'CT.S3.PR.10', templatePath: '/out/Data.template.json', logicalIds: ['Records'] });
  });

  it('returns nothing for a clean run', () => {
    expect(parseGuardOutput([{ name: 'x', not_compliant: [], compliant: ['a'] }])).toEqual([]);
    expect(parseGuardOutput({})).toEqual([]);
  });
});
