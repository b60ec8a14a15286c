import { bucketName as physicalBucketName } from '../../../src/platform/naming';
import type { App } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { PlatformContext, PlatformEndpoint, StackRole } from '../../../src/platform/context';
import type { EnvironmentPlan } from '../../../src/spec/resolve';
import { platformContext } from './platform-context';

/** A stand-in for the integrator's foundation in one region of a two-region plan (no NAT: public and data tiers). */
export function testContext(app: App, plan: EnvironmentPlan, role: StackRole, opts: { endpoints?: PlatformEndpoint[] } = {}): PlatformContext {
  return platformContext(plan, { app, role, natGateways: 0, endpoints: opts.endpoints });
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
