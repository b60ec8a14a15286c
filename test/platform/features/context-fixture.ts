import { bucketName as physicalBucketName } from '../../../src/platform/naming';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { KeyClass, PlatformContext, PlatformEndpoint, StackRole } from '../../../src/platform/context';
import type { EnvironmentPlan } from '../../../src/spec/resolve';

/** A minimal stand-in for the integrator's foundation: VPC, keys per class, topic, log bucket, empty registry. */
export function testContext(app: App, plan: EnvironmentPlan, role: StackRole, opts: { endpoints?: PlatformEndpoint[] } = {}): PlatformContext {
  const region = role === 'dr' ? plan.regions.dr! : plan.regions.primary;
  const stack = new Stack(app, `${plan.project.name}-${plan.name}-${role}`, { env: { account: '111111111111', region } });
  const cidr = role === 'dr' ? plan.network.drCidr! : plan.network.cidr;
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(cidr), maxAzs: 2, natGateways: 0,
    subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }, { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const keys = new Map<KeyClass, kms.IKey>();
  const name = (suffix: string) => `${plan.project.name}-${plan.name}-${suffix}`;
  return {
    stack, plan, region, role, name,
    key: (k) => {
      if (!keys.has(k)) keys.set(k, new kms.Key(stack, `Key-${k}`, { enableKeyRotation: true }));
      return keys.get(k)!;
    },
    vpc,
    subnets: { public: { subnetType: ec2.SubnetType.PUBLIC }, app: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, data: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } },
    alarmTopic: new sns.Topic(stack, 'Alarms'),
    logBucket: new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED }),
    registry: {
      dataStores: new Map(), buckets: new Map(), workloads: new Map(), alarms: [], dashboardWidgets: [],
      endpoints: opts.endpoints ? new Map(opts.endpoints.map((e) => [e.name, e])) : undefined,
    },
    evidence: (id, value, description) => { new CfnOutput(stack, id, { value, description }); },
  };
}

/** What the buckets and databases features would have registered in the primary stack. */
export function registerPrimaryData(ctx: PlatformContext): void {
  for (const [bucketName, spec] of Object.entries(ctx.plan.buckets ?? {})) {
    const kmsEnc = (spec.encryption ?? 'kms') === 'kms';
    ctx.registry.buckets.set(bucketName, new s3.Bucket(ctx.stack, `Bucket-${bucketName}`, {
      bucketName: spec.name ?? physicalBucketName(ctx.plan.project.name, ctx.plan.name, bucketName),
      encryption: kmsEnc ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: kmsEnc ? ctx.key('data') : undefined,
      versioned: true,
    }));
  }
  for (const dbName of Object.keys(ctx.plan.databases ?? {})) {
    const sg = new ec2.SecurityGroup(ctx.stack, `DbSg-${dbName}`, { vpc: ctx.vpc });
    ctx.registry.dataStores.set(dbName, {
      name: dbName, kind: 'rds-instance', connections: new ec2.Connections({ securityGroups: [sg] }), defaultPort: 5432,
      arn: `arn:aws:rds:${ctx.region}:111111111111:db:${ctx.name(dbName)}`, metricId: ctx.name(dbName), clients: [],
    });
  }
}
