import { describe, expect, it } from 'vitest';
import { awsFactRows, listedAwsFacts, renderAwsFacts, replaceAwsFacts, AWS_FACTS_END, AWS_FACTS_START } from '../../src/docs/aws-facts';
import type { AcknowledgementUse, CheckReport } from '../../src/compliance/types';

const use = (rules: string[], reason: string, docs: string | undefined, findings: number, builtin = true): AcknowledgementUse => ({
  rules, reason, docs, builtin, owner: builtin ? 'haven' : 'security-team', findings: Array.from({ length: findings }, (_, i) => `${rules[0]}#${i}`),
});
const report = (environment: string, acknowledgements: AcknowledgementUse[], findings: object[] = []) => ({ environment, acknowledgements, findings }) as unknown as CheckReport;

describe('AWS facts of a traceability file', () => {
  const reports = [
    report('production', [use(['HIPAA.Security-S3DefaultEncryptionKMS'], 'ALB logs need SSE-S3 | only', 'https://docs/alb', 2), use(['X-SPEC'], 'spec choice', undefined, 1, false)]),
    report('staging', [use(['CT.S3.PR.10', 'HIPAA.Security-S3DefaultEncryptionKMS'], 'ALB logs need SSE-S3 | only', 'https://docs/alb', 1), use(['AwsSolutions-IAM5'], 'xray needs *', 'https://docs/xray', 4)], [
      { ruleId: 'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', status: 'fail', severity: 'error' },
      { ruleId: 'HAVEN-X', status: 'fail', severity: 'warning' },
    ]),
  ];

  it('merges the acknowledgements of every environment by fact, Haven\'s built-in ones before the spec\'s own choices', () => {
    expect(awsFactRows(reports)).toEqual([
      { source: 'builtin', rules: ['AwsSolutions-IAM5'], environments: ['staging'], findings: 4, reason: 'xray needs *', docs: 'https://docs/xray' },
      { source: 'builtin', rules: ['CT.S3.PR.10', 'HIPAA.Security-S3DefaultEncryptionKMS'], environments: ['production', 'staging'], findings: 3, reason: 'ALB logs need SSE-S3 | only', docs: 'https://docs/alb' },
      { source: 'security-team', rules: ['X-SPEC'], environments: ['production'], findings: 1, reason: 'spec choice', docs: undefined },
      { source: 'open', rules: ['HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup'], environments: ['staging'], findings: 1, reason: expect.stringContaining('outside this example'), docs: undefined },
    ]);
  });

  it('renders a section that reads back as the rules and documentation it lists', () => {
    const section = renderAwsFacts(awsFactRows(reports), 'npm run trace:facts');
    expect(section.startsWith(AWS_FACTS_START) && section.endsWith(AWS_FACTS_END)).toBe(true);
    expect(listedAwsFacts(section)).toEqual([
      { rule: 'AwsSolutions-IAM5', docs: 'https://docs/xray', builtin: true },
      { rule: 'CT.S3.PR.10', docs: 'https://docs/alb', builtin: true },
      { rule: 'HIPAA.Security-S3DefaultEncryptionKMS', docs: 'https://docs/alb', builtin: true },
      { rule: 'X-SPEC', docs: '—', builtin: false },
      { rule: 'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', docs: '—', builtin: false },
    ]);
    expect(section).toContain('| spec (security-team) |');
    expect(renderAwsFacts([], 'x')).toContain('None: every rule is met on its own.');
  });

  it('replaces an existing section in place and appends one where there is none', () => {
    const first = replaceAwsFacts('# Example\n\n| a | b |\n', renderAwsFacts([], 'x'));
    expect(first).toBe(`# Example\n\n| a | b |\n\n${renderAwsFacts([], 'x')}\n`);
    const again = replaceAwsFacts(`${first}\nafter\n`, renderAwsFacts(awsFactRows(reports), 'x'));
    expect(again.split(AWS_FACTS_START)).toHaveLength(2);
    expect(again).toContain('AwsSolutions-IAM5');
    expect(again).not.toContain('None: every rule');
    expect(again.endsWith('\nafter\n')).toBe(true);
    expect(listedAwsFacts('# no section')).toEqual([]);
  });
});
