/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation template JSON is untyped */
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import type { KeyClass, PlatformContext, PlatformDataStore } from '../../../src/platform/context';
import { applyServices, retentionFor, servicesFeature, type ServicesLoadBalancer } from '../../../src/platform/features/services';
import type { EnvironmentPlan } from '../../../src/spec/resolve';
import { ecrSchema, pipelineSchema, servicesSchema } from '../../../src/spec/sections/services';
import { platformContext } from './platform-context';
import { TIER_DEFAULTS } from '../../../src/spec/tiers';
import { DR_PHASE_CONTEXT, drFeature } from '../../../src/platform/features/dr';
import { edgeFeature } from '../../../src/platform/features/edge';
import { OUTPUTS } from '../../../src/platform/outputs';
import { load, techCorpRaw, variant } from '../../dr/fixtures';
import { testContext } from './context-fixture';

interface Options {
  services: unknown;
  ecr?: unknown;
  withLoadBalancer?: boolean;
  monitoring?: unknown;
  pipeline?: unknown;
  accountShares?: unknown;
}

function context(opts: Options) {
  const plan = {
    name: 'production',
    tier: 'production',
    defaults: TIER_DEFAULTS.production,
    project: { name: 'acme' },
    network: { cidr: '10.0.0.0/16' },
    services: servicesSchema.parse(opts.services),
    ecr: opts.ecr === undefined ? undefined : ecrSchema.parse(opts.ecr),
    monitoring: opts.monitoring,
    pipeline: opts.pipeline,
    accountShares: opts.accountShares,
  } as unknown as EnvironmentPlan;
  const ctx = platformContext(plan, { stackId: 'Primary', natGateways: 1 });
  const { stack, vpc } = ctx;
  const key = (k: KeyClass) => ctx.key(k);
  const dbSg = new ec2.SecurityGroup(stack, 'DbSg', { vpc, allowAllOutbound: false });
  const cacheSg = new ec2.SecurityGroup(stack, 'CacheSg', { vpc, allowAllOutbound: false });
  const dbSecret = new secretsmanager.Secret(stack, 'DbSecret');
  const dataStores = ctx.registry.dataStores as Map<string, PlatformDataStore>;
  dataStores.set('main', { name: 'main', kind: 'rds-instance', connections: new ec2.Connections({ securityGroups: [dbSg], defaultPort: ec2.Port.tcp(5432) }), defaultPort: 5432, arn: 'arn:aws:rds:us-east-1:111111111111:db:main', metricId: 'main', secret: dbSecret, clients: ['api'] });
  dataStores.set('sessions', { name: 'sessions', kind: 'redis', connections: new ec2.Connections({ securityGroups: [cacheSg], defaultPort: ec2.Port.tcp(6379) }), defaultPort: 6379, arn: 'arn:aws:elasticache:us-east-1:111111111111:replicationgroup:sessions', metricId: 'sessions', clients: [] });
  const uploads = new s3.Bucket(stack, 'Uploads');
  ctx.registry.buckets.set('uploads', uploads);
  let alb: elbv2.ApplicationLoadBalancer | undefined;
  if (opts.withLoadBalancer !== false) {
    const albSg = new ec2.SecurityGroup(stack, 'AlbSg', { vpc, allowAllOutbound: false });
    alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: albSg });
    const listener = alb.addListener('Http', { port: 80, open: true, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'AlbCertificate', 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000001');
    const lb: ServicesLoadBalancer = { listener, securityGroup: albSg, loadBalancer: alb, certificate };
    (ctx.registry as { loadBalancer?: unknown }).loadBalancer = lb;
  }
  return { ctx: ctx as PlatformContext, stack, dbSg, cacheSg, dbSecret, uploads, alb, key };
}

const sgIngress = (t: Template, stack: Stack, sg: ec2.ISecurityGroup) =>
  Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).filter((r: any) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(stack.resolve(sg.securityGroupId))) as any[];

describe('services feature', () => {
  it('builds the Omnirapeutic shape: cluster, three retained ECR repos, nginx 2 x 256/512 behind the ALB', () => {
    const { ctx, stack, alb, key } = context({
      services: { nginx: { image: 'public.ecr.aws/nginx/nginx:1.27', count: 2, port: 80, public: true, healthCheck: { path: '/' } } },
      ecr: { repositories: ['api', 'web', 'worker'] },
    });
    servicesFeature.apply(ctx);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ECR::Repository', 3);
    for (const n of ['api', 'web', 'worker']) {
      t.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: `acme-production-${n}`,
        ImageScanningConfiguration: { ScanOnPush: true },
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: stack.resolve(key('data').keyArn) },
      });
    }
    t.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'acme-production-cluster', ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
    t.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '256', Memory: '512' });
    t.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 2, DeploymentController: { Type: 'ECS' } });
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0); // default action only
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [{ Type: 'forward', TargetGroupArn: Match.anyValue() }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 80, HealthCheckPath: '/', TargetType: 'ip' });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: stack.resolve(key('logs').keyArn) });
    expect(alb).toBeDefined();
    expect(ctx.registry.workloads.get('nginx')?.kind).toBe('ecs-service');
    expect(t.findOutputs('EcsClusterName')).toBeDefined();
  });

  it('expands the TechCorp group: 15 blue/green services on 2048/4096 scaling 10-50, canary 10% / 30 min, blue kept 24 h', () => {
    const names = ['auth', 'users', 'billing', 'search', 'inference', 'notify', 'reports', 'files', 'audit', 'admin', 'gateway', 'orders', 'catalog', 'media', 'analytics'];
    const { ctx, stack } = context({
      services: {
        micro: {
          names,
          cpu: 2048,
          memory: 4096,
          scaling: { min: 10, max: 50 },
          public: { paths: '/{name}/*' },
          secrets: { DATABASE_URL: 'main' },
          connects: ['main'],
          healthCheck: { command: 'curl -f http://localhost:8080/health || exit 1' },
          deployment: { strategy: 'blue-green', canary: { percent: 10, minutes: 30 }, terminationWaitMinutes: 1440 },
        },
      },
    });
    applyServices(ctx);
    // A fleet this size puts each service in its own nested stack (500-resource limit): assert over all of them.
    const nested = stack.node.findAll().filter((c): c is NestedStack => c !== stack && Stack.isStack(c));
    expect(nested).toHaveLength(15);
    const merged = { Resources: {} as Record<string, unknown> };
    [stack, ...nested].forEach((s, i) => {
      // Logical ids repeat across nested stacks: prefix them by stack.
      for (const [id, r] of Object.entries((Template.fromStack(s).toJSON() as { Resources: Record<string, unknown> }).Resources)) merged.Resources[`S${i}${id}`] = r;
    });
    const t = Template.fromJSON(merged);
    t.resourceCountIs('AWS::ECS::Service', 15);
    t.resourceCountIs('AWS::ECR::Repository', 15);
    t.resourceCountIs('AWS::CodeDeploy::Application', 1);
    t.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 15);
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 15);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 10, MaxCapacity: 50 });
    t.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', { TrafficRoutingConfig: { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryPercentage: 10, CanaryInterval: 30 } } });
    t.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      BlueGreenDeploymentConfiguration: Match.objectLike({ TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE', TerminationWaitTimeInMinutes: 1440 } }),
    });
    t.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'billing', DeploymentController: { Type: 'CODE_DEPLOY' } });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 1002, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/billing/*'] } }] });
    // 15 test listeners + the production one, all distinct ports.
    const ports = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::Listener')).map((l: any) => l.Properties.Port);
    expect(new Set(ports).size).toBe(16);
    // Test listeners serve TLS with the production certificate, like the production listener.
    const testListeners = Object.values(t.findResources('AWS::ElasticLoadBalancingV2::Listener')).filter((l: any) => l.Properties.Port !== 80);
    expect(testListeners).toHaveLength(15);
    for (const l of testListeners as any[]) {
      expect(l.Properties.Protocol).toBe('HTTPS');
      // In the load balancer's stack, not a nested one: the certificate ARN itself, never a stack parameter.
      expect(l.Properties.Certificates).toEqual([{ CertificateArn: expect.stringMatching(/^arn:aws:acm:/) }]);
      expect(l.Properties.SslPolicy).toBeDefined();
    }
    // The rollback alarms of each deployment group tell whoever is on call (alarm and recovery).
    const rollbackAlarms = Object.entries(t.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => /BlueGreen(Target5xx|Unhealthy)/.test(id));
    expect(rollbackAlarms).toHaveLength(15 * 4);
    for (const [, a] of rollbackAlarms as [string, any][]) {
      expect(a.Properties.AlarmActions).toHaveLength(1);
      expect(a.Properties.OKActions).toHaveLength(1);
    }
    // Every service reaches the database on 5432 from its own group; nothing else does.
    // (In nested stacks the database group arrives as a parameter, so count the 5432 rules across all templates.)
    const dbIngress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).filter((r: any) => r.Properties.FromPort === 5432);
    expect(dbIngress).toHaveLength(15);
    expect(dbIngress.every((r: any) => r.Properties.ToPort === 5432 && r.Properties.SourceSecurityGroupId)).toBe(true);
    expect(ctx.registry.workloads.size).toBe(15);
    // Control Tower reads one template at a time: each service's log group names the logs key by an SSM dynamic
    // reference to the parameter the environment stack publishes, which each service stack deploys after.
    const root = Template.fromStack(stack);
    root.hasResourceProperties('AWS::SSM::Parameter', { Name: '/haven/acme/production/keys/logs', Type: 'String', Value: stack.resolve(ctx.key('logs').keyArn) });
    const [parameterId] = Object.keys(root.findResources('AWS::SSM::Parameter'));
    for (const n of nested) {
      Template.fromStack(n).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: '{{resolve:ssm:/haven/acme/production/keys/logs}}' });
      expect(root.toJSON().Resources[stack.getLogicalId(n.nestedStackResource!)].DependsOn).toContain(parameterId);
    }
  });

  it('wires ALB -> service on the container port and service -> database / cache on their ports only (BerthCare chain)', () => {
    const { ctx, stack, dbSg, cacheSg, alb, dbSecret } = context({
      services: { api: { public: { paths: ['/api/*'], priority: 10 }, secrets: { DATABASE_URL: 'main', DB_PASSWORD: 'main:password' }, connects: ['sessions'] } },
    });
    applyServices(ctx);
    const t = Template.fromStack(stack);
    const svc = ctx.registry.workloads.get('api')!;
    const svcSg = svc.connections.securityGroups[0];
    const svcIngress = sgIngress(t, stack, svcSg);
    expect(svcIngress.length).toBe(1);
    expect(svcIngress[0].Properties).toMatchObject({ FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: stack.resolve(alb!.connections.securityGroups[0].securityGroupId) });
    // database: via its clients list; cache: via connects.
    expect(sgIngress(t, stack, dbSg).map((r) => [r.Properties.FromPort, r.Properties.SourceSecurityGroupId])).toEqual([[5432, stack.resolve(svcSg.securityGroupId)]]);
    expect(sgIngress(t, stack, cacheSg).map((r) => [r.Properties.FromPort, r.Properties.SourceSecurityGroupId])).toEqual([[6379, stack.resolve(svcSg.securityGroupId)]]);
    // The secret is the database's generated credentials.
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Secrets: [
            { Name: 'DATABASE_URL', ValueFrom: stack.resolve(dbSecret.secretArn) },
            { Name: 'DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [stack.resolve(dbSecret.secretArn), ':password::']] } },
          ],
        }),
      ],
    });
    // No CIDR ingress to the service anywhere.
    const sg = Object.values(t.findResources('AWS::EC2::SecurityGroup')).find((r: any) => /api tasks/.test(r.Properties.GroupDescription)) as any;
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('keeps internal services off the load balancer and grants bucket access to the task role only', () => {
    const { ctx, stack, uploads } = context({ services: { worker: { connects: ['uploads'], secrets: ['API_KEY'] } } });
    applyServices(ctx);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 0);
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('WorkerFargateTaskRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: Match.arrayWith([stack.resolve(uploads.bucketArn)]) })]) },
    });
    // The named secret is read by the execution role, by its name-scoped ARN.
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('WorkerFargateExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':secret:acme-production-worker/API_KEY-\\?\\?\\?\\?\\?\\?$')])] },
          }),
        ]),
      },
    });
    // Least privilege across every generated policy: no wildcard actions; '*' resources only where AWS has no resource form.
    for (const p of Object.values(t.findResources('AWS::IAM::Policy')) as any[]) {
      for (const s of p.Properties.PolicyDocument.Statement) {
        for (const a of [s.Action].flat()) expect(a).not.toMatch(/^\*$|:\*$/);
        if (s.Resource === '*') expect(s.Action).toBe('ecr:GetAuthorizationToken');
      }
    }
  });

  it('adds CPU, memory and running-task alarms to the topic, honouring monitoring tuning', () => {
    const { ctx, stack } = context({
      services: { worker: { count: 3 } },
      monitoring: { alarms: { ecsCpu: { threshold: 70 }, ecsMemory: { enabled: false } } },
    });
    applyServices(ctx);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-production-worker-ecsCpu', Threshold: 70, MetricName: 'CPUUtilization', AlarmActions: [{ Ref: Match.stringLikeRegexp('Alarms') }] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'acme-production-worker-ecsRunningTasks', Threshold: 3, ComparisonOperator: 'LessThanThreshold' });
    expect(Object.values(t.findResources('AWS::CloudWatch::Alarm')).some((a: any) => a.Properties.MetricName === 'MemoryUtilization')).toBe(false);
    expect(ctx.registry.alarms).toHaveLength(2);
  });

  it('refuses public services without a load balancer and connects to unknown stores', () => {
    expect(() => applyServices(context({ services: { web: { public: true } }, withLoadBalancer: false }).ctx)).toThrow(/no load balancer/);
    expect(() => applyServices(context({ services: { web: { connects: ['ghost'] } } }).ctx)).toThrow(/connects to ghost/);
  });

  it('builds nothing without services or repositories', () => {
    const { ctx, stack } = context({ services: {} });
    applyServices(ctx);
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Cluster', 0);
  });

  it('adds the delivery pipeline for Haven-managed images, blue/green through CodeDeploy, rolling through ECS, approval in production', () => {
    const { ctx, stack } = context({
      services: {
        api: { public: { paths: '/api/*' }, deployment: { strategy: 'blue-green', canary: { percent: 10, minutes: 30 } } },
        worker: {},
        nginx: { image: 'public.ecr.aws/nginx/nginx:1.27' },
      },
      pipeline: pipelineSchema.parse({
        source: { connectionArn: 'arn:aws:codestar-connections:us-east-1:111111111111:connection/abc', repository: 'techcorp/platform' },
        buildDirectory: 'services/{name}',
        testCommands: ['make test'],
      }),
    });
    applyServices(ctx);
    const t = Template.fromStack(stack);
    const pipeline = Object.values(t.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    expect(pipeline.Properties.Name).toBe('acme-production-delivery');
    expect(pipeline.Properties.Stages.map((s: any) => s.Name)).toEqual(['Source', 'Build', 'SecurityScan', 'Test', 'Approve', 'Deploy']);
    const deploy = pipeline.Properties.Stages.find((s: any) => s.Name === 'Deploy').Actions;
    expect(deploy.map((a: any) => [a.Name, a.ActionTypeId.Provider])).toEqual([['Deploy-api', 'CodeDeployToECS'], ['Deploy-worker', 'ECS']]);
    const buildActions = pipeline.Properties.Stages.find((s: any) => s.Name === 'Build').Actions;
    expect(JSON.stringify(buildActions[1].Configuration.EnvironmentVariables)).toContain('services/worker');
    expect(() => applyServices(context({ services: { nginx: { image: 'public.ecr.aws/nginx/nginx:1' } }, pipeline: pipelineSchema.parse({ source: { bucket: 'src', key: 'a.zip' }, services: ['nginx'] }) }).ctx)).toThrow(/external image URI/);
  });

  it('gives every service (rolling and blue/green) the trace collector when monitoring.tracing is on, none when off', () => {
    const services = { api: { public: { paths: '/api/*' }, deployment: { strategy: 'blue-green' } }, worker: {} };
    const on = context({ services, monitoring: { tracing: { samplingRate: 0.1 } } });
    applyServices(on.ctx);
    const tds = Object.values(Template.fromStack(on.stack).findResources('AWS::ECS::TaskDefinition')) as any[];
    expect(tds).toHaveLength(2);
    for (const td of tds) {
      const [app, collector] = td.Properties.ContainerDefinitions;
      expect(collector).toMatchObject({ Name: 'trace-collector', Essential: false, PortMappings: [{ ContainerPort: 2000, Protocol: 'udp' }] });
      expect(app.Environment).toContainEqual({ Name: 'AWS_XRAY_DAEMON_ADDRESS', Value: '127.0.0.1:2000' });
    }
    const noNat = context({ services, monitoring: { tracing: {} } });
    (noNat.ctx.plan as any).network = { natGateways: 'none' };
    expect(() => applyServices(noNat.ctx)).toThrow(/outbound access/);
    const off = context({ services });
    applyServices(off.ctx);
    for (const td of Object.values(Template.fromStack(off.stack).findResources('AWS::ECS::TaskDefinition')) as any[]) {
      expect(td.Properties.ContainerDefinitions).toHaveLength(1);
    }
  });

  it('shares the registry scanning configuration of an account and region: the owner covers every environment there, the others build none', () => {
    const ecrScanning = { owner: 'production', filters: ['acme-production-*', 'acme-staging-*'] };
    const owner = context({ services: { api: {} }, ecr: { scanning: 'enhanced' }, accountShares: { 'us-east-1': { environments: ['staging', 'production'], ecrScanning } } });
    applyServices(owner.ctx);
    Template.fromStack(owner.stack).hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      Rules: [{ ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: 'acme-production-*', FilterType: 'WILDCARD' }, { Filter: 'acme-staging-*', FilterType: 'WILDCARD' }] }],
    });
    const other = context({ services: { api: {} }, ecr: { scanning: 'enhanced' }, accountShares: { 'us-east-1': { environments: ['staging', 'production'], ecrScanning: { ...ecrScanning, owner: 'staging' } } } });
    applyServices(other.ctx);
    const t = Template.fromStack(other.stack);
    t.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
    expect(Object.values(t.findOutputs('EcrEnhancedScanningOwner')).map((o) => o.Value)).toEqual(['staging']);
  });

  it('configures ECR enhanced scanning once for the environment prefix when ecr.scanning is enhanced, not by default', () => {
    const enhanced = context({ services: { api: {}, worker: {} }, ecr: { scanning: 'enhanced', repositories: ['ml'] } });
    applyServices(enhanced.ctx);
    const t = Template.fromStack(enhanced.stack);
    t.resourceCountIs('AWS::ECR::Repository', 3);
    t.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 1);
    t.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'ENHANCED',
      Rules: [{ ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: 'acme-production-*', FilterType: 'WILDCARD' }] }],
    });
    expect(Object.keys(t.findOutputs('EcrEnhancedScanning'))).toHaveLength(1);
    // Repositories keep scan-on-push, which takes over again if the registry is ever set back to basic.
    t.hasResourceProperties('AWS::ECR::Repository', { ImageScanningConfiguration: { ScanOnPush: true } });

    for (const ecr of [undefined, { scanning: 'basic' }]) {
      const basic = context({ services: { api: {} }, ecr });
      applyServices(basic.ctx);
      Template.fromStack(basic.stack).resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
    }
    // No repositories (external images only): nothing to scan, no registry-wide setting.
    const external = context({ services: { nginx: { image: 'public.ecr.aws/nginx/nginx:1.27' } }, ecr: { scanning: 'enhanced' } });
    applyServices(external.ctx);
    Template.fromStack(external.stack).resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
    expect(() => ecrSchema.parse({ scanning: 'weekly' })).toThrow();
  });

  it('rounds log retention up to a value CloudWatch accepts', () => {
    expect(retentionFor(365)).toBe(365);
    expect(retentionFor(100)).toBe(120);
    expect(retentionFor(2557)).toBe(2557);
    expect(retentionFor(5000)).toBe(3653);
  });

  it('a fleet of 70 managed images keeps its repositories in nested registry stacks, so the environment stack stays within limits', () => {
    const names = Array.from({ length: 70 }, (_, i) => `svc${i + 1}`);
    const { ctx, stack } = context({ services: { fleet: { names, image: '{name}', count: 1 } }, withLoadBalancer: false });
    applyServices(ctx);
    const top = Template.fromStack(stack);
    top.resourceCountIs('AWS::ECR::Repository', 0);
    const registries = stack.node.findAll().filter((c): c is NestedStack => Stack.isStack(c) && c !== stack && /^Registry-\d+$/.test(c.node.id));
    expect(registries.map((r) => [r.node.id, Object.keys(Template.fromStack(r).findResources('AWS::ECR::Repository')).length])).toEqual([['Registry-1', 50], ['Registry-2', 20]]);
    Template.fromStack(registries[1]).hasResourceProperties('AWS::ECR::Repository', { RepositoryName: 'acme-production-svc70', ImageTagMutability: 'IMMUTABLE' });
    // Evidence: one output per registry stack instead of one per repository.
    const outputs = Object.keys(top.toJSON().Outputs ?? {});
    expect(outputs.filter((o) => o.startsWith('EcrRepository'))).toEqual([]);
    top.hasOutput('EcrRepositories2', { Value: names.slice(50).map((n) => `acme-production-${n}`).join(',') });
    // A service's image points at its repository through the parent (a nested-stack parameter), not a copy of it.
    const svc70 = stack.node.findAll().find((c): c is NestedStack => Stack.isStack(c) && c !== stack && c.node.id === 'Svc70')!;
    const image = JSON.stringify(Template.fromStack(svc70).findResources('AWS::ECS::TaskDefinition'));
    expect(image).toMatch(/"Ref":"[^"]*Registry2[^"]*"/);
    const synthesized = Template.fromStack(stack).toJSON() as { Resources: Record<string, unknown> };
    expect(Object.keys(synthesized.Resources).length).toBeLessThan(500);
  });
});

describe('services in the DR region: the strategy decides what runs there', () => {
  // TechCorp's DR plan (pilot light, us-east-1 → us-west-2) with an ALB behind a domain and a failover name.
  const withEdge = (mutate: (r: any) => void = () => undefined) => variant(techCorpRaw, (r) => {
    r.edge = { domain: { name: 'techcorp-ai.com', hostedZoneId: 'Z0TECHCORP00000000001' }, alb: { tlsPolicy: 'tls13' }, waf: {} };
    r.services.api = { ...r.services.api, public: true, deployment: { strategy: 'blue-green' }, scaling: { min: 10, max: 50 } };
    r.dr.failover = { zoneName: 'techcorp-ai.com', hostedZoneId: 'Z0TECHCORP00000000001', recordName: 'app.techcorp-ai.com' };
    mutate(r);
  });

  function buildDr(raw: Record<string, unknown>) {
    const app = new App();
    const plan = load(raw).plans.production;
    const ctx = testContext(app, plan, 'dr');
    drFeature.apply(ctx);
    edgeFeature.apply(ctx);
    servicesFeature.apply(ctx);
    return { ctx, template: Template.fromStack(ctx.stack) };
  }

  it('behind CloudFront, the DR ALB admits only CloudFront too and reads the replicated origin-header secret by name', () => {
    const raw = withEdge((r) => {
      r.edge.cdn = { origins: ['alb'], logging: false };
      delete r.dr.failover;
    });
    const { template } = buildDr(raw);
    const albSg = Object.keys(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('CloudFront') } }));
    expect(albSg).toHaveLength(1);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter((r: any) => r.Properties.GroupId?.['Fn::GetAtt']?.[0] === albSg[0]);
    expect(ingress.map((r: any) => [r.Properties.FromPort, r.Properties.SourcePrefixListId])).toEqual([[443, 'pl-82a045eb']]);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 50000,
      Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: ['{{resolve:secretsmanager:techcorp-production-cdn-origin-header:SecretString:::}}'] } }],
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    // The primary creates the secret and replicates it to the DR region, where the DR stack finds it by name.
    const app = new App();
    const primary = testContext(app, load(raw).plans.production, 'primary');
    edgeFeature.apply(primary);
    Template.fromStack(primary.stack).hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'techcorp-production-cdn-origin-header', ReplicaRegions: [{ Region: 'us-west-2' }] });
  });

  it('pilot light: task definition, ECS service at desired 0 behind the DR ALB (WAF, TLS policy, access logs), rolling', () => {
    const { template } = buildDr(withEdge());
    template.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'api', DesiredCount: 0, DeploymentController: { Type: 'ECS' } });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 50 });
    template.resourceCountIs('AWS::ECS::TaskDefinition', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]) });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    // Blue/green and the pipeline stay in the primary region.
    template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 0);
    template.resourceCountIs('AWS::CodePipeline::Pipeline', 0);
    template.hasOutput(OUTPUTS.serviceCluster('api', 'dr'), { Value: { Ref: Match.stringLikeRegexp('Cluster') } });
    template.hasOutput(OUTPUTS.serviceName('api', 'dr'), { Value: Match.anyValue() });
    template.hasOutput(OUTPUTS.loadBalancerArn('dr'), { Value: { Ref: Match.stringLikeRegexp('Alb') } });
    // The SECONDARY aliases this ALB; the certificate is issued here (us-west-2) for the record name.
    template.hasResourceProperties('AWS::Route53::RecordSet', { Failover: 'SECONDARY', AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }) });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'app.techcorp-ai.com' });
  });

  it('warm standby: services run at dr.standby.minCapacity and pull the replicated image by repository name', () => {
    const { template, ctx } = buildDr(withEdge((r) => { r.dr.strategy = 'warm-standby'; r.dr.standby = { minCapacity: 2 }; }));
    template.hasResourceProperties('AWS::ECS::Service', { ServiceName: 'api', DesiredCount: 2 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 50 });
    const image = JSON.stringify(Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0]);
    expect(image).toContain('techcorp-production-api');
    expect(image).toContain('.dkr.ecr.us-west-2.');
    // The replica secret is encrypted with the DR secrets key: the execution role may decrypt it.
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('kms:Decrypt');
    expect(policies).toContain(JSON.stringify(ctx.stack.resolve(ctx.key('secrets').keyArn)));
  });

  it('warm standby of a fleet: each standby service stack names the DR region\'s logs key by dynamic reference', () => {
    // Internal services: the standby stacks alone (the public fleet's listener wiring is covered above).
    const { ctx } = buildDr(variant(techCorpRaw, (r: any) => {
      r.dr.strategy = 'warm-standby';
      r.dr.standby = { minCapacity: 1 };
      for (const n of ['orders', 'search', 'media', 'admin']) r.services[n] = { image: n, port: 8080 };
    }));
    const nested = ctx.stack.node.findAll().filter((c): c is NestedStack => c !== ctx.stack && Stack.isStack(c));
    expect(nested.length).toBeGreaterThan(4);
    const root = Template.fromStack(ctx.stack);
    // SSM is regional: the DR stack publishes its own region's key under the environment's name.
    root.hasResourceProperties('AWS::SSM::Parameter', { Name: '/haven/techcorp/production/keys/logs', Value: ctx.stack.resolve(ctx.key('logs').keyArn) });
    const serviceStacks = nested.filter((n) => Object.keys(Template.fromStack(n).findResources('AWS::ECS::Service')).length > 0);
    expect(serviceStacks).toHaveLength(5);
    for (const n of serviceStacks) Template.fromStack(n).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: '{{resolve:ssm:/haven/techcorp/production/keys/logs}}' });
  });

  it('backup-restore: no compute and no load balancer in the DR region', () => {
    const { template } = buildDr(withEdge((r) => { r.dr.strategy = 'backup-restore'; delete r.dr.failover; }));
    template.resourceCountIs('AWS::ECS::Service', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    // Nothing replicates there: no creation template either.
    template.resourceCountIs('AWS::ECR::RepositoryCreationTemplate', 0);
  });

  it('DR region: repositories replication creates are KMS-encrypted with the DR data key (creation template), from the foundation phase on', () => {
    for (const foundation of [false, true]) {
      const app = new App(foundation ? { context: { [DR_PHASE_CONTEXT]: 'foundation' } } : {});
      const ctx = testContext(app, load(withEdge()).plans.production, 'dr');
      drFeature.apply(ctx);
      edgeFeature.apply(ctx);
      servicesFeature.apply(ctx);
      const t = Template.fromStack(ctx.stack);
      t.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
        Prefix: 'ROOT', AppliedFor: ['REPLICATION'], ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: ctx.stack.resolve(ctx.key('data').keyArn) },
      });
      expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).toContain(':repository/techcorp-production-api');
      // The foundation phase has no services yet, only what must exist before the primary replicates.
      if (foundation) t.resourceCountIs('AWS::ECS::Service', 0);
    }
  });

  it('primary: the environment\'s repositories replicate to the DR region', () => {
    const app = new App();
    const plan = load(withEdge((r) => { delete r.services.api.public; delete r.services.api.deployment; delete r.services.api.connects; })).plans.production;
    const ctx = testContext(app, plan, 'primary');
    servicesFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::ECR::ReplicationConfiguration', { ReplicationConfiguration: { Rules: [{ Destinations: [{ Region: 'us-west-2', RegistryId: '111111111111' }], RepositoryFilters: [{ Filter: 'techcorp-production-', FilterType: 'PREFIX_MATCH' }] }] } });
    t.hasOutput(OUTPUTS.serviceName('api'), { Value: Match.anyValue() });
    t.hasOutput(OUTPUTS.serviceCluster('api'), { Value: Match.anyValue() });
  });
});
