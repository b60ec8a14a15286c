/** Storage and secrets: S3 replica parity, database secrets re-pointed at the active endpoint and re-replicated. */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ReplicateSecretToRegionsCommand, StopReplicationToReplicaCommand,
} from '@aws-sdk/client-secrets-manager';
import { call, poll } from '../../aws';
import { OpsError } from '../../errors';
import { OpsBucket, OpsDatabase } from '../../target';
import { DrStep, StepContext } from '../engine';
import { DrSettings, endpointKey, need, opt, regions } from './shared';

// S3 ListObjectsV2: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
export async function bucketTotals(s: DrSettings, region: string, bucket: string): Promise<{ count: number; bytes: number }> {
  let token: string | undefined;
  let count = 0;
  let bytes = 0;
  do {
    const r = await call<{ Contents?: { Size?: number }[]; NextContinuationToken?: string; IsTruncated?: boolean }>(
      s.clients.s3(region), new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }), opt(s),
    );
    for (const o of r.Contents ?? []) { count++; bytes += o.Size ?? 0; }
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return { count, bytes };
}

/** Seed 003: "verify S3 object parity" by object counts and total sizes. In an outage only the DR side is counted. */
export function bucketParity(s: DrSettings, b: OpsBucket, direction: 'to-dr' | 'to-primary'): DrStep {
  const { primary, dr } = regions(s);
  const src = direction === 'to-dr' ? { region: primary, name: b.bucketName } : { region: dr, name: b.replicaBucketName };
  const dst = direction === 'to-dr' ? { region: dr, name: b.replicaBucketName } : { region: primary, name: b.bucketName };
  const compareSource = !(direction === 'to-dr' && s.mode === 'outage');
  const compare = async () => {
    const d = await bucketTotals(s, dst.region, need(dst.name, `Bucket ${b.name} in ${dst.region}`));
    const sTotals = compareSource ? await bucketTotals(s, src.region, need(src.name, `Bucket ${b.name} in ${src.region}`)) : undefined;
    return { s: sTotals, d };
  };
  const fmt = (t?: { count: number; bytes: number }) => (t ? `${t.count} objects/${t.bytes} bytes` : 'not compared (outage)');
  return {
    id: `s3.${b.name}.parity${direction === 'to-primary' ? '-primary' : ''}`,
    describe: () => compareSource ? `compare object counts and sizes ${src.name} (${src.region}) → ${dst.name} (${dst.region})` : `count objects in ${dst.name} (${dst.region})`,
    check: async () => {
      const c = await compare();
      return { state: 'todo', detail: `source ${fmt(c.s)}, destination ${fmt(c.d)}` };
    },
    run: async (ctx) => {
      const c = await compare();
      if (c.s && (c.s.count !== c.d.count || c.s.bytes !== c.d.bytes)) {
        throw new OpsError(
          `S3 parity mismatch: ${src.name} has ${fmt(c.s)}, ${dst.name} has ${fmt(c.d)}.`,
          `Check replication metrics, or run \`aws s3 sync s3://${src.name} s3://${dst.name} --source-region ${src.region} --region ${dst.region}\` and re-run.`,
        );
      }
      ctx.out(`  ${dst.name}: ${fmt(c.d)}${c.s ? ' (matches source)' : ''}`);
    },
  };
}

/**
 * Re-point a database secret's `host` at the active endpoint, in the region of `to`. In the DR region this is the
 * replica secret (DR stack output HavenDb…DrSecretName): read-only while it replicates, so it is first promoted to a
 * standalone secret with StopReplicationToReplica, called in the DR region — the primary is never needed.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/standalone-secret.html
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_StopReplicationToReplica.html
 * Values are never printed.
 */
export function repointSecret(s: DrSettings, db: OpsDatabase, to: 'dr' | 'primary'): DrStep {
  const { primary, dr } = regions(s);
  const region = to === 'dr' ? dr : primary;
  const secretId = () => need(to === 'dr' ? db.drSecretId : db.secretId, `${to === 'dr' ? 'DR replica secret (HavenDb…DrSecretName)' : 'Secret'} of database ${db.name}`);
  const host = (ctx: StepContext) => need(ctx.outputs[endpointKey(db)], `New endpoint of database ${db.name} (recorded by the database step)`);
  // GetSecretValue / PutSecretValue: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html
  const current = async () => {
    const v = await call<{ SecretString?: string }>(s.clients.secrets(region), new GetSecretValueCommand({ SecretId: secretId() }), opt(s));
    try {
      return JSON.parse(v.SecretString ?? '{}') as Record<string, unknown>;
    } catch {
      throw new OpsError(`Secret ${secretId()} is not JSON; cannot re-point its host.`);
    }
  };
  return {
    id: `secrets.${db.name}.repoint${to === 'primary' ? '-primary' : ''}`,
    describe: () => `point secret ${to === 'dr' ? db.drSecretId : db.secretId} (${region}) at the ${to === 'dr' ? 'DR' : 'primary'} endpoint of ${db.name}`,
    check: async (ctx) => {
      const want = ctx.outputs[endpointKey(db)];
      const j = await current();
      if (want && j.host === want) return { state: 'done', detail: 'host already points at the active endpoint' };
      return { state: 'todo', detail: want ? 'host points elsewhere' : 'endpoint known after the database step' };
    },
    run: async (ctx) => {
      // DescribeSecret PrimaryRegion: set (to another region) while this is a replica.
      const d = await call<{ PrimaryRegion?: string }>(s.clients.secrets(region), new DescribeSecretCommand({ SecretId: secretId() }), opt(s));
      if (d.PrimaryRegion && d.PrimaryRegion !== region) {
        await call(s.clients.secrets(region), new StopReplicationToReplicaCommand({ SecretId: secretId() }), opt(s));
      }
      const j = await current();
      await call(s.clients.secrets(region), new PutSecretValueCommand({ SecretId: secretId(), SecretString: JSON.stringify({ ...j, host: host(ctx) }) }), opt(s));
    },
    waitFor: (ctx) => poll(async () => ({ done: (await current()).host === host(ctx) }), { what: `secret ${secretId()} to show the new host`, timeoutMs: s.timeouts.secret, clock: s.clock, initialDelayMs: 2000 }),
  };
}

/**
 * Failback: make the DR secret a replica of the primary secret again (it was promoted to standalone on failover).
 * ReplicateSecretToRegions with ForceOverwriteReplicaSecret replaces the standalone secret of the same name.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ReplicateSecretToRegions.html
 */
export function reReplicateSecret(s: DrSettings, db: OpsDatabase): DrStep {
  const { primary, dr } = regions(s);
  const secretId = () => need(db.secretId, `Secret of database ${db.name}`);
  return {
    id: `secrets.${db.name}.re-replicate`,
    describe: () => `replicate secret ${db.secretId} to ${dr} again (overwrites the standalone DR copy)`,
    check: async () => {
      const d = await call<{ ReplicationStatus?: { Region?: string; Status?: string }[] }>(s.clients.secrets(primary), new DescribeSecretCommand({ SecretId: secretId() }), opt(s));
      const st = d.ReplicationStatus?.find((r) => r.Region === dr)?.Status;
      return st === 'InSync' ? { state: 'done', detail: `replica in ${dr} in sync` } : { state: st === 'InProgress' ? 'pending' : 'todo', detail: `replica in ${dr}: ${st ?? 'none'}` };
    },
    run: async () => {
      await call(s.clients.secrets(primary), new ReplicateSecretToRegionsCommand({
        SecretId: secretId(), AddReplicaRegions: [{ Region: dr, KmsKeyId: db.drPlacement?.kmsKeyId }], ForceOverwriteReplicaSecret: true,
      }), opt(s));
    },
    waitFor: () => poll(async () => {
      const d = await call<{ ReplicationStatus?: { Region?: string; Status?: string }[] }>(s.clients.secrets(primary), new DescribeSecretCommand({ SecretId: secretId() }), opt(s));
      const st = d.ReplicationStatus?.find((r) => r.Region === dr)?.Status;
      return { done: st === 'InSync', state: st ?? 'none' };
    }, { what: `secret ${secretId()} replicating to ${dr}`, timeoutMs: s.timeouts.secret, clock: s.clock, initialDelayMs: 2000 }),
  };
}
