import type { Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { EnvironmentPlan } from '../spec/resolve';
import type { SecureLoadBalancer } from '../constructs/loadbalancer';

/** Key classes: one customer-managed key per class of data, so access to one class never implies another. */
export type KeyClass = 'data' | 'logs' | 'secrets' | 'backup';

/** Where a stack sits in the environment: the primary region, the DR region, or the us-east-1 edge. */
export type StackRole = 'primary' | 'dr' | 'edge';

/** A data store other features wire to (security groups, alarms, backups, replication). */
export interface PlatformDataStore {
  readonly name: string;
  readonly kind: 'rds-instance' | 'aurora-cluster' | 'redis' | 'efs';
  readonly connections: ec2.Connections;
  readonly defaultPort: number;
  readonly arn: string;
  /** Identifier CloudWatch uses as the metric dimension (DBInstanceIdentifier, ReplicationGroupId, ...). */
  readonly metricId: string;
  readonly secret?: secretsmanager.ISecret;
  /** Client names (services, functions) the spec allows to connect. */
  readonly clients: readonly string[];
  /** Engine max_connections, for the connections-percent alarm (monitoring). */
  readonly maxConnections?: number;
  /** Whether read replicas exist whose lag should alarm (monitoring). */
  readonly hasReplicas?: boolean;
  /** Per-node CloudWatch ids (ElastiCache member cluster ids such as `x-001`); monitoring assumes `${metricId}-001` when absent. */
  readonly memberIds?: readonly string[];
  /**
   * Sign-in with IAM instead of a secret (ElastiCache RBAC with IAM authentication): every client workload is
   * granted `grant` and given `environment` (user id, replication group id) in place of the token secret.
   */
  readonly iamAccess?: {
    readonly grant: (grantee: iam.IGrantable) => void;
    readonly environment: Readonly<Record<string, string>>;
  };
}

/** Compute that connects to data stores: an ECS service, a Lambda function, an EKS node group. */
export interface PlatformWorkload {
  readonly name: string;
  readonly kind: 'ecs-service' | 'lambda' | 'eks-cluster' | 'bastion';
  readonly connections: ec2.Connections;
  /** CloudWatch dimensions identifying it (ECS: ClusterName + ServiceName; Lambda: FunctionName), for alarms. */
  readonly metricDimensions?: Readonly<Record<string, string>>;
  /** Fewest running tasks that is healthy (ECS), for the running-task alarm. */
  readonly minimumTasks?: number;
  /** Identity the workload runs as, granted IAM sign-in to the stores that use it (see PlatformDataStore.iamAccess). */
  readonly grantee?: iam.IGrantable;
  /** Adds an environment variable to the workload (connection settings of IAM sign-in stores). */
  readonly addEnvironment?: (name: string, value: string) => void;
  /** ARN of the resource AWS Backup selects (EKS cluster), when the spec asks for its backup. */
  readonly backupArn?: string;
}

/** An Application Load Balancer, for alarms and dashboards. */
export interface PlatformLoadBalancer {
  readonly name: string;
  readonly loadBalancerFullName: string;
  readonly targetGroupFullNames: readonly string[];
}

/** A CloudFront distribution (edge stack), for alarms. */
export interface PlatformDistribution {
  readonly name: string;
  readonly distributionId: string;
}

/** A WAFv2 web ACL, for the blocked-requests alarm. */
export interface PlatformWebAcl {
  readonly name: string;
  readonly webAclName: string;
  readonly scope: 'REGIONAL' | 'CLOUDFRONT';
}

/** A public entry point (ALB, CloudFront, API) that DNS can route to, e.g. for DR failover records. */
export interface PlatformEndpoint {
  readonly name: string;
  readonly dnsName: string;
  /** Route 53 zone id of the target, for alias records (ALB: loadBalancerCanonicalHostedZoneId). */
  readonly hostedZoneId?: string;
}

/** Everything features created so far in this stack, for later features to wire to. */
export interface PlatformRegistry {
  /**
   * The environment's internet-facing HTTPS load balancer, set by the edge feature (which must run before compute
   * features). Attach with `addTarget`, or route from `listener` and open `securityGroup`.
   */
  loadBalancer?: SecureLoadBalancer;
  readonly dataStores: Map<string, PlatformDataStore>;
  readonly buckets: Map<string, s3.IBucket>;
  readonly workloads: Map<string, PlatformWorkload>;
  readonly alarms: cloudwatch.IAlarm[];
  readonly dashboardWidgets: cloudwatch.IWidget[];
  /** Optional entries below were added for monitoring; features that own the resources fill them when present. */
  readonly loadBalancers?: Map<string, PlatformLoadBalancer>;
  /** NAT gateway ids; monitoring falls back to the VPC's own NAT gateways when absent. */
  readonly natGatewayIds?: string[];
  readonly distributions?: Map<string, PlatformDistribution>;
  readonly webAcls?: Map<string, PlatformWebAcl>;
  /** Well-known log groups for saved queries: 'cloudtrail' (security feature), 'flowlogs' (network feature). */
  readonly logGroups?: Map<string, logs.ILogGroup>;
  /** Public entry points by name; optional so existing context builders stay valid (read by the DR feature). */
  readonly endpoints?: Map<string, PlatformEndpoint>;
  /** ALB target groups by the service they serve (blue/green: `<service>-blue`), for the operations dashboard. */
  readonly targetGroups?: Map<string, { readonly loadBalancerFullName: string; readonly targetGroupFullName: string }>;
  /** Route 53 health check ids by label, for the dashboards (operations: endpoints; DR: the failover pair). */
  readonly healthChecks?: Map<string, string>;
}

/** What a feature receives: the stack to build in, the resolved environment, and the shared foundation. */
export interface PlatformContext {
  readonly stack: Stack;
  readonly plan: EnvironmentPlan;
  readonly region: string;
  readonly role: StackRole;
  /** Physical-name prefix `${project}-${environment}`; `name('photos')` gives `berthcare-staging-photos`. */
  name(suffix: string): string;
  key(keyClass: KeyClass): kms.IKey;
  readonly vpc: ec2.IVpc;
  readonly subnets: { readonly public: ec2.SubnetSelection; readonly app: ec2.SubnetSelection; readonly data: ec2.SubnetSelection };
  readonly alarmTopic: sns.ITopic;
  /** Bucket receiving S3, ALB and CloudFront access logs. */
  readonly logBucket: s3.IBucket;
  readonly registry: PlatformRegistry;
  /** us-east-1 scopes for a stack outside us-east-1 that serves CloudFront; absent in us-east-1 or without a CDN. */
  readonly usEast1?: UsEast1Scopes;
  /** Adds a CloudFormation output used as verification evidence (never a secret value). */
  evidence(id: string, value: string, description: string): void;
}

/** A feature maps one part of the spec onto constructs in a stack. No AWS detail lives in the platform layer. */
export interface PlatformFeature {
  readonly name: string;
  /** Stack roles this feature builds in. */
  readonly roles: readonly StackRole[];
  /**
   * Build in a nested stack of its own. Fleets (15 services, 25 functions) would otherwise push one template past
   * CloudFormation's 500-resource limit; a nested stack still deploys and rolls back with its parent.
   */
  readonly nested?: (plan: EnvironmentPlan) => boolean;
  apply(ctx: PlatformContext): void;
}

/**
 * us-east-1 stacks for CloudFront's global pieces when the primary stack lives in another region (design note in
 * features/edge.ts; `createUsEast1Scopes` there builds them). The primary stack and both of these need
 * `crossRegionReferences: true` and a concrete region.
 */
export interface UsEast1Scopes {
  /** Deploys BEFORE the primary stack, which references it: CloudFront certificate, CLOUDFRONT WAF ACL. */
  readonly edgeStack: Stack;
  /** Deploys AFTER the primary stack and references it: alarms on CloudFront metrics (they exist only in us-east-1). */
  readonly afterStack: Stack;
  /** Key for us-east-1 log groups (WAF logs); the WAF construct creates its own when absent. */
  readonly logsKey?: kms.IKey;
  /** us-east-1 topic for alarms there; the edge feature creates one in edgeStack when absent. */
  readonly alarmTopic?: sns.ITopic;
}
