import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import {
  CONFORMANCE_PACKS, CONFORMANCE_PACK_BODY_LIMIT, ConfigRecorder, ConformancePacks, HIPAA_PACK, conformancePackBody,
} from '../../../src/constructs/config';

function setup() {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  return { stack, key: new kms.Key(stack, 'Key') };
}

describe('ConfigRecorder', () => {
  it('records all resources including global ones with the AWS managed Config role and delivers to an encrypted retained bucket', () => {
    const { stack, key } = setup();
    new ConfigRecorder(stack, 'C', { encryptionKey: key });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true } });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'config.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
    });
    t.hasResourceProperties('AWS::Config::DeliveryChannel', { S3BucketName: { Ref: Match.anyValue() }, S3KmsKeyArn: Match.anyValue(), ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' } });
    const channel = Object.values(t.findResources('AWS::Config::DeliveryChannel'))[0];
    expect(channel.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/Recorder/)]));
    t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2557 })] } }) });
    // The role may write only under Config's prefix.
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Resource: { 'Fn::Join': ['', [Match.anyValue(), '/AWSLogs/111111111111/Config/*']] } })]) },
    });
  });

  it('leaves global resources to another region when asked', () => {
    const { stack, key } = setup();
    new ConfigRecorder(stack, 'C', { encryptionKey: key, includeGlobalResources: false });
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false } });
  });
});

describe('ConformancePacks', () => {
  it('builds packs from AWS managed rules and deploys them after the recorder', () => {
    const { stack, key } = setup();
    const rec = new ConfigRecorder(stack, 'C', { encryptionKey: key });
    new ConformancePacks(stack, 'P', { namePrefix: 'cec-production', packs: [HIPAA_PACK, HIPAA_PACK], dependsOn: [rec.recorder, rec.deliveryChannel] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Config::ConformancePack', 1);
    const [id, pack] = Object.entries(t.findResources('AWS::Config::ConformancePack', { Properties: { ConformancePackName: 'cec-production-hipaa-security' } }))[0];
    expect(pack.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/Recorder/), expect.stringMatching(/DeliveryChannel/)]));
    const body = JSON.parse(pack.Properties.TemplateBody);
    expect(body.Resources.RdsStorageEncrypted).toEqual({
      Type: 'AWS::Config::ConfigRule',
      Properties: { ConfigRuleName: 'rds-storage-encrypted', Scope: { ComplianceResourceTypes: ['AWS::RDS::DBInstance'] }, Source: { Owner: 'AWS', SourceIdentifier: 'RDS_STORAGE_ENCRYPTED' } },
    });
    expect(body.Resources.IamPasswordPolicy.Properties.InputParameters.MinimumPasswordLength).toBe('14');
    expect(id).toBeTruthy();
  });

  it('every shipped pack is within the AWS size limit, has no duplicate rules and only AWS-owned sources', () => {
    for (const pack of Object.values(CONFORMANCE_PACKS)) {
      const body = conformancePackBody(pack);
      expect(body.length).toBeLessThan(CONFORMANCE_PACK_BODY_LIMIT);
      const ids = pack.rules.map((r) => r.identifier);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[A-Z0-9_]+$/);
      expect(pack.rules.length).toBeGreaterThan(15);
    }
    const hipaa = HIPAA_PACK.rules.map((r) => r.identifier);
    expect(hipaa).toEqual(expect.arrayContaining(['CLOUD_TRAIL_ENABLED', 'RDS_STORAGE_ENCRYPTED', 'S3_BUCKET_SSL_REQUESTS_ONLY', 'RDS_IN_BACKUP_PLAN', 'GUARDDUTY_ENABLED_CENTRALIZED']));
  });
});
