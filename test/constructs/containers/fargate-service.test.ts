/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation template JSON is untyped */
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { DeploymentStrategy, FargateService, type FargateServiceProps } from '../../../src/constructs/containers';
import { fixture, statements } from './fixture';

function build(extra: Partial<FargateServiceProps> = {}) {
  const f = fixture();
  const repository = new ecr.Repository(f.stack, 'Repo');
  const secret = new secretsmanager.Secret(f.stack, 'DbSecret');
  const svc = new FargateService(f.stack, 'Api', {
    cluster: f.cluster.cluster,
    serviceName: 'api',
    image: { repository, tag: 'v1.2.3' },
    cpu: 2048,
    memoryMiB: 4096,
    containerPort: 8080,
    environment: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
    secrets: { DATABASE_URL: ecs.Secret.fromSecretsManager(secret) },
    logKey: f.logKey,
    logRetention: logs.RetentionDays.ONE_YEAR,
    healthCheckCommand: 'curl -f http://localhost:8080/health || exit 1',
    minCapacity: 10,
    maxCapacity: 50,
    vpcSubnets: f.appSubnets,
    ...extra,
  });
  return { ...f, repository, secret, svc };
}

describe('FargateService task definition', () => {
  it('sizes the task and hardens the container (read-only root, non-root user, not privileged)', () => {
    const { stack } = build();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '2048',
      Memory: '4096',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'api',
          PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
          ReadonlyRootFilesystem: true,
          User: '1000',
          Privileged: false,
          Environment: Match.arrayWith([{ Name: 'NODE_ENV', Value: 'production' }, { Name: 'LOG_LEVEL', Value: 'info' }]),
          HealthCheck: { Command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], Interval: 30, Timeout: 5, Retries: 3, StartPeriod: 60 },
          MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'scratch0', ReadOnly: false }],
        }),
      ],
      Volumes: [{ Name: 'scratch0' }],
    });
  });

  it('uses the ECR image with the given tag', () => {
    const { stack } = build();
    const def = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'))[0] as any;
    expect(JSON.stringify(def.Properties.ContainerDefinitions[0].Image)).toContain(':v1.2.3');
    expect(JSON.stringify(def.Properties.ContainerDefinitions[0].Image)).toContain('Repo');
  });

  it('injects secrets from Secrets Manager by ARN, never as plain environment', () => {
    const { stack, secret } = build();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Secrets: [{ Name: 'DATABASE_URL', ValueFrom: stack.resolve(secret.secretArn) }] })],
    });
    const def = Object.values(t.findResources('AWS::ECS::TaskDefinition'))[0] as any;
    expect((def.Properties.ContainerDefinitions[0].Environment as any[]).map((e) => e.Name)).not.toContain('DATABASE_URL');
  });

  it('logs through awslogs to a KMS-encrypted log group with retention', () => {
    const { stack, logKey } = build();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: stack.resolve(logKey.keyArn), RetentionInDays: 365 });
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: Match.objectLike({ 'awslogs-group': { Ref: Match.stringLikeRegexp('ApiLogs') }, 'awslogs-stream-prefix': 'api' }),
          },
        }),
      ],
    });
  });

  it('rejects a size Fargate cannot run and a max below min', () => {
    expect(() => build({ cpu: 2048, memoryMiB: 2048 })).toThrow(/invalid Fargate size/);
    expect(() => build({ minCapacity: 10, maxCapacity: 5 })).toThrow(/below minCapacity/);
  });

  it('lets the root filesystem be writable and the user be chosen explicitly', () => {
    const { stack } = build({ readonlyRootFilesystem: false, user: '1001:1001', writablePaths: [] });
    const def = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'))[0] as any;
    expect(def.Properties.ContainerDefinitions[0].ReadonlyRootFilesystem).toBe(false);
    expect(def.Properties.ContainerDefinitions[0].User).toBe('1001:1001');
    expect(def.Properties.Volumes).toBeUndefined();
  });
});

describe('FargateService roles', () => {
  it('grants the execution role pull on its repository, its log group and its secret only; no wildcard actions', () => {
    const { stack, repository, secret } = build();
    const t = Template.fromStack(stack);
    const all = statements(t);
    for (const s of all) {
      for (const a of [s.Action].flat()) expect(a).not.toMatch(/\*/);
      if (s.Resource === '*') expect(s.Action).toBe('ecr:GetAuthorizationToken');
    }
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('ApiExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['ecr:BatchGetImage']), Resource: stack.resolve(repository.repositoryArn) }),
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiLogs'), 'Arn'] } }),
          Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: stack.resolve(secret.secretArn) }),
        ]),
      },
    });
  });

  it('task role trusts only ECS tasks of this account; no managed policies; the task role starts empty', () => {
    const { stack } = build();
    const t = Template.fromStack(stack);
    const roles = t.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] } },
    });
    expect(Object.keys(roles)).toHaveLength(2);
    for (const r of Object.values(roles) as any[]) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
    const taskRole = Object.entries(roles).find(([id]) => id.startsWith('ApiTaskRole'))![1] as any;
    expect(taskRole.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111111111111' } });
    const taskRolePolicies = t.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('ApiTaskRole') }] } });
    expect(Object.keys(taskRolePolicies)).toHaveLength(0);
  });

  it('adds runtime permissions to the task role through grants', () => {
    const { stack, svc } = build();
    const bucket = new s3.Bucket(stack, 'Uploads');
    bucket.grantRead(svc);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('ApiTaskRole') }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']) })] },
    });
  });

  it('grants pull on the named repository when the image is an ECR URI, and nothing on a public image', () => {
    const ecrUri = build({ image: { uri: '222222222222.dkr.ecr.us-east-1.amazonaws.com/shared/base:2.0' } });
    Template.fromStack(ecrUri.stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['ecr:BatchGetImage']), Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-east-1:222222222222:repository/shared/base']] } }),
        ]),
      },
    });
    const pub = build({ image: { uri: 'public.ecr.aws/nginx/nginx:1.27' } });
    const pubStatements = statements(Template.fromStack(pub.stack));
    expect(pubStatements.some((s) => [s.Action].flat().includes('ecr:BatchGetImage'))).toBe(false);
  });
});

describe('FargateService networking and scaling', () => {
  it('runs in the app subnets without a public IP, with circuit-breaker rollback', () => {
    const { stack, vpc } = build();
    const appSubnetIds = vpc.selectSubnets({ subnetGroupName: 'app' }).subnetIds.map((id) => stack.resolve(id));
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 10,
      EnableExecuteCommand: false,
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100 }),
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: appSubnetIds, SecurityGroups: [Match.anyValue()] } },
    });
  });

  it('scales between min and max on CPU and memory targets', () => {
    const { stack } = build({ cpuTargetPercent: 60, memoryTargetPercent: 70 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 10, MaxCapacity: 50, ScalableDimension: 'ecs:service:DesiredCount' });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 60, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageMemoryUtilization' } },
    });
  });

  it('does not create scaling without a maximum', () => {
    const { stack } = build({ maxCapacity: undefined, minCapacity: undefined, desiredCount: 2 });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    t.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 2 });
  });

  it('admits only the container port, only from the load balancer security group', () => {
    const { stack, svc, alb, listener, vpc } = build();
    svc.attachToListener('Web', { listener, vpc, pathPatterns: ['/api/*'], priority: 10, healthCheckPath: '/health' });
    const t = Template.fromStack(stack);
    const svcSg = stack.resolve(svc.securityGroup.securityGroupId);
    const albSg = stack.resolve(alb.connections.securityGroups[0].securityGroupId);
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r: any) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(svcSg),
    ) as any[];
    expect(ingress.length).toBe(1);
    expect(ingress[0].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: albSg });
    // The service's own group has no inline CIDR ingress at all.
    const sg = Object.values(t.findResources('AWS::EC2::SecurityGroup')).find((r: any) => /Api tasks|api tasks/.test(r.Properties.GroupDescription)) as any;
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'HTTPS to AWS APIs (ECR, Logs, Secrets Manager)', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
  });

  it('opens the data store port from the service security group only (ALB -> service -> database chain)', () => {
    const { stack, svc, vpc } = build();
    const dbSg = new ec2.SecurityGroup(stack, 'DbSg', { vpc, allowAllOutbound: false });
    const db = new ec2.Connections({ securityGroups: [dbSg], defaultPort: ec2.Port.tcp(5432) });
    svc.allowTo(db);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(dbSg.securityGroupId),
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: stack.resolve(svc.securityGroup.securityGroupId),
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: stack.resolve(svc.securityGroup.securityGroupId),
      FromPort: 5432,
      DestinationSecurityGroupId: stack.resolve(dbSg.securityGroupId),
    });
    // Nothing else may reach the database.
    const dbIngress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r: any) => JSON.stringify(r.Properties.GroupId) === JSON.stringify(stack.resolve(dbSg.securityGroupId)),
    );
    expect(dbIngress).toHaveLength(1);
    expect(() => svc.allowTo(new ec2.Connections({ securityGroups: [dbSg] }))).toThrow(/needs a port/);
  });

  it('registers behind a path rule with an IP target group health-checked on the given path', () => {
    const { stack, svc, listener, vpc } = build();
    const { blue, green } = svc.attachToListener('Web', { listener, vpc, pathPatterns: ['/api/*'], priority: 10, healthCheckPath: '/healthz' });
    expect(green).toBeUndefined();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'ip', Port: 8080, Protocol: 'HTTP', HealthCheckPath: '/healthz' });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: stack.resolve(blue.targetGroupArn) }],
    });
    t.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [{ ContainerName: 'api', ContainerPort: 8080, TargetGroupArn: stack.resolve(blue.targetGroupArn) }],
    });
    expect(() => svc.attachToListener('Bad', { listener, vpc, pathPatterns: ['/x'] })).toThrow(/needs a priority/);
  });
});

describe('FargateService with an imported listener', () => {
  it('routes through a listener known only by its interface and admits that listener\'s security group', () => {
    const { stack, vpc, svc } = build();
    const albSg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'ImportedAlbSg', 'sg-0123456789abcdef0', { allowAllOutbound: false, mutable: false });
    const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(stack, 'Imported', {
      listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/alb/0123456789abcdef/0123456789abcdef',
      securityGroup: albSg,
    });
    svc.attachToListener('Web', { listener, vpc, hostHeaders: ['api.example.com'], priority: 20 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: listener.listenerArn, Priority: 20 });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: stack.resolve(svc.securityGroup.securityGroupId),
      FromPort: 8080,
      SourceSecurityGroupId: 'sg-0123456789abcdef0',
    });
    expect(() => svc.attachToListener('Default', { listener, vpc })).toThrow();
  });
});

describe('FargateService blue/green', () => {
  it('hands deployments to CodeDeploy (no ECS circuit breaker) and creates green on the test listener', () => {
    const { stack, svc, listener, testListener, vpc } = build({ deploymentStrategy: DeploymentStrategy.BLUE_GREEN, healthCheckGracePeriod: Duration.seconds(90) });
    const { blue, green } = svc.attachToListener('Web', { listener, testListener, vpc, hostHeaders: ['api.example.com'], priority: 5 });
    expect(green).toBeDefined();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::Service', { DeploymentController: { Type: 'CODE_DEPLOY' }, HealthCheckGracePeriodSeconds: 90 });
    const service = Object.values(t.findResources('AWS::ECS::Service'))[0] as any;
    expect(service.Properties.DeploymentConfiguration?.DeploymentCircuitBreaker).toBeUndefined();
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: stack.resolve(listener.listenerArn),
      Actions: [{ Type: 'forward', TargetGroupArn: stack.resolve(blue.targetGroupArn) }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: stack.resolve(testListener.listenerArn),
      Actions: [{ Type: 'forward', TargetGroupArn: stack.resolve(green!.targetGroupArn) }],
    });
  });
});
