import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/platform/app';
import { loadSpec } from '../../src/spec/loader';
import { EXAMPLES } from '../helpers';

/** BerthCare staging, generated from examples/berthcare.yaml, checked against the seed's statements. */
describe('BerthCare staging (seed 003)', () => {
  let t: Template;
  let stackTags: Record<string, string>;
  beforeAll(() => {
    const { app, environments } = buildApp(loadSpec(path.join(EXAMPLES, 'berthcare.yaml')), { environments: ['staging'] });
    const stack = environments[0].stacks[0];
    expect(stack.stackName).toBe('berthcare-staging-ca-central-1');
    expect(stack.region).toBe('ca-central-1');
    t = Template.fromStack(stack);
    // Stack-level tags are what CloudFormation propagates to every resource it can tag.
    stackTags = app.synth().getStackByName(stack.stackName).tags;
  });

  it('networking: VPC 10.0.0.0/16 over 2 AZs, 2 public + private subnets, 2 NAT gateways, 1 internet gateway, flow logs', () => {
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    const subnets = Object.values(t.findResources('AWS::EC2::Subnet'));
    const publicSubnets = subnets.filter((s) => JSON.stringify(s.Properties.Tags).includes('"public"'));
    expect(publicSubnets).toHaveLength(2);
    expect(subnets.length - publicSubnets.length).toBe(4); // app + data tiers, one per AZ each
    t.resourceCountIs('AWS::EC2::NatGateway', 2);
    t.resourceCountIs('AWS::EC2::InternetGateway', 1);
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  it('database: PostgreSQL 15 on db.t4g.medium, 100 GB auto-scaling to 500 GB, Multi-AZ, 7-day backups, KMS, Performance Insights', () => {
    t.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: '15',
      DBInstanceClass: 'db.t4g.medium',
      AllocatedStorage: '100',
      MaxAllocatedStorage: 500,
      MultiAZ: true,
      BackupRetentionPeriod: 7,
      StorageEncrypted: true,
      KmsKeyId: Match.anyValue(),
      EnablePerformanceInsights: true,
      DBName: 'berthcare',
      DBInstanceIdentifier: 'berthcare-staging-postgres',
      DeletionProtection: true,
    });
    t.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', Metadata: Match.objectLike({ 'haven:resource': 'databases.postgres' }) });
  });

  it('cache: Redis 7.1, two cache.t4g.micro nodes, Multi-AZ, automatic failover, encrypted at rest and in transit, IAM sign-in (RBAC)', () => {
    t.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      EngineVersion: '7.1',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 2,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      AuthToken: Match.absent(),
      UserGroupIds: [Match.anyValue()],
      SnapshotRetentionLimit: 5,
    });
    t.hasResourceProperties('AWS::ElastiCache::User', { UserId: 'berthcare-staging-redis-app', AuthenticationMode: { Type: 'iam' } });
  });

  it('the api connects to Redis with its task role (elasticache:Connect) and the user id in its environment, no token secret', () => {
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({
        Environment: Match.arrayWith([{ Name: 'CACHE_REDIS_USER_ID', Value: 'berthcare-staging-redis-app' }, { Name: 'CACHE_REDIS_REPLICATION_GROUP_ID', Value: Match.anyValue() }]),
      })]),
    });
    type Statement = { Action: unknown; Resource: unknown };
    const connect = [...Object.values(t.findResources('AWS::IAM::Policy')), ...Object.values(t.findResources('AWS::IAM::ManagedPolicy'))].flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]).filter((st) => st.Action === 'elasticache:Connect');
    expect(connect).toHaveLength(1);
    expect(JSON.stringify(connect[0].Resource)).toMatch(/:user:berthcare-staging-redis-app/);
  });

  it('storage: photos, documents, signatures and logs buckets, versioned, encrypted, private, Glacier after 1 year and Deep Archive after 7', () => {
    for (const name of ['photos', 'documents', 'signatures', 'logs']) {
      t.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: `berthcare-${name}-staging`,
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: Match.anyValue(),
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 365 }, { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 2555 }] })]) },
      });
    }
    // The three data buckets log access to the logs bucket.
    const logged = Object.values(t.findResources('AWS::S3::Bucket')).filter((b) => b.Properties.LoggingConfiguration).map((b) => b.Properties.BucketName);
    expect(logged).toEqual(expect.arrayContaining(['berthcare-photos-staging', 'berthcare-documents-staging', 'berthcare-signatures-staging']));
  });

  it('security: customer-managed KMS keys with rotation, database and Redis credentials in Secrets Manager, no open data ports', () => {
    t.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    // The database credentials; Redis has no static secret (IAM sign-in).
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.filter((i) => i.Properties.CidrIp === '0.0.0.0/0' && [5432, 6379].includes(i.Properties.FromPort))).toHaveLength(0);
  });

  it('monitoring: SNS topic, KMS-encrypted, with an e-mail subscription', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'berthcare-staging-alarms', KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'devops@berthcare.ca' });
  });

  it('evidence outputs for the verification table, never a secret value', () => {
    const outputs = t.findOutputs('*');
    for (const name of ['VpcId', 'PublicSubnetIds', 'PrivateSubnetIds', 'HavenDbPostgresEndpoint', 'HavenCacheRedisEndpoint', 'HavenDbPostgresSecretArn', 'HavenCacheRedisIamUserId', 'HavenAlarmTopicArn', 'HavenDbPostgresIdentifier', 'HavenBucketPhotosName']) {
      expect(outputs, name).toHaveProperty(name);
    }
    expect(JSON.stringify(outputs)).not.toMatch(/SecretString|auth_token|password/i);
  });

  it('tags every stack with Project and Environment (and the spec tags)', () => {
    expect(stackTags).toMatchObject({ Project: 'berthcare', Environment: 'staging', DataResidency: 'canada', ManagedBy: 'haven' });
    t.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'Environment', Value: 'staging' }, { Key: 'Project', Value: 'berthcare' }]) });
  });
});

describe('BerthCare production', () => {
  it('is protected: termination protection, Retain/Snapshot on data, 3 AZs', () => {
    const { environments } = buildApp(loadSpec(path.join(EXAMPLES, 'berthcare.yaml')), { environments: ['production'] });
    const stack = environments[0].stacks[0];
    expect(stack.terminationProtection).toBe(true);
    const t = Template.fromStack(stack);
    t.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ DeletionProtection: true, BackupRetentionPeriod: 35, DBInstanceClass: 'db.r6g.large' }) });
    t.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    t.allResources('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
  });
});
