import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ZonedStack } from '../../src/platform/zoned-stack';
import type { StackInput, CfnTemplate } from '../../src/cost/types';

/** Small CDK stacks mirroring the seeds' hand-built platforms, synthesized to templates for the estimator. */
export interface SeedPlatformProps {
  readonly region: string;
  readonly azs: number;
  readonly natGateways: number;
  readonly dbClass: string;
  readonly multiAz: boolean;
  readonly storageGb: number;
  readonly cacheNodeType: string;
  readonly cacheNodes: number;
  readonly buckets: number;
  readonly cdn: boolean;
  readonly alarms: Array<{ name: string; metric: string; namespace: string; threshold: number; periodMinutes: number; evaluationPeriods: number; comparison: cloudwatch.ComparisonOperator }>;
  readonly dashboard: boolean;
  readonly logGroups: number;
}

export function synthSeedPlatform(name: string, props: SeedPlatformProps): CfnTemplate {
  const app = new cdk.App();
  const stack = new ZonedStack(app, name, { env: { account: '123456789012', region: props.region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: props.azs,
    natGateways: props.natGateways,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const key = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
  const db = new rds.DatabaseInstance(stack, 'Database', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    instanceType: new ec2.InstanceType(props.dbClass.replace(/^db\./, '')),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    multiAz: props.multiAz,
    allocatedStorage: props.storageGb,
    maxAllocatedStorage: props.storageGb * 5,
    storageType: rds.StorageType.GP3,
    storageEncrypted: true,
    storageEncryptionKey: key,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: key,
    backupRetention: cdk.Duration.days(7),
    removalPolicy: cdk.RemovalPolicy.SNAPSHOT,
    deletionProtection: true,
  });
  const cacheSubnets = new elasticache.CfnSubnetGroup(stack, 'CacheSubnets', { description: 'cache', subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId) });
  const cache = new elasticache.CfnReplicationGroup(stack, 'Cache', {
    replicationGroupDescription: 'cache',
    engine: 'redis',
    cacheNodeType: props.cacheNodeType,
    numCacheClusters: props.cacheNodes,
    automaticFailoverEnabled: props.cacheNodes > 1,
    multiAzEnabled: props.cacheNodes > 1,
    atRestEncryptionEnabled: true,
    transitEncryptionEnabled: true,
    cacheSubnetGroupName: cacheSubnets.ref,
  });
  const buckets: s3.Bucket[] = [];
  for (let i = 0; i < props.buckets; i++) {
    buckets.push(new s3.Bucket(stack, `Bucket${i}`, {
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ transitions: [
        { storageClass: s3.StorageClass.GLACIER, transitionAfter: cdk.Duration.days(365) },
        { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: cdk.Duration.days(2555) },
      ] }],
    }));
  }
  if (props.cdn) {
    new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(buckets[0]), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS } });
  }
  for (const a of props.alarms) {
    const dims: Record<string, string> = a.namespace === 'AWS/RDS' ? { DBInstanceIdentifier: db.instanceIdentifier } : { ReplicationGroupId: cache.ref };
    new cloudwatch.Alarm(stack, a.name, {
      alarmName: a.name,
      metric: new cloudwatch.Metric({ namespace: a.namespace, metricName: a.metric, dimensionsMap: dims, period: cdk.Duration.minutes(a.periodMinutes), statistic: 'Average' }),
      threshold: a.threshold,
      evaluationPeriods: a.evaluationPeriods,
      comparisonOperator: a.comparison,
    });
  }
  if (props.dashboard) new cloudwatch.Dashboard(stack, 'Dashboard', { dashboardName: `${name}-dashboard` });
  for (let i = 0; i < props.logGroups; i++) new logs.LogGroup(stack, `Logs${i}`, { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: cdk.RemovalPolicy.RETAIN });

  new cdk.CfnOutput(stack, 'DatabaseEndpoint', { value: db.dbInstanceEndpointAddress, description: 'RDS endpoint' });
  new cdk.CfnOutput(stack, 'CacheEndpoint', { value: cache.attrPrimaryEndPointAddress, description: 'Redis primary endpoint' });
  return app.synth().getStackByName(name).template as CfnTemplate;
}

const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const LT = cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD;

/** BerthCare staging (seed 003): ca-central-1, db.t4g.medium Multi-AZ 100 GB, 2 x cache.t4g.micro, 2 NAT, 4 buckets, CloudFront. */
export function berthcareStaging(): StackInput {
  return {
    name: 'berthcare-staging', region: 'ca-central-1', environment: 'staging',
    template: synthSeedPlatform('berthcare-staging', {
      region: 'ca-central-1', azs: 2, natGateways: 2, dbClass: 'db.t4g.medium', multiAz: true, storageGb: 100,
      cacheNodeType: 'cache.t4g.micro', cacheNodes: 2, buckets: 4, cdn: true, dashboard: true, logGroups: 2,
      alarms: [
        { name: 'DatabaseCpuHigh', namespace: 'AWS/RDS', metric: 'CPUUtilization', threshold: 80, periodMinutes: 5, evaluationPeriods: 2, comparison: GT },
        { name: 'DatabaseStorageLow', namespace: 'AWS/RDS', metric: 'FreeStorageSpace', threshold: 10 * 1024 ** 3, periodMinutes: 5, evaluationPeriods: 1, comparison: LT },
        { name: 'DatabaseConnectionsHigh', namespace: 'AWS/RDS', metric: 'DatabaseConnections', threshold: 80, periodMinutes: 5, evaluationPeriods: 2, comparison: GT },
        { name: 'CacheCpuHigh', namespace: 'AWS/ElastiCache', metric: 'CPUUtilization', threshold: 75, periodMinutes: 5, evaluationPeriods: 2, comparison: GT },
        { name: 'CacheMemoryHigh', namespace: 'AWS/ElastiCache', metric: 'DatabaseMemoryUsagePercentage', threshold: 90, periodMinutes: 5, evaluationPeriods: 2, comparison: GT },
      ],
    }),
  };
}
