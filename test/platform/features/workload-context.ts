import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { KeyClass, PlatformContext, PlatformRegistry } from '../../../src/platform/context';
import type { EnvironmentPlan } from '../../../src/spec/resolve';
import { TIER_DEFAULTS } from '../../../src/spec/tiers';
import type { Tier } from '../../../src/spec/common';

/** A hand-built PlatformContext: VPC with public/app/data tiers, one key per class, empty registry. */
export function workloadContext(sections: Partial<EnvironmentPlan>, tier: Tier = 'production'): PlatformContext {
  const app = new App();
  const stack = new Stack(app, 'Env', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 2,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const keys = new Map<KeyClass, kms.Key>();
  for (const k of ['data', 'logs', 'secrets', 'backup'] as const) {
    const key = new kms.Key(stack, `Key-${k}`, { enableKeyRotation: true });
    if (k === 'logs') key.grantEncryptDecrypt(new iam.ServicePrincipal('logs.us-east-1.amazonaws.com'));
    keys.set(k, key);
  }
  const registry: PlatformRegistry = { dataStores: new Map(), buckets: new Map(), workloads: new Map(), alarms: [], dashboardWidgets: [] };
  const plan = {
    name: 'prod',
    tier,
    defaults: TIER_DEFAULTS[tier],
    project: { name: 'acme' },
    compliance: {},
    network: { cidr: '10.0.0.0/16' },
    ...sections,
  } as unknown as EnvironmentPlan;
  return {
    stack,
    plan,
    region: 'us-east-1',
    role: 'primary',
    name: (suffix: string) => `acme-prod-${suffix}`,
    key: (k: KeyClass) => keys.get(k)!,
    vpc,
    subnets: { public: { subnetGroupName: 'public' }, app: { subnetGroupName: 'app' }, data: { subnetGroupName: 'data' } },
    alarmTopic: new sns.Topic(stack, 'Alarms'),
    logBucket: new s3.Bucket(stack, 'Logs'),
    registry,
    evidence(id: string, value: string, description: string) {
      new CfnOutput(stack, id, { value, description });
    },
  };
}

/** A registered data store with its own security group, listing `clients`. */
export function addDataStore(ctx: PlatformContext, name: string, port: number, clients: string[]): ec2.SecurityGroup {
  const sg = new ec2.SecurityGroup(ctx.stack, `Store-${name}`, { vpc: ctx.vpc, description: `store ${name}` });
  ctx.registry.dataStores.set(`databases.${name}`, {
    name,
    kind: 'aurora-cluster',
    connections: new ec2.Connections({ securityGroups: [sg], defaultPort: ec2.Port.tcp(port) }),
    defaultPort: port,
    arn: 'arn:aws:rds:us-east-1:123456789012:cluster:x',
    metricId: name,
    clients,
  });
  return sg;
}
