import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { opsResources } from '../../src/cli/ops-target';
import { drDesign, drStandbyCompute } from '../../src/dr/strategy';
import { resolveBackup } from '../../src/platform/features/backup';
import { resolveSecurity } from '../../src/platform/features/security';
import { OUTPUTS } from '../../src/platform/outputs';
import { loadSpec } from '../../src/spec/loader';
import type { EnvironmentPlan } from '../../src/spec/resolve';
import { EXAMPLES } from '../helpers';
import { exampleAssembly } from '../support/example-assembly';

/**
 * The output contract, checked on the real examples: every key the operations layer reads (src/ops/target.ts
 * `applyOutputs`, verify's checks, the DR runbook) is an output of a top-level stack of the environment, in the role
 * the ops layer reads it from. Only top-level outputs count: `DescribeStacks` does not show a nested stack's outputs,
 * and in an outage only the DR stack's outputs can be read.
 */
function expectedKeys(plan: EnvironmentPlan): { primary: string[]; dr: string[] } {
  const r = opsResources(plan);
  const design = plan.regions.dr ? drDesign(plan) : undefined;
  const primary = [
    OUTPUTS.alarmTopicArn('primary'),
    OUTPUTS.keyArn('data'),
    ...r.databases.flatMap((d) => [OUTPUTS.dbIdentifier(d.name), OUTPUTS.dbEndpoint(d.name), OUTPUTS.dbSecretArn(d.name), ...(d.globalClusterIdentifier ? [OUTPUTS.dbGlobalClusterIdentifier(d.name)] : [])]),
    ...r.buckets.filter((b) => plan.buckets?.[b.name]).map((b) => OUTPUTS.bucketName(b.name)),
    ...r.caches.map((c) => OUTPUTS.cacheReplicationGroupId(c.name)),
    ...(resolveSecurity(plan, 'primary').cloudTrail ? [OUTPUTS.trailName] : []),
    ...(resolveBackup(plan).enabled ? [OUTPUTS.backupVaultName] : []),
    ...(plan.edge?.alb ? [OUTPUTS.loadBalancerArn('public')] : []),
    ...(r.clusters ?? []).map((c) => OUTPUTS.clusterName(c.name)),
  ];
  if (!design || design.strategy === 'none') return { primary, dr: [] };
  const dr = [
    OUTPUTS.alarmTopicArn('dr'),
    OUTPUTS.keyArn('data', 'dr'),
    OUTPUTS.drBackupVaultName,
    ...r.databases.filter((d) => d.drStrategy === 'replica').map((d) => OUTPUTS.dbReplicaIdentifier(d.name)),
    ...r.databases.filter((d) => d.drStrategy !== 'none').map((d) => OUTPUTS.dbDrSecretName(d.name)),
    ...r.databases.filter((d) => d.drStrategy === 'backup-replication' || d.drStrategy === 'snapshot-copy')
      .flatMap((d) => [OUTPUTS.dbDrSubnetGroup(d.name), OUTPUTS.dbDrSecurityGroupId(d.name), OUTPUTS.dbDrParameterGroup(d.name), OUTPUTS.dbDrKmsKeyArn(d.name)]),
    ...r.buckets.filter((b) => b.replicaBucketName).map((b) => OUTPUTS.bucketReplicaName(b.name)),
    ...r.standbyServices.flatMap((s) => [OUTPUTS.serviceCluster(s.name, 'dr'), OUTPUTS.serviceName(s.name, 'dr')]),
    ...(drStandbyCompute(plan).deploy ? (r.clusters ?? []).flatMap((c) => [OUTPUTS.clusterName(c.name, 'dr'), OUTPUTS.clusterDrNodegroups(c.name)]) : []),
    ...(r.dns ? [OUTPUTS.dnsHostedZoneId, OUTPUTS.dnsRecordName, OUTPUTS.dnsPrimaryHealthCheckId] : []),
  ];
  return { primary, dr };
}

const EXAMPLE_ENVIRONMENTS = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).flatMap((file) => {
  return Object.keys(loadSpec(path.join(EXAMPLES, file)).plans).map((name) => [file, name] as const);
});

describe.each(EXAMPLE_ENVIRONMENTS)('output contract of %s %s', (file, environment) => {
  it('every key the ops layer reads is an output of a top-level stack in the role it is read from', () => {
    const env = exampleAssembly(file, environment);
    const plan = env.loaded.plans[environment];
    const outputsOf = (role: string) => new Set(env.templates.filter((t) => t.role === role && !t.name.includes('/')).flatMap((t) => Object.keys(t.template.Outputs ?? {})));
    const { primary, dr } = expectedKeys(plan);
    const missing = (keys: string[], role: string) => keys.filter((k) => !outputsOf(role).has(k));
    expect(missing(primary, 'primary'), `primary stack of ${path.basename(file)} ${environment}`).toEqual([]);
    expect(missing(dr, 'dr'), `DR stack of ${path.basename(file)} ${environment}`).toEqual([]);
    // Keys are unique across the environment's stacks, so their outputs merge without one hiding another.
    const all = env.templates.filter((t) => !t.name.includes('/')).flatMap((t) => Object.keys(t.template.Outputs ?? {}).filter((k) => k.startsWith('Haven')));
    expect(all.length).toBe(new Set(all).size);
  });
});
