import * as fs from 'fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ACKNOWLEDGEMENTS, CATALOGS, HAVEN_RULES, NAG_PACKS_BY_FRAMEWORK, nagPacksFor } from '../../src/compliance';
import { controlTowerControl } from '../../src/compliance/catalogs';
import { FRAMEWORKS } from '../../src/spec/sections/compliance';

/**
 * Pins which rules each framework runs. A change here changes what "compliant" means for every Haven user,
 * so it must be deliberate: update the list in the same commit as the catalog and say why.
 */
const HAVEN = (...ids: string[]) => ids.map((i) => `HAVEN-${i}`);
const EXPECTED: Record<string, { pack: string; rules: string[] }> = {
  hipaa: { pack: 'HIPAA.Security', rules: HAVEN('ALARM-COVERAGE', 'AUDIT-SERVICES', 'BACKUP-COVERAGE', 'BACKUP-RETENTION', 'CACHE-TLS', 'DB-TLS', 'DELETION-PROTECTION', 'DR-OBJECTIVES', 'ENCRYPTION-AT-REST', 'IAM-NO-WILDCARD', 'LISTENER-TLS', 'LOG-RETENTION', 'PGAUDIT', 'S3-TLS', 'SECRET-ROTATION') },
  pipeda: { pack: 'AwsSolutions', rules: ['AwsSolutions-EC23', 'AwsSolutions-S2', ...HAVEN('ALARM-COVERAGE', 'AUDIT-SERVICES', 'BACKUP-COVERAGE', 'BACKUP-RETENTION', 'CACHE-TLS', 'DB-TLS', 'DELETION-PROTECTION', 'DR-OBJECTIVES', 'ENCRYPTION-AT-REST', 'IAM-NO-WILDCARD', 'LISTENER-TLS', 'LOG-RETENTION', 'PGAUDIT', 'RESIDENCY', 'S3-TLS', 'SECRET-ROTATION')] },
  gdpr: { pack: 'AwsSolutions', rules: ['AwsSolutions-EC23', 'AwsSolutions-S2', ...HAVEN('ALARM-COVERAGE', 'AUDIT-SERVICES', 'BACKUP-COVERAGE', 'BACKUP-RETENTION', 'CACHE-TLS', 'DB-TLS', 'DELETION-PROTECTION', 'DR-OBJECTIVES', 'ENCRYPTION-AT-REST', 'IAM-NO-WILDCARD', 'LISTENER-TLS', 'LOG-RETENTION', 'PGAUDIT', 'RESIDENCY', 'S3-TLS', 'SECRET-ROTATION')] },
  soc2: { pack: 'AwsSolutions', rules: ['AwsSolutions-EC23', 'AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-S10', 'AwsSolutions-VPC7', ...HAVEN('ALARM-COVERAGE', 'AUDIT-SERVICES', 'BACKUP-COVERAGE', 'BACKUP-RETENTION', 'CACHE-TLS', 'DB-TLS', 'DELETION-PROTECTION', 'DR-OBJECTIVES', 'ENCRYPTION-AT-REST', 'IAM-NO-WILDCARD', 'LISTENER-TLS', 'LOG-RETENTION', 'PGAUDIT', 'S3-TLS', 'SECRET-ROTATION')] },
  pci: { pack: 'PCI.DSS.321', rules: ['AwsSolutions-EC23', ...HAVEN('ALARM-COVERAGE', 'AUDIT-SERVICES', 'BACKUP-COVERAGE', 'BACKUP-RETENTION', 'CACHE-TLS', 'DB-TLS', 'DR-OBJECTIVES', 'ENCRYPTION-AT-REST', 'IAM-NO-WILDCARD', 'LISTENER-TLS', 'LOG-RETENTION', 'PGAUDIT', 'S3-TLS', 'SECRET-ROTATION')] },
  nist: { pack: 'NIST.800.53.R5', rules: HAVEN('ALARM-COVERAGE', 'AUDIT-SERVICES', 'BACKUP-COVERAGE', 'BACKUP-RETENTION', 'CACHE-TLS', 'DB-TLS', 'DELETION-PROTECTION', 'DR-OBJECTIVES', 'ENCRYPTION-AT-REST', 'IAM-NO-WILDCARD', 'LISTENER-TLS', 'LOG-RETENTION', 'PGAUDIT', 'RESIDENCY', 'S3-TLS', 'SECRET-ROTATION') },
  cis: { pack: 'AwsSolutions', rules: ['AwsSolutions-EC23', 'AwsSolutions-EFS1', 'AwsSolutions-IAM5', 'AwsSolutions-RDS2', 'AwsSolutions-S10', 'AwsSolutions-S2', 'AwsSolutions-VPC7', ...HAVEN('ALARM-COVERAGE', 'AUDIT-SERVICES', 'ENCRYPTION-AT-REST', 'IAM-NO-WILDCARD', 'S3-TLS')] },
};

describe('rule inventory per framework', () => {
  for (const f of FRAMEWORKS) {
    it(`${f} runs exactly the pinned pack and rules`, () => {
      const rules = [...new Set(CATALOGS[f].controls.flatMap((c) => c.rules))].sort();
      expect({ pack: NAG_PACKS_BY_FRAMEWORK[f], rules }).toEqual({ pack: EXPECTED[f].pack, rules: [...EXPECTED[f].rules].sort() });
    });
  }

  it('runs each cdk-nag pack once however many frameworks need it', () => {
    expect(nagPacksFor(['soc2', 'gdpr', 'cis', 'pipeda'])).toEqual(['AwsSolutions']);
    expect(nagPacksFor([...FRAMEWORKS])).toEqual(['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321', 'AwsSolutions']);
  });

  it('maps every Haven rule to at least one control, and every catalog rule id exists', () => {
    const catalogRules = new Set(Object.values(CATALOGS).flatMap((c) => c.controls.flatMap((x) => x.rules)));
    for (const r of HAVEN_RULES) expect(catalogRules.has(r.id), r.id).toBe(true);
    const havenIds = new Set(HAVEN_RULES.map((r) => r.id));
    const awsSolutions = fs.readFileSync(require.resolve('cdk-nag/lib/packs/aws-solutions.js'), 'utf8');
    for (const id of catalogRules) {
      if (id.startsWith('HAVEN-')) expect(havenIds.has(id), id).toBe(true);
      else expect(awsSolutions.includes(`ruleSuffixOverride: '${id.replace('AwsSolutions-', '')}'`), id).toBe(true);
    }
  });

  it('built-in acknowledgements name rules that exist', () => {
    const packs: Record<string, string> = { 'HIPAA.Security': 'hipaa-security', 'NIST.800.53.R5': 'nist-800-53-r5', 'PCI.DSS.321': 'pci-dss-321', AwsSolutions: 'aws-solutions' };
    const havenIds = new Set(HAVEN_RULES.map((r) => r.id));
    for (const a of BUILTIN_ACKNOWLEDGEMENTS) {
      if (a.rule.startsWith('HAVEN-')) {
        expect(havenIds.has(a.rule), a.rule).toBe(true);
        continue;
      }
      if (a.rule.startsWith('CT.')) {
        expect(controlTowerControl(a.rule), a.rule).toBeDefined();
        expect(a.reason.length).toBeGreaterThan(40);
        continue;
      }
      const [pack, suffix] = [a.rule.slice(0, a.rule.lastIndexOf('-')), a.rule.slice(a.rule.lastIndexOf('-') + 1)];
      const source = fs.readFileSync(require.resolve(`cdk-nag/lib/packs/${packs[pack]}.js`), 'utf8');
      expect(source.includes(`.${suffix},`) || source.includes(`ruleSuffixOverride: '${suffix}'`), a.rule).toBe(true);
      expect(a.reason.length).toBeGreaterThan(40);
    }
  });

  it('built-in acknowledgements each name the AWS documentation of the fact they rest on', () => {
    for (const a of BUILTIN_ACKNOWLEDGEMENTS) {
      expect(a.docs, `${a.rule}: ${a.reason}`).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/[^\s]+\.html(#[\w-]+)?$/);
    }
  });

  it('keeps control ids unique per framework and labels PIPEDA as Haven\'s interpretation', () => {
    for (const c of Object.values(CATALOGS)) {
      const ids = c.controls.map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(CATALOGS.pipeda.title).toContain('Haven interpretation');
    expect(CATALOGS.pipeda.controls.filter((c) => c.kind === 'technical').every((c) => c.interpretation)).toBe(true);
  });
});
