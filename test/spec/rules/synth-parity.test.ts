import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { rejectionOf as issuesOf } from '../issues';
import { main } from '../../../src/cli/main';
import { parseSpec } from '../../../src/spec/loader';
import { type SpecIssue } from '../../../src/spec/errors';
import { PLACEHOLDER_ACCOUNT as PLATFORM_PLACEHOLDER } from '../../../src/platform/app';
import { PLACEHOLDER_ACCOUNT } from '../../../src/spec/rules/accounts';
import { MINIMAL_SPEC } from '../../helpers';

/** Specs validate accepted and synth then refused (exit 70): each is now a located validation error. */
const base = MINIMAL_SPEC;
/** Adds top-level sections before `environments`. */
const spec = (sections: string, environments = '') => base.replace('environments:\n', `${sections.trimEnd()}\nenvironments:\n`) + environments;


const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** The one issue, at the line holding `needle`. */
function oneAt(text: string, needle: string): SpecIssue {
  const issues = issuesOf(text);
  expect(issues.map((i) => i.message)).toHaveLength(1);
  expect(issues[0].line).toBe(lineOf(text, needle));
  return issues[0];
}

async function validateExit(text: string): Promise<{ code: number; err: string; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-validate-'));
  const file = path.join(dir, 'haven.yaml');
  fs.writeFileSync(file, text);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(['validate', file], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, err: err.join('\n'), out: out.join('\n') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('AWS Backup', () => {
  it('refuses continuous backups kept beyond 35 days', async () => {
    const text = spec('backup:\n  plans:\n    - { name: pitr, continuous: true, retentionDays: 60 }');
    expect(oneAt(text, 'pitr').message).toMatch(/continuous backups are kept at most 35 days, got 60/);
    const run = await validateExit(text);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/haven\.yaml:\d+:\d+ backup\.plans\[0\]\.retentionDays: continuous/);
  });

  it('refuses a retention less than 90 days after the cold-storage move', () => {
    const text = spec('backup:\n  plans:\n    - { name: cold, retentionDays: 100, coldAfterDays: 30 }');
    expect(oneAt(text, 'cold').message).toMatch(/at least 90 days in cold storage.*at least 120, got 100/);
  });

  it('refuses a copy to a DR region that does not exist', () => {
    const text = spec('backup:\n  plans:\n    - { name: daily, retentionDays: 7, copyToDr: true }');
    expect(oneAt(text, 'copyToDr').message).toMatch(/regions\.dr is not set/);
  });

  it('refuses two plans with one name', () => {
    const text = spec('backup:\n  plans:\n    - { name: daily, retentionDays: 7 }\n    - { name: daily, retentionDays: 30 }');
    const issue = oneAt(text, 'retentionDays: 30');
    expect(issue.path).toBe('backup.plans[1].name');
    expect(issue.message).toMatch(/used twice/);
  });

  it('refuses a vault-lock maximum below a plan retention', () => {
    const text = spec('backup:\n  plans:\n    - { name: long, retentionDays: 400 }\n  vaultLock: { minRetentionDays: 7, maxRetentionDays: 365 }');
    expect(oneAt(text, 'maxRetentionDays').message).toMatch(/maximum 365 days is below backup plan long's retention of 400/);
  });

  it('accepts the tier defaults with a lock that fits them', () => {
    expect(() => parseSpec(spec('backup:\n  vaultLock: { minRetentionDays: 7, maxRetentionDays: 365 }'), 'spec.yaml')).not.toThrow();
  });
});

describe('CloudTrail', () => {
  it('refuses a retention that leaves less than 90 days in Glacier', () => {
    const text = spec('security:\n  cloudTrail: { retentionDays: 120, glacierAfterDays: 90 }');
    expect(oneAt(text, 'glacierAfterDays').message).toMatch(/at least 180, got 120/);
  });

  it('refuses data events on a bucket that does not exist, with a suggestion', () => {
    const text = spec('buckets:\n  documents: { dataClass: phi }\nsecurity:\n  cloudTrail:\n    dataEvents: { s3: [documets] }');
    expect(oneAt(text, 'documets').message).toMatch(/^unknown bucket documets; did you mean documents\?/);
  });
});

describe('references', () => {
  const services = 'edge:\n  domain: { name: example.com, hostedZoneId: Z0123456789ABC }\n  alb: {}\nservices:\n  api: { public: true }';

  it('says "did you mean main?" for a secret one typo from a database', () => {
    const text = spec(`databases:\n  main: { version: "16" }\n${services}\n    secrets: { DATABASE_CREDENTIALS: mian }`.replace('  api: { public: true }\n    secrets', '  api:\n    public: true\n    secrets'));
    expect(oneAt(text, 'mian').message).toMatch(/did you mean main\?/);
  });

  it('refuses a client one typo from a service, and only warns for a name far from any', () => {
    const text = spec(`databases:\n  main: { version: "16", clients: [apu] }\n${services}`);
    expect(oneAt(text, 'apu').message).toMatch(/client apu .*did you mean api\?/);
    const loaded = parseSpec(spec(`databases:\n  main: { version: "16", clients: [reporting] }\n${services}`), 'spec.yaml');
    expect(loaded.warnings?.map((w) => w.message)).toEqual([expect.stringMatching(/client reporting .* it is ignored/)]);
  });

  it('refuses a pipeline service that does not exist', () => {
    const text = spec(`${services}\npipeline:\n  source: { bucket: sources, key: app.zip }\n  services: [apl]`);
    expect(oneAt(text, 'apl').message).toMatch(/pipeline service apl is not defined in services; did you mean api\?/);
  });

  it('refuses a connects target that does not exist, with a suggestion', () => {
    const text = spec(`databases:\n  main: { version: "16" }\n${services}`.replace('  api: { public: true }', '  api: { public: true, connects: [mains] }'));
    expect(oneAt(text, 'mains').message).toMatch(/did you mean main\?/);
  });
});

describe('workloads', () => {
  it('refuses public services without a load balancer', () => {
    const text = spec('services:\n  api: { public: true }');
    expect(oneAt(text, 'api:').message).toMatch(/no load balancer: add edge\.alb/);
  });

  it('refuses tracing without outbound access', () => {
    const text = spec('network:\n  cidr: 10.0.0.0/16\n  natGateways: none\nservices:\n  worker: {}\nmonitoring:\n  tracing: { samplingRate: 0.1 }').replace('network:\n  cidr: 10.0.0.0/16\n', '');
    expect(oneAt(text, 'tracing').message).toMatch(/outbound access/);
  });

  it('refuses a Client VPN pool inside the VPC', () => {
    const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
    const text = spec(`access:\n  clientVpn: { cidr: 10.0.0.0/20, serverCertificateArn: "${arn}", clientRootCertificateArn: "${arn}" }`);
    expect(oneAt(text, 'clientVpn').message).toMatch(/overlaps the VPC 10\.0\.0\.0\/16/);
  });

  it('refuses a DR VPC block outside /16-/28', () => {
    const text = base.replace('  cidr: 10.0.0.0/16', '  cidr: 10.0.0.0/16\n  drCidr: 10.128.0.0/12').replace('  primary: us-east-1', '  primary: us-east-1\n  dr: us-west-2');
    expect(issuesOf(text).find((i) => i.path === 'network.drCidr')?.message).toMatch(/\/16 to \/28, got \/12/);
  });

  it('refuses an EKS version Haven does not know', () => {
    const text = spec('clusters:\n  main: { version: "1.99" }');
    expect(oneAt(text, '1.99').message).toMatch(/EKS version 1\.99 is unknown to Haven; known versions: .*1\.35/);
  });

  it('bounds Aurora Serverless v2 capacity to 0-256 ACUs in steps of 0.5, max at least 1', () => {
    const db = (min: number, max: number) => spec(`databases:\n  main: { engine: aurora-postgresql-serverless, version: "16", serverless: { minCapacity: ${min}, maxCapacity: ${max} } }`);
    expect(issuesOf(db(0.25, 4))[0].message).toMatch(/multiple of 0\.5/);
    expect(issuesOf(db(1, 300))[0].message).toMatch(/at most 256 ACUs/);
    expect(issuesOf(db(0, 0.5))[0].message).toMatch(/at least 1 ACU/);
    expect(issuesOf(db(8, 4))[0].message).toMatch(/minCapacity 8 exceeds maxCapacity 4/);
    expect(() => parseSpec(db(0, 2.5), 'spec.yaml')).not.toThrow();
  });

  it('refuses more than five paths and hosts on one listener rule', () => {
    const text = spec('edge:\n  domain: { name: example.com, hostedZoneId: Z0123456789ABC }\n  alb: {}\nservices:\n  api:\n    public: { paths: [/a, /b, /c, /d, /e, /f] }');
    expect(oneAt(text, 'paths').message).toMatch(/at most 5 paths and hosts together.*got 6 values/);
  });

  it('refuses EFS elastic throughput with max-io', () => {
    const text = spec('fileSystems:\n  shared: { performanceMode: max-io }');
    expect(oneAt(text, 'max-io').message).toMatch(/elastic throughput .* requires performanceMode general-purpose/);
  });

  it('refuses duplicate e-mail subscriptions, endpoints and WAF rule groups', () => {
    const text = spec('notifications:\n  emails: [ops@example.com, OPS@example.com]\nedge:\n  waf: { managedRules: [Common, Common] }').replace('  cidr: 10.0.0.0/16', '  cidr: 10.0.0.0/16\n  endpoints: [s3, s3]');
    expect(issuesOf(text).map((i) => i.path)).toEqual(['network.endpoints[1]', 'notifications.emails[1]', 'edge.waf.managedRules[1]']);
  });

  it('refuses a function code directory missing next to the spec, and finds one that is there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-code-'));
    try {
      fs.mkdirSync(path.join(dir, 'handlers'));
      const text = spec('functions:\n  defaults: { runtime: nodejs22.x }\n  definitions:\n    ingest: { code: handlers }\n    export: { code: missing }');
      const issues = issuesOf(text, path.join(dir, 'haven.yaml'));
      expect(issues.map((i) => i.path)).toEqual(['functions.definitions.export.code']);
      expect(issues[0].message).toContain(path.join(dir, 'missing'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('splits functions over stacks of at most 60 dynamic references (20 functions with two app subnets), so 80 functions fit', () => {
    const text = spec('functions:\n  defaults: { runtime: nodejs22.x }\n  generated: { prefix: event, count: 80 }');
    expect(() => parseSpec(text, 'spec.yaml')).not.toThrow();
  });
});

describe('stack size beyond functions', () => {
  const fleet = (n: number, pipeline: boolean) => spec(`services:\n  workers:\n    names: [${Array.from({ length: n }, (_, i) => `w${i + 1}`).join(', ')}]${pipeline ? '\npipeline:\n  source: { bucket: sources, key: app.zip }' : ''}`);

  it('refuses an environment stack past 500 resources: 50 services each with a pipeline, exit 2', async () => {
    const text = fleet(50, true);
    const issue = oneAt(text, 'source: { bucket: sources');
    expect(issue.message).toMatch(/this environment's stack needs at least 510 resources \(base 110, service stacks 50, repositories 50, pipeline 300\); CloudFormation allows 500/);
    expect((await validateExit(text)).code).toBe(2);
    // The same fleet without the pipeline fits.
    expect(() => parseSpec(fleet(50, false), 'spec.yaml')).not.toThrow();
  });

  it('counts repositories past 60 as the nested registry stacks that hold them: 200 services fit (bench/series.mjs builds them)', () => {
    expect(() => parseSpec(fleet(200, false), 'spec.yaml')).not.toThrow();
  });

  it('counts a function\'s triggers in its functions stack', () => {
    const queues = (n: number) => `[${Array.from({ length: n }, () => '{ queue: {} }').join(', ')}]`;
    const text = spec(`functions:\n  defaults: { runtime: nodejs22.x, triggers: ${queues(5)} }\n  generated: { prefix: event, count: 45 }`);
    expect(oneAt(text, 'count: 45').message).toMatch(/20 functions need about 540 resources in one functions stack \(it holds at most 20 functions, for the 60 dynamic references a template may hold\)/);
    expect(() => parseSpec(text.replace(queues(5), queues(4)), 'spec.yaml')).not.toThrow();
  });
});

describe('budget scope', () => {
  it('refuses a project budget asked for only in an environment override, exit 2', async () => {
    const text = spec('', '    budget: { monthlyUsd: 100, scope: project }\n');
    expect(oneAt(text, 'scope: project').message).toMatch(/a project budget covers every environment, so it belongs in the shared budget section/);
    expect((await validateExit(text)).code).toBe(2);
    expect(() => parseSpec(spec('budget: { monthlyUsd: 500, scope: project }', '    budget: { monthlyUsd: 100, scope: environment }\n'), 'spec.yaml')).not.toThrow();
  });
});

describe('regulated data retention', () => {
  it('refuses a PHI bucket that expires objects before HIPAA\'s six years', () => {
    const text = spec('buckets:\n  records: { dataClass: phi, expireAfterDays: 365 }');
    expect(oneAt(text, 'expireAfterDays').message).toMatch(/holds PHI .* HIPAA keeps records at least 2192 days/);
    expect(() => parseSpec(text.replace('365', '2192'), 'spec.yaml')).not.toThrow();
  });
});

describe('placeholder account', () => {
  it('is the platform\'s placeholder', () => {
    expect(PLACEHOLDER_ACCOUNT).toBe(PLATFORM_PLACEHOLDER);
  });

  it('warns (without failing) for a production environment without an account or with a placeholder ARN', async () => {
    const text = spec(`edge:\n  domain: { name: example.com, certificateArn: "arn:aws:acm:us-east-1:${PLACEHOLDER_ACCOUNT}:certificate/abc" }\n  alb: {}`, '  prod:\n    tier: production\n');
    const loaded = parseSpec(text, 'spec.yaml');
    expect(loaded.warnings?.map((w) => w.path)).toEqual(['edge.domain.certificateArn', 'environments.prod']);
    const run = await validateExit(text);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/warning: .*placeholder/);
    expect(parseSpec(text.replace('    tier: production\n', '    tier: production\n    account: "123456789012"\n').replace(PLACEHOLDER_ACCOUNT, '123456789012'), 'spec.yaml').warnings).toEqual([]);
  });
});

describe('buckets', () => {
  it('refuses a bucket named logs when no bucket takes access logs (the platform\'s log bucket has that name)', () => {
    const text = spec('buckets:\n  logs: { dataClass: logs }');
    expect(oneAt(text, 'logs:').message).toMatch(/builds its own access-log bucket named logs/);
    expect(() => parseSpec(text.replace('{ dataClass: logs }', '{ dataClass: logs, accessLogs: true }'), 'spec.yaml')).not.toThrow();
  });
});

describe('function triggers', () => {
  const fn = (trigger: string) => spec(`buckets:\n  uploads: { dataClass: internal }\nfunctions:\n  defaults: { runtime: nodejs22.x }\n  definitions:\n    ingest:\n      triggers:\n        - ${trigger}`);

  it('accepts a schedule, a queue, bucket events and a pattern', () => {
    for (const trigger of ['{ schedule: "rate(5 minutes)" }', '{ schedule: "cron(0 8 ? * MON-FRI *)", timeZone: Europe/London }', '{ queue: { batchSize: 20 } }', '{ bucket: uploads, suffix: .csv }', '{ eventPattern: { source: [aws.ecs] } }']) {
      expect(() => parseSpec(fn(trigger), 'spec.yaml'), trigger).not.toThrow();
    }
  });

  it('refuses a bucket the buckets section does not define, with a suggestion, exit 2', async () => {
    const text = fn('{ bucket: upload }');
    expect(oneAt(text, 'bucket: upload }').message).toMatch(/trigger bucket upload is not in the buckets section; did you mean uploads\?/);
    const run = await validateExit(text);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/haven\.yaml:\d+:\d+ functions\.definitions\.ingest\.triggers\[0\]\.bucket: trigger bucket upload/);
  });

  it('refuses invalid rate and cron expressions at the field', () => {
    expect(oneAt(fn('{ schedule: "rate(5 minute)" }'), 'rate(').message).toMatch(/write 'rate\(5 minutes\)'/);
    expect(oneAt(fn('{ schedule: "rate(0 minutes)" }'), 'rate(').message).toMatch(/at least 1/);
    expect(oneAt(fn('{ schedule: "cron(0 8 * * *)" }'), 'cron(').message).toMatch(/six fields .* found 5/);
    expect(oneAt(fn('{ schedule: "cron(0 8 * * MON *)" }'), 'cron(').message).toMatch(/one of day-of-month and day-of-week must be '\?'/);
    expect(oneAt(fn('{ schedule: "cron(0 25 * * ? *)" }'), 'cron(').message).toMatch(/hours '25' is outside 0-23/);
    expect(oneAt(fn('{ schedule: "every 5 minutes" }'), 'every').message).toMatch(/expected 'rate\(value unit\)' or 'cron/);
  });

  it('refuses an unknown time zone, exit 2', async () => {
    const text = fn('{ schedule: "cron(0 8 * * ? *)", timeZone: Europe/Londres }');
    expect(oneAt(text, 'Londres').message).toMatch(/IANA time zone/);
    expect((await validateExit(text)).code).toBe(2);
  });

  it('refuses a queue visibility timeout shorter than the function timeout', () => {
    const text = fn('{ queue: { visibilityTimeoutSeconds: 10 } }');
    expect(oneAt(text, 'visibilityTimeoutSeconds').message).toMatch(/visibility timeout \(10 s\) is shorter than the function's timeout \(30 s\)/);
  });
});
