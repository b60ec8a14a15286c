import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { KeyRing } from '../../../src/constructs/keys';
import { testStack } from '../../helpers';

describe('KeyRing', () => {
  it('creates one rotating, retained key per data class with a readable alias', () => {
    const stack = testStack();
    const ring = new KeyRing(stack, 'Keys', { aliasPrefix: 'demo-prod' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 4);
    t.allResources('AWS::KMS::Key', { Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }), DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/demo-prod/data' });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/demo-prod/backup' });
    expect(ring.classes).toEqual(['data', 'logs', 'secrets', 'backup']);
  });

  it('lets CloudWatch Logs of this region and account use the logs key, scoped by encryption context', () => {
    const stack = testStack('ca-central-1');
    new KeyRing(stack, 'Keys', { aliasPrefix: 'demo', classes: ['logs'] });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.ca-central-1.amazonaws.com' }, Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } } })]) },
    });
  });

  it('refuses KMS grants except those AWS services make for a resource (Control Tower CT.KMS.PR.3 form)', () => {
    const stack = testStack();
    new KeyRing(stack, 'Keys', { aliasPrefix: 'demo-prod' });
    const deny = {
      Sid: 'GrantsOnlyForAwsServices',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    };
    Template.fromStack(stack).allResources('AWS::KMS::Key', { Properties: Match.objectLike({ KeyPolicy: { Statement: Match.arrayWith([deny]) } }) });
  });

  it('destroys keys only when asked (development)', () => {
    const stack = testStack();
    new KeyRing(stack, 'Keys', { aliasPrefix: 'demo-dev', classes: ['data'], removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });

  it('refuses a class it does not hold', () => {
    const ring = new KeyRing(testStack(), 'Keys', { aliasPrefix: 'demo', classes: ['data'] });
    expect(() => ring.key('logs')).toThrowError(/no key for class logs/);
  });
});
