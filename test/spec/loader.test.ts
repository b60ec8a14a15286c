import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { loadSpec, parseSpec } from '../../src/spec/loader';
import { SpecError, type SpecIssue } from '../../src/spec/errors';
import { EXAMPLES, MINIMAL_SPEC } from '../helpers';

const berthcare = fs.readFileSync(path.join(EXAMPLES, 'berthcare.yaml'), 'utf8');

function issuesOf(text: string): SpecIssue[] {
  try {
    parseSpec(text, 'spec.yaml', { specDirectory: EXAMPLES });
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
  throw new Error('expected the spec to be rejected');
}

/** Line (1-based) of the first line containing `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`fixture lacks ${needle}`);
  return index + 1;
}

const minimal = MINIMAL_SPEC;

describe('spec loader', () => {
  it('loads the BerthCare example with both environments resolved', () => {
    const loaded = loadSpec(path.join(EXAMPLES, 'berthcare.yaml'));
    expect(Object.keys(loaded.plans)).toEqual(['staging', 'production']);
    expect(loaded.plans.staging.databases?.postgres.instanceClass).toBe('db.t4g.medium');
    // The production override replaces only what it states.
    expect(loaded.plans.production.databases?.postgres.instanceClass).toBe('db.r6g.large');
    expect(loaded.plans.production.databases?.postgres.databaseName).toBe('berthcare');
    expect(loaded.plans.production.network.cidr).toBe('10.10.0.0/16');
    expect(loaded.plans.production.defaults.deletionProtection).toBe(true);
  });

  it('applies tier defaults only where the spec is silent', () => {
    const loaded = parseSpec(minimal, 'spec.yaml');
    expect(loaded.plans.dev.defaults.multiAz).toBe(false);
    expect(loaded.plans.dev.defaults.natGateways).toBe('single');
  });

  it('reports an unknown key at the key itself with its dotted path', () => {
    const text = berthcare.replace('    multiAz: true\n    backupRetentionDays', '    multiAZ: true\n    backupRetentionDays');
    const [issue] = issuesOf(text);
    expect(issue.path).toBe('databases.postgres.multiAZ');
    expect(issue.line).toBe(lineOf(text, 'multiAZ'));
    expect(issue.col).toBe(5);
    expect(issue.message).toMatch(/unknown key/);
  });

  it('rejects an unknown key in the compliance section (a typo there must never be ignored)', () => {
    const text = minimal.replace('  frameworks: [hipaa]', '  frameworks: [hipaa]\n  acknowlege: []');
    const [issue] = issuesOf(text);
    expect(issue.path).toBe('compliance.acknowlege');
    expect(issue.line).toBe(5);
  });

  it('reports a wrong type with what was expected and what was found', () => {
    const text = minimal.replace('  cidr: 10.0.0.0/16', '  cidr: 10.0.0.0/16\n  azs: two');
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({ path: 'network.azs', line: 9, col: 8 });
    expect(issue.message).toBe('expected a number, got string "two"');
  });

  it('rejects a malformed CIDR and an unknown region, both reported at once', () => {
    const text = minimal.replace('10.0.0.0/16', '10.0.0.1/16').replace('us-east-1', 'us-east-9');
    const issues = issuesOf(text);
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['regions.primary', 6],
      ['network.cidr', 8],
    ]);
    expect(issues[0].message).toContain('unknown AWS region "us-east-9"');
    expect(issues[1].message).toContain('expected an IPv4 CIDR block');
  });

  it('names missing required sections', () => {
    const issues = issuesOf('project:\n  name: demo\n');
    expect(issues.map((i) => i.path).sort()).toEqual(['compliance', 'environments', 'network', 'regions']);
    expect(issues[0].message).toMatch(/required key is missing/);
  });

  it('reports YAML syntax errors with their position', () => {
    const [issue] = issuesOf('project:\n  name: demo\n  owner: [unclosed\n');
    expect(issue.message).toMatch(/^YAML syntax/);
    expect(issue.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects an empty file', () => {
    expect(issuesOf('  \n')[0].message).toMatch(/empty/);
  });

  it('stops an alias bomb quickly instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const [issue] = issuesOf(lines.join('\n'));
    expect(issue.message).toMatch(/alias/i);
  });

  it('rejects duplicate keys (a second environment with the same name)', () => {
    const [issue] = issuesOf(`${minimal}  dev:\n    tier: production\n`);
    expect(issue.message).toMatch(/unique|duplicate/i);
  });

  it('reports a missing file without a position', () => {
    expect(() => loadSpec('/nonexistent/haven.yaml')).toThrowError(/no such file/);
  });

  describe('cross-field rules', () => {
    it('rejects RDS backup retention beyond the 35-day engine limit, pointing at the environment override', () => {
      const text = berthcare.replace('        backupRetentionDays: 35', '        backupRetentionDays: 40');
      const [issue] = issuesOf(text);
      expect(issue.path).toBe('environments.production.databases.postgres.backupRetentionDays');
      expect(issue.line).toBe(lineOf(text, 'backupRetentionDays: 40'));
      expect(issue.message).toMatch(/0-35 days.*AWS Backup/);
    });

    it('points at the shared section when the value is not overridden, reported once', () => {
      const text = berthcare.replace('    backupRetentionDays: 7 ', '    backupRetentionDays: 36 ');
      const issues = issuesOf(text);
      expect(issues).toHaveLength(1);
      expect(issues[0].path).toBe('databases.postgres.backupRetentionDays');
      expect(issues[0].line).toBe(lineOf(text, 'backupRetentionDays: 36'));
      expect(issues[0].message).toMatch(/0-35 days.*AWS Backup/);
    });

    it('rejects subnets outside the VPC and overlapping subnets', () => {
      const text = minimal.replace('  cidr: 10.0.0.0/16', '  cidr: 10.0.0.0/16\n  azs: 2\n  subnets:\n    public: [10.0.0.0/24, 10.1.0.0/24]\n    data: [10.0.0.128/25, 10.0.10.0/24]');
      const issues = issuesOf(text);
      expect(issues.map((i) => i.path)).toEqual(['network.subnets.public[1]', 'network.subnets.data[0]']);
      expect(issues[0].message).toMatch(/outside the VPC CIDR/);
      expect(issues[1].message).toMatch(/overlaps 10.0.0.0\/24/);
    });

    it('rejects a DR CIDR that overlaps the primary', () => {
      const text = minimal.replace('  primary: us-east-1', '  primary: us-east-1\n  dr: us-west-2').replace('  cidr: 10.0.0.0/16', '  cidr: 10.0.0.0/16\n  drCidr: 10.0.128.0/17');
      const [issue] = issuesOf(text);
      expect(issue.path).toBe('network.drCidr');
    });

    it('rejects a log retention CloudWatch cannot hold', () => {
      const text = minimal.replace('  cidr: 10.0.0.0/16', '  cidr: 10.0.0.0/16\n  flowLogs:\n    retentionDays: 100');
      const [issue] = issuesOf(text);
      expect(issue).toMatchObject({ path: 'network.flowLogs.retentionDays', line: 10 });
      expect(issue.message).toMatch(/nearest above: 120/);
    });

    it('rejects S3 transitions out of order', () => {
      const text = `${minimal}buckets:\n  data:\n    transitions:\n      - { storageClass: DEEP_ARCHIVE, afterDays: 400 }\n      - { storageClass: GLACIER, afterDays: 365 }\n`;
      const [issue] = issuesOf(text);
      expect(issue.path).toBe('buckets.data.transitions[1].afterDays');
    });
  });
});
