import * as fs from 'fs';
import * as path from 'path';
import { replicaBucketName } from '../dr/names';
import { drDesign } from '../dr/strategy';
import { DR_PHASE_CONTEXT } from '../platform/features/dr';
import { resolveSecurity } from '../platform/features/security';
import type { OpsTarget } from '../ops/target';
import { PLACEHOLDER_ACCOUNT } from '../platform/app';
import { bucketName } from '../platform/naming';
import { loadSpec } from '../spec/loader';
import { UserError } from './errors';
import { synthesizeTo } from './synthesize';

const REPLICATION: Record<string, OpsTarget['resources']['databases'][number]['drStrategy']> = {
  'read-replica': 'replica',
  'backup-replication': 'backup-replication',
  'snapshot-copy': 'snapshot-copy',
  none: 'none',
};

/**
 * The ops layer's view of one environment: names Haven computes from the spec (they must work even when the
 * primary region, and so its stack outputs, are gone), and a freshly synthesized assembly to deploy.
 */
export async function loadOpsTarget(specPath: string, environment: string, options: { drFoundation?: boolean } = {}): Promise<OpsTarget> {
  const loaded = loadSpec(specPath);
  const plan = loaded.plans[environment];
  if (!plan) throw new UserError(`unknown environment ${environment}; ${specPath} defines ${Object.keys(loaded.plans).join(', ')}`);
  const assemblyDir = path.join(path.dirname(path.resolve(specPath)), '.haven', 'assembly', `${plan.project.name}-${environment}`);
  fs.mkdirSync(path.dirname(assemblyDir), { recursive: true });
  const { built } = synthesizeTo(loaded, assemblyDir, [environment]);
  const env = built.environments[0];
  const drStack = env.stacks.find((s) => env.roles[s.stackName] === 'dr');
  // Only deploy needs it (on the first deployment); synthesized here because the ops layer never synthesizes.
  const drFoundation = drStack && options.drFoundation
    ? { assemblyDir: synthesizeTo(loaded, `${assemblyDir}-dr-foundation`, [environment], { [DR_PHASE_CONTEXT]: 'foundation' }).outdir, stackName: drStack.stackName }
    : undefined;
  const prefix = `${plan.project.name}-${plan.name}`;
  const design = plan.regions.dr ? drDesign(plan) : undefined;
  const replication = (plan.dr as { database?: { replication?: string } } | undefined)?.database?.replication;
  return {
    project: plan.project.name,
    environment,
    tier: plan.tier,
    account: plan.account && plan.account !== PLACEHOLDER_ACCOUNT ? plan.account : undefined,
    regions: { primary: plan.regions.primary, dr: plan.regions.dr },
    assemblyDir,
    drFoundation,
    stacks: env.stacks.map((s) => ({ name: s.stackName, region: s.region, role: env.roles[s.stackName] })),
    resources: {
      databases: Object.entries(plan.databases ?? {}).map(([name, db]) => ({
        name,
        kind: db.engine === 'postgres' ? ('instance' as const) : ('cluster' as const),
        engine: db.engine === 'postgres' ? 'postgres' : 'aurora-postgresql',
        identifier: `${prefix}-${name}`,
        drStrategy: design && replication ? REPLICATION[replication] ?? 'none' : design ? 'backup-replication' : 'none',
        backupRetentionDays: db.backupRetentionDays ?? plan.defaults.backupRetentionDays,
        deletionProtection: db.deletionProtection ?? plan.defaults.deletionProtection,
      })),
      buckets: Object.entries(plan.buckets ?? {}).map(([name, b]) => {
        const source = b.name ?? bucketName(plan.project.name, plan.name, name);
        return { name, bucketName: source, replicaBucketName: b.replicate && plan.regions.dr ? replicaBucketName(source, plan.regions.dr) : undefined, encryption: b.accessLogs || b.encryption === 's3' ? ('AES256' as const) : undefined };
      }),
      caches: Object.entries(plan.caches ?? {}).map(([name, c]) => ({ name, replicationGroupId: `${prefix}-${name}`, snapshotRetentionDays: c.snapshotRetentionDays ?? plan.defaults.cacheSnapshotRetentionDays })),
      standbyServices: [],
      dns: plan.dr?.failover ? { hostedZoneId: plan.dr.failover.hostedZoneId, recordName: plan.dr.failover.recordName } : undefined,
      // The primary stack records Config and runs GuardDuty exactly when the security feature creates them there.
      configRecording: Boolean(resolveSecurity(plan, 'primary').config),
      guardDuty: Boolean(resolveSecurity(plan, 'primary').guardDuty),
    },
  };
}
