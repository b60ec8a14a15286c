import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OpsTarget } from '../../src/ops/target';

export const ACCOUNT = '123456789012';
export const PRIMARY = 'ca-central-1';
export const DR = 'us-east-1';

interface FakeStack {
  readonly id: string;
  readonly region: string;
  readonly dependsOn?: string[];
  readonly resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** Writes a minimal cloud assembly (manifest + templates) without synthesizing a CDK app, so tests stay fast. */
export function writeAssembly(stacks: FakeStack[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-ops-asm-'));
  const artifacts: Record<string, unknown> = {};
  for (const s of stacks) {
    fs.writeFileSync(path.join(dir, `${s.id}.template.json`), JSON.stringify({ Resources: s.resources }));
    artifacts[s.id] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${ACCOUNT}/${s.region}`,
      properties: { templateFile: `${s.id}.template.json`, validateOnSynth: false },
      dependencies: s.dependsOn ?? [],
      displayName: s.id,
    };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
  return dir;
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'haven-ops-'));
}

export function target(overrides: Partial<OpsTarget> = {}): OpsTarget {
  return {
    project: 'berthcare',
    environment: 'prod',
    tier: 'production',
    account: ACCOUNT,
    regions: { primary: PRIMARY, dr: DR },
    assemblyDir: '/nonexistent',
    stacks: [
      { name: 'berthcare-prod-primary', region: PRIMARY, role: 'primary' },
      { name: 'berthcare-prod-dr', region: DR, role: 'dr' },
    ],
    resources: {
      databases: [{
        name: 'main', kind: 'instance', engine: 'postgres', drStrategy: 'replica', backupRetentionDays: 30, deletionProtection: true,
        identifier: 'berthcare-prod-main', drIdentifier: 'berthcare-prod-main-dr',
        secretId: 'berthcare-prod-main-credentials',
      }],
      buckets: [{ name: 'photos', bucketName: 'berthcare-prod-photos', replicaBucketName: 'berthcare-prod-photos-dr' }],
      caches: [{ name: 'sessions', replicationGroupId: 'berthcare-prod-sessions', snapshotRetentionDays: 7 }],
      standbyServices: [{ name: 'api', drCluster: 'berthcare-prod-dr', drService: 'api', activeCount: 2, standbyCount: 0 }],
      dns: { hostedZoneId: 'Z123', recordName: 'api.berthcare.ca.', primaryHealthCheckId: 'hc-primary' },
      alarmTopicArn: `arn:aws:sns:${PRIMARY}:${ACCOUNT}:berthcare-prod-alarms`,
      trailName: 'berthcare-prod-trail',
      loadBalancerArns: [`arn:aws:elasticloadbalancing:${PRIMARY}:${ACCOUNT}:loadbalancer/app/api/abc`],
      keyArns: [`arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/1111-2222`],
      backupVaultName: 'berthcare-prod-vault',
      configRecording: true,
      guardDuty: true,
    },
    ...overrides,
  };
}

/** Clock whose sleeps advance time instantly (waits and backoff in tests take no real time). */
export function fakeClock(start = Date.parse('2026-11-23T18:00:00Z')) {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms: number) => { sleeps.push(ms); t += ms; },
  };
}

export function throttle(): Error {
  const e = new Error('Rate exceeded');
  e.name = 'ThrottlingException';
  return e;
}

export function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}
