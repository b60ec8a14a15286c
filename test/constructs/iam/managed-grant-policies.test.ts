import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { estimatedPolicyChars, ManagedGrantPolicies, MANAGED_POLICY_MAX_CHARS, splitStatements } from '../../../src/constructs/iam';

function stackWith(build: (stack: Stack) => void, aspect = true): Template {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  build(stack);
  if (aspect) Aspects.of(stack).add(new ManagedGrantPolicies());
  return Template.fromStack(stack);
}

function fnWithReadGrant(stack: Stack): void {
  const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
  new s3.Bucket(stack, 'Data').grantRead(fn);
}

describe('ManagedGrantPolicies', () => {
  it('turns a grant\'s inline policy into a managed policy on the same role, with the same logical id', () => {
    const before = stackWith(fnWithReadGrant, false);
    const after = stackWith(fnWithReadGrant);
    const [inlineId] = Object.keys(before.findResources('AWS::IAM::Policy'));
    expect(inlineId).toMatch(/^FnServiceRoleDefaultPolicy/);
    after.resourceCountIs('AWS::IAM::Policy', 0);
    const managed = after.findResources('AWS::IAM::ManagedPolicy');
    expect(Object.keys(managed)).toEqual([inlineId]);
    after.hasResource('AWS::IAM::ManagedPolicy', {
      Properties: {
        Roles: [{ Ref: Match.stringLikeRegexp('^FnServiceRole') }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']) })]) },
        PolicyName: Match.absent(),
      },
    });
    // The function still waits for its permissions.
    after.hasResource('AWS::Lambda::Function', { DependsOn: Match.arrayWith([inlineId]) });
  });

  it('moves the inline statements of core\'s custom-resource provider role into a managed policy its handler waits for', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-crp-'));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => ({});');
    const t = stackWith((stack) => {
      const provider = CustomResourceProvider.getOrCreateProvider(stack, 'Custom::Thing', { codeDirectory: dir, runtime: CustomResourceProviderRuntime.NODEJS_22_X });
      provider.addToRolePolicy({ Effect: 'Allow', Action: 'ec2:DescribeSecurityGroups', Resource: '*' });
      new CustomResource(stack, 'Thing', { serviceToken: provider.serviceToken, resourceType: 'Custom::Thing' });
    });
    const [[, role]] = Object.entries(t.findResources('AWS::IAM::Role'));
    expect(role.Properties.Policies).toBeUndefined();
    const managed = Object.entries(t.findResources('AWS::IAM::ManagedPolicy'));
    expect(managed).toHaveLength(1);
    const [[policyId, policy]] = managed;
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 'ec2:DescribeSecurityGroups', Resource: '*' }]);
    expect(policy.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/CustomThingCustomResourceProviderRole/) }]);
    const [[, handler]] = Object.entries(t.findResources('AWS::Lambda::Function'));
    expect(handler.DependsOn).toContain(policyId);
  });

  it('leaves out a policy that has no statements, as CDK does', () => {
    const t = stackWith((stack) => { new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }).withoutPolicyUpdates(); });
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  it('splits a document over 6,144 characters into several managed policies, each under the limit', () => {
    const t = stackWith((stack) => {
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      for (let i = 0; i < 30; i++) new s3.Bucket(stack, `Bucket${i}`).grantReadWrite(role);
    });
    t.resourceCountIs('AWS::IAM::Policy', 0);
    const managed = Object.entries(t.findResources('AWS::IAM::ManagedPolicy'));
    expect(managed.length).toBeGreaterThan(1);
    expect(managed.map(([id]) => id)).toContain(managed.find(([id]) => /^RoleDefaultPolicy[0-9A-F]{8}$/.test(id))?.[0]);
    for (const [, r] of managed) {
      expect(r.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^Role/) }]);
      expect(r.Properties.PolicyDocument.Statement.length).toBeGreaterThan(0);
    }
    const statements = managed.flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
    // Every bucket's grant is still there (two statements per bucket and key-less bucket: objects + bucket).
    expect(statements.length).toBeGreaterThanOrEqual(30);
  });

  it('sizes documents with unresolved values counted as full ARNs', () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '${Token[TOKEN.1]}' };
    expect(estimatedPolicyChars([statement])).toBeGreaterThan(JSON.stringify(statement).length + 50);
    const many = Array.from({ length: 200 }, () => statement);
    const groups = splitStatements(many);
    expect(groups.flat()).toHaveLength(200);
    for (const g of groups) expect(estimatedPolicyChars(g)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
  });
});
