import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { generateDocs } from '../../src/docs/generate';
import { extractAlarms } from '../../src/docs/extract';
import type { DocsInput } from '../../src/docs/types';
import { berthcareDocsInput } from './fixtures';

const GOLDEN = path.join(__dirname, 'golden');
let input: DocsInput;
let files: Map<string, string>;

beforeAll(() => {
  input = berthcareDocsInput();
  files = generateDocs(input);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.rmSync(GOLDEN, { recursive: true, force: true });
    fs.mkdirSync(GOLDEN, { recursive: true });
    for (const [name, content] of files) fs.writeFileSync(path.join(GOLDEN, name), content);
  }
});

describe('generateDocs golden files (regenerate with UPDATE_GOLDEN=1)', () => {
  it('produces exactly the golden file set', () => {
    expect([...files.keys()].sort()).toEqual(fs.readdirSync(GOLDEN).sort());
  });
  it.each(fs.existsSync(GOLDEN) ? fs.readdirSync(GOLDEN).sort() : [])('%s matches its golden copy', (name) => {
    expect(files.get(name)).toBe(fs.readFileSync(path.join(GOLDEN, name), 'utf8'));
  });
});

describe('generateDocs content', () => {
  it('documents every alarm with its threshold', () => {
    const monitoring = files.get('monitoring.md') as string;
    const alarms = extractAlarms(input.stacks);
    expect(alarms.length).toBe(6);
    for (const a of alarms) expect(monitoring).toContain(`| ${a.name} |`);
    expect(monitoring).toContain('> 80');
    expect(monitoring).toContain('< 10 GiB');
    expect(monitoring).toContain('3 of 5');
  });

  it('has the architecture diagram twice: Mermaid in Markdown and an SVG file', () => {
    const arch = files.get('architecture.md') as string;
    expect(arch).toContain('```mermaid\nflowchart LR');
    expect(arch).toContain('![staging architecture](architecture-staging.svg)');
    expect(arch).toMatch(/r0_RDS -\. replication \.-> r1_RDS/);
    const svg = files.get('architecture-staging.svg') as string;
    expect(svg).toMatch(/^<\?xml[^]*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('ca-central-1 (primary)');
    expect(svg).toContain('us-east-1 (secondary)');
    expect(svg).not.toMatch(/<script|<image|href="http/);
  });

  it('covers backup/DR, cost, verification outputs and runbooks', () => {
    expect(files.get('backup-dr.md')).toContain('| staging | 15 minutes | 4 hours |');
    expect(files.get('cost.md')).toContain('## Budget');
    const verification = files.get('verification.md') as string;
    expect(verification).toContain('`berthcare-staging-postgres.xxxxx.ca-central-1.rds.amazonaws.com`');
    expect(verification).toContain('| `ReplicaEndpoint` | DR read replica endpoint | ________ |');
    const runbook = files.get('runbook.md') as string;
    expect(runbook).toMatch(/## Failover[^]*promote-read-replica[^]*## Failback/);
    expect(files.get('README.md')).toContain('| staging | staging | ca-central-1, us-east-1 |');
  });

  it('reports security gaps as findings (negative case)', () => {
    const weak: DocsInput = {
      ...input,
      environments: [{ name: 'dev', tier: 'development', regions: ['us-east-1'] }],
      stacks: [{ name: 'weak', region: 'us-east-1', environment: 'dev', template: { Resources: {
        Db: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.t3.micro', PubliclyAccessible: true } },
        Key: { Type: 'AWS::KMS::Key', Properties: {} },
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      } } }],
      cost: undefined, recovery: undefined, compliance: undefined,
    };
    const sec = generateDocs(weak).get('security.md') as string;
    expect(sec).toContain('- RDS Db is not encrypted at rest');
    expect(sec).toContain('- RDS Db is publicly accessible');
    expect(sec).toContain('- KMS key Key has no automatic rotation');
    expect(sec).toContain('- S3 Bucket has no public access block');
    expect(sec).toContain('| CloudTrail audit trail | **no** |');
    expect(generateDocs(weak).get('backup-dr.md')).toContain('| dev | not stated | not stated |');
  });

  it('asks for Amazon Inspector ECR activation only when the platform configures enhanced registry scanning', () => {
    expect(files.get('verification.md')).not.toContain('inspector2');
    const withScanning: DocsInput = {
      ...input,
      stacks: input.stacks.map((st, i) => (i === 0 ? { ...st, template: { ...st.template, Resources: { ...st.template.Resources, Scanning: { Type: 'AWS::ECR::RegistryScanningConfiguration', Properties: { ScanType: 'ENHANCED' } } } } } : st)),
    };
    const verification = generateDocs(withScanning).get('verification.md') as string;
    expect(verification).toContain('- [ ] Amazon Inspector ECR scanning is activated');
    expect(verification).toContain('`aws inspector2 enable --resource-types ECR`');
  });
});
