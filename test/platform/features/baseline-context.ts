// PlatformContext over a Capitol-Eye-Care-like spec for the baseline features' tests (not a test file itself).
import { RemovalPolicy } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { PlatformContext, StackRole } from '../../../src/platform/context';
import { resolveEnvironment } from '../../../src/spec/resolve';
import { havenSpecSchema } from '../../../src/spec/schema';
import { platformContext, type TestContext } from './platform-context';

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

export function makeContext(opts: ContextOptions = {}): TestContext {
  const envName = opts.env ?? 'production';
  const raw = baseSpec(opts.spec);
  const plan = resolveEnvironment(havenSpecSchema.parse(raw), envName, raw);
  const role = opts.role ?? 'primary';
  return platformContext(plan, { role, region: opts.region, stackId: `Cec${role}`, encryptedTopic: true, namePrefix: `cec-${envName}` });
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
