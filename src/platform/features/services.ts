import { CfnOutput, Duration, NestedStack, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { BlueGreenDeployment, ContainerCluster, DeploymentStrategy, FargateService } from '../../constructs/containers';
import type { FargateServiceProps } from '../../constructs/containers/fargate-service';
import { DeliveryPipeline, type PipelineSource } from '../../constructs/delivery';
import { sslPolicyFor, VERIFIED_DEFAULT_PRIORITY } from '../../constructs/loadbalancer';
import { ImageRepository, RegistryScanning, ReplicatedRepositoryTemplate } from '../../constructs/registry';
import { grantObjectReadWrite } from '../../constructs/storage';
import type { AlarmTuning } from '../../spec/sections/monitoring';
import { REPOSITORIES_IN_ENVIRONMENT_STACK, REPOSITORIES_PER_TEMPLATE, SERVICES_PER_TEMPLATE } from '../../spec/stack-layout';
import { ecrSchema, expandServices, pipelineSchema, type EcrSpec, type PipelineSpec, type ResolvedService } from '../../spec/sections/services';
import type { PlatformContext, PlatformFeature, PlatformRegistry } from '../context';
import { pascalCase as pascal } from '../naming';
import { toRetentionDays } from '../../constructs/monitoring/log-retention';
import { TargetGroupAlarms } from '../../constructs/monitoring/alarms';
import { alarmOverrides, logRetentionPolicy } from './monitoring';
import { drDesign, drStandbyCompute } from '../../dr/strategy';
import { OUTPUTS } from '../outputs';
import { showLogGroupKey } from '../parent-values';
import { DR_PHASE_CONTEXT, drRestoreSecurityGroup } from './dr';
import { authorizeClient } from './workload-wiring';
import { addFailoverEndpointAlarms } from './failover-endpoint';

/**
 * What this feature needs from the load balancer feature (`ctx.registry.loadBalancer`). Declared here so the
 * two features stay independent; the load balancer feature's registry entry only has to be assignable to it.
 */
export interface ServicesLoadBalancer {
  /** Production (HTTPS) listener public services are routed from. */
  readonly listener: elbv2.IApplicationListener;
  readonly securityGroup: ec2.ISecurityGroup;
  /** Needed only for blue/green test listeners; without it blue/green runs without a test route. */
  readonly loadBalancer?: elbv2.IApplicationLoadBalancer;
  /** Certificate of the HTTPS listener, which blue/green test listeners serve too. */
  readonly certificate?: acm.ICertificate;
  /**
   * Conditions every production rule must also carry (the CloudFront origin header of an ALB behind CloudFront);
   * a service without paths or hosts then gets a rule at VERIFIED_DEFAULT_PRIORITY instead of the default action.
   */
  readonly originConditions?: elbv2.ListenerCondition[];
}

/** What later features (pipeline, monitoring, docs) can read back about each service this feature built. */
export interface PlatformServiceEntry {
  readonly service: FargateService;
  readonly repository?: ImageRepository;
  readonly blueGreen?: BlueGreenDeployment;
}

type RegistryWithServices = PlatformRegistry & { readonly loadBalancer?: ServicesLoadBalancer };
/** Sections the integrator adds at the top level (`ecr`, `pipeline`); read defensively until then. */
type PlanWithExtras = { readonly ecr?: EcrSpec; readonly pipeline?: PipelineSpec };


/** CloudWatch Logs accepts only certain retention values: take the smallest one that keeps at least `days`. */
export function retentionFor(days: number): logs.RetentionDays {
  return toRetentionDays(Math.min(days, logs.RetentionDays.TEN_YEARS));
}


/** Repositories: one per Haven-managed image plus any listed for services not deployed yet (spec names). */
function imageRepositoryNames(ctx: PlatformContext): string[] {
  const ecrSpec = ecrSchema.parse((ctx.plan as unknown as PlanWithExtras).ecr ?? {});
  return [...new Set([...expandServices(ctx.plan.services).flatMap((s) => (s.repository ? [s.repository] : [])), ...(ecrSpec.repositories ?? [])])];
}

export function applyServices(ctx: PlatformContext): Map<string, PlatformServiceEntry> {
  const resolved = expandServices(ctx.plan.services);
  const extras = ctx.plan as unknown as PlanWithExtras;
  const ecrSpec = ecrSchema.parse(extras.ecr ?? {});
  const result = new Map<string, PlatformServiceEntry>();
  if (resolved.length === 0 && !(ecrSpec.repositories?.length)) return result;

  const scope = new Construct(ctx.stack, 'Services');

  const repositories = new Map<string, ImageRepository>();
  const repoNames = imageRepositoryNames(ctx);
  const nestedRegistry = repoNames.length > REPOSITORIES_IN_ENVIRONMENT_STACK;
  repoNames.forEach((name, i) => {
    const chunk = Math.floor(i / REPOSITORIES_PER_TEMPLATE) + 1;
    const repoScope = nestedRegistry
      ? (scope.node.tryFindChild(`Registry-${chunk}`) as Construct | undefined) ?? new NestedStack(scope, `Registry-${chunk}`, { description: `ECR repositories, part ${chunk}` })
      : scope;
    const repo = new ImageRepository(repoScope, `Repository-${name}`, {
      repositoryName: ctx.name(name),
      encryptionKey: ctx.key('data'),
      keepTaggedImages: ecrSpec.keepTaggedImages,
      untaggedExpiryDays: ecrSpec.untaggedExpiryDays,
      immutableTags: ecrSpec.immutableTags,
    });
    repositories.set(name, repo);
    if (!nestedRegistry) ctx.evidence(`EcrRepository${pascal(name)}`, repo.repositoryUri, `ECR repository for ${name}: scan on push, KMS, immutable tags`);
  });
  if (nestedRegistry) {
    // One evidence output per nested registry stack, listing its repositories (names are known at synthesis).
    for (let start = 0, chunk = 1; start < repoNames.length; start += REPOSITORIES_PER_TEMPLATE, chunk++) {
      const names = repoNames.slice(start, start + REPOSITORIES_PER_TEMPLATE).map((n) => ctx.name(n));
      ctx.evidence(`EcrRepositories${chunk}`, names.join(','), `ECR repositories (part ${chunk}): scan on push, KMS, immutable tags`);
    }
  }
  if (ecrSpec.scanning === 'enhanced' && repositories.size > 0) {
    // One registry configuration per account and region (see the `ecr.scanning` description): one environment
    // creates it, covering every environment there with enhanced scanning by name prefix (src/spec/account-services.ts).
    const shared = ctx.plan.accountShares?.[ctx.region]?.ecrScanning;
    if (!shared || shared.owner === ctx.plan.name) {
      const scanning = new RegistryScanning(scope, 'RegistryScanning', { repositoryFilters: shared ? [...shared.filters] : [ctx.name('*')] });
      ctx.evidence('EcrEnhancedScanning', scanning.configuration.attrRegistryId, 'ECR enhanced scanning (Amazon Inspector): continuous rescans of this environment\'s repositories');
    } else {
      ctx.evidence('EcrEnhancedScanningOwner', shared.owner, `ECR enhanced scanning of ${ctx.name('*')} is configured by environment ${shared.owner} (one registry configuration per account and region)`);
    }
  }
  replicateImagesToDr(ctx, scope, repositories.size);
  if (resolved.length === 0) return result;

  const cluster = new ContainerCluster(scope, 'Cluster', { vpc: ctx.vpc, clusterName: ctx.name('cluster') }).cluster;
  ctx.evidence('EcsClusterName', cluster.clusterName, 'ECS cluster with enhanced Container Insights');

  const lb = (ctx.registry as RegistryWithServices).loadBalancer;
  const publicServices = resolved.filter((s) => s.public);
  if (publicServices.length > 0 && !lb) {
    throw new Error(`services ${publicServices.map((s) => s.name).join(', ')} are public but the environment has no load balancer; add one or make them internal`);
  }
  // The trace collector pulls its image from ECR Public and calls the X-Ray API; the app subnets reach neither
  // without NAT (the network has no X-Ray endpoint), and a task whose image cannot be pulled never starts.
  const tracing = ctx.plan.monitoring?.tracing !== undefined;
  if (tracing && (ctx.plan.network?.natGateways ?? ctx.plan.defaults.natGateways) === 'none') {
    throw new Error('monitoring.tracing needs outbound access from the services (network.natGateways single or per-az): the trace collector pulls its image from ECR Public and sends traces to the X-Ray API');
  }
  const priorities = assignPriorities(resolved);
  const logRetention = logRetentionPolicy(ctx.plan).retentionFor('application');
  let codeDeployApp: codedeploy.EcsApplication | undefined;
  let testPortCounter = 0;

  for (const s of resolved) {
    const spec = s.spec;
    const blueGreen = spec.deployment?.strategy === 'blue-green';
    // A fleet puts each service in a nested stack of its own: ~35 resources per blue/green service would push
    // one template past CloudFormation's 500-resource limit (TechCorp runs 15).
    const svcScope = resolved.length > SERVICES_PER_TEMPLATE ? new NestedStack(scope, pascal(s.name), { description: `service ${s.name}` }) : new Construct(scope, pascal(s.name));
    const repository = s.repository ? repositories.get(s.repository) : undefined;
    const image = repository ? { repository: repository.repository, tag: s.tag } : { uri: s.uri! };
    const service = new FargateService(svcScope, 'Fargate', fargateProps(ctx, svcScope, s, { cluster, image, logRetention, tracing, blueGreen }));
    // In a fleet's nested stack, the log key as a value the template shows (Control Tower reads one template at a time).
    showLogGroupKey(ctx, service.logGroup, 'logs');

    let blueGreenDeployment: BlueGreenDeployment | undefined;
    if (s.public && lb) {
      service.allowFrom(lb.securityGroup, 'from the load balancer');
      let testListener: elbv2.IApplicationListener | undefined;
      if (blueGreen && lb.loadBalancer) {
        if (!lb.certificate) throw new Error(`service ${s.name}: the blue/green test listener serves HTTPS and needs the load balancer's certificate`);
        const port = spec.deployment?.testPort ?? 9000 + testPortCounter++;
        // Closed to the internet (open: false): only in-VPC validation reaches green before the shift, over TLS
        // with the production certificate and policy like every other listener. It lives beside the load balancer,
        // not in the service's nested stack, so its certificate is the certificate itself, not a stack parameter.
        testListener = new elbv2.ApplicationListener(scope, `${pascal(s.name)}TestListener`, {
          loadBalancer: lb.loadBalancer,
          port,
          protocol: elbv2.ApplicationProtocol.HTTPS,
          certificates: [elbv2.ListenerCertificate.fromCertificateManager(lb.certificate)],
          sslPolicy: sslPolicyFor(ctx.plan.edge?.alb?.tlsPolicy ?? 'tls12'),
          open: false,
          defaultAction: elbv2.ListenerAction.fixedResponse(404),
        });
      }
      const tgs = attachToLoadBalancer(ctx, svcScope, s, service, lb, priorities, testListener);
      if (blueGreen && tgs.green) {
        codeDeployApp ??= new codedeploy.EcsApplication(scope, 'CodeDeploy', { applicationName: ctx.name('services') });
        blueGreenDeployment = new BlueGreenDeployment(svcScope, 'BlueGreen', {
          service: service.service,
          application: codeDeployApp,
          blueTargetGroup: tgs.blue,
          greenTargetGroup: tgs.green,
          listener: lb.listener,
          testListener,
          canary: spec.deployment?.canary,
          terminationWait: Duration.minutes(spec.deployment?.terminationWaitMinutes ?? 60),
          alarmTopic: ctx.alarmTopic,
        });
      }
    }

    wireConnections(ctx, s, service);
    addAlarms(ctx, svcScope, s, service);
    ctx.registry.workloads.set(s.name, { name: s.name, kind: 'ecs-service', connections: service.connections });
    result.set(s.name, { service, repository, blueGreen: blueGreenDeployment });
    new CfnOutput(ctx.stack, OUTPUTS.serviceCluster(s.name), { value: cluster.clusterName, description: `ECS cluster of service ${s.name}` });
    new CfnOutput(ctx.stack, OUTPUTS.serviceName(s.name), { value: service.service.serviceName, description: `ECS service ${s.name}` });
  }

  if (extras.pipeline) applyPipeline(ctx, scope, pipelineSchema.parse(extras.pipeline), resolved, result);
  return result;
}

/**
 * Images for the DR region: ECR registry replication from the primary region copies every image of this
 * environment's repositories (name prefix) to the DR region, where the standby services pull them by the same
 * repository name. Pulling across regions from the primary's registry would fail exactly when the primary region is
 * gone. One replication configuration per account and region (like enhanced scanning): a second Haven environment
 * with DR in the same account and region must share it. Only images pushed after it exists are replicated.
 * ECR replication: https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html
 */
function replicateImagesToDr(ctx: PlatformContext, scope: Construct, repositories: number): void {
  if (!repositories || !ctx.plan.regions?.dr) return;
  const design = drDesign(ctx.plan);
  if (!design.drRegion || !drStandbyCompute(ctx.plan).deploy) return;
  // Shared with the other environments replicating from this account and region: one of them holds every rule.
  const shared = ctx.plan.accountShares?.[ctx.region]?.ecrReplication;
  if (shared && shared.owner !== ctx.plan.name) {
    ctx.evidence('EcrDrReplicationOwner', shared.owner, `ECR replication of ${ctx.name('*')} to the DR region is configured by environment ${shared.owner} (one replication configuration per account and region)`);
    return;
  }
  const registryId = ctx.plan.account ?? Stack.of(ctx.stack).account;
  const rules = shared ? shared.rules : [{ prefix: ctx.name(''), region: design.drRegion }];
  new ecr.CfnReplicationConfiguration(scope, 'DrImageReplication', {
    replicationConfiguration: {
      rules: rules.map((rule) => ({
        destinations: [{ region: rule.region, registryId }],
        repositoryFilters: [{ filter: rule.prefix, filterType: 'PREFIX_MATCH' }],
      })),
    },
  });
  ctx.evidence('EcrDrReplicationRegion', design.drRegion, `ECR images of ${ctx.name('*')} replicated to the DR region for the standby services`);
}

/**
 * The repositories ECR replication creates in the DR region (replicateImagesToDr) get Haven's settings — the DR
 * region's customer key, immutable tags, the lifecycle rules — from a repository creation template applied for
 * REPLICATION; without it they would be AES-256 with mutable tags. Template prefixes are namespaces (`<prefix>/`) and
 * Haven's repository names have none, so this is the registry's ROOT template. Like the replication configuration
 * (one per account and region), it belongs to the registry: a second environment replicating into the same account
 * and region would need to share it (account-level services are not deduplicated here). Same condition as the
 * replication rule: repositories exist and the DR strategy keeps compute.
 */
function templateForReplicatedImages(ctx: PlatformContext): void {
  const names = imageRepositoryNames(ctx);
  if (!names.length) return;
  const ecrSpec = ecrSchema.parse((ctx.plan as unknown as PlanWithExtras).ecr ?? {});
  new ReplicatedRepositoryTemplate(ctx.stack, 'ReplicatedImages', {
    repositoryNames: names.map((n) => ctx.name(n)),
    encryptionKey: ctx.key('data'),
    keepTaggedImages: ecrSpec.keepTaggedImages,
    untaggedExpiryDays: ecrSpec.untaggedExpiryDays,
    immutableTags: ecrSpec.immutableTags,
  });
}

/**
 * The DR region's copy of the services (pilot light: defined at zero; warm standby: running at
 * `dr.standby.minCapacity`) behind the DR load balancer. Rolling deployments only: the delivery pipeline and
 * CodeDeploy blue/green stay in the primary region (one release process; a pipeline in each region would deploy
 * twice and a blue/green shift here would need a second CodeDeploy application to fail with the primary). The
 * standby runs the images replicated from the primary's repositories, by the same name.
 */
export function applyStandbyServices(ctx: PlatformContext): void {
  const standby = drStandbyCompute(ctx.plan);
  const resolved = expandServices(ctx.plan.services);
  // From the foundation phase on: it must exist before the primary's replication creates the first repository here.
  if (standby.deploy) templateForReplicatedImages(ctx);
  // Images replicate only after the primary has pushed them: services wait for the full DR phase.
  if (!standby.deploy || resolved.length === 0 || ctx.stack.node.tryGetContext(DR_PHASE_CONTEXT) === 'foundation') return;
  const scope = new Construct(ctx.stack, 'Services');
  const cluster = new ContainerCluster(scope, 'Cluster', { vpc: ctx.vpc, clusterName: ctx.name('cluster') }).cluster;
  const lb = (ctx.registry as RegistryWithServices).loadBalancer;
  if (resolved.some((s) => s.public) && !lb) throw new Error('public services need the DR load balancer (edge.alb) in the DR region');
  const priorities = assignPriorities(resolved);
  const logRetention = logRetentionPolicy(ctx.plan).retentionFor('application');
  const tracing = ctx.plan.monitoring?.tracing !== undefined;
  for (const original of resolved) {
    const min = standby.minCapacity;
    const max = Math.max(original.spec.scaling?.max ?? original.spec.count ?? 2, min, 1);
    const s: ResolvedService = { ...original, spec: { ...original.spec, count: min, scaling: { cpuTarget: original.spec.scaling?.cpuTarget ?? 70, memoryTarget: original.spec.scaling?.memoryTarget ?? 75, min, max }, deployment: undefined } };
    const svcScope = resolved.length > SERVICES_PER_TEMPLATE ? new NestedStack(scope, pascal(s.name), { description: `standby service ${s.name}` }) : new Construct(scope, pascal(s.name));
    const image = s.repository
      ? { repository: ecr.Repository.fromRepositoryName(svcScope, 'Repository', ctx.name(s.repository)), tag: s.tag }
      : { uri: s.uri! };
    // `s` carries the standby sizing (count and scaling at dr.standby.minCapacity) and no blue/green deployment.
    const service = new FargateService(svcScope, 'Fargate', fargateProps(ctx, svcScope, s, { cluster, image, logRetention, tracing, blueGreen: false }));
    showLogGroupKey(ctx, service.logGroup, 'logs');
    // The replicated secrets are encrypted with this region's secrets key.
    ctx.key('secrets').grantDecrypt(service.executionRole);
    if (s.public && lb) {
      service.allowFrom(lb.securityGroup, 'from the load balancer');
      attachToLoadBalancer(ctx, svcScope, s, service, lb, priorities);
    }
    wireConnections(ctx, s, service, { standby: true });
    addAlarms(ctx, svcScope, s, service);
    ctx.registry.workloads.set(s.name, { name: s.name, kind: 'ecs-service', connections: service.connections });
    new CfnOutput(ctx.stack, OUTPUTS.serviceCluster(s.name, 'dr'), { value: cluster.clusterName, description: `ECS cluster of the standby ${s.name} in ${ctx.region}` });
    new CfnOutput(ctx.stack, OUTPUTS.serviceName(s.name, 'dr'), { value: service.service.serviceName, description: `Standby ECS service ${s.name} (${min} tasks ahead of failover)` });
  }
}

/** CI/CD for the services with Haven-managed images (or the ones the pipeline section lists). */
function applyPipeline(ctx: PlatformContext, scope: Construct, spec: PipelineSpec, resolved: ResolvedService[], built: Map<string, PlatformServiceEntry>): DeliveryPipeline {
  const names = spec.services ?? resolved.filter((s) => s.repository).map((s) => s.name);
  const targets = names.map((name) => {
    const entry = built.get(name);
    if (!entry) throw new Error(`pipeline service ${name} is not defined in services`);
    if (!entry.repository) throw new Error(`pipeline service ${name} uses an external image URI; the pipeline can only push to Haven-managed repositories`);
    const s = entry.service;
    return {
      name,
      repository: entry.repository.repository,
      service: s.service,
      deploymentGroup: entry.blueGreen?.deploymentGroup,
      taskDefinitionFamily: entry.blueGreen ? s.taskDefinition.family : undefined,
      containerPort: s.containerPort,
      buildDirectory: spec.buildDirectory.replaceAll('{name}', name),
      passRoles: [s.taskRole, s.executionRole],
    };
  });
  let source: PipelineSource;
  if ('connectionArn' in spec.source) {
    const [owner, repo] = spec.source.repository.split('/');
    source = { connectionArn: spec.source.connectionArn, owner, repo, branch: spec.source.branch };
  } else {
    const bucket = ctx.registry.buckets.get(spec.source.bucket) ?? s3.Bucket.fromBucketName(scope, 'SourceBucket', spec.source.bucket);
    source = { bucket, key: spec.source.key };
  }
  const pipeline = new DeliveryPipeline(scope, 'Delivery', {
    pipelineName: ctx.name('delivery'),
    source,
    services: targets,
    encryptionKey: ctx.key('data'),
    testCommands: spec.testCommands,
    failOnSeverity: spec.failOnSeverity,
    manualApproval: spec.manualApproval ?? ctx.plan.tier === 'production',
    accessLogsBucket: ctx.logBucket,
    logRetention: logRetentionPolicy(ctx.plan).retentionFor('audit'),
  });
  ctx.evidence('DeliveryPipelineName', pipeline.pipeline.pipelineName, 'CodePipeline: build, ECR scan gate, tests, deploy');
  return pipeline;
}

/** Explicit priorities stay; the rest get the next free number from 1000 in spec order (stable across deploys). */
function assignPriorities(resolved: ResolvedService[]): Map<string, number> {
  const map = new Map<string, number>();
  const used = new Set(resolved.flatMap((s) => (s.public?.priority !== undefined ? [s.public.priority] : [])));
  let next = 1000;
  for (const s of resolved) {
    if (!s.public) continue;
    if (s.public.priority !== undefined) {
      map.set(s.name, s.public.priority);
      continue;
    }
    while (used.has(next)) next++;
    map.set(s.name, next);
    used.add(next++);
  }
  return map;
}

/** Secrets: a list names `<project>-<env>/<service>/<VAR>`; a map points at a data store's credentials or a secret name. */
function secretsFor(ctx: PlatformContext, scope: Construct, s: ResolvedService): Record<string, ecs.Secret> | undefined {
  const secrets = s.spec.secrets;
  if (!secrets) return undefined;
  const entries: Array<[string, string | undefined]> = Array.isArray(secrets) ? secrets.map((v) => [v, undefined]) : Object.entries(secrets);
  const out: Record<string, ecs.Secret> = {};
  for (const [variable, source] of entries) {
    // `main:password` picks one JSON field; ':' cannot occur in a Secrets Manager name, so the split is unambiguous.
    const [ref, field] = source?.split(':') ?? [undefined, undefined];
    const store = ref !== undefined ? ctx.registry.dataStores.get(ref) : undefined;
    if (store) {
      if (!store.secret && store.iamAccess) throw new Error(`service ${s.name}: secret ${variable} points at ${ref}, whose clients sign in with IAM (no token); the service gets ${Object.keys(store.iamAccess.environment).join(' and ')} instead`);
      if (!store.secret) throw new Error(`service ${s.name}: secret ${variable} points at ${ref}, which has no generated credentials`);
      out[variable] = ecs.Secret.fromSecretsManager(store.secret, field);
      continue;
    }
    const name = ref ?? `${ctx.name(s.name)}/${variable}`;
    out[variable] = ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(scope, `Secret${variable}`, name), field);
  }
  return out;
}

/** Security group chain service → store for stores naming this service as a client or named in `connects`; buckets get grants. */
function wireConnections(ctx: PlatformContext, s: ResolvedService, service: FargateService, opts: { standby?: boolean } = {}): void {
  const connects = new Set(s.spec.connects ?? []);
  const unresolved = new Set(connects);
  // A name may stand for several stores (databases.main and caches.main): every match is wired.
  for (const store of ctx.registry.dataStores.values()) {
    if (!connects.has(store.name) && !store.clients.includes(s.name) && !store.clients.includes(s.entry)) continue;
    service.allowTo(store.connections, undefined, `${s.name} to ${store.name}`);
    authorizeClient({ grantee: service.taskRole, addEnvironment: (name, value) => service.container.addEnvironment(name, value) }, store);
    unresolved.delete(store.name);
  }
  for (const name of connects) {
    const bucket = ctx.registry.buckets.get(name);
    if (bucket) {
      grantObjectReadWrite(bucket, service.taskRole);
      unresolved.delete(name);
    }
  }
  if (opts.standby) {
    for (const name of [...unresolved]) {
      // A database restored at failover lands in the security group the DR feature prepared: admit the service now.
      const restore = drRestoreSecurityGroup(ctx, name);
      if (restore) {
        service.allowTo(new ec2.Connections({ securityGroups: [restore], defaultPort: ec2.Port.tcp(5432) }), undefined, `${s.name} to restored ${name}`);
        unresolved.delete(name);
      }
      // Caches are rebuilt in the DR region at failover, not replicated: nothing to wire ahead of time.
      if (ctx.plan.caches?.[name]) unresolved.delete(name);
      // A bucket without `replicate` and a file system have no copy in this region: they are gone with the primary
      // region, so the standby copy of the service runs without them (no grant, no cross-region dependency).
      if (ctx.plan.buckets?.[name] || ctx.plan.fileSystems?.[name]) unresolved.delete(name);
    }
  }
  if (unresolved.size > 0) throw new Error(`service ${s.name} connects to ${[...unresolved].join(', ')}, which this stack does not have`);
}

function tuning(ctx: PlatformContext, id: 'ecsCpu' | 'ecsMemory' | 'ecsRunningTasks'): AlarmTuning {
  return ctx.plan.monitoring?.alarms?.[id] ?? {};
}

/** CPU and memory near the ceiling, and fewer running tasks than the floor, page the alarm topic. */
function addAlarms(ctx: PlatformContext, scope: Construct, s: ResolvedService, service: FargateService): void {
  const action = new cw_actions.SnsAction(ctx.alarmTopic);
  const make = (id: 'ecsCpu' | 'ecsMemory' | 'ecsRunningTasks', metric: cloudwatch.Metric, threshold: number, op: cloudwatch.ComparisonOperator, what: string) => {
    const t = tuning(ctx, id);
    if (t.enabled === false) return;
    const alarm = new cloudwatch.Alarm(scope, pascal(id), {
      alarmName: ctx.name(`${s.name}-${id}`),
      alarmDescription: `${s.name}: ${what}`,
      metric: metric.with({ period: Duration.minutes(t.periodMinutes ?? 5) }),
      threshold: t.threshold ?? threshold,
      evaluationPeriods: t.evaluationPeriods ?? 3,
      comparisonOperator: op,
      treatMissingData: id === 'ecsRunningTasks' ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.MISSING,
    });
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    ctx.registry.alarms.push(alarm);
  };
  const svc = service.service;
  make('ecsCpu', svc.metricCpuUtilization({ statistic: 'Average' }), 85, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, 'CPU above threshold %');
  make('ecsMemory', svc.metricMemoryUtilization({ statistic: 'Average' }), 85, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, 'memory above threshold %');
  const floor = s.spec.scaling?.min ?? s.spec.count ?? 2;
  if (floor > 0) {
    const running = new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName: 'RunningTaskCount',
      dimensionsMap: { ClusterName: svc.cluster.clusterName, ServiceName: svc.serviceName },
      statistic: 'Minimum',
    });
    make('ecsRunningTasks', running, floor, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, `fewer running tasks than the floor of ${floor}`);
  }
  ctx.registry.dashboardWidgets.push(
    new cloudwatch.GraphWidget({
      title: `${s.name} CPU / memory %`,
      left: [svc.metricCpuUtilization(), svc.metricMemoryUtilization()],
      width: 12,
    }),
  );
}

/**
 * UnHealthyHostCount per target group, made in the service's scope (its nested stack in a fleet) where the target
 * group lives, so its name resolves locally; the load balancer's name and the topic come in as parameters. Blue/green
 * services get one per colour: after a shift, green is the group serving production.
 */
function addTargetGroupAlarms(ctx: PlatformContext, scope: Construct, name: string, lb: ServicesLoadBalancer, tgs: { blue: elbv2.ApplicationTargetGroup; green?: elbv2.ApplicationTargetGroup }): void {
  // Target-group metrics are keyed by load balancer too; an imported ALB without its full name cannot be addressed.
  const alb = lb.loadBalancer as Partial<Pick<elbv2.ApplicationLoadBalancer, 'loadBalancerFullName'>> | undefined;
  const loadBalancerFullName = alb?.loadBalancerFullName;
  if (!loadBalancerFullName) return;
  const groups: Array<[string, elbv2.ApplicationTargetGroup]> = tgs.green ? [['Blue', tgs.blue], ['Green', tgs.green]] : [['', tgs.blue]];
  for (const [colour, tg] of groups) {
    const set = new TargetGroupAlarms(scope, `TargetGroupAlarms${colour}`, {
      topic: ctx.alarmTopic,
      alarmNamePrefix: ctx.name('alarm'),
      overrides: alarmOverrides(ctx.plan),
      loadBalancerFullName,
      targetGroupFullName: tg.targetGroupFullName,
      displayName: colour ? `${name}-${colour.toLowerCase()}` : name,
    });
    ctx.registry.alarms.push(...set.alarms);
    ctx.registry.dashboardWidgets.push(...set.widgets);
    ctx.registry.targetGroups?.set(colour ? `${name}-${colour.toLowerCase()}` : name, { loadBalancerFullName, targetGroupFullName: tg.targetGroupFullName });
  }
  addFailoverEndpointAlarms(ctx, scope, name, loadBalancerFullName, tgs);
}

export const servicesFeature: PlatformFeature = {
  name: 'services',
  // DR role: the standby copy the strategy keeps (src/dr/strategy.ts, drStandbyCompute).
  roles: ['primary', 'dr'],
  apply(ctx) {
    if (ctx.role === 'primary') applyServices(ctx);
    else if (ctx.role === 'dr') applyStandbyServices(ctx);
  },
};

/** The Fargate service of one resolved service, the same in both regions (only sizing and deployment differ). */
function fargateProps(
  ctx: PlatformContext, svcScope: Construct, s: ResolvedService,
  o: { cluster: FargateServiceProps['cluster']; image: FargateServiceProps['image']; logRetention: FargateServiceProps['logRetention']; tracing: boolean; blueGreen: boolean },
): FargateServiceProps {
  const spec = s.spec;
  return {
    cluster: o.cluster,
    serviceName: s.name,
    image: o.image,
    cpu: spec.cpu,
    memoryMiB: spec.memory,
    containerPort: spec.port,
    environment: s.environment,
    secrets: secretsFor(ctx, svcScope, s),
    logKey: ctx.key('logs'),
    logRetention: o.logRetention,
    healthCheckCommand: spec.healthCheck?.command,
    user: spec.user,
    readonlyRootFilesystem: spec.readonlyRootFilesystem,
    desiredCount: spec.count,
    minCapacity: spec.scaling?.min,
    maxCapacity: spec.scaling?.max,
    cpuTargetPercent: spec.scaling?.cpuTarget,
    memoryTargetPercent: spec.scaling?.memoryTarget,
    vpcSubnets: ctx.subnets.app,
    deploymentStrategy: o.blueGreen ? DeploymentStrategy.BLUE_GREEN : DeploymentStrategy.ROLLING,
    healthCheckGracePeriod: s.public ? Duration.seconds(60) : undefined,
    // The environment's X-Ray sampling rule (monitoring.tracing) applies to every service through the collector.
    tracing: o.tracing,
  };
}

/** A public service behind the environment's ALB: its routing rule, health check and target-group alarms. */
function attachToLoadBalancer(
  ctx: PlatformContext, svcScope: Construct, s: ResolvedService, service: FargateService, lb: ServicesLoadBalancer,
  priorities: Map<string, number>, testListener?: elbv2.IApplicationListener,
): ReturnType<FargateService['attachToListener']> {
  const pub = s.public ?? { paths: [], hosts: [] };
  const hasConditions = pub.paths.length > 0 || pub.hosts.length > 0;
  const origin = lb.originConditions ?? [];
  const tgs = service.attachToListener('Lb', {
    listener: lb.listener,
    testListener,
    vpc: ctx.vpc,
    pathPatterns: pub.paths,
    hostHeaders: pub.hosts,
    listenerConditions: origin,
    priority: hasConditions ? priorities.get(s.name) : origin.length ? VERIFIED_DEFAULT_PRIORITY : undefined,
    healthCheckPath: s.spec.healthCheck?.path ?? '/health',
    // The edge section's default health check (matcher, thresholds) applies to every service behind the ALB.
    healthyHttpCodes: ctx.plan.edge?.alb?.healthCheck?.matcher,
  });
  addTargetGroupAlarms(ctx, svcScope, s.name, lb, tgs);
  return tgs;
}
