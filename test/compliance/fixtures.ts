import type { CfnResourceJson, CheckContext, CheckEnvironment, CheckStack, Framework } from '../../src/compliance';

export function stack(resources: Record<string, CfnResourceJson>, region = 'ca-central-1', name = 'App'): CheckStack {
  return { name, region, template: { Resources: resources } };
}

export function ctx(stacks: CheckStack[], env: Partial<CheckEnvironment> = {}, frameworks: Framework[] = ['hipaa', 'pipeda']): CheckContext {
  return { frameworks, environment: { name: 'prod', tier: 'production', primaryRegion: 'ca-central-1', ...env }, stacks };
}

/** The security baseline every region needs, so rules about other things are not drowned by it. */
export const BASELINE: Record<string, CfnResourceJson> = {
  Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsMultiRegionTrail: true } },
  Recorder: { Type: 'AWS::Config::ConfigurationRecorder', Properties: {} },
  Detector: { Type: 'AWS::GuardDuty::Detector', Properties: { Enable: true } },
};

export const KMS_ENCRYPTION = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } }] };

export function tlsPolicy(bucket: string): CfnResourceJson {
  return {
    Type: 'AWS::S3::BucketPolicy',
    Properties: {
      Bucket: { Ref: bucket },
      PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: '*' }] },
    },
  };
}
