import { estimateCost } from '../../src/cost/estimate';
import type { StackInput } from '../../src/cost/types';
import type { DocsInput } from '../../src/docs/types';
import { berthcareStaging } from '../cost/fixtures';

/** BerthCare's DR region (seed 003: region failure → us-east-1): a replica, a replicated bucket, a VPC. */
export const berthcareDr: StackInput = {
  name: 'berthcare-staging-dr', region: 'us-east-1', environment: 'staging',
  template: {
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
      PrivateA: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.1.0.0/20', AvailabilityZone: 'us-east-1a', Tags: [{ Key: 'aws-cdk:subnet-type', Value: 'Isolated' }] } },
      PrivateB: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.1.16.0/20', AvailabilityZone: 'us-east-1b', Tags: [{ Key: 'aws-cdk:subnet-type', Value: 'Isolated' }] } },
      Replica: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot', Properties: { DBInstanceClass: 'db.t4g.medium', SourceDBInstanceIdentifier: 'arn:aws:rds:ca-central-1:123456789012:db:berthcare-staging', StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/dr' } },
      DrBucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { VersioningConfiguration: { Status: 'Enabled' }, PublicAccessBlockConfiguration: { BlockPublicAcls: true }, BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } } },
      DrReplicaLag: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'berthcare-dr-replica-lag', Namespace: 'AWS/RDS', MetricName: 'ReplicaLag', Statistic: 'Maximum', Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 900, ComparisonOperator: 'GreaterThanThreshold' } },
    },
    Outputs: { ReplicaEndpoint: { Value: { 'Fn::GetAtt': ['Replica', 'Endpoint.Address'] }, Description: 'DR read replica endpoint' } },
  },
};

export function berthcareDocsInput(): DocsInput {
  const stacks = [berthcareStaging(), berthcareDr];
  return {
    project: { name: 'BerthCare', description: 'Home-care visit platform (staging).', owner: 'platform@berthcare.example', frameworks: ['PIPEDA'] },
    environments: [{ name: 'staging', tier: 'staging', regions: ['ca-central-1', 'us-east-1'] }],
    stacks,
    outputs: { 'berthcare-staging': { DatabaseEndpoint: 'berthcare-staging-postgres.xxxxx.ca-central-1.rds.amazonaws.com' } },
    cost: estimateCost({ stacks, tier: 'staging', budgetUsd: 400 }),
    recovery: { staging: { rpo: '15 minutes', rto: '4 hours', strategy: 'read replica and replicated buckets in us-east-1', drRegion: 'us-east-1' } },
    compliance: { controls: [{ framework: 'PIPEDA', id: '4.7', title: 'Safeguards', status: 'met', evidence: 'encryption at rest and in transit' }] },
  };
}
