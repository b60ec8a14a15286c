import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { copyExampleFiles, EXAMPLES } from '../helpers';

/**
 * Specs with a DR region that validate must go through the other commands: `check` through main(), the way a user
 * runs it (exit 0 passed, 1 findings, 2 spec error, never 70).
 */
const DATE = '2026-12-02';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--date', DATE, ...argv], { out: (s) => out.push(s), err: (s) => err.push(s) }, () => new Date(`${DATE}T12:00:00Z`));
  return { code, out: out.join(''), err: err.join('') };
}

function copyExample(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-dr-env-'));
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  const edited = edit(text);
  expect(edited, 'the edit applies').not.toBe(text);
  fs.writeFileSync(path.join(dir, file), edited);
  copyExampleFiles(dir);
  return path.join(dir, file);
}

/** TechCorp (pilot light, ECS services in DR) cut to two services, which also use the non-replicated `backups` bucket. */
const techcorpWithBackups = (t: string) => t
  .replace(/names: \[api, auth[^\]]*\]/s, 'names: [api, auth]')
  .replace('connects: [main, customer-data, ml-models]', 'connects: [main, customer-data, ml-models, backups]')
  .replace('    name: techcorp-backups\n', '    name: techcorp-backups\n    replicate: false\n');

interface Finding { readonly ruleId: string; readonly message: string }

describe('a staging environment with a DR region', () => {
  it('check: its default backup plan copies to the DR region (HAVEN-DR-OBJECTIVES passes)', async () => {
    const spec = copyExample('berthcare.yaml', (t) => t.replace('  staging:\n    tier: staging\n', [
      '  staging:', '    tier: staging', '    regions:', '      dr: us-east-1', '    network:', '      cidr: 10.20.0.0/16', '      drCidr: 10.21.0.0/16',
      '    dr:', '      strategy: backup-restore', '      crossBorder:', '        reason: staging recovery copies kept in us-east-1',
      '        approvedBy: privacy@berthcare.ca', '        expires: 2027-11-30', '',
    ].join('\n')));
    const r = await run('check', spec, '--env', 'staging', '--no-nag', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as { findings: Finding[] };
    expect(report.findings.filter((f) => f.ruleId === 'HAVEN-DR-OBJECTIVES')).toEqual([]);
  }, 120_000);
});

describe('a standby service that connects to a bucket not replicated to the DR region', () => {
  it('validate and synth exit 0: the DR copy of the service has the replicated buckets, not the one gone with the primary region', async () => {
    const spec = copyExample('techcorp.yaml', techcorpWithBackups);
    const v = await run('validate', spec);
    expect(v.code, v.err).toBe(0);
    // Said once per connects entry and environment, located at the entry.
    expect(v.err).toMatch(/techcorp\.yaml:\d+:\d+ services\.micro\.connects\[3\]: services api, auth connect to bucket backups, which is not replicated to us-west-2 \(buckets\.backups\.replicate\)/);
    expect(v.err.match(/to bucket backups/g)).toHaveLength(2);
    const out = path.join(path.dirname(spec), 'out');
    const r = await run('synth', spec, '--env', 'production', '--out', out);
    expect(r.code, r.err).toBe(0);
    const read = (stack: string) => fs.readFileSync(path.join(out, `${stack}.template.json`), 'utf8');
    const primary = read('techcorp-production-us-east-1');
    const dr = JSON.parse(read('techcorp-production-us-west-2')) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    // Control: the primary service does get the bucket.
    expect(primary).toContain('techcorp-backups');
    expect(JSON.stringify(dr)).not.toContain('techcorp-backups');
    const policies = Object.values(dr.Resources).filter((x) => (x.Type === 'AWS::IAM::Policy' || x.Type === 'AWS::IAM::ManagedPolicy')).map((x) => JSON.stringify(x.Properties));
    const replica = Object.entries(dr.Resources).find(([, x]) => x.Type === 'AWS::S3::Bucket' && x.Properties?.BucketName === 'techcorp-customer-data-us-west-2')?.[0];
    expect(replica, 'the replica of customer-data').toBeDefined();
    expect(policies.some((p) => p.includes(replica!) && /ServicesApi/.test(p)), 'the standby api may use the replica').toBe(true);
  }, 180_000);
});
