import { describe, expect, it } from 'vitest';
import { awsFactRows, listedAwsFacts, renderAwsFacts, replaceAwsFacts, AWS_FACTS_END, AWS_FACTS_START } from '../../src/docs/aws-facts';
import type { AcknowledgementUse, CheckReport } from '../../src/compliance/types';

const use = (rules: string[], reason: string, docs: string | undefined, findings: number, builtin = true): AcknowledgementUse => ({
  rules, reason, docs, builtin, owner: builtin ? 'haven' : 'security-team', findings: Array.from({ length: findings }, (_, i) => `${rules[0]}#${i}`),
});
const report = (environment: string, acknowledgements: AcknowledgementUse[]) => ({ environment, acknowledgements }) as unknown as CheckReport;

describe('AWS facts of a traceability file', () => {
  const reports = [
    report('production', [use(['HIPAA.Security-S3DefaultEncryptionKMS'], 'ALB logs need SSE-S3 | only', 'https://docs/alb', 2), use(['X-SPEC'], 'spec choice', undefined, 1, false)]),
    report('staging', [use(['CT.S3.PR.10', 'HIPAA.Security-S3DefaultEncryptionKMS'], 'ALB logs need SSE-S3 | only', 'https://docs/alb', 1), use(['AwsSolutions-IAM5'], 'xray needs *', 'https://docs/xray', 4)]),
  ];

  it('merges the built-in acknowledgements of every environment by fact, leaving the spec\'s own out', () => {
    expect(awsFactRows(reports)).toEqual([
      { rules: ['AwsSolutions-IAM5'], environments: ['staging'], findings: 4, reason: 'xray needs *', docs: 'https://docs/xray' },
      { rules: ['CT.S3.PR.10', 'HIPAA.Security-S3DefaultEncryptionKMS'], environments: ['production', 'staging'], findings: 3, reason: 'ALB logs need SSE-S3 | only', docs: 'https://docs/alb' },
    ]);
  });

  it('renders a section that reads back as the rules and documentation it lists', () => {
    const section = renderAwsFacts(awsFactRows(reports), 'npm run trace:facts');
    expect(section.startsWith(AWS_FACTS_START) && section.endsWith(AWS_FACTS_END)).toBe(true);
    expect(listedAwsFacts(section)).toEqual([
      { rule: 'AwsSolutions-IAM5', docs: 'https://docs/xray' },
      { rule: 'CT.S3.PR.10', docs: 'https://docs/alb' },
      { rule: 'HIPAA.Security-S3DefaultEncryptionKMS', docs: 'https://docs/alb' },
    ]);
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
