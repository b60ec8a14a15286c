import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fargateMemoryChoices, isValidFargateSize } from './fargate-size';

/** Where the container image comes from: an ECR repository (+ tag) or a full image URI. */
export type ServiceImage =
  | { readonly repository: ecr.IRepository; readonly tag?: string }
  | { readonly uri: string };

/** How new task definitions roll out. */
export enum DeploymentStrategy {
  /** ECS rolling update with the deployment circuit breaker rolling back a failed deployment. */
  ROLLING = 'rolling',
  /** CodeDeploy blue/green: traffic shifts between two target groups (see `BlueGreenDeployment`). */
  BLUE_GREEN = 'blue-green',
}

export interface FargateServiceProps {
  readonly cluster: ecs.ICluster;
  /**
   * Service name; also the container name and the log stream prefix.
   */
  readonly serviceName: string;
  readonly image: ServiceImage;
  /**
   * Task CPU units.
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Task memory in MiB; must be a valid Fargate size for `cpu`.
   * @default 512
   */
  readonly memoryMiB?: number;
  /**
   * Port the container listens on.
   * @default 8080
   */
  readonly containerPort?: number;
  /** @default - none */
  readonly environment?: Record<string, string>;
  /**
   * Secrets injected as environment variables at task start, e.g. `ecs.Secret.fromSecretsManager(secret)`.
   * Read access is granted to the execution role for exactly these secrets.
   * @default - none
   */
  readonly secrets?: Record<string, ecs.Secret>;
  /** Key that encrypts the service's log group. */
  readonly logKey: kms.IKey;
  /**
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Container health check, run by the ECS agent as `CMD-SHELL`.
   * @default - no container health check (the load balancer health check still applies)
   */
  readonly healthCheckCommand?: string;
  /**
   * User (uid[:gid]) the container runs as. Non-root limits what a compromised process can do.
   * @default '1000'
   */
  readonly user?: string;
  /**
   * Mount the root filesystem read-only; writable scratch space comes from `writablePaths`.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Paths backed by task-local ephemeral storage so a read-only image can still write temp files.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * Tasks to run when not autoscaled (and the starting count when autoscaled).
   * @default minCapacity, else 2 (one per AZ for availability)
   */
  readonly desiredCount?: number;
  /** @default - desiredCount */
  readonly minCapacity?: number;
  /** @default - no auto-scaling */
  readonly maxCapacity?: number;
  /** @default 70 */
  readonly cpuTargetPercent?: number;
  /** @default 75 */
  readonly memoryTargetPercent?: number;
  /**
   * Subnets for the tasks. Tasks never get a public IP.
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Who may reach the container port, typically the load balancer. Nothing else gets in.
   * @default - nobody (internal worker)
   */
  readonly allowFrom?: ec2.IConnectable[];
  /**
   * @default DeploymentStrategy.ROLLING
   */
  readonly deploymentStrategy?: DeploymentStrategy;
  /**
   * Seconds the scheduler ignores failing load-balancer health checks after a task starts.
   * @default 60 when behind a load balancer
   */
  readonly healthCheckGracePeriod?: Duration;
  /**
   * Run a trace collector sidecar that forwards the application's traces to AWS X-Ray. `true` uses the pinned
   * AWS Distro for OpenTelemetry collector image; `{ image }` replaces the image (e.g. a mirror in your own ECR).
   * The application reaches it on 127.0.0.1: X-Ray SDKs through `AWS_XRAY_DAEMON_ADDRESS` (UDP 2000),
   * OpenTelemetry SDKs through `OTEL_EXPORTER_OTLP_ENDPOINT` (OTLP/HTTP 4318).
   * @default false - no sidecar, no X-Ray permissions
   */
  readonly tracing?: boolean | TracingSidecarOptions;
}

/** Options for the trace collector sidecar. */
export interface TracingSidecarOptions {
  /**
   * Collector image. It must run the OpenTelemetry collector command line (`--config=env:VAR`) with the `awsxray`
   * receiver and exporter, as the AWS Distro for OpenTelemetry collector does.
   * @default TRACING_COLLECTOR_IMAGE
   */
  readonly image?: string;
}

/**
 * Pinned AWS Distro for OpenTelemetry collector (latest release, July 2026). Not the X-Ray daemon: AWS put the
 * X-Ray SDKs and daemon in maintenance mode on 2026-02-25 (support ends 2027-02-25) and recommends OpenTelemetry;
 * the collector's awsxray receiver still accepts X-Ray SDK segments on UDP 2000, so both kinds of instrumentation work.
 */
export const TRACING_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0';

/** Name of the sidecar container in the task definition. */
export const TRACING_CONTAINER_NAME = 'trace-collector';

/**
 * Collector configuration: X-Ray segments (UDP 2000, plus the TCP sampling proxy that lets SDKs read the
 * environment's sampling rule) and OTLP in, X-Ray out. Every endpoint binds to loopback, so only containers of
 * the same task (which share the network namespace on Fargate) can reach it; no security group rule is needed.
 */
export const TRACING_COLLECTOR_CONFIG = [
  'extensions:',
  '  health_check:',
  '    endpoint: 127.0.0.1:13133',
  'receivers:',
  '  awsxray:',
  '    endpoint: 127.0.0.1:2000',
  '    transport: udp',
  '    proxy_server:',
  '      endpoint: 127.0.0.1:2000',
  '  otlp:',
  '    protocols:',
  '      grpc:',
  '        endpoint: 127.0.0.1:4317',
  '      http:',
  '        endpoint: 127.0.0.1:4318',
  'processors:',
  '  batch/traces:',
  '    timeout: 1s',
  '    send_batch_size: 50',
  'exporters:',
  '  awsxray: {}',
  'service:',
  '  extensions: [health_check]',
  '  pipelines:',
  '    traces:',
  '      receivers: [awsxray, otlp]',
  '      processors: [batch/traces]',
  '      exporters: [awsxray]',
  '',
].join('\n');

/** Environment the application container gets when tracing is on. */
export const TRACING_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
};

/** The trace collector's share of a task: small, never more than an eighth of the CPU or a quarter of the memory. */
function tracingSidecarSize(taskCpu: number, taskMemoryMiB: number): { cpu: number; memoryMiB: number } {
  return { cpu: Math.min(64, taskCpu / 8), memoryMiB: Math.min(128, taskMemoryMiB / 4) };
}

/** Options for putting the service behind an Application Load Balancer listener. */
export interface ListenerAttachmentOptions {
  /** Production listener. */
  readonly listener: elbv2.IApplicationListener;
  /**
   * Test listener CodeDeploy routes the green task set to before shifting production traffic (blue/green only).
   * @default - none
   */
  readonly testListener?: elbv2.IApplicationListener;
  /** @default - the listener's default action (only one service may do this) */
  readonly pathPatterns?: string[];
  /** @default - any host */
  readonly hostHeaders?: string[];
  /**
   * Conditions the production rule also carries (e.g. a secret origin header); not the test listener's. With them,
   * a service without paths or hosts gets a rule at `priority` instead of the listener's default action.
   * @default - none
   */
  readonly listenerConditions?: elbv2.ListenerCondition[];
  /** Listener rule priority; required with path, host or listener conditions. */
  readonly priority?: number;
  /** @default '/health' */
  readonly healthCheckPath?: string;
  /** HTTP codes the load balancer counts as healthy. @default '200-399' */
  readonly healthyHttpCodes?: string;
  /** VPC of the target groups. */
  readonly vpc: ec2.IVpc;
}

/** Target groups created by `attachToListener`; `green` exists only for blue/green services. */
export interface ServiceTargetGroups {
  readonly blue: elbv2.ApplicationTargetGroup;
  readonly green?: elbv2.ApplicationTargetGroup;
}

/**
 * A Fargate service with a hardened task (read-only root, non-root user, encrypted logs, secrets from Secrets
 * Manager), least-privilege roles, a security group admitting only the container port from named sources,
 * target-tracking auto-scaling, and either rolling deploys with circuit-breaker rollback or CodeDeploy blue/green.
 */
export class FargateService extends Construct implements ec2.IConnectable {
  public readonly service: ecs.FargateService;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly securityGroup: ec2.SecurityGroup;
  /** Connections whose default port is the container port. */
  public readonly connections: ec2.Connections;
  /** Role the ECS agent uses to pull the image, write logs and read the injected secrets. */
  public readonly executionRole: iam.Role;
  /** Role the application code runs as; starts with no permissions: use grants (`bucket.grantRead(svc)`). */
  public readonly taskRole: iam.Role;
  public readonly grantPrincipal: iam.IPrincipal;
  public readonly logGroup: logs.LogGroup;
  public readonly containerPort: number;
  public readonly deploymentStrategy: DeploymentStrategy;
  public readonly serviceName: string;
  /** The trace collector sidecar, when `tracing` is on. */
  public readonly tracingContainer?: ecs.ContainerDefinition;
  private scaling?: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const cpu = props.cpu ?? 256;
    const memoryMiB = props.memoryMiB ?? 512;
    if (!isValidFargateSize(cpu, memoryMiB)) throw new Error(`${props.serviceName}: invalid Fargate size cpu=${cpu} memory=${memoryMiB}: ${fargateMemoryChoices(cpu)}`);
    this.containerPort = props.containerPort ?? 8080;
    this.deploymentStrategy = props.deploymentStrategy ?? DeploymentStrategy.ROLLING;
    this.serviceName = props.serviceName;
    const minCapacity = props.minCapacity ?? props.desiredCount ?? 2;
    const desiredCount = props.desiredCount ?? minCapacity;
    if (props.maxCapacity !== undefined && props.maxCapacity < minCapacity) {
      throw new Error(`${props.serviceName}: maxCapacity ${props.maxCapacity} is below minCapacity ${minCapacity}`);
    }

    const stack = Stack.of(this);
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      // No source condition here: ECS documents aws:SourceAccount for task roles, not for the agent's execution role.
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `ECS agent for ${props.serviceName}: pull image, write logs, read its secrets`,
    });
    this.taskRole = new iam.Role(this, 'TaskRole', {
      // Only ECS tasks of this account may assume the application role (confused-deputy guard ECS documents).
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: `Application runtime role of ${props.serviceName}; permissions only through grants`,
    });
    this.grantPrincipal = this.taskRole;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu,
      memoryLimitMiB: memoryMiB,
      executionRole: this.executionRole,
      taskRole: this.taskRole,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });

    const sidecar = props.tracing ? tracingSidecarSize(cpu, memoryMiB) : undefined;
    this.container = this.taskDefinition.addContainer('Container', {
      containerName: props.serviceName,
      image: resolveImage(this, props.image),
      // A hard limit per container (Control Tower CT.ECS.PR.7): the application gets the task's memory less the sidecar's.
      memoryLimitMiB: memoryMiB - (sidecar?.memoryMiB ?? 0),
      portMappings: [{ containerPort: this.containerPort, protocol: ecs.Protocol.TCP }],
      // The service's own environment wins over the tracing defaults (e.g. a different OTLP protocol).
      environment: props.tracing ? { ...TRACING_ENVIRONMENT, ...props.environment } : props.environment,
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: props.serviceName }),
      healthCheck: props.healthCheckCommand
        ? {
            command: ['CMD-SHELL', props.healthCheckCommand],
            interval: Duration.seconds(30),
            timeout: Duration.seconds(5),
            retries: 3,
            startPeriod: Duration.seconds(60),
          }
        : undefined,
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
      user: props.user ?? '1000',
      privileged: false,
      essential: true,
    });
    for (const [i, path] of (props.writablePaths ?? ['/tmp']).entries()) {
      const name = `scratch${i}`;
      this.taskDefinition.addVolume({ name });
      this.container.addMountPoints({ sourceVolume: name, containerPath: path, readOnly: false });
    }
    if (props.tracing && sidecar) this.tracingContainer = this.addTracingSidecar(props, sidecar);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${props.serviceName} tasks: container port from the load balancer only`,
      // Egress is opened per destination (HTTPS for AWS APIs, data stores via allowTo) rather than all at once.
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs (ECR, Logs, Secrets Manager)');
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(this.containerPort) });
    for (const source of props.allowFrom ?? []) this.allowFrom(source);

    const blueGreen = this.deploymentStrategy === DeploymentStrategy.BLUE_GREEN;
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      serviceName: props.serviceName,
      taskDefinition: this.taskDefinition,
      desiredCount,
      assignPublicIp: false,
      vpcSubnets: props.vpcSubnets,
      securityGroups: [this.securityGroup],
      enableExecuteCommand: false,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      healthCheckGracePeriod: props.healthCheckGracePeriod,
      // CodeDeploy owns the rollout (and its rollback) for blue/green; ECS circuit breaker only applies to rolling.
      deploymentController: { type: blueGreen ? ecs.DeploymentControllerType.CODE_DEPLOY : ecs.DeploymentControllerType.ECS },
      circuitBreaker: blueGreen ? undefined : { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });

    if (props.maxCapacity !== undefined) {
      this.scaling = this.service.autoScaleTaskCount({ minCapacity, maxCapacity: props.maxCapacity });
      this.scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: props.cpuTargetPercent ?? 70 });
      this.scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: props.memoryTargetPercent ?? 75 });
    }
  }

  /**
   * Trace collector after the application container (the pipeline's task-definition template replaces the image of
   * container 0). Not essential: a collector failure loses traces, never requests. The task role gets the X-Ray
   * write and sampling actions, which have no resource type, so AWS only authorizes them on "*".
   */
  private addTracingSidecar(props: FargateServiceProps, size: { cpu: number; memoryMiB: number }): ecs.ContainerDefinition {
    const image = typeof props.tracing === 'object' && props.tracing.image ? props.tracing.image : TRACING_COLLECTOR_IMAGE;
    const sidecarCpu = size.cpu;
    const sidecarMemory = size.memoryMiB;
    const collector = this.taskDefinition.addContainer('TraceCollector', {
      containerName: TRACING_CONTAINER_NAME,
      image: ecs.ContainerImage.fromRegistry(image),
      command: ['--config=env:HAVEN_COLLECTOR_CONFIG'],
      environment: {
        HAVEN_COLLECTOR_CONFIG: TRACING_COLLECTOR_CONFIG,
        // Go runtime soft limit below the hard limit: the collector frees memory before the kernel kills it.
        GOMEMLIMIT: `${Math.floor(sidecarMemory * 0.8)}MiB`,
      },
      essential: false,
      cpu: sidecarCpu,
      memoryReservationMiB: Math.min(64, sidecarMemory),
      memoryLimitMiB: sidecarMemory,
      // The collector image is a static binary on scratch: it runs as any uid and writes nothing to disk.
      user: '10001',
      readonlyRootFilesystem: true,
      privileged: false,
      portMappings: [{ containerPort: 2000, protocol: ecs.Protocol.UDP }],
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: `${props.serviceName}-tracing` }),
      // Restarted in place if it crashes, instead of leaving the task without tracing until it is replaced.
      enableRestartPolicy: true,
    });
    // Started first so the application's first segments have somewhere to go.
    this.container.addContainerDependencies({ container: collector, condition: ecs.ContainerDependencyCondition.START });
    this.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'XRayWrite',
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
      resources: ['*'],
    }));
    return collector;
  }

  /** Admit `source` (e.g. the load balancer) to the container port. */
  public allowFrom(source: ec2.IConnectable, description?: string): void {
    this.connections.allowFrom(source, ec2.Port.tcp(this.containerPort), description ?? `${this.serviceName} container port`);
  }

  /**
   * Let the tasks reach a data store (database, cache, file system) on `port`, or its default port.
   * Adds egress here and ingress there, so the chain ALB → service → store stays explicit.
   */
  public allowTo(target: ec2.IConnectable, port?: ec2.Port, description?: string): void {
    const p = port ?? target.connections.defaultPort;
    if (!p) throw new Error(`${this.serviceName}: allowTo needs a port; the target has no default port`);
    this.connections.allowTo(target, p, description ?? `${this.serviceName} to data store`);
  }

  /**
   * Put the service behind a listener: one target group for rolling services; blue + green target groups for
   * blue/green (blue serves the production listener, green the test listener until CodeDeploy swaps them).
   */
  public attachToListener(id: string, options: ListenerAttachmentOptions): ServiceTargetGroups {
    const conditions: elbv2.ListenerCondition[] = [];
    if (options.pathPatterns?.length) conditions.push(elbv2.ListenerCondition.pathPatterns(options.pathPatterns));
    if (options.hostHeaders?.length) conditions.push(elbv2.ListenerCondition.hostHeaders(options.hostHeaders));
    const production = [...conditions, ...(options.listenerConditions ?? [])];
    if (production.length > 0 && options.priority === undefined) throw new Error(`${this.serviceName}: a listener rule with conditions needs a priority`);

    const makeTargetGroup = (suffix: string) =>
      new elbv2.ApplicationTargetGroup(this, `${id}${suffix}`, {
        vpc: options.vpc,
        port: this.containerPort,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        deregistrationDelay: Duration.seconds(30),
        healthCheck: {
          path: options.healthCheckPath ?? '/health',
          healthyHttpCodes: options.healthyHttpCodes ?? '200-399',
          interval: Duration.seconds(30),
          timeout: Duration.seconds(5),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
      });
    const addTo = (listener: elbv2.IApplicationListener, ruleId: string, targetGroup: elbv2.ApplicationTargetGroup, ruleConditions: elbv2.ListenerCondition[]) => {
      if (ruleConditions.length === 0) {
        listener.addTargetGroups(ruleId, { targetGroups: [targetGroup] });
        return;
      }
      // The rule lives with the service, not under the shared listener: a service in a nested stack then depends
      // only on its own rule, and the listener's stack never has to reference the service's.
      new elbv2.ApplicationListenerRule(this, `${ruleId}Rule`, { listener, priority: options.priority!, conditions: ruleConditions, targetGroups: [targetGroup] });
    };

    const blue = makeTargetGroup(this.deploymentStrategy === DeploymentStrategy.BLUE_GREEN ? 'Blue' : 'Targets');
    // Rule ids live under the (shared) listener, so they carry the service name to stay unique.
    addTo(options.listener, `${this.serviceName}-${id}`, blue, production);
    blue.addTarget(this.service);
    // Explicit even if the listener would add it: the service must admit the load balancer on the container port.
    for (const lbSg of options.listener.connections.securityGroups) this.allowFrom(lbSg, 'from load balancer');

    if (this.deploymentStrategy !== DeploymentStrategy.BLUE_GREEN) return { blue };
    const green = makeTargetGroup('Green');
    if (options.testListener) addTo(options.testListener, `${this.serviceName}-${id}-test`, green, conditions);
    return { blue, green };
  }

  /** The scaling target, when `maxCapacity` was given. */
  public get autoScaling(): ecs.ScalableTaskCount | undefined {
    return this.scaling;
  }
}

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([a-z0-9._/-]+)(?::([\w.-]+))?$/;

/** ECR URIs become repository references so the execution role is granted pull on that repository only. */
function resolveImage(scope: Construct, image: ServiceImage): ecs.ContainerImage {
  if ('repository' in image) return ecs.ContainerImage.fromEcrRepository(image.repository, image.tag ?? 'latest');
  const m = ECR_URI.exec(image.uri);
  if (!m) return ecs.ContainerImage.fromRegistry(image.uri);
  const [, account, region, name, tag] = m;
  const repository = ecr.Repository.fromRepositoryAttributes(scope, 'ImageRepository', {
    repositoryArn: Stack.of(scope).formatArn({ service: 'ecr', account, region, resource: 'repository', resourceName: name }),
    repositoryName: name,
  });
  return ecs.ContainerImage.fromEcrRepository(repository, tag ?? 'latest');
}
