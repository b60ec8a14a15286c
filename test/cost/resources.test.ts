import { describe, it, expect } from 'vitest';
import { estimateCost } from '../../src/cost/estimate';
import type { CfnTemplate, CostLineItem } from '../../src/cost/types';
import { usageSchema } from '../../src/spec/sections/usage';

const run = (template: CfnTemplate, region = 'us-east-1', environment = 'prod'): readonly CostLineItem[] =>
  estimateCost({ stacks: [{ name: 'stack', region, environment, template }], tier: 'staging' }).lineItems;
const byId = (lines: readonly CostLineItem[], id: string): CostLineItem[] => lines.filter((l) => l.resourceId === id);

describe('every priced resource type', () => {
  it('Fargate service from its task definition, ARM64 at the Graviton rate', () => {
    const lines = run({ Resources: {
      Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '512', Memory: '1024', RequiresCompatibilities: ['FARGATE'], RuntimePlatform: { CpuArchitecture: 'ARM64' } } },
      Svc: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 3, TaskDefinition: { Ref: 'Task' } } },
      Ec2Svc: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'EC2', TaskDefinition: 'x' } },
    } });
    expect(byId(lines, 'Svc').find((l) => l.unit === 'vCPU-hours')).toMatchObject({ quantity: 3 * 0.5 * 730, unitPriceUsd: 0.03238 });
    expect(byId(lines, 'Svc').find((l) => l.unit === 'GB-hours')).toMatchObject({ quantity: 3 * 730, unitPriceUsd: 0.00356 });
    expect(byId(lines, 'Ec2Svc')).toHaveLength(0);
  });

  it('a blue/green (CodeDeploy) service names its task definition family instead of referencing it', () => {
    const template = { Resources: {
      Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Family: 'acme-api', Cpu: '2048', Memory: '4096', RequiresCompatibilities: ['FARGATE'] } },
      Svc: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 10, TaskDefinition: 'acme-api', DeploymentController: { Type: 'CODE_DEPLOY' }, LaunchType: 'FARGATE' } },
    } };
    const lines = run(template);
    expect(byId(lines, 'Svc').find((l) => l.unit === 'vCPU-hours')).toMatchObject({ quantity: 10 * 2 * 730 });
    expect(byId(lines, 'Svc').find((l) => l.unit === 'GB-hours')).toMatchObject({ quantity: 10 * 4 * 730 });
    // A task definition that cannot be found is said, not silently priced at the smallest size.
    const lost = estimateCost({ stacks: [{ name: 's', region: 'us-east-1', environment: 'prod', template: { Resources: { Svc: { ...template.Resources.Svc, Properties: { ...template.Resources.Svc.Properties, TaskDefinition: 'other' } } } } }] });
    expect(lost.warnings.some((w) => /ECS service Svc: task definition not found/.test(w))).toBe(true);
  });

  it('EKS control plane, node groups, Lambda (skipping CDK helpers)', () => {
    const lines = run({ Resources: {
      Eks: { Type: 'AWS::EKS::Cluster', Properties: {} },
      Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { InstanceTypes: ['m6g.large'], ScalingConfig: { DesiredSize: 3 } } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024, Architectures: ['arm64'] } },
      AWS679f53fac002430cb0da5b7982bd2287: { Type: 'AWS::Lambda::Function', Properties: {} },
    } });
    expect(byId(lines, 'Eks')[0]).toMatchObject({ monthlyUsd: 73 });
    expect(byId(lines, 'Nodes').find((l) => l.unit === 'instance-hours')).toMatchObject({ quantity: 2190, unitPriceUsd: 0.077 });
    // 1M requests x 0.2 s x 1 GB = 200,000 GB-s at the arm64 rate.
    expect(byId(lines, 'Fn').find((l) => l.unit === 'GB-seconds')).toMatchObject({ quantity: 200000, unitPriceUsd: 0.0000133334 });
    expect(byId(lines, 'AWS679f53fac002430cb0da5b7982bd2287')).toHaveLength(0);
  });

  it('a Lambda function is charged its triggers\' rate when the platform states it (rate(5 minutes) = 8,640 a month)', () => {
    const lines = run({ Resources: {
      Scheduled: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024 }, Metadata: { 'haven:invocationsPerMonth': 8640 } },
      Plain: { Type: 'AWS::Lambda::Function', Properties: { MemorySize: 1024 } },
    } });
    const requests = byId(lines, 'Scheduled').find((l) => l.unit === 'million requests');
    expect(requests).toMatchObject({ quantity: 0.009, description: 'Lambda requests (8,640 a month from its triggers)' });
    expect(requests?.usageKeys).toEqual([]);
    // 8,640 x 0.2 s x 1 GB, not the 1M-invocation assumption.
    expect(byId(lines, 'Scheduled').find((l) => l.unit === 'GB-seconds')?.quantity).toBe(1728);
    expect(byId(lines, 'Plain').find((l) => l.unit === 'GB-seconds')?.quantity).toBe(200000);
  });

  it('Aurora Serverless v2 ACUs, cluster storage and I/O', () => {
    const lines = run({ Resources: {
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8.5 } } },
      Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBInstanceClass: 'db.serverless', DBClusterIdentifier: { Ref: 'Cluster' } } },
    } });
    // min + 25% of the range = 2.5 ACU.
    expect(byId(lines, 'Writer')[0]).toMatchObject({ quantity: 2.5 * 730, unit: 'ACU-hours', unitPriceUsd: 0.12 });
    expect(byId(lines, 'Cluster').map((l) => l.unit)).toEqual(['GB-months', 'million requests']);
  });

  it('WAF, KMS, secrets, alarms, dashboards, logs, CloudTrail data events, Config, GuardDuty', () => {
    const lines = run({ Resources: {
      Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}, {}, {}] } },
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
      Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 60 } },
      FastAlarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Period: 10 } },
      Dash1: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
      Dash2: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
      Dash3: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
      Dash: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] } },
      MgmtTrail: { Type: 'AWS::CloudTrail::Trail', Properties: {} },
      Recorder: { Type: 'AWS::Config::ConfigurationRecorder', Properties: {} },
      Rule: { Type: 'AWS::Config::ConfigRule', Properties: {} },
      Pack: { Type: 'AWS::Config::ConformancePack', Properties: {} },
      Gd: { Type: 'AWS::GuardDuty::Detector', Properties: {} },
    } });
    expect(byId(lines, 'Acl').map((l) => l.monthlyUsd)).toEqual([5, 4, 0.6]);
    expect(byId(lines, 'Key')[0].monthlyUsd).toBe(1);
    expect(byId(lines, 'Secret')[0].monthlyUsd).toBe(0.4);
    expect(byId(lines, 'Alarm')[0].monthlyUsd).toBe(0.1);
    expect(byId(lines, 'FastAlarm')[0].monthlyUsd).toBe(0.3);
    // The account's first 3 dashboards are free; the fourth is billed.
    expect(['Dash1', 'Dash2', 'Dash3'].flatMap((id) => byId(lines, id))).toEqual([]);
    expect(byId(lines, 'Dash')[0].monthlyUsd).toBe(3);
    expect(byId(lines, 'Logs').map((l) => l.description)).toEqual(['log ingestion', expect.stringContaining('12 months')]);
    expect(byId(lines, 'Trail')[0]).toMatchObject({ unit: '100k events', quantity: 10 });
    expect(byId(lines, 'MgmtTrail')).toHaveLength(0); // first copy of management events is free
    expect(byId(lines, 'Recorder')[0].monthlyUsd).toBe(3);
    expect(byId(lines, 'Rule')[0].monthlyUsd).toBe(1);
    expect(byId(lines, 'Pack')[0].monthlyUsd).toBe(5);
    expect(byId(lines, 'Gd')).toHaveLength(3);
  });

  it('AWS Backup with cross-region copy, EFS, Route 53, Client VPN, interface endpoints, EIPs, cross-region transfer', () => {
    const lines = run({ Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: {} },
      Fs: { Type: 'AWS::EFS::FileSystem', Properties: {} },
      Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanRule: [{ CopyActions: [{ DestinationBackupVaultArn: 'arn' }] }] } } },
      Zone: { Type: 'AWS::Route53::HostedZone', Properties: {} },
      Check: { Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { Type: 'HTTPS', RequestInterval: 10 } } },
      Vpn: { Type: 'AWS::EC2::ClientVpnEndpoint', Properties: {} },
      VpnA: { Type: 'AWS::EC2::ClientVpnTargetNetworkAssociation', Properties: { ClientVpnEndpointId: { Ref: 'Vpn' } } },
      VpnB: { Type: 'AWS::EC2::ClientVpnTargetNetworkAssociation', Properties: { ClientVpnEndpointId: { Ref: 'Vpn' } } },
      Ep: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.kms', SubnetIds: ['a', 'b', 'c'] } },
      S3Ep: { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: 'com.amazonaws.us-east-1.s3' } },
      Ip: { Type: 'AWS::EC2::EIP', Properties: {} },
      Replicated: { Type: 'AWS::S3::Bucket', Properties: { ReplicationConfiguration: { Role: 'r', Rules: [] } } },
    } });
    expect(byId(lines, 'Fs')[0]).toMatchObject({ quantity: 20, unitPriceUsd: 0.3 });
    // Default backup storage = the protected storage (20 GB of EFS), copied once more in the DR region.
    expect(byId(lines, 'Plan').map((l) => l.quantity)).toEqual([20, 20, 6]);
    expect(byId(lines, 'Check')[0].monthlyUsd).toBe(2.5);
    expect(byId(lines, 'Vpn')[0]).toMatchObject({ quantity: 1460, unit: 'association-hours' });
    expect(byId(lines, 'Ep')[0]).toMatchObject({ quantity: 2190, description: expect.stringContaining('kms') });
    expect(byId(lines, 'S3Ep')).toHaveLength(0);
    expect(byId(lines, 'Ip')[0].monthlyUsd).toBe(3.65);
    expect(byId(lines, 'transfer:cross-region')[0]).toMatchObject({ quantity: 50, unitPriceUsd: 0.02 });
    expect(byId(lines, 'transfer:inter-az')[0]).toMatchObject({ quantity: 150, unitPriceUsd: 0.02 });
    // No NAT, load balancer or instance: nothing leaves for the internet from this VPC.
    expect(byId(lines, 'transfer:internet')).toHaveLength(0);
  });
});

describe('usage section schema', () => {
  it('accepts overrides and rejects unknown keys and negative figures', () => {
    expect(usageSchema.safeParse({ s3: { storageGb: 250 }, network: { natDataGb: 10, awsServiceTrafficShare: 0.7 } }).success).toBe(true);
    expect(usageSchema.safeParse({ s3: { storageGB: 250 } }).success).toBe(false);
    expect(usageSchema.safeParse({ cloudfront: { dataGb: -1 } }).success).toBe(false);
    expect(usageSchema.safeParse({ network: { awsServiceTrafficShare: 1.5 } }).success).toBe(false);
  });
});

describe('S3 storage classes', () => {
  it('prices a bucket that transitions on day 0 in the target class, later transitions at Standard', () => {
    const lines = run({ Resources: {
      Archive: { Type: 'AWS::S3::Bucket', Properties: { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Transitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 0 }] }] } } },
      Docs: { Type: 'AWS::S3::Bucket', Properties: { LifecycleConfiguration: { Rules: [{ Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 365 }] }] } } },
      Tiered: { Type: 'AWS::S3::Bucket', Properties: { IntelligentTieringConfigurations: [{ Id: 'x', Status: 'Enabled', Tierings: [] }] } },
    } });
    expect(byId(lines, 'Archive')[0]).toMatchObject({ description: 'DEEP_ARCHIVE storage', unitPriceUsd: 0.00099 });
    expect(byId(lines, 'Docs')[0]).toMatchObject({ description: 'STANDARD storage', unitPriceUsd: 0.023 });
    expect(byId(lines, 'Tiered')[0]).toMatchObject({ description: 'INTELLIGENT_TIERING storage' });
  });
});
