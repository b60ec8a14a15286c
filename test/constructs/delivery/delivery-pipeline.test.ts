/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation template JSON is untyped */
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { BlueGreenDeployment, DeploymentStrategy, FargateService } from '../../../src/constructs/containers';
import { DeliveryPipeline, type DeliveryPipelineProps } from '../../../src/constructs/delivery';
import { fixture, statements } from '../containers/fixture';

const connection = 'arn:aws:codestar-connections:us-east-1:111111111111:connection/abc-123';

function build(extra: Partial<DeliveryPipelineProps> = {}, blueGreen = false, scopedPassRole = false) {
  const f = fixture();
  const key = new kms.Key(f.stack, 'ArtifactKey');
  const repository = new ecr.Repository(f.stack, 'Repo');
  const svc = new FargateService(f.stack, 'Api', {
    cluster: f.cluster.cluster,
    serviceName: 'api',
    image: { repository },
    logKey: f.logKey,
    deploymentStrategy: blueGreen ? DeploymentStrategy.BLUE_GREEN : DeploymentStrategy.ROLLING,
  });
  let deploymentGroup;
  if (blueGreen) {
    const tgs = svc.attachToListener('Web', { listener: f.listener, testListener: f.testListener, vpc: f.vpc });
    deploymentGroup = new BlueGreenDeployment(f.stack, 'Bg', { service: svc.service, blueTargetGroup: tgs.blue, greenTargetGroup: tgs.green!, listener: f.listener }).deploymentGroup;
  }
  const pipeline = new DeliveryPipeline(f.stack, 'Delivery', {
    source: { connectionArn: connection, owner: 'techcorp', repo: 'platform', branch: 'main' },
    services: [{ name: 'api', repository, service: svc.service, deploymentGroup, taskDefinitionFamily: blueGreen ? svc.taskDefinition.family : undefined, passRoles: scopedPassRole ? [svc.taskRole, svc.executionRole] : undefined }],
    encryptionKey: key,
    testCommands: ['npm ci', 'npm test'],
    ...extra,
  });
  return { ...f, key, repository, svc, pipeline };
}

const stageNames = (t: Template) => (Object.values(t.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages.map((s: any) => s.Name);

describe('DeliveryPipeline', () => {
  it('runs source -> build -> security scan -> test -> deploy (ECS rolling)', () => {
    const { stack } = build();
    const t = Template.fromStack(stack);
    expect(stageNames(t)).toEqual(['Source', 'Build', 'SecurityScan', 'Test', 'Deploy']);
    t.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      PipelineType: 'V2',
      Stages: Match.arrayWith([
        Match.objectLike({ Name: 'Source', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }), Configuration: Match.objectLike({ ConnectionArn: connection, FullRepositoryId: 'techcorp/platform', BranchName: 'main' }) })] }),
        Match.objectLike({ Name: 'Deploy', Actions: [Match.objectLike({ Name: 'Deploy-api', ActionTypeId: Match.objectLike({ Category: 'Deploy', Provider: 'ECS' }), Configuration: Match.objectLike({ FileName: 'imagedefinitions.json' }) })] }),
      ]),
    });
  });

  it('encrypts the artifact bucket, build artifacts and build logs with the given key', () => {
    const { stack, key } = build();
    const t = Template.fromStack(stack);
    const keyArn = stack.resolve(key.keyArn);
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    const projects = Object.values(t.findResources('AWS::CodeBuild::Project')) as any[];
    expect(projects).toHaveLength(3);
    for (const p of projects) expect(p.Properties.EncryptionKey).toEqual(keyArn);
    const logGroups = Object.values(t.findResources('AWS::Logs::LogGroup')) as any[];
    expect(logGroups.filter((g) => JSON.stringify(g.Properties.KmsKeyId) === JSON.stringify(keyArn))).toHaveLength(3);
  });

  it('builds privileged (docker) only in the build project, pushing to the service repository and nothing else', () => {
    const { stack, repository } = build();
    const t = Template.fromStack(stack);
    const projects = Object.values(t.findResources('AWS::CodeBuild::Project')) as any[];
    expect(projects.filter((p) => p.Properties.Environment.PrivilegedMode === true)).toHaveLength(1);
    const pushes = statements(t).filter((s) => [s.Action].flat().includes('ecr:PutImage'));
    expect(pushes).toHaveLength(1);
    expect(pushes[0].Resource).toEqual(stack.resolve(repository.repositoryArn));
    const scans = statements(t).filter((s) => [s.Action].flat().includes('ecr:DescribeImageScanFindings'));
    expect(scans).toEqual([expect.objectContaining({ Action: ['ecr:DescribeImageScanFindings', 'ecr:DescribeImages'], Resource: stack.resolve(repository.repositoryArn) })]);
  });

  it('blocks the deploy on scan findings at the chosen severity', () => {
    const { stack } = build({ failOnSeverity: 'HIGH' });
    const t = Template.fromStack(stack);
    const scan = (Object.values(t.findResources('AWS::CodeBuild::Project')) as any[]).find((p) => String(p.Properties.Source.BuildSpec).includes('describe-image-scan-findings'));
    expect(scan).toBeDefined();
    const spec = JSON.parse(scan.Properties.Source.BuildSpec);
    const commands: string[] = spec.phases.build.commands;
    expect(commands.some((c) => c.includes('(.CRITICAL // 0) + (.HIGH // 0)'))).toBe(true);
    expect(commands.some((c) => c.includes('MEDIUM'))).toBe(false);
    expect(commands.at(-1)).toBe('test "$BLOCKING" -eq 0');
  });

  it('waits for basic (COMPLETE) and enhanced Inspector (ACTIVE) scans, not the COMPLETE-only CLI waiter', () => {
    const { stack } = build();
    const t = Template.fromStack(stack);
    const scan = (Object.values(t.findResources('AWS::CodeBuild::Project')) as any[]).find((p) => String(p.Properties.Source.BuildSpec).includes('describe-image-scan-findings'));
    const commands: string[] = JSON.parse(scan.Properties.Source.BuildSpec).phases.build.commands;
    expect(commands.some((c) => c.includes('wait image-scan-complete'))).toBe(false);
    const poll = commands.find((c) => c.startsWith('for i in'));
    expect(poll).toContain('--query imageScanStatus.status');
    expect(poll).toContain('COMPLETE|ACTIVE) break');
    // Anything else (FAILED, UNSUPPORTED_IMAGE, FINDINGS_UNAVAILABLE...) stops the stage.
    expect(poll).toContain('*) echo "image scan status $STATUS"; exit 1');
  });

  it('has no wildcard actions; wildcard resources only where IAM has no resource form or CDK conditions them', () => {
    const { stack } = build();
    for (const s of statements(Template.fromStack(stack))) {
      for (const a of [s.Action].flat()) expect(a).not.toMatch(/^\*$|:\*$/);
      if (s.Resource !== '*') continue;
      // GetAuthorizationToken has no resource form; the ECS deploy action's statement is CDK's (documented gap).
      const allowed = ['ecr:GetAuthorizationToken', 'iam:PassRole', 'ecs:DescribeServices', 'ecs:DescribeTaskDefinition', 'ecs:DescribeTasks', 'ecs:ListTasks', 'ecs:RegisterTaskDefinition', 'ecs:TagResource', 'ecs:UpdateService'];
      expect([s.Action].flat().filter((a: string) => !allowed.includes(a))).toEqual([]);
      if ([s.Action].flat().includes('iam:PassRole')) expect(s.Condition).toEqual({ StringEqualsIfExists: { 'iam:PassedToService': expect.arrayContaining(['ecs-tasks.amazonaws.com']) } });
    }
  });

  it.each([[false], [true]])('with passRoles the deploy action (blue/green: %s) may pass only the service\'s task and execution roles', (blueGreen) => {
    const { stack, svc } = build({}, blueGreen, true);
    const passRole = statements(Template.fromStack(stack)).filter((st) => [st.Action].flat().includes('iam:PassRole'));
    expect(passRole).toHaveLength(1);
    expect(passRole[0].Resource).toEqual([stack.resolve(svc.taskRole.roleArn), stack.resolve(svc.executionRole.roleArn)]);
    expect(passRole[0].Condition).toEqual({ StringEqualsIfExists: { 'iam:PassedToService': expect.arrayContaining(['ecs-tasks.amazonaws.com']) } });
    // Everything else CDK grants the action is kept.
    const actionsGranted = statements(Template.fromStack(stack)).flatMap((st) => [st.Action].flat());
    expect(actionsGranted).toContain(blueGreen ? 'codedeploy:CreateDeployment' : 'ecs:UpdateService');
  });

  it('deploys blue/green through CodeDeploy with a generated task definition and appspec, and an approval gate', () => {
    const { stack, svc } = build({ manualApproval: true, testCommands: [] }, true);
    const t = Template.fromStack(stack);
    expect(stageNames(t)).toEqual(['Source', 'Build', 'SecurityScan', 'Approve', 'Deploy']);
    t.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([
        Match.objectLike({
          Name: 'Deploy',
          Actions: [
            Match.objectLike({
              ActionTypeId: Match.objectLike({ Provider: 'CodeDeployToECS' }),
              Configuration: Match.objectLike({ TaskDefinitionTemplatePath: 'taskdef.json', AppSpecTemplatePath: 'appspec.yaml', Image1ContainerName: 'IMAGE1_NAME' }),
            }),
          ],
        }),
      ]),
    });
    const build_ = (Object.values(t.findResources('AWS::CodeBuild::Project')) as any[]).find((p) => p.Properties.Environment.PrivilegedMode);
    expect(String(build_.Properties.Source.BuildSpec)).toContain('describe-task-definition');
    expect(JSON.stringify(t.findResources('AWS::CodePipeline::Pipeline'))).toContain(JSON.stringify(stack.resolve(svc.taskDefinition.family)).slice(1, -1));
    expect(() => build({ services: [] })).toThrow(/at least one service/);
  });

  it('takes its source from S3 when given a bucket', () => {
    const f = build();
    const bucket = new s3.Bucket(f.stack, 'Src', { versioned: true });
    new DeliveryPipeline(f.stack, 'Other', {
      source: { bucket, key: 'source.zip' },
      services: [{ name: 'api', repository: f.repository, service: f.svc.service }],
      encryptionKey: f.key,
    });
    const t = Template.fromStack(f.stack);
    t.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({ Name: 'Source', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'S3' }), Configuration: Match.objectLike({ S3ObjectKey: 'source.zip' }) })] })]),
    });
  });
});
