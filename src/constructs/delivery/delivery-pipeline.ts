import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Where the pipeline's source comes from. */
export type PipelineSource =
  | { readonly connectionArn: string; readonly owner: string; readonly repo: string; readonly branch?: string }
  | { readonly bucket: s3.IBucket; readonly key: string };

/** One service the pipeline builds, scans and deploys. */
export interface PipelineService {
  /** Container name in the task definition (Haven uses the service name). */
  readonly name: string;
  readonly repository: ecr.IRepository;
  readonly service: ecs.IBaseService;
  /**
   * Blue/green: the CodeDeploy deployment group. Rolling (ECS deploy action) when absent.
   * @default - rolling
   */
  readonly deploymentGroup?: codedeploy.IEcsDeploymentGroup;
  /** Task definition family the blue/green task definition template is derived from (blue/green only). */
  readonly taskDefinitionFamily?: string;
  /** @default 8080 */
  readonly containerPort?: number;
  /**
   * Roles the service's task definition runs as (task and execution role): the deploy action may pass only these.
   * @default - any role passed to ECS tasks (CDK's iam:PassRole on "*")
   */
  readonly passRoles?: readonly iam.IRole[];
  /**
   * Docker build context inside the source.
   * @default '.'
   */
  readonly buildDirectory?: string;
}

export type ScanSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM';

export interface DeliveryPipelineProps {
  readonly source: PipelineSource;
  readonly services: PipelineService[];
  /** Customer-managed key for the artifact bucket, CodeBuild artifacts and build logs. */
  readonly encryptionKey: kms.IKey;
  /** @default - CloudFormation generates a name */
  readonly pipelineName?: string;
  /**
   * Unit and integration test commands, run on the source before deploy.
   * @default - no test stage
   */
  readonly testCommands?: string[];
  /**
   * Block the deploy when ECR's scan finds this severity or worse.
   * @default 'CRITICAL'
   */
  readonly failOnSeverity?: ScanSeverity;
  /**
   * Require a human approval before the deploy stage.
   * @default false
   */
  readonly manualApproval?: boolean;
  /** @default - approvers are not notified */
  readonly approvalTopic?: sns.ITopic;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** @default - no server access logs for the artifact bucket */
  readonly accessLogsBucket?: s3.IBucket;
}

const SEVERITIES: Record<ScanSeverity, string[]> = {
  CRITICAL: ['CRITICAL'],
  HIGH: ['CRITICAL', 'HIGH'],
  MEDIUM: ['CRITICAL', 'HIGH', 'MEDIUM'],
};

/**
 * CI/CD for container services: source → build and push images → block on ECR scan findings → tests →
 * (approval) → deploy (ECS rolling, or CodeDeploy blue/green). Artifacts and logs are KMS-encrypted and every
 * CodeBuild role is scoped to the repositories it touches.
 */
export class DeliveryPipeline extends Construct {
  public readonly pipeline: codepipeline.Pipeline;
  public readonly artifactBucket: s3.Bucket;
  public readonly buildProject: codebuild.PipelineProject;
  public readonly scanProject: codebuild.PipelineProject;
  public readonly testProject?: codebuild.PipelineProject;

  constructor(scope: Construct, id: string, props: DeliveryPipelineProps) {
    super(scope, id);
    if (props.services.length === 0) throw new Error('DeliveryPipeline needs at least one service');
    for (const s of props.services) {
      if (s.deploymentGroup && !s.taskDefinitionFamily) throw new Error(`${s.name}: blue/green deploys need taskDefinitionFamily`);
    }

    this.artifactBucket = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      // Build artifacts are reproducible from source; keep 90 days for investigation, then expire.
      lifecycleRules: [{ expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: props.pipelineName,
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: this.artifactBucket,
      restartExecutionOnUpdate: false,
    });

    const source = new codepipeline.Artifact('Source');
    this.pipeline.addStage({ stageName: 'Source', actions: [sourceAction(props.source, source)] });

    const project = (name: string, buildSpec: codebuild.BuildSpec, privileged = false) =>
      new codebuild.PipelineProject(this, name, {
        buildSpec,
        encryptionKey: props.encryptionKey,
        environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.MEDIUM, privileged },
        timeout: Duration.minutes(60),
        logging: {
          cloudWatch: {
            logGroup: new logs.LogGroup(this, `${name}Logs`, { encryptionKey: props.encryptionKey, retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR }),
          },
        },
      });

    // One project per job, parameterised per service by action environment variables.
    this.buildProject = project('Build', buildSpec(), true);
    this.scanProject = project('Scan', scanSpec(SEVERITIES[props.failOnSeverity ?? 'CRITICAL']));
    const blueGreen = props.services.some((s) => s.deploymentGroup);
    if (blueGreen) {
      // DescribeTaskDefinition has no resource-level permissions in IAM, so it can only be granted on '*'.
      this.buildProject.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }));
    }
    for (const s of props.services) {
      s.repository.grantPullPush(this.buildProject);
      s.repository.grant(this.scanProject, 'ecr:DescribeImageScanFindings', 'ecr:DescribeImages');
    }

    const built = new Map<string, codepipeline.Artifact>();
    this.pipeline.addStage({
      stageName: 'Build',
      actions: props.services.map((s) => {
        const output = new codepipeline.Artifact(`Image_${s.name.replace(/-/g, '_')}`);
        built.set(s.name, output);
        return new actions.CodeBuildAction({
          actionName: `Build-${s.name}`,
          project: this.buildProject,
          input: source,
          outputs: [output],
          environmentVariables: vars({
            CONTAINER_NAME: s.name,
            REPOSITORY_URI: s.repository.repositoryUri,
            BUILD_DIRECTORY: s.buildDirectory ?? '.',
            CONTAINER_PORT: String(s.containerPort ?? 8080),
            TASK_FAMILY: s.taskDefinitionFamily ?? '',
          }),
        });
      }),
    });

    this.pipeline.addStage({
      stageName: 'SecurityScan',
      actions: props.services.map(
        (s) =>
          new actions.CodeBuildAction({
            actionName: `Scan-${s.name}`,
            project: this.scanProject,
            input: built.get(s.name)!,
            environmentVariables: vars({ REPOSITORY_NAME: s.repository.repositoryName }),
          }),
      ),
    });

    if (props.testCommands?.length) {
      this.testProject = project('Test', codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: props.testCommands } } }));
      this.pipeline.addStage({ stageName: 'Test', actions: [new actions.CodeBuildAction({ actionName: 'Test', project: this.testProject, input: source })] });
    }

    if (props.manualApproval) {
      this.pipeline.addStage({ stageName: 'Approve', actions: [new actions.ManualApprovalAction({ actionName: 'Approve', notificationTopic: props.approvalTopic })] });
    }

    this.pipeline.addStage({
      stageName: 'Deploy',
      actions: props.services.map((s) => {
        const artifact = built.get(s.name)!;
        const role = s.passRoles?.length ? new DeployActionRole(this, `DeployRole-${s.name}`, s.passRoles) : undefined;
        if (s.deploymentGroup) {
          return new actions.CodeDeployEcsDeployAction({
            actionName: `Deploy-${s.name}`,
            role,
            deploymentGroup: s.deploymentGroup,
            taskDefinitionTemplateFile: artifact.atPath('taskdef.json'),
            appSpecTemplateFile: artifact.atPath('appspec.yaml'),
            containerImageInputs: [{ input: artifact, taskDefinitionPlaceholder: 'IMAGE1_NAME' }],
          });
        }
        return new actions.EcsDeployAction({
          actionName: `Deploy-${s.name}`,
          role,
          service: s.service,
          imageFile: artifact.atPath('imagedefinitions.json'),
          deploymentTimeout: Duration.minutes(60),
        });
      }),
    });
  }
}

/**
 * Role of one deploy action. CDK's ECS and CodeDeploy-to-ECS actions grant iam:PassRole on "*" (conditioned on the
 * ECS tasks service); this role narrows that statement to the roles the deployed service runs as, so the pipeline
 * cannot hand any other role (say, an administrator's) to a task. Everything else CDK grants is kept as is.
 */
class DeployActionRole extends iam.Role {
  constructor(scope: Construct, id: string, private readonly passRoles: readonly iam.IRole[]) {
    // Action roles are assumed by the pipeline's role; CDK's own action roles trust the account the same way.
    super(scope, id, { assumedBy: new iam.AccountRootPrincipal(), description: 'CodePipeline deploy action: may pass only its service\'s task and execution roles' });
  }

  public override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const json = statement.toStatementJson() as { Action?: unknown; Resource?: unknown; Condition?: Record<string, Record<string, unknown>> };
    const passRoleOnAll = [json.Action].flat().join() === 'iam:PassRole' && [json.Resource].flat().join() === '*';
    if (!passRoleOnAll) return super.addToPrincipalPolicy(statement);
    return super.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: this.passRoles.map((r) => r.roleArn),
      conditions: json.Condition,
    }));
  }
}

function vars(values: Record<string, string>): Record<string, codebuild.BuildEnvironmentVariable> {
  return Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value }]));
}

function sourceAction(source: PipelineSource, output: codepipeline.Artifact): codepipeline.IAction {
  if ('connectionArn' in source) {
    return new actions.CodeStarConnectionsSourceAction({
      actionName: 'Source',
      connectionArn: source.connectionArn,
      owner: source.owner,
      repo: source.repo,
      branch: source.branch ?? 'main',
      output,
      // Full clone so the build can tag images with the commit.
      codeBuildCloneOutput: false,
    });
  }
  return new actions.S3SourceAction({ actionName: 'Source', bucket: source.bucket, bucketKey: source.key, output });
}

/**
 * Builds the image, tags it with the source revision (tags are immutable, so every build is a new tag), pushes
 * it, and writes what both deploy styles need: imagedefinitions.json (ECS rolling), imageDetail.json + taskdef.json
 * + appspec.yaml (CodeDeploy blue/green).
 */
function buildSpec(): codebuild.BuildSpec {
  return codebuild.BuildSpec.fromObject({
    version: '0.2',
    phases: {
      pre_build: {
        commands: [
          'REGISTRY=${REPOSITORY_URI%%/*}',
          'aws ecr get-login-password --region "$AWS_DEFAULT_REGION" | docker login --username AWS --password-stdin "$REGISTRY"',
          'IMAGE_TAG=$(echo "${CODEBUILD_RESOLVED_SOURCE_VERSION:-manual}" | cut -c1-12)-${CODEBUILD_BUILD_NUMBER}',
        ],
      },
      build: {
        commands: ['docker build --pull -t "$REPOSITORY_URI:$IMAGE_TAG" "$BUILD_DIRECTORY"', 'docker push "$REPOSITORY_URI:$IMAGE_TAG"'],
      },
      post_build: {
        commands: [
          'echo "$IMAGE_TAG" > image-tag.txt',
          'printf \'[{"name":"%s","imageUri":"%s"}]\' "$CONTAINER_NAME" "$REPOSITORY_URI:$IMAGE_TAG" > imagedefinitions.json',
          'printf \'{"ImageURI":"%s"}\' "$REPOSITORY_URI:$IMAGE_TAG" > imageDetail.json',
          'if [ -n "$TASK_FAMILY" ]; then aws ecs describe-task-definition --task-definition "$TASK_FAMILY" --query taskDefinition | jq \'del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy) | .containerDefinitions[0].image = "<IMAGE1_NAME>"\' > taskdef.json; fi',
          'printf \'version: 0.0\\nResources:\\n  - TargetService:\\n      Type: AWS::ECS::Service\\n      Properties:\\n        TaskDefinition: "<TASK_DEFINITION>"\\n        LoadBalancerInfo:\\n          ContainerName: "%s"\\n          ContainerPort: %s\\n\' "$CONTAINER_NAME" "$CONTAINER_PORT" > appspec.yaml',
        ],
      },
    },
    artifacts: { files: ['image-tag.txt', 'imagedefinitions.json', 'imageDetail.json', 'appspec.yaml', 'taskdef.json'] },
  });
}

/**
 * Waits for the image's scan (basic scan on push, or Inspector's enhanced scan) and fails the stage when findings at
 * the blocking severities exist. DescribeImageScanFindings serves both scan types with the same severity counts.
 */
function scanSpec(severities: string[]): codebuild.BuildSpec {
  const sum = severities.map((s) => `(.${s} // 0)`).join(' + ');
  return codebuild.BuildSpec.fromObject({
    version: '0.2',
    phases: {
      build: {
        commands: [
          'IMAGE_TAG=$(cat image-tag.txt)',
          // Not `aws ecr wait image-scan-complete`: that waiter only accepts COMPLETE, while an image under enhanced
          // (Inspector) continuous scanning reports ACTIVE once its findings are in. Up to 15 minutes; the scan may
          // not exist for a few seconds after the push (ScanNotFound), which counts as pending.
          'for i in $(seq 1 90); do STATUS=$(aws ecr describe-image-scan-findings --repository-name "$REPOSITORY_NAME" --image-id imageTag="$IMAGE_TAG" --query imageScanStatus.status --output text 2>/dev/null || echo PENDING); case "$STATUS" in COMPLETE|ACTIVE) break ;; PENDING|IN_PROGRESS) sleep 10 ;; *) echo "image scan status $STATUS"; exit 1 ;; esac; done',
          'case "$STATUS" in COMPLETE|ACTIVE) echo "image scan $STATUS" ;; *) echo "image scan did not finish (last status $STATUS)"; exit 1 ;; esac',
          `BLOCKING=$(aws ecr describe-image-scan-findings --repository-name "$REPOSITORY_NAME" --image-id imageTag="$IMAGE_TAG" --query imageScanFindings.findingSeverityCounts --output json | jq '${sum}')`,
          `echo "$BLOCKING findings at ${severities.join('/')}"`,
          'test "$BLOCKING" -eq 0',
        ],
      },
    },
  });
}
