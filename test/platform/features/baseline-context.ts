// Hand-built PlatformContext for the baseline features' tests (not a test file itself).
import { App, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { KeyClass, PlatformContext, PlatformRegistry, StackRole } from '../../../src/platform/context';
import { resolveEnvironment } from '../../../src/spec/resolve';
import { havenSpecSchema } from '../../../src/spec/schema';

export interface ContextOptions {
  readonly env?: string;
  readonly role?: StackRole;
  readonly region?: string;
  /** Top-level spec sections merged over the Capitol-Eye-Care-like base. */
  readonly spec?: Record<string, unknown>;
}

export function baseSpec(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    project: { name: 'cec' },
    compliance: { frameworks: ['hipaa'] },
    regions: { primary: 'us-east-1', dr: 'us-west-2' },
    network: { cidr: '10.0.0.0/16' },
    notifications: { emails: ['admin@example.com'] },
    environments: { production: { tier: 'production' }, staging: { tier: 'staging' }, development: { tier: 'development' } },
    ...extra,
  };
}

export function makeContext(opts: ContextOptions = {}): PlatformContext & { registry: Required<PlatformRegistry> } {
  const envName = opts.env ?? 'production';
  const raw = baseSpec(opts.spec);
  const spec = havenSpecSchema.parse(raw);
  const plan = resolveEnvironment(spec, envName, raw);
  const role = opts.role ?? 'primary';
  const region = opts.region ?? (role === 'dr' ? 'us-west-2' : role === 'edge' ? 'us-east-1' : 'us-east-1');
  const stack = new Stack(new App(), `Cec${role}`, { env: { account: '111111111111', region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 2,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const keys = new Map<KeyClass, kms.Key>();
  const registry = {
    dataStores: new Map(), buckets: new Map(), workloads: new Map(), alarms: [], dashboardWidgets: [],
    loadBalancers: new Map(), natGatewayIds: undefined as unknown as string[], distributions: new Map(), webAcls: new Map(), logGroups: new Map(),
  };
  // natGatewayIds left unset so monitoring discovers the VPC's NAT gateways.
  delete (registry as Record<string, unknown>).natGatewayIds;
  const keyOf = (keyClass: KeyClass) => {
    if (!keys.has(keyClass)) keys.set(keyClass, new kms.Key(stack, `Key-${keyClass}`, { enableKeyRotation: true }));
    return keys.get(keyClass)!;
  };
  return {
    stack, plan, region, role,
    name: (suffix: string) => `cec-${envName}-${suffix}`,
    key: keyOf,
    vpc,
    subnets: { public: { subnetType: ec2.SubnetType.PUBLIC }, app: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, data: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } },
    // Encrypted with the logs key, as the environment stack does.
    alarmTopic: new sns.Topic(stack, 'Alarms', { masterKey: keyOf('logs'), enforceSSL: true }),
    logBucket: new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED }),
    registry: registry as unknown as Required<PlatformRegistry>,
    evidence: (id: string, value: string, description: string) => { new CfnOutput(stack, `Evidence${id}`, { value, description }); },
  };
}

/** Registers a PostgreSQL instance as data store `main`, as the databases feature would. */
export function addDatabase(ctx: PlatformContext, extra: { maxConnections?: number } = {}): rds.DatabaseInstance {
  const db = new rds.DatabaseInstance(ctx.stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc: ctx.vpc,
    vpcSubnets: ctx.subnets.data,
    instanceIdentifier: 'cec-production-main',
    storageEncrypted: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
  });
  ctx.registry.dataStores.set('main', {
    name: 'main', kind: 'rds-instance', connections: db.connections, defaultPort: 5432,
    arn: db.instanceArn, metricId: 'cec-production-main', clients: [], maxConnections: extra.maxConnections,
  });
  return db;
}
