import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { KeyRing } from '../constructs/keys';
import { AlarmTopic, toRetentionDays } from '../constructs/monitoring';
import { SecureNetwork } from '../constructs/network';
import type { EnvironmentPlan } from '../spec/resolve';
import { logRetentionDaysFor } from '../spec/rules/monitoring';
import type { KeyClass, PlatformContext, PlatformFeature, PlatformRegistry, StackRole } from './context';
import { accessLogBucketKey, accessLogBucketSpec, createBucket } from './features/buckets';
import { createUsEast1Scopes } from './features/edge';
import { pascalCase } from './naming';
import { OUTPUTS } from './outputs';
import { ZonedNestedStack, ZonedStack, type ZonedStackProps } from './zoned-stack';

export interface EnvironmentStackProps extends ZonedStackProps {
  readonly plan: EnvironmentPlan;
  readonly role: Exclude<StackRole, 'edge'>;
  readonly features: readonly PlatformFeature[];
}

/**
 * One environment in one region: the shared foundation (keys, network, alarm topic, log bucket), then every
 * feature that builds in this stack's role.
 */
export class EnvironmentStack extends ZonedStack {
  readonly context: PlatformContext;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    // Zones from the spec or Haven's table: no context lookup, so the assembly deploys as synthesized.
    super(scope, id, { ...props, availabilityZones: props.availabilityZones ?? (props.role === 'dr' ? props.plan.network.drAvailabilityZones : props.plan.network.availabilityZones) });
    const { plan, role } = props;
    const prefix = `${plan.project.name}-${plan.name}`;
    const d = plan.defaults;
    const retain = d.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const keys = new KeyRing(this, 'Keys', { aliasPrefix: prefix, removalPolicy: retain });
    const cidr = role === 'dr' ? plan.network.drCidr ?? plan.network.cidr : plan.network.cidr;
    const network = new SecureNetwork(this, 'Network', {
      cidr,
      availabilityZones: this.availabilityZones.slice(0, plan.network.azs ?? d.azs),
      natGateways: plan.network.natGateways ?? d.natGateways,
      // Explicit subnet CIDRs describe the primary VPC; the DR VPC derives its own from drCidr.
      subnetCidrs: role === 'primary' ? plan.network.subnets : undefined,
      flowLogKey: keys.key('logs'),
      flowLogRetention: toRetentionDays(logRetentionDaysFor(plan, plan.network.flowLogs?.retentionDays ?? d.flowLogRetentionDays)),
      flowLogRemovalPolicy: retain,
      endpoints: plan.network.endpoints,
    });

    // AlarmTopic lets CloudWatch and AWS Budgets use the key; a plain encrypted topic would drop every alarm.
    const alarmTopic = new AlarmTopic(this, 'AlarmTopic', {
      topicName: `${prefix}-alarms`,
      displayName: `${prefix} alarms`,
      encryptionKey: keys.key('logs'),
      emails: plan.notifications?.emails,
    }).topic;

    const [logBucketName, logBucketSpec] = accessLogBucketSpec(plan);
    const logBucket = createBucket({ stack: this, plan, key: (c) => keys.key(c) }, accessLogBucketKey(plan, role), { ...logBucketSpec, name: role === 'dr' ? undefined : logBucketSpec.name }).bucket;

    const registry: PlatformRegistry = {
      dataStores: new Map(),
      buckets: new Map([[logBucketName, logBucket]]),
      workloads: new Map(),
      alarms: [],
      dashboardWidgets: [],
      // Public endpoints (ALB, CloudFront) the DR feature routes failover records to.
      endpoints: new Map(),
      logGroups: new Map([['flowlogs', network.flowLogGroup]]),
      targetGroups: new Map(),
      healthChecks: new Map(),
    };
    this.context = {
      stack: this,
      plan,
      region: this.region,
      role,
      name: (suffix: string) => `${prefix}-${suffix}`,
      key: (keyClass: KeyClass) => keys.key(keyClass),
      vpc: network.vpc,
      subnets: { public: network.publicSubnets, app: network.appSubnets, data: network.dataSubnets },
      alarmTopic,
      logBucket,
      registry,
      // CloudFront's certificate, WAF ACL and metrics live in us-east-1: a primary stack elsewhere gets two
      // companion stacks there (see features/edge.ts for why two).
      usEast1: role === 'primary' && plan.edge?.cdn && this.region !== 'us-east-1' ? createUsEast1Scopes(this, { terminationProtection: props.terminationProtection }) : undefined,
      evidence: (id: string, value: string, description: string) => {
        new CfnOutput(this, id, { value, description });
      },
    };

    const ctx = this.context;
    ctx.evidence('VpcId', network.vpc.vpcId, 'VPC id');
    ctx.evidence('PublicSubnetIds', network.vpc.publicSubnets.map((s) => s.subnetId).join(','), 'Public subnet ids');
    ctx.evidence('PrivateSubnetIds', network.vpc.selectSubnets(network.appSubnets).subnetIds.join(','), 'Private (app) subnet ids');
    ctx.evidence('DataSubnetIds', network.vpc.selectSubnets(network.dataSubnets).subnetIds.join(','), 'Isolated data subnet ids');
    ctx.evidence('FlowLogGroupName', network.flowLogGroup.logGroupName, 'VPC flow log group');
    // Outputs of the primary and DR stacks are merged by the ops layer: each role emits its own keys and topic.
    const outputRole = role === 'dr' ? 'dr' : 'primary';
    ctx.evidence(OUTPUTS.alarmTopicArn(outputRole), alarmTopic.topicArn, 'Alarm notification topic');
    for (const keyClass of keys.classes) ctx.evidence(OUTPUTS.keyArn(keyClass, outputRole), keys.key(keyClass).keyArn, `KMS key for ${keyClass}`);
    ctx.evidence('LogBucketName', logBucket.bucketName, 'Access-log bucket');
    // A spec bucket serving as the access-log bucket is a spec bucket like the others to verify (output contract).
    if (role === 'primary' && plan.buckets?.[logBucketName]) ctx.evidence(OUTPUTS.bucketName(logBucketName), logBucket.bucketName, `Bucket ${logBucketName} (access logs)`);

    for (const feature of props.features) {
      if (!feature.roles.includes(role)) continue;
      // Only a feature with something to build gets a nested stack: CloudFormation rejects an empty template.
      feature.apply(feature.nested?.(plan) ? { ...ctx, stack: new ZonedNestedStack(this, pascalCase(feature.name), { description: `${prefix} ${feature.name}` }) } : ctx);
    }
  }
}
