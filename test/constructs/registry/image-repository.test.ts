/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation template JSON is untyped */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { ImageRepository } from '../../../src/constructs/registry';

function build(props: Partial<ConstructorParameters<typeof ImageRepository>[2]> = {}) {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'us-east-1' } });
  const key = new kms.Key(stack, 'Key');
  const repo = new ImageRepository(stack, 'Repo', { encryptionKey: key, repositoryName: 'acme-prod-api', ...props });
  return { stack, key, repo, template: () => Template.fromStack(stack) };
}

describe('ImageRepository', () => {
  it('scans on push, encrypts with the given key and refuses tag overwrites', () => {
    const { stack, key, template } = build();
    template().hasResourceProperties('AWS::ECR::Repository', {
      RepositoryName: 'acme-prod-api',
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: stack.resolve(key.keyArn) },
    });
  });

  it('is retained when removed from the stack', () => {
    const { template } = build();
    template().hasResource('AWS::ECR::Repository', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('expires untagged images after N days and keeps the last N tagged', () => {
    const { template } = build({ keepTaggedImages: 15, untaggedExpiryDays: 3 });
    const repos = template().findResources('AWS::ECR::Repository');
    const text = Object.values(repos)[0].Properties.LifecyclePolicy.LifecyclePolicyText as string;
    const rules = JSON.parse(text).rules as Array<Record<string, any>>;
    expect(rules).toHaveLength(2);
    const untagged = rules.find((r) => r.selection.tagStatus === 'untagged');
    expect(untagged?.selection).toMatchObject({ countType: 'sinceImagePushed', countNumber: 3, countUnit: 'days' });
    const tagged = rules.find((r) => r.selection.tagStatus === 'tagged');
    expect(tagged?.selection).toMatchObject({ countType: 'imageCountMoreThan', countNumber: 15, tagPatternList: ['*'] });
    expect(rules.every((r) => r.action.type === 'expire')).toBe(true);
  });

  it('allows mutable tags and another removal policy only when asked', () => {
    const { template } = build({ immutableTags: false, removalPolicy: RemovalPolicy.DESTROY });
    template().hasResourceProperties('AWS::ECR::Repository', { ImageTagMutability: 'MUTABLE' });
    template().hasResource('AWS::ECR::Repository', { DeletionPolicy: 'Delete' });
  });

  it('rejects nonsensical lifecycle numbers', () => {
    expect(() => build({ keepTaggedImages: 0 })).toThrow(/keepTaggedImages/);
    expect(() => build({ untaggedExpiryDays: 1.5 })).toThrow(/untaggedExpiryDays/);
  });

  it('grants push scoped to the repository (only GetAuthorizationToken, which has no resource form, is on *)', () => {
    const { stack, repo, template } = build();
    const role = new iam.Role(stack, 'Builder', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    repo.grantPush(role);
    const policies = template().findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions).toContain('ecr:PutImage');
    expect(actions.some((a: string) => a.endsWith('*'))).toBe(false);
    for (const s of statements) {
      if ([s.Action].flat().includes('ecr:PutImage')) expect(s.Resource).toEqual(stack.resolve(repo.repositoryArn));
      if (s.Resource === '*') expect(s.Action).toBe('ecr:GetAuthorizationToken');
    }
    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' })]) },
    });
  });
});
