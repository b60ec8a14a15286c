/**
 * The output contract between the platform, which emits CloudFormation outputs, and the operations layer (deploy,
 * verify, dr), which reads them. Both sides import these keys and names; nothing else spells them.
 *
 * Rules of the contract:
 * - keys are unique across an environment's stacks, so the outputs of all its stacks can be merged;
 * - what the DR runbook needs while the primary region is gone is emitted by the DR stack (or is a deterministic
 *   name computed below), never only by the primary stack;
 * - this module is plain data: the ops layer loads it without loading CDK.
 */
import { pascalCase as pascal } from './naming';

export { pascal };

export const OUTPUTS = {
  // ---- databases (primary stack)
  dbIdentifier: (n: string) => `HavenDb${pascal(n)}Identifier`,
  dbEndpoint: (n: string) => `HavenDb${pascal(n)}Endpoint`,
  dbSecretArn: (n: string) => `HavenDb${pascal(n)}SecretArn`,
  /** Aurora global database the primary cluster belongs to (primary stack, `aurora-global` mode). */
  dbGlobalClusterIdentifier: (n: string) => `HavenDb${pascal(n)}GlobalClusterIdentifier`,
  // ---- databases (DR stack)
  /** Cross-region read replica instance, or Aurora global secondary cluster, in the DR region. */
  dbReplicaIdentifier: (n: string) => `HavenDb${pascal(n)}ReplicaIdentifier`,
  /** Name of the database secret's replica in the DR region (Secrets Manager replica regions). */
  dbDrSecretName: (n: string) => `HavenDb${pascal(n)}DrSecretName`,
  /** What a restore in the DR region needs to land in Haven's own DR network with the primary's settings. */
  dbDrSubnetGroup: (n: string) => `HavenDb${pascal(n)}DrSubnetGroup`,
  dbDrSecurityGroupId: (n: string) => `HavenDb${pascal(n)}DrSecurityGroupId`,
  dbDrParameterGroup: (n: string) => `HavenDb${pascal(n)}DrParameterGroup`,
  dbDrKmsKeyArn: (n: string) => `HavenDb${pascal(n)}DrKmsKeyArn`,
  // ---- buckets
  bucketName: (n: string) => `HavenBucket${pascal(n)}Name`,
  /** DR stack. */
  bucketReplicaName: (n: string) => `HavenBucket${pascal(n)}ReplicaName`,
  // ---- caches (primary stack)
  cacheReplicationGroupId: (n: string) => `HavenCache${pascal(n)}ReplicationGroupId`,
  cacheEndpoint: (n: string) => `HavenCache${pascal(n)}Endpoint`,
  cacheSecretArn: (n: string) => `HavenCache${pascal(n)}SecretArn`,
  cacheIamUserId: (n: string) => `HavenCache${pascal(n)}IamUserId`,
  // ---- services: the primary stack emits its own, the DR stack its standby copies
  serviceCluster: (n: string, role: 'primary' | 'dr' = 'primary') => `HavenService${pascal(n)}${role === 'dr' ? 'Dr' : ''}Cluster`,
  serviceName: (n: string, role: 'primary' | 'dr' = 'primary') => `HavenService${pascal(n)}${role === 'dr' ? 'Dr' : ''}Service`,
  // ---- EKS clusters: the primary stack emits its own, the DR stack its standby cluster (a drill stops the primary's
  // managed node groups, failback stops the DR's; node groups are listed from the cluster, so only its name is needed)
  clusterName: (n: string, role: 'primary' | 'dr' = 'primary') => `HavenCluster${pascal(n)}${role === 'dr' ? 'Dr' : ''}Name`,
  /**
   * DR stack: JSON `NodegroupSizes`: each managed node group of the standby cluster, by its Cloud Control identifier
   * (`<cluster>/<nodegroup>`): failover scales them to `active`, failback back to `standby` (the primary's outputs are
   * unreadable in an outage, so the production sizes travel with the DR stack).
   */
  clusterDrNodegroups: (n: string) => `HavenCluster${pascal(n)}DrNodegroups`,
  // ---- load balancers (ALB per stack; the DR stack's warm/pilot-light balancer is `dr`)
  loadBalancerArn: (n: string) => `HavenLoadBalancer${pascal(n)}Arn`,
  // ---- keys, alarms, audit, backup (each stack emits its own keys and topic)
  keyArn: (keyClass: string, role: 'primary' | 'dr' = 'primary') => `HavenKey${pascal(keyClass)}${role === 'dr' ? 'Dr' : ''}Arn`,
  alarmTopicArn: (role: 'primary' | 'dr' = 'primary') => (role === 'dr' ? 'HavenAlarmTopicDrArn' : 'HavenAlarmTopicArn'),
  trailName: 'HavenTrailName',
  backupVaultName: 'HavenBackupVaultName',
  /** DR stack: vault receiving cross-region copies (AWS Backup recovery points live here). */
  drBackupVaultName: 'HavenDrBackupVaultName',
  // ---- DNS failover
  dnsHostedZoneId: 'HavenDnsHostedZoneId',
  dnsRecordName: 'HavenDnsRecordName',
  /** Health check on the PRIMARY failover record (the calculated one: endpoint AND switch). */
  dnsPrimaryHealthCheckId: 'HavenDnsPrimaryHealthCheckId',
} as const;

/** A managed node group's scaling configuration, as EKS and AWS::EKS::Nodegroup ScalingConfig spell it. */
export interface NodegroupScaling { readonly MinSize: number; readonly MaxSize: number; readonly DesiredSize: number }

/** Sizes of each standby node group: while DR serves traffic (the primary's production sizes) and while on standby. */
export type NodegroupSizes = readonly { readonly id: string; readonly active: NodegroupScaling; readonly standby: NodegroupScaling }[];

/**
 * The manual failover switch: a CloudWatch metric in the DR region whose alarm feeds the Route 53 health check that
 * guards the PRIMARY failover record. Publishing 1 makes the PRIMARY unhealthy (Route 53 answers with SECONDARY);
 * publishing 0 restores it. It lives in the DR region so it can be thrown while the primary region is gone.
 */
export function failoverSwitch(project: string, environment: string): { readonly namespace: string; readonly metricName: string; readonly dimensions: Readonly<Record<string, string>>; readonly alarmName: string } {
  const prefix = `${project}-${environment}`;
  return { namespace: 'Haven/DR', metricName: 'FailoverEngaged', dimensions: { Environment: prefix }, alarmName: `${prefix}-dr-failover-switch` };
}

/**
 * The alarm (one per colour of a blue/green service), in the PRIMARY region, that says the primary endpoint is unhealthy when the ALB admits only CloudFront and
 * Route 53 cannot probe it. The primary stack creates it; the DR stack's failover pair watches it by region and this
 * name (never by cross-stack reference: the DR stack must deploy and switch while the primary region is gone).
 */
export function failoverEndpointAlarmName(project: string, environment: string, colour?: 'blue' | 'green'): string {
  return `${project}-${environment}-primary-endpoint-unhealthy${colour ? `-${colour}` : ''}`;
}

/** Secrets Manager name of a database's credentials; the DR region's replica has the same name. */
export function dbSecretName(project: string, environment: string, db: string): string {
  return `${project}-${environment}-${db}/credentials`;
}

/** Identifier of the DR-region replica instance / Aurora secondary cluster of a database. */
export function drDbIdentifier(project: string, environment: string, db: string): string {
  return `${project}-${environment}-${db}-dr`;
}
