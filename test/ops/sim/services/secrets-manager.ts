import {
  DescribeSecretCommand, type DescribeSecretCommandInput, GetSecretValueCommand, type GetSecretValueCommandInput, PutSecretValueCommand,
  type PutSecretValueCommandInput, ReplicateSecretToRegionsCommand, type ReplicateSecretToRegionsCommandInput, SecretsManagerClient, StopReplicationToReplicaCommand, type StopReplicationToReplicaCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { hex } from '../ids';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';
import { drState, takeFault } from './dr-state';

/** A secret as one region sees it: the primary CloudFormation created, or the replica its ReplicaRegions put in another region. */
interface RegionalSecret { readonly resource: SimResource; readonly name: string; readonly region: string; readonly primaryRegion: string }

const nameOf = (world: World, r: SimResource) => String(world.prop(r, 'Name') ?? r.physicalId);

function secret(world: World, id: string | undefined, region: string): RegionalSecret {
  for (const r of world.resources('AWS::SecretsManager::Secret')) {
    const name = nameOf(world, r);
    const arnIn = (reg: string) => r.arn.replace(`:${r.stack.region}:`, `:${reg}:`);
    if (id !== name && id !== arnIn(region)) continue;
    if (r.stack.region === region) return { resource: r, name, region, primaryRegion: region };
    const replicas = world.prop<{ Region?: string }[]>(r, 'ReplicaRegions') ?? [];
    if (replicas.some((x) => x.Region === region)) {
      const key = `${region}/${name}`;
      return { resource: r, name, region, primaryRegion: drState(world).standaloneSecrets.has(key) ? region : r.stack.region };
    }
  }
  throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
}

/** The value CloudFormation generated (template + generated key) plus what an attachment added (host, port, engine). */
function initialValue(world: World, r: SimResource): Record<string, unknown> {
  const g = world.prop<{ SecretStringTemplate?: string; GenerateStringKey?: string }>(r, 'GenerateSecretString');
  const value: Record<string, unknown> = g?.SecretStringTemplate ? JSON.parse(g.SecretStringTemplate) as Record<string, unknown> : {};
  if (g?.GenerateStringKey) value[g.GenerateStringKey] = `sim-${hex(r.arn, 24)}`;
  const att = world.find('AWS::SecretsManager::SecretTargetAttachment', r.stack.region, (a) => world.prop(a, 'SecretId') === r.ref);
  const targetType = att && String(world.prop(att, 'TargetType') ?? 'AWS::RDS::DBInstance');
  const target = att && world.find(targetType!, r.stack.region, (i) => i.physicalId === String(world.prop(att, 'TargetId')).toLowerCase());
  if (target) Object.assign(value, { host: target.attr('Endpoint.Address'), port: Number(target.attr('Endpoint.Port')), engine: 'postgres', [targetType === 'AWS::RDS::DBCluster' ? 'dbClusterIdentifier' : 'dbInstanceIdentifier']: target.physicalId });
  return value;
}

/** Regions where re-replicating this (primary) secret failed, with the reason. */
function failed(world: World, s: RegionalSecret): [string, string][] {
  if (s.primaryRegion !== s.resource.stack.region || s.region !== s.primaryRegion) return [];
  return [...drState(world).replicationFailures].filter(([key]) => key.endsWith(`/${s.name}`)).map(([key, m]) => [key.slice(0, key.indexOf('/')), m]);
}

/** A replica carries its primary's value until it is promoted to standalone; after that, its own. */
function valueOf(world: World, s: RegionalSecret): Record<string, unknown> {
  const values = drState(world).secretValues;
  const primary = () => values.get(`${s.resource.stack.region}/${s.name}`) ?? initialValue(world, s.resource);
  if (s.primaryRegion !== s.region) return primary();
  return values.get(`${s.region}/${s.name}`) ?? primary();
}

export const secretsManager: ServiceModule = {
  client: SecretsManagerClient,
  operations: [
    // DescribeSecret: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html
    // PrimaryRegion names the primary's region on a replica; ReplicationStatus is listed on the primary.
    op<DescribeSecretCommandInput>(DescribeSecretCommand, (world, input, region) => {
      const s = secret(world, input.SecretId, region);
      const replicas = s.primaryRegion === region && region === s.resource.stack.region
        ? (world.prop<{ Region?: string }[]>(s.resource, 'ReplicaRegions') ?? []).filter((x) => !drState(world).standaloneSecrets.has(`${x.Region}/${s.name}`)) : [];
      return {
        ARN: s.resource.arn.replace(`:${s.resource.stack.region}:`, `:${region}:`), Name: s.name, PrimaryRegion: s.primaryRegion,
        ReplicationStatus: replicas.length || failed(world, s).length ? [
          ...replicas.map((x) => ({ Region: x.Region, Status: 'InSync' })),
          ...failed(world, s).map(([region, message]) => ({ Region: region, Status: 'Failed', StatusMessage: message })),
        ] : undefined,
      };
    }),
    // GetSecretValue: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
    op<GetSecretValueCommandInput>(GetSecretValueCommand, (world, input, region) => {
      const s = secret(world, input.SecretId, region);
      return { ARN: s.resource.arn, Name: s.name, SecretString: JSON.stringify(valueOf(world, s)) };
    }),
    // PutSecretValue: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
    // A replica is read-only: "Operation not permitted on a replica secret" until StopReplicationToReplica.
    op<PutSecretValueCommandInput>(PutSecretValueCommand, (world, input, region) => {
      takeFault(world, 'PutSecretValue');
      const s = secret(world, input.SecretId, region);
      if (s.primaryRegion !== region) throw awsError('InvalidRequestException', "Operation not permitted on a replica secret. Call must be made in primary secret's region.");
      drState(world).secretValues.set(`${region}/${s.name}`, JSON.parse(String(input.SecretString)) as Record<string, unknown>);
      return { ARN: s.resource.arn, Name: s.name };
    }),
    // ReplicateSecretToRegions: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ReplicateSecretToRegions.html
    // Called in the primary's region. A secret of the same name in the target region (the standalone copy a failover
    // left) makes the replication fail unless ForceOverwriteReplicaSecret, which replaces it with a replica.
    op<ReplicateSecretToRegionsCommandInput>(ReplicateSecretToRegionsCommand, (world, input, region) => {
      takeFault(world, 'ReplicateSecretToRegions');
      const s = secret(world, input.SecretId, region);
      if (s.primaryRegion !== region || region !== s.resource.stack.region) throw awsError('InvalidRequestException', "Operation not permitted on a replica secret. Call must be made in primary secret's region.");
      const st = drState(world);
      for (const r of input.AddReplicaRegions ?? []) {
        const key = `${r.Region}/${s.name}`;
        const known = (world.prop<{ Region?: string }[]>(s.resource, 'ReplicaRegions') ?? []).some((x) => x.Region === r.Region);
        if (!known) throw new Error(`simulated account: replicating ${s.name} to a region its template does not name (${r.Region}) not modelled`);
        if (st.standaloneSecrets.has(key) && !input.ForceOverwriteReplicaSecret) {
          st.replicationFailures.set(key, `Replication failed: A secret with the name ${s.name} already exists in ${r.Region}.`);
          continue;
        }
        st.standaloneSecrets.delete(key);
        st.secretValues.delete(key);
        st.replicationFailures.delete(key);
      }
      return { ARN: s.resource.arn, ReplicationStatus: (input.AddReplicaRegions ?? []).map((r) => ({ Region: r.Region, Status: st.replicationFailures.has(`${r.Region}/${s.name}`) ? 'Failed' : 'InSync' })) };
    }),
    // StopReplicationToReplica: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_StopReplicationToReplica.html
    // Called in the replica's region; the replica becomes a standalone secret with the value it had.
    op<StopReplicationToReplicaCommandInput>(StopReplicationToReplicaCommand, (world, input, region) => {
      const s = secret(world, input.SecretId, region);
      if (s.primaryRegion === region) throw awsError('InvalidRequestException', 'The secret is not a replica secret.');
      const value = valueOf(world, s);
      drState(world).standaloneSecrets.add(`${region}/${s.name}`);
      drState(world).secretValues.set(`${region}/${s.name}`, { ...value });
      return { ARN: s.resource.arn };
    }),
  ],
};
