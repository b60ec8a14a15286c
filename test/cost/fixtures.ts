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
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as config from 'aws-cdk-lib/aws-config';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
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
  /** Fargate service behind an ALB with WAF (the application Haven would run). */
  readonly service?: { cpu: number; memoryMiB: number; count: number };
  /** HIPAA controls Haven adds: KMS keys, CloudTrail with S3 data events, Config, GuardDuty, AWS Backup. */
  readonly hipaaControls?: { keys: number; backupRetentionDays: number };
  readonly interfaceEndpoints?: readonly ec2.InterfaceVpcEndpointAwsService[];
}

export function synthSeedPlatform(name: string, props: SeedPlatformProps): CfnTemplate {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, name, { env: { account: '123456789012', region: props.region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: props.azs,
    natGateways: props.natGateways,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  for (const svc of props.interfaceEndpoints ?? []) vpc.addInterfaceEndpoint(`Endpoint${svc.shortName.replace(/[^a-zA-Z0-9]/g, '')}`, { service: svc });
  const key = new kms.Key(stack, 'DataKey', { enableKeyRotation: true });
  for (let i = 1; i < (props.hipaaControls?.keys ?? 1); i++) new kms.Key(stack, `Key${i}`, { enableKeyRotation: true });
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

  if (props.service) {
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: props.service.cpu, memoryLimitMiB: props.service.memoryMiB });
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/nginx:stable'), portMappings: [{ containerPort: 80 }] });
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, desiredCount: props.service.count });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80 }).addTargets('App', { port: 80, targets: [service] });
    const acl = new wafv2.CfnWebACL(stack, 'WebAcl', {
      scope: 'REGIONAL', defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
      rules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'].map((rule, priority) => ({
        name: rule, priority, overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: rule } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: rule, sampledRequestsEnabled: true },
      })),
    });
    new wafv2.CfnWebACLAssociation(stack, 'WebAclAssociation', { resourceArn: alb.loadBalancerArn, webAclArn: acl.attrArn });
  }
  if (props.hipaaControls) {
    const trail = new cloudtrail.Trail(stack, 'Trail', { isMultiRegionTrail: true, enableFileValidation: true });
    trail.addS3EventSelector([{ bucket: buckets[0] }]);
    new config.CfnConfigurationRecorder(stack, 'Recorder', { roleArn: 'arn:aws:iam::123456789012:role/config', recordingGroup: { allSupported: true } });
    for (const rule of ['RDS_STORAGE_ENCRYPTED', 'S3_BUCKET_SSL_REQUESTS_ONLY', 'CLOUD_TRAIL_ENABLED']) {
      new config.ManagedRule(stack, rule, { identifier: rule });
    }
    new guardduty.CfnDetector(stack, 'Detector', { enable: true });
    const plan = new backup.BackupPlan(stack, 'BackupPlan', {
      backupPlanRules: [new backup.BackupPlanRule({ ruleName: 'daily', scheduleExpression: cdk.aws_events.Schedule.cron({ hour: '5', minute: '0' }), deleteAfter: cdk.Duration.days(props.hipaaControls.backupRetentionDays) })],
    });
    plan.addSelection('Data', { resources: [backup.BackupResource.fromRdsDatabaseInstance(db)] });
  }
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

const capitolAlarms: SeedPlatformProps['alarms'] = [
  { name: 'RdsHighCpu', namespace: 'AWS/RDS', metric: 'CPUUtilization', threshold: 80, periodMinutes: 5, evaluationPeriods: 2, comparison: GT },
  { name: 'RdsHighConnections', namespace: 'AWS/RDS', metric: 'DatabaseConnections', threshold: 50, periodMinutes: 5, evaluationPeriods: 1, comparison: GT },
  { name: 'RdsLowStorage', namespace: 'AWS/RDS', metric: 'FreeStorageSpace', threshold: 10 * 1024 ** 3, periodMinutes: 5, evaluationPeriods: 1, comparison: LT },
  { name: 'RedisHighCpu', namespace: 'AWS/ElastiCache', metric: 'CPUUtilization', threshold: 80, periodMinutes: 5, evaluationPeriods: 2, comparison: GT },
  { name: 'RedisHighMemory', namespace: 'AWS/ElastiCache', metric: 'DatabaseMemoryUsagePercentage', threshold: 90, periodMinutes: 5, evaluationPeriods: 1, comparison: GT },
];

/** Capitol Eye Care (seed 004), us-east-1: the voice agent on Fargate behind ALB + WAF, with HIPAA controls. */
export function capitolEyeCare(env: 'development' | 'production'): StackInput {
  const prod = env === 'production';
  return {
    name: `capitol-${env}`, region: 'us-east-1', environment: env,
    template: synthSeedPlatform(`capitol-${env}`, {
      region: 'us-east-1', azs: 2, natGateways: prod ? 2 : 1,
      dbClass: prod ? 'db.r5.large' : 'db.t3.medium', multiAz: prod, storageGb: prod ? 100 : 20,
      cacheNodeType: prod ? 'cache.r5.large' : 'cache.t3.micro', cacheNodes: prod ? 2 : 1,
      buckets: 2, cdn: false, dashboard: true, logGroups: 3, alarms: capitolAlarms,
      service: prod ? { cpu: 1024, memoryMiB: 2048, count: 2 } : { cpu: 512, memoryMiB: 1024, count: 1 },
      hipaaControls: { keys: 3, backupRetentionDays: prod ? 2555 : 35 },
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, ec2.InterfaceVpcEndpointAwsService.KMS, ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
    }),
  };
}
