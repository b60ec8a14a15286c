import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/platform/app';
import { loadSpec } from '../../src/spec/loader';
import { EXAMPLES } from '../helpers';

/** Estate Kit production: ca-central-1 with a warm standby in us-east-1 (seed 000). */
describe('Estate Kit production DR (seed 000)', () => {
  let primary: Template;
  let dr: Template;
  let drDependencies: string[];
  beforeAll(() => {
    const { environments } = buildApp(loadSpec(path.join(EXAMPLES, 'estate-kit.yaml')));
    const byName = Object.fromEntries(environments[0].stacks.map((s) => [s.stackName, s]));
    drDependencies = byName['estate-kit-production-us-east-1'].dependencies.map((s) => s.stackName);
    primary = Template.fromStack(byName['estate-kit-production-ca-central-1']);
    dr = Template.fromStack(byName['estate-kit-production-us-east-1']);
  });

  it('deploys the DR stack after the primary (its replica follows the primary database), by order and never by reference', () => {
    expect(drDependencies).toEqual(['estate-kit-production-ca-central-1']);
    expect(JSON.stringify(dr.toJSON())).not.toContain('Fn::ImportValue');
  });

  it('runs VPCs 10.0.0.0/16 in ca-central-1 and 10.1.0.0/16 in us-east-1', () => {
    primary.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });
    dr.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.1.0.0/16' });
  });

  it('keeps a PostgreSQL read replica of the primary database in us-east-1', () => {
    const replicas = Object.values(dr.findResources('AWS::RDS::DBInstance')).filter((r) => r.Properties.SourceRegion === 'ca-central-1');
    expect(replicas).toHaveLength(1);
    expect(JSON.stringify(replicas[0].Properties.SourceDBInstanceIdentifier)).toMatch(/:rds:ca-central-1:\d+:db:estate-kit-production-main/);
  });

  it('keeps a standby EKS cluster at minimum size in us-east-1, admitting the DR VPC instead of the primary one', () => {
    primary.resourceCountIs('AWS::EKS::Cluster', 1);
    dr.resourceCountIs('AWS::EKS::Cluster', 1);
    dr.hasResourceProperties('AWS::EKS::Nodegroup', { ScalingConfig: { MinSize: 1, DesiredSize: 1, MaxSize: 10 } });
    primary.hasResourceProperties('AWS::EKS::Nodegroup', { ScalingConfig: Match.objectLike({ MinSize: 3, MaxSize: 10 }) });
    const inline = Object.values(dr.findResources('AWS::EC2::SecurityGroup')).flatMap((g) => (g.Properties.SecurityGroupIngress ?? []) as { FromPort: number; CidrIp?: string }[]);
    const drRules = inline.filter((r) => [443, 8443].includes(r.FromPort) && r.CidrIp).map((r) => ({ Properties: r }));
    expect(drRules.map((r) => r.Properties.CidrIp)).toEqual(expect.arrayContaining(['10.1.0.0/16']));
    expect(drRules.map((r) => r.Properties.CidrIp)).not.toContain('10.0.0.0/16');
  });

  it('replicates the documents bucket to us-east-1 with KMS re-encryption', () => {
    primary.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'estate-kit-documents-production',
      ReplicationConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Destination: Match.objectLike({ EncryptionConfiguration: { ReplicaKmsKeyID: Match.anyValue() } }) })]) },
    });
  });

  it('routes with Route 53 failover records', () => {
    const records = [...Object.values(primary.findResources('AWS::Route53::RecordSet')), ...Object.values(dr.findResources('AWS::Route53::RecordSet'))];
    expect(records.map((r) => r.Properties.Failover).filter(Boolean).sort()).toEqual(['PRIMARY', 'SECONDARY']);
  });
});
