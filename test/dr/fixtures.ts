/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation JSON and raw spec documents are untyped here */
import { havenSpecSchema, type HavenSpec } from '../../src/spec/schema';
import { resolveEnvironment, type EnvironmentPlan } from '../../src/spec/resolve';

/** DR parts of the example specs (estate-kit, techcorp, berthcare), as the examples should state them. */
export const estateKitRaw = {
  project: { name: 'estate-kit' },
  compliance: { frameworks: ['pipeda', 'hipaa'] },
  regions: { primary: 'ca-central-1', dr: 'us-east-1' },
  network: { cidr: '10.0.0.0/16', drCidr: '10.1.0.0/16' },
  databases: { main: { engine: 'postgres', version: '16', storage: { allocatedGb: 100 } } },
  caches: { sessions: { engine: 'redis', version: '7.1' } },
  buckets: { documents: { dataClass: 'pii', replicate: true }, logs: { dataClass: 'logs', accessLogs: true } },
  // The compute the DR region recovers (objectives count it only when there is some).
  clusters: { main: { nodeGroups: { nodes: { instanceTypes: ['t3.large'], min: 3, max: 10 } } } },
  dr: {
    strategy: 'warm-standby',
    objectives: { rpoMinutes: 15, rtoMinutes: 60 },
    failover: { zoneName: 'estatekit.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', recordName: 'app.estatekit.com', primaryTarget: 'ca.app.estatekit.com', drTarget: 'us.app.estatekit.com' },
    crossBorder: { reason: 'Region-loss DR copy in us-east-1 per the Estate Kit architecture, reviewed under PIPEDA accountability', approvedBy: 'privacy@estatekit.com', expires: '2027-06-30' },
  },
  environments: { production: { tier: 'production' } },
};

export const techCorpRaw = {
  project: { name: 'techcorp' },
  compliance: { frameworks: ['soc2', 'gdpr'] },
  regions: { primary: 'us-east-1', dr: 'us-west-2' },
  network: { cidr: '10.0.0.0/16', drCidr: '10.2.0.0/16' },
  databases: { main: { engine: 'postgres', version: '15', storage: { allocatedGb: 500 } } },
  caches: { main: { engine: 'redis', version: '7.1', shards: 3, replicasPerShard: 2 } },
  buckets: { 'customer-data': { dataClass: 'pii', versioned: true, replicate: true }, 'ml-models': { versioned: true, replicate: true }, logs: { dataClass: 'logs' } },
  services: { api: { image: 'api', port: 8080, connects: ['main', 'customer-data'] } },
  dr: { strategy: 'pilot-light', objectives: { rpoMinutes: 60, rtoMinutes: 240 } },
  environments: {
    production: { tier: 'production' },
    // Independent EU deployment: its own stores, DR kept inside the EU.
    'production-eu': { tier: 'production', regions: { primary: 'eu-west-1', dr: 'eu-central-1' }, network: { cidr: '10.10.0.0/16', drCidr: '10.11.0.0/16' } },
  },
};

export const berthCareRaw = {
  project: { name: 'berthcare' },
  compliance: { frameworks: ['pipeda'] },
  regions: { primary: 'ca-central-1' },
  network: { cidr: '10.0.0.0/16' },
  databases: { main: { engine: 'postgres', version: '15.5', storage: { allocatedGb: 100, maxGb: 500 } } },
  caches: { main: { engine: 'redis', version: '7.1' } },
  buckets: { photos: { dataClass: 'phi', replicate: true }, documents: { dataClass: 'phi' } },
  services: { api: { image: 'api', port: 8080 } },
  environments: {
    staging: { tier: 'staging' },
    production: {
      tier: 'production',
      regions: { dr: 'us-east-1' },
      network: { drCidr: '10.1.0.0/16' },
      dr: {
        strategy: 'backup-restore',
        database: { replication: 'backup-replication', backupRetentionDays: 7 },
        objectives: { rpoMinutes: 30, rtoMinutes: 120 },
        crossBorder: { reason: 'Region-loss recovery copies only (database backups and visit photos), reviewed with the privacy officer', approvedBy: 'privacy officer', expires: '2027-03-31' },
      },
    },
  },
};

export function load(raw: Record<string, unknown>): { spec: HavenSpec; plans: Record<string, EnvironmentPlan> } {
  const spec = havenSpecSchema.parse(raw);
  const plans = Object.fromEntries(Object.keys(spec.environments).map((env) => [env, resolveEnvironment(spec, env, raw)]));
  return { spec, plans };
}

/** Deep copy with a mutation, so each test states only what it changes. */
export function variant<T>(raw: T, mutate: (copy: any) => void): T {
  const copy = JSON.parse(JSON.stringify(raw));
  mutate(copy);
  return copy;
}
