import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main';

/**
 * What `haven init` writes passes validate and check with no acknowledgement of anything Haven created, for each
 * framework it supports. Check synthesizes (slow): one environment per framework, one full staging + production run.
 */
const DATE = '2026-12-02';

async function run(...argv: string[]) {
  const out: string[] = [];
  const code = await main(['--date', DATE, ...argv], { out: (s) => out.push(s), err: (s) => out.push(s) });
  return { code, out: out.join('\n') };
}

async function initAndCheck(flags: string[], environments: string[]): Promise<Record<string, unknown>> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haven-init-check-')), 'haven.yaml');
  const init = await run('init', '--yes', '--out', file, '--name', 'acme', '--owner', 'ops@acme.example', '--environments', environments.join(','), ...flags);
  expect(init.code, init.out).toBe(0);
  const validate = await run('validate', file);
  expect(validate.code, validate.out).toBe(0);
  for (const env of environments) {
    const check = await run('check', file, '--env', env);
    expect(check.code, `${env}:\n${check.out}`).toBe(0);
    expect(check.out).toContain('PASSED');
  }
  const spec = parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  // Nothing acknowledged: the spec meets the rules.
  expect((spec.compliance as { acknowledge?: unknown }).acknowledge).toBeUndefined();
  return spec;
}

describe('haven init: the written spec passes validate and check', () => {
  // Backup-restore of a PostgreSQL instance under HIPAA or PCI still trips IAMNoInlinePolicy on the DR region's
  // backup-replication custom resource (a platform finding), so those two run pilot light here.
  it('hipaa', async () => {
    await initAndCheck(['--frameworks', 'hipaa', '--strategy', 'pilot-light', '--cache', 'yes'], ['production']);
  });

  it('hipaa + soc2, staging and production, with a domain, public and internal services, warm standby and failover', async () => {
    const spec = await initAndCheck(
      ['--frameworks', 'hipaa,soc2', '--primary', 'us-west-2', '--dr', 'us-east-1', '--strategy', 'warm-standby', '--cache', 'yes', '--bucket', 'documents:phi',
        '--service', 'api:512:1024:public', '--service', 'worker:256:512:internal', '--domain', 'acme.example.com', '--hosted-zone', 'Z0123456789ABC', '--budget', '6000'],
      ['staging', 'production'],
    );
    expect((spec.environments as Record<string, { dr?: unknown }>).production.dr).toBeDefined();
  });

  it('hipaa with a scheduled function (placeholder code, newest Node.js runtime)', async () => {
    const spec = await initAndCheck(['--frameworks', 'hipaa', '--strategy', 'pilot-light', '--function', 'nightly-export:cron(0 3 * * ? *)'], ['production']);
    expect((spec.functions as { definitions: Record<string, unknown> }).definitions['nightly-export']).toMatchObject({ triggers: [{ schedule: 'cron(0 3 * * ? *)' }] });
  });

  it('pipeda (Canadian regions, DR in Canada)', async () => {
    const spec = await initAndCheck(['--frameworks', 'pipeda', '--cache', 'yes'], ['production']);
    expect(spec.regions).toEqual({ primary: 'ca-central-1', dr: 'ca-west-1' });
  });

  it('pipeda with a DR region outside Canada: the dr.crossBorder exception init writes is what the residency rule needs', async () => {
    const spec = await initAndCheck(['--frameworks', 'pipeda', '--dr', 'us-east-1', '--cross-border-reason', 'Recovery copies must survive the loss of both Canadian regions'], ['production']);
    expect((spec.dr as { crossBorder?: { regions: string[] } }).crossBorder?.regions).toEqual(['us-east-1']);
  });

  it('pipeda + soc2, a development environment (protections the tier leaves off are turned on, not acknowledged)', async () => {
    const spec = await initAndCheck(['--frameworks', 'pipeda,soc2', '--cache', 'yes', '--service', 'api:256:512:public', '--domain', 'acme.example.com', '--hosted-zone', 'Z0123456789ABC'], ['dev']);
    expect((spec.environments as Record<string, unknown>).dev).toMatchObject({ tier: 'development', databases: { main: { multiAz: true, deletionProtection: true } } });
  });

  it('gdpr (EU regions, DR in the EU)', async () => {
    const spec = await initAndCheck(['--frameworks', 'gdpr'], ['production']);
    expect(spec.regions).toEqual({ primary: 'eu-west-1', dr: 'eu-central-1' });
  });

  it('pci', async () => {
    await initAndCheck(['--frameworks', 'pci', '--strategy', 'pilot-light'], ['production']);
  });
});
