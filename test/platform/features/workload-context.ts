import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { PlatformContext } from '../../../src/platform/context';
import type { EnvironmentPlan } from '../../../src/spec/resolve';
import { TIER_DEFAULTS } from '../../../src/spec/tiers';
import type { Tier } from '../../../src/spec/common';
import { platformContext } from './platform-context';

/** A PlatformContext over a hand-made plan (only the sections a test gives), every key class created up front. */
export function workloadContext(sections: Partial<EnvironmentPlan>, tier: Tier = 'production'): PlatformContext {
  const plan = {
    name: 'prod',
    tier,
    defaults: TIER_DEFAULTS[tier],
    project: { name: 'acme' },
    compliance: {},
    network: { cidr: '10.0.0.0/16' },
    ...sections,
  } as unknown as EnvironmentPlan;
  return platformContext(plan, { account: '123456789012', region: 'us-east-1', stackId: 'Env', eagerKeys: true });
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
