import type { CheckInput } from '../../src/compliance';
import { BASELINE, KMS_ENCRYPTION, stack, tlsPolicy } from './fixtures';

/**
 * A small fixed staging platform with one of everything a report shows: controls met, met with an exception (spec
 * acknowledgement), not met, n/a and organizational; findings acknowledged by the spec and by Haven; an expired one.
 */
export function goldenInput(): CheckInput {
  const data = stack({
    ...BASELINE,
    Records: { Type: 'AWS::S3::Bucket', Metadata: { 'haven:resource': 'buckets.records' }, Properties: { BucketEncryption: KMS_ENCRYPTION }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
    RecordsPolicy: tlsPolicy('Records'),
    Uploads: { Type: 'AWS::S3::Bucket', Metadata: { 'haven:resource': 'buckets.uploads' }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
    StripeKey: { Type: 'AWS::SecretsManager::Secret', Metadata: { 'haven:resource': 'secrets.stripe' } },
    AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
    // Kept without expiry under a legal hold: its only finding is acknowledged in the spec (met with an exception).
    HoldLogs: { Type: 'AWS::Logs::LogGroup', Metadata: { 'haven:resource': 'logs.hold' } },
    // CDK's custom-resource provider: no alarm, acknowledged by Haven's design.
    AWS679f53fac002430cb0da5b7982bd22872D164C4C: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x' } },
  }, 'ca-central-1', 'golden-data');
  return {
    context: { frameworks: ['pipeda', 'soc2'], environment: { name: 'prod', tier: 'staging', primaryRegion: 'ca-central-1' }, stacks: [data] },
    acknowledgements: [
      { rule: 'HAVEN-SECRET-ROTATION', resource: 'secrets.stripe', reason: 'Stripe keys are rotated by hand in the Stripe dashboard every 90 days.', owner: 'security@example.com', expires: '2027-02-01' },
      { rule: 'HAVEN-LOG-RETENTION', resource: 'logs.hold', reason: 'Under the legal hold of case 2026-04: kept until counsel releases it.', owner: 'legal@example.com', expires: '2027-03-01' },
      { rule: 'HAVEN-S3-TLS', resource: 'buckets.uploads', reason: 'Legacy uploader speaks plain HTTP until the mobile app release.', owner: 'mobile@example.com', expires: '2026-10-01' },
    ],
    external: [{
      ruleId: 'AwsSolutions-VPC7', source: 'cdk-nag', severity: 'error', message: 'The VPC does not have an associated Flow Log.',
      evidence: { stack: 'golden-data', logicalId: 'Vpc8378EB38', resourceType: 'AWS::EC2::VPC', resource: 'Vpc8378EB38', property: 'Properties', value: null },
    }],
    externalSources: [{ name: 'AwsSolutions', source: 'cdk-nag', prefix: 'AwsSolutions-' }],
    date: '2026-11-23',
  };
}
