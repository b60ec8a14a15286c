import * as path from 'path';
import { drDesign, type DatabaseDrPlan, type DrDesign } from '../dr/strategy';
import { objectivesForPlan } from '../dr/objectives';
import { globalClusterIdentifier, primaryDbIdentifier, replicaBucketName } from '../dr/names';
import { DR_PHASE_CONTEXT } from '../platform/features/dr';
import { resolveSecurity } from '../platform/features/security';
import type { OpsDatabase, OpsResources, OpsStandbyService, OpsTarget } from '../ops/target';
import { PLACEHOLDER_ACCOUNT } from '../platform/app';
import { bucketName } from '../platform/naming';
import { dbSecretName, drDbIdentifier } from '../platform/outputs';
import { expandServices } from '../spec/sections/services';
import { loadSpec, planOf } from '../spec/loader';
import type { EnvironmentPlan } from '../spec/resolve';
import { UserError } from './errors';
import { synthesizeTo } from './synthesize';

/** How the ops runbook recovers a database, from the mode synthesis used for it. */
const RECOVERY: Record<DatabaseDrPlan['mode'], OpsDatabase['drStrategy']> = {
  'read-replica': 'replica',
  'aurora-global': 'replica',
  'backup-replication': 'backup-replication',
  'snapshot-copy': 'snapshot-copy',
  none: 'none',
};

function databases(plan: EnvironmentPlan, design: DrDesign | undefined): OpsDatabase[] {
  const prefix = `${plan.project.name}-${plan.name}`;
  return Object.entries(plan.databases ?? {}).map(([name, db]) => {
    const mode = design?.databases.find((d) => d.name === name)?.mode ?? 'none';
    const cluster = db.engine !== 'postgres';
    return {
      name,
      kind: cluster ? 'cluster' : 'instance',
      engine: cluster ? 'aurora-postgresql' : 'postgres',
      identifier: primaryDbIdentifier(prefix, name),
      drStrategy: RECOVERY[mode],
      // Known without the primary's outputs: the DR side is found by name while the primary region is gone.
      drIdentifier: mode === 'none' ? undefined : drDbIdentifier(plan.project.name, plan.name, name),
      globalClusterIdentifier: mode === 'aurora-global' ? globalClusterIdentifier(prefix, name) : undefined,
      secretId: dbSecretName(plan.project.name, plan.name, name),
      drSecretId: mode === 'none' ? undefined : dbSecretName(plan.project.name, plan.name, name),
      backupRetentionDays: db.backupRetentionDays ?? plan.defaults.backupRetentionDays,
      deletionProtection: db.deletionProtection ?? plan.defaults.deletionProtection,
      // A cluster restored in DR gets the writer the DR stack would build (src/platform/features/dr.ts).
      drPlacement: cluster && mode === 'snapshot-copy' ? drClusterSizing(plan, name) : undefined,
    };
  });
}

function drClusterSizing(plan: EnvironmentPlan, name: string): OpsDatabase['drPlacement'] {
  const db = plan.databases![name];
  if (db.engine === 'aurora-postgresql-serverless') return { instanceClass: 'db.serverless', serverless: db.serverless ?? { minCapacity: 0.5, maxCapacity: 4 } };
  return { instanceClass: plan.dr?.database?.instanceClass ?? db.instanceClass ?? plan.defaults.dbInstanceClass };
}

/** Services the DR region runs (warm standby) or defines at zero (pilot light); none for backup-restore. */
function standbyServices(plan: EnvironmentPlan, design: DrDesign | undefined): OpsStandbyService[] {
  if (!design || design.profile.compute === 'none') return [];
  return expandServices(plan.services).map((s) => {
    const active = s.spec.count ?? s.spec.scaling?.min ?? 2;
    return { name: s.name, activeCount: Math.max(active, 1), standbyCount: design.profile.compute === 'minimum' ? design.standbyMinCapacity : 0 };
  });
}

/** The ops layer's resources of one environment, from the same resolved plan and DR design synthesis used. */
/**
 * The security services present for this environment in its primary region. Where another environment of the same
 * account and region creates them, they are judged by this environment's own settings (verify then checks the
 * account's recorder and detector, whichever stack made them).
 */
function ownSecurity(plan: EnvironmentPlan): ReturnType<typeof resolveSecurity> {
  const resolved = resolveSecurity(plan, 'primary');
  return resolved.sharedFrom ? resolveSecurity({ ...plan, accountShares: undefined }, 'primary') : resolved;
}

export function opsResources(plan: EnvironmentPlan): OpsResources {
  const design = plan.regions.dr ? drDesign(plan) : undefined;
  const live = design && design.strategy !== 'none' ? design : undefined;
  const failover = plan.dr?.failover;
  const security = ownSecurity(plan);
  return {
    databases: databases(plan, live),
    buckets: Object.entries(plan.buckets ?? {}).map(([name, b]) => {
      const source = b.name ?? bucketName(plan.project.name, plan.name, name);
      return {
        name,
        bucketName: source,
        replicaBucketName: live?.replicatedBuckets.includes(name) && live.drRegion ? replicaBucketName(source, live.drRegion) : undefined,
        // S3 delivers server access logs only to SSE-S3 buckets; the spec may choose SSE-S3 for others.
        encryption: b.accessLogs || b.encryption === 's3' ? ('AES256' as const) : undefined,
      };
    }),
    caches: Object.entries(plan.caches ?? {}).map(([name, c]) => ({ name, replicationGroupId: `${plan.project.name}-${plan.name}-${name}`, snapshotRetentionDays: c.snapshotRetentionDays ?? plan.defaults.cacheSnapshotRetentionDays })),
    standbyServices: standbyServices(plan, live),
    // Names come from the stacks' outputs: the DR runbook only needs them while the region that emits them answers.
    clusters: Object.keys(plan.clusters ?? {}).map((name) => ({ name })),
    dns: live?.failover && failover ? { hostedZoneId: failover.hostedZoneId, recordName: failover.recordName } : undefined,
    // The account records Config and runs GuardDuty in the primary region when the security feature creates them
    // there, in this environment's stack or in the one that owns them for the account and region.
    configRecording: Boolean(security.config),
    guardDuty: Boolean(security.guardDuty),
  };
}

/**
 * The ops layer's view of one environment: names Haven computes from the resolved plan (they must work even when the
 * primary region, and so its stack outputs, are gone), and a freshly synthesized assembly to deploy.
 */
export async function loadOpsTarget(specPath: string, environment: string, options: { drFoundation?: boolean; date?: string } = {}): Promise<OpsTarget> {
  const loaded = loadSpec(specPath, { date: options.date });
  const plan = planOf(loaded, environment);
  if (!plan) throw new UserError(`unknown environment ${environment}; ${specPath} defines ${Object.keys(loaded.plans).join(', ')}`);
  const assemblyDir = path.join(path.dirname(path.resolve(specPath)), '.haven', 'assembly', `${plan.project.name}-${environment}`);
  const { built } = synthesizeTo(loaded, assemblyDir, [environment]);
  const env = built.environments[0];
  const drStack = env.stacks.find((s) => env.roles[s.stackName] === 'dr');
  // Only deploy needs it (on the first deployment); synthesized here because the ops layer never synthesizes.
  const drFoundation = drStack && options.drFoundation
    ? { assemblyDir: synthesizeTo(loaded, `${assemblyDir}-dr-foundation`, [environment], { context: { [DR_PHASE_CONTEXT]: 'foundation' } }).outdir, stackName: drStack.stackName }
    : undefined;
  // Drills are measured against what the spec promises; without stated objectives, against what the design achieves.
  const computed = plan.regions.dr ? objectivesForPlan(plan) : undefined;
  const objectives = plan.dr?.objectives ?? (computed ? { rpoMinutes: computed.rpoMinutes, rtoMinutes: computed.rtoMinutes } : undefined);
  return {
    project: plan.project.name,
    environment,
    tier: plan.tier,
    account: plan.account && plan.account !== PLACEHOLDER_ACCOUNT ? plan.account : undefined,
    regions: { primary: plan.regions.primary, dr: drStack ? plan.regions.dr : undefined },
    assemblyDir,
    drFoundation,
    stacks: env.stacks.map((s) => ({ name: s.stackName, region: s.region, role: env.roles[s.stackName] })),
    resources: opsResources(plan),
    objectives,
  };
}
