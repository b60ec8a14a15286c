// The one hand-built PlatformContext for feature tests (not a test file itself): the foundation the environment
// stack would give a feature (VPC, keys per class, alarm topic, log bucket, empty registry), over a resolved plan.
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { KeyClass, PlatformContext, PlatformEndpoint, PlatformRegistry, StackRole } from '../../../src/platform/context';
import type { EnvironmentPlan } from '../../../src/spec/resolve';

export interface TestContextOptions {
  /** @default a new App */
  readonly app?: App;
  /** @default 'primary' */
  readonly role?: StackRole;
  /** @default the plan's primary region (its DR region for role 'dr') */
  readonly region?: string;
  /** @default '111111111111' */
  readonly account?: string;
  /** @default `<project>-<env>-<role>` */
  readonly stackId?: string;
  /** VPC CIDR. @default the plan's network CIDR (its DR CIDR for role 'dr') */
  readonly cidr?: string;
  /** NAT gateways; 0 also drops the app tier (app subnets are then the isolated ones). @default 2 */
  readonly natGateways?: number;
  /** Create every key class up front (tests asserting key grants need them to exist). @default false (on first use) */
  readonly eagerKeys?: boolean;
  /** Encrypt the alarm topic with the logs key, as the environment stack does. @default false */
  readonly encryptedTopic?: boolean;
  readonly endpoints?: readonly PlatformEndpoint[];
  /** Prefix of physical names. @default `<project>-<env>` */
  readonly namePrefix?: string;
}

export type TestContext = PlatformContext & { registry: Required<Omit<PlatformRegistry, 'loadBalancer' | 'natGatewayIds' | 'endpoints'>> & PlatformRegistry };

export function platformContext(plan: EnvironmentPlan, opts: TestContextOptions = {}): TestContext {
  const role = opts.role ?? 'primary';
  const region = opts.region ?? (role === 'dr' ? plan.regions?.dr ?? 'us-west-2' : plan.regions?.primary ?? 'us-east-1');
  const account = opts.account ?? '111111111111';
  const stack = new Stack(opts.app ?? new App(), opts.stackId ?? `${plan.project.name}-${plan.name}-${role}`, { env: { account, region } });
  const natGateways = opts.natGateways ?? 2;
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(opts.cidr ?? (role === 'dr' ? plan.network.drCidr ?? '10.1.0.0/16' : plan.network.cidr)),
    maxAzs: 2,
    natGateways,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      ...(natGateways > 0 ? [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }] : []),
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const keys = new Map<KeyClass, kms.Key>();
  const key = (keyClass: KeyClass): kms.Key => {
    if (!keys.has(keyClass)) {
      const k = new kms.Key(stack, `Key-${keyClass}`, { enableKeyRotation: true });
      // The environment stack lets CloudWatch Logs use the logs key.
      if (keyClass === 'logs') k.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${region}.amazonaws.com`));
      keys.set(keyClass, k);
    }
    return keys.get(keyClass)!;
  };
  if (opts.eagerKeys) for (const k of ['data', 'logs', 'secrets', 'backup'] as const) key(k);
  const name = (suffix: string) => `${opts.namePrefix ?? `${plan.project.name}-${plan.name}`}-${suffix}`;
  return {
    stack, plan, region, role, name, key, vpc,
    subnets: {
      public: { subnetGroupName: 'public' },
      app: { subnetGroupName: natGateways > 0 ? 'app' : 'data' },
      data: { subnetGroupName: 'data' },
    },
    alarmTopic: new sns.Topic(stack, 'Alarms', opts.encryptedTopic ? { masterKey: key('logs'), enforceSSL: true } : {}),
    logBucket: new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED }),
    registry: {
      dataStores: new Map(), buckets: new Map(), workloads: new Map(), alarms: [], dashboardWidgets: [],
      loadBalancers: new Map(), distributions: new Map(), webAcls: new Map(), logGroups: new Map(), targetGroups: new Map(), healthChecks: new Map(),
      // natGatewayIds stays unset so monitoring discovers the VPC's NAT gateways.
      ...(opts.endpoints ? { endpoints: new Map(opts.endpoints.map((e) => [e.name, e])) } : {}),
    },
    evidence: (id: string, value: string, description: string) => { new CfnOutput(stack, id, { value, description }); },
  };
}
