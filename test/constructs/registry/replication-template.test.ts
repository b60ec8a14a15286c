import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { ReplicatedRepositoryTemplate } from '../../../src/constructs/registry';

function build(props: Partial<ConstructorParameters<typeof ReplicatedRepositoryTemplate>[2]> = {}) {
  const stack = new Stack(new App(), 'Dr', { env: { account: '111111111111', region: 'us-west-2' } });
  const key = new kms.Key(stack, 'Key');
  const t = new ReplicatedRepositoryTemplate(stack, 'Replicated', { repositoryNames: ['acme-prod-api', 'acme-prod-worker'], encryptionKey: key, ...props });
  return { stack, key, t, template: () => Template.fromStack(stack) };
}

describe('ReplicatedRepositoryTemplate', () => {
  it('applies to replication only, encrypts with the given customer key (not AES-256) and makes tags immutable', () => {
    const { stack, key, template } = build();
    template().resourceCountIs('AWS::ECR::RepositoryCreationTemplate', 1);
    template().hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      Prefix: 'ROOT',
      AppliedFor: ['REPLICATION'],
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: stack.resolve(key.keyArn) },
      ImageTagMutability: 'IMMUTABLE',
    });
  });

  it('gives ECR a creation role it can assume, limited to the named repositories and to grants on the key', () => {
    const { stack, t, template } = build();
    template().hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', { CustomRoleArn: stack.resolve(t.role.roleArn) });
    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { Service: 'ecr.amazonaws.com' } })] },
    });
    const policies = Object.values(template().findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement);
    const ecrStatement = statements.find((s) => [s.Action].flat().includes('ecr:CreateRepository'))!;
    expect([ecrStatement.Action].flat().sort()).toEqual(['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource']);
    expect(JSON.stringify(ecrStatement.Resource)).toContain(':repository/acme-prod-api');
    expect(JSON.stringify(ecrStatement.Resource)).toContain(':repository/acme-prod-worker');
    expect(JSON.stringify(ecrStatement.Resource)).not.toContain('*');
    const kmsStatement = statements.find((s) => [s.Action].flat().includes('kms:CreateGrant'));
    expect([kmsStatement!.Action].flat().sort()).toEqual(['kms:CreateGrant', 'kms:DescribeKey', 'kms:RetireGrant']);
    // The role exists (with its grant) before ECR may use the template.
    const tmpl = Object.values(template().findResources('AWS::ECR::RepositoryCreationTemplate'))[0] as { DependsOn?: string[] };
    expect(tmpl.DependsOn?.some((d) => d.startsWith('ReplicatedCreationRole'))).toBe(true);
  });

  it('expires untagged images and keeps the last N tagged, like the primary repositories', () => {
    const { template } = build({ keepTaggedImages: 12, untaggedExpiryDays: 3, immutableTags: false });
    const t = Object.values(template().findResources('AWS::ECR::RepositoryCreationTemplate'))[0] as { Properties: { LifecyclePolicy: string; ImageTagMutability: string } };
    expect(t.Properties.ImageTagMutability).toBe('MUTABLE');
    const rules = (JSON.parse(t.Properties.LifecyclePolicy) as { rules: { selection: Record<string, unknown>; action: { type: string } }[] }).rules;
    expect(rules.map((r) => r.selection)).toEqual([
      { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 3 },
      { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: 12 },
    ]);
    expect(rules.every((r) => r.action.type === 'expire')).toBe(true);
  });

  it('refuses repositories outside a namespace prefix (ECR treats a prefix as "<prefix>/") and an empty list', () => {
    expect(() => build({ prefix: 'acme' })).toThrow(/acme-prod-api, acme-prod-worker are not in the namespace acme\//);
    expect(() => build({ prefix: 'acme', repositoryNames: ['acme/api'] })).not.toThrow();
    expect(() => build({ repositoryNames: [] })).toThrow(/no repository names/);
  });
});
