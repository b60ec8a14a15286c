import { createHash } from 'crypto';

/**
 * Deterministic physical names shared by the primary and DR stacks. Each stack computes the other's names instead of
 * importing CDK references, so there is no cross-region export (and no dependency cycle between the two regions).
 */

/** `${project}-${environment}` as PlatformContext.name() builds it. */
export function envPrefix(project: string, environment: string): string {
  return `${project}-${environment}`;
}

/** Replica bucket in the DR region: `${sourceName}-${drRegion}`, shortened with a hash when over 63 characters. */
export function replicaBucketName(sourceBaseName: string, drRegion: string): string {
  const name = `${sourceBaseName}-${drRegion}`;
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 63 - 9 - drRegion.length - 1)}-${hash}-${drRegion}`.replace(/-+/g, '-');
}

/** Alias (in the DR region) of the key replicas are re-encrypted with. */
export function replicaKeyAlias(prefix: string): string {
  return `alias/${prefix}-dr-data`;
}

/** Alias (in the DR region) of the backup key RDS encrypts an instance's replicated automated backups with. */
export function replicaBackupKeyAlias(prefix: string): string {
  return `alias/${prefix}-dr-backup`;
}

/** Alias (in the DR region) of the logs key the audit buckets' replicas (CloudTrail, Config) are encrypted with. */
export function replicaLogsKeyAlias(prefix: string): string {
  return `alias/${prefix}-dr-logs`;
}

/** Alias (in the DR region) of the key the database secrets' replicas are encrypted with. */
export function replicaSecretsKeyAlias(prefix: string): string {
  return `alias/${prefix}-dr-secrets`;
}

/** ARN of a key alias in another region (Secrets Manager accepts an alias ARN as a replica's KmsKeyId). */
export function kmsAliasArn(aliasName: string, region: string, account: string, partition = 'aws'): string {
  return `arn:${partition}:kms:${region}:${account}:${aliasName}`;
}

/** AWS Backup vault in the DR region receiving copies. */
export function drVaultName(prefix: string): string {
  // The same name as the primary region's vault (backup feature): one vault per region receives every copy.
  return `${prefix}-backup`;
}

export function drVaultArn(prefix: string, drRegion: string, account: string, partition = 'aws'): string {
  return `arn:${partition}:backup:${drRegion}:${account}:backup-vault:${drVaultName(prefix)}`;
}

/** DB instance identifier the databases feature gives `databases.<name>` (`ctx.name(name)`). */
export function primaryDbIdentifier(prefix: string, dbName: string): string {
  return `${prefix}-${dbName}`;
}

export function rdsInstanceArn(region: string, account: string, identifier: string, partition = 'aws'): string {
  return `arn:${partition}:rds:${region}:${account}:db:${identifier}`;
}

export function rdsClusterArn(region: string, account: string, identifier: string, partition = 'aws'): string {
  return `arn:${partition}:rds:${region}:${account}:cluster:${identifier}`;
}

/** Aurora Global Database identifier. */
export function globalClusterIdentifier(prefix: string, dbName: string): string {
  return `${prefix}-${dbName}-global`;
}
