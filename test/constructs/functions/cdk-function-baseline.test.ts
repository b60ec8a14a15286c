import { App, Aspects, CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { CdkFunctionBaseline } from '../../../src/constructs/functions';

function template(build: (stack: Stack) => void, skip?: (fn: import('aws-cdk-lib').CfnResource) => boolean): Template {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  build(stack);
  Aspects.of(stack).add(new CdkFunctionBaseline({ skip }));
  return Template.fromStack(stack);
}

const functions = (t: Template) => Object.entries(t.findResources('AWS::Lambda::Function'));

describe('CdkFunctionBaseline', () => {
  it('gives a CDK provider framework reserved concurrency and the stack\'s encrypted dead-letter queue, with send permission', () => {
    const t = template((stack) => {
      const onEvent = new lambda.Function(stack, 'OnEvent', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
      new cr.Provider(stack, 'Provider', { onEventHandler: onEvent });
    });
    const fns = functions(t);
    expect(fns.length).toBeGreaterThanOrEqual(2);
    for (const [, fn] of fns) {
      expect(fn.Properties.ReservedConcurrentExecutions).toBe(5);
      expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^CdkFunctionDeadLettersQueue/), 'Arn'] } });
    }
    // One queue for the stack, encrypted with the SQS AWS managed KMS key and marked as a dead-letter queue.
    t.resourceCountIs('AWS::SQS::Queue', 1);
    t.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: 'alias/aws/sqs', RedriveAllowPolicy: { redrivePermission: 'allowAll' } });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkFunctionDeadLettersQueue'), 'Arn'] } })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('^ProviderframeworkonEventServiceRole') }],
    });
  });

  it('covers core\'s CustomResourceProvider, whose role is a plain resource, through a managed policy it waits for', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-crp-'));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => ({});');
    const t = template((stack) => {
      const provider = CustomResourceProvider.getOrCreateProvider(stack, 'Custom::Thing', { codeDirectory: dir, runtime: CustomResourceProviderRuntime.NODEJS_22_X });
      new CustomResource(stack, 'Thing', { serviceToken: provider.serviceToken, resourceType: 'Custom::Thing' });
    });
    const [[, fn]] = functions(t);
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(5);
    expect(fn.Properties.DeadLetterConfig.TargetArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CdkFunctionDeadLettersQueue/), 'Arn'] });
    const [[policyId]] = Object.entries(t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('CustomThingCustomResourceProviderRole') }] } }));
    expect(fn.DependsOn).toContain(policyId);
  });

  it('keeps what a function sets itself and skips the functions it is told to', () => {
    const t = template((stack) => {
      new lambda.Function(stack, 'Mine', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), reservedConcurrentExecutions: 50 });
      new lambda.Function(stack, 'Skipped', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    }, (fn) => fn.node.path.includes('Skipped'));
    const byId = Object.fromEntries(functions(t).map(([id, fn]) => [id.replace(/[0-9A-F]{8}$/, ''), fn.Properties]));
    expect(byId.Mine.ReservedConcurrentExecutions).toBe(50);
    expect(byId.Mine.DeadLetterConfig).toBeDefined();
    expect(byId.Skipped.ReservedConcurrentExecutions).toBeUndefined();
    expect(byId.Skipped.DeadLetterConfig).toBeUndefined();
  });
});
