import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { OriginSecretRotation, listenerRulesArn, rotationRuntime, type OriginSecretRotationProps } from '../../../src/constructs/cdn/origin-secret-rotation';

function build(date: string, extra: Partial<OriginSecretRotationProps> = {}): Template {
  const app = new App({ context: { 'haven:date': date } });
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const key = new kms.Key(stack, 'SecretsKey');
  const secret = new secretsmanager.Secret(stack, 'OriginSecret', { encryptionKey: key });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const listener = alb.addListener('Https', {
    port: 443,
    certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc')],
    defaultAction: elbv2.ListenerAction.fixedResponse(403),
  });
  new OriginSecretRotation(stack, 'Rotation', {
    secret, secretKey: key, distributionId: 'E2EXAMPLE', headerName: 'X-Origin-Verify', listeners: [listener],
    remoteListeners: [{ region: 'eu-central-1', parameterName: '/acme-prod-edge/origin-listener', loadBalancerName: 'acme-prod-alb-dr' }],
    vpc, environmentKey: key, logKey: key, alarmTopic: new sns.Topic(stack, 'Alarms'),
    ...extra,
  });
  return Template.fromStack(stack);
}

/** Every Allow statement of the rotation function's role policy. */
function statements(t: Template): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  const policies = t.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^RotationHandler') }] } });
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

function statementFor(t: Template, action: string) {
  return statements(t).find((s) => [s.Action].flat().includes(action));
}

describe('OriginSecretRotation', () => {
  const t = build('2026-12-02');

  it('schedules the rotation every 30 days with the Haven function, not at creation', () => {
    t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^OriginSecret') },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RotationHandlerFunction'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: false,
    });
    // Secrets Manager may invoke it only for this account, and the schedule waits for that permission.
    t.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'secretsmanager.amazonaws.com', SourceAccount: '123456789012', Action: 'lambda:InvokeFunction' });
    const schedule = Object.values(t.findResources('AWS::SecretsManager::RotationSchedule'))[0];
    expect(schedule.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/SecretsManagerInvoke/)]));
  });

  it('takes the period from rotateEvery', () => {
    build('2026-12-02', { rotateEvery: Duration.days(7) }).hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
  });

  it('runs the bundled handler on the newest Node.js runtime not deprecated on the spec date, in the VPC, with reserved concurrency and a dead-letter queue', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 2,
      DeadLetterConfig: { TargetArn: Match.anyValue() },
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ DISTRIBUTION_ID: 'E2EXAMPLE', HEADER_NAME: 'X-Origin-Verify', LISTENER_PARAMETERS: 'eu-central-1=/acme-prod-edge/origin-listener' }) },
    });
    // Chosen by date from Haven's runtime table: none left once nodejs24.x is deprecated (2028-04-30).
    expect(rotationRuntime(new Date('2028-04-30T12:00:00Z'))).toBe('nodejs24.x');
    expect(() => rotationRuntime(new Date('2028-05-01'))).toThrow(/no Node.js Lambda runtime/);
  });

  it('alarms on failed steps and on the dead-letter queue', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }] });
  });

  it('grants the secret steps on this secret only, and its key only for this secret', () => {
    expect(statementFor(t, 'secretsmanager:UpdateSecretVersionStage')).toMatchObject({
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
      Resource: { Ref: expect.stringMatching(/^OriginSecret/) },
    });
    expect(statementFor(t, 'kms:Decrypt')).toMatchObject({
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SecretsKey/), 'Arn'] },
      Condition: { StringEquals: { 'kms:EncryptionContext:SecretARN': { Ref: expect.stringMatching(/^OriginSecret/) } } },
    });
    // No GetRandomPassword (the handler makes the value itself), which AWS authorizes only on "*".
    expect(statementFor(t, 'secretsmanager:GetRandomPassword')).toBeUndefined();
  });

  it('grants CloudFront on the one distribution', () => {
    expect(statementFor(t, 'cloudfront:UpdateDistribution')).toMatchObject({
      Action: ['cloudfront:GetDistribution', 'cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::123456789012:distribution/E2EXAMPLE']] },
    });
  });

  it('grants ModifyRule on the rules of the given listeners only, and reads the DR listener from its parameter', () => {
    const modify = statementFor(t, 'elasticloadbalancing:ModifyRule')!;
    const resources = [modify.Resource].flat();
    expect(resources).toHaveLength(2);
    expect(JSON.stringify(resources[0])).toMatch(/:listener-rule\//);
    expect(JSON.stringify(resources[0])).toMatch(/AlbHttps/);
    expect(resources[1]).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticloadbalancing:eu-central-1:123456789012:listener-rule/app/acme-prod-alb-dr/*']] });
    expect(statementFor(t, 'ssm:GetParameter')).toMatchObject({
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-central-1:123456789012:parameter/acme-prod-edge/origin-listener']] },
    });
    // Only DescribeRules (no resource type in IAM) and X-Ray tracing are on "*".
    const star = statements(t).filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat());
    expect(star.filter((a) => !a.startsWith('xray:'))).toEqual(['elasticloadbalancing:DescribeRules']);
  });

  it('builds the listener-rule ARN from the listener ARN', () => {
    const arn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/alb/50dc6c495c0c9188/f2f7dc8efc522ab2';
    expect(new Stack().resolve(listenerRulesArn(arn))).toBe('arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/alb/50dc6c495c0c9188/f2f7dc8efc522ab2/*');
  });
});
