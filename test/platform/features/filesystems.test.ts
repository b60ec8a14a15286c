import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { fileSystemsFeature } from '../../../src/platform/features/filesystems';
import { functionsFeature } from '../../../src/platform/features/functions';
import { fileSystemsSchema } from '../../../src/spec/sections/fileSystems';
import { functionsSchema } from '../../../src/spec/sections/functions';
import { workloadContext } from './workload-context';

const fileSystems = fileSystemsSchema.parse({
  training: { performanceMode: 'general-purpose', clients: ['trainer'], accessPoints: { data: { path: '/training-data' } } },
});
const functions = functionsSchema.parse({ defaults: { runtime: 'python3.13' }, names: ['trainer', 'other'] });

function ingressTo(template: Template, fragment: string): Record<string, unknown>[] {
  return Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
    .map((r) => r.Properties as Record<string, unknown>)
    .filter((p) => JSON.stringify(p.GroupId).includes(fragment));
}

describe('fileSystems feature', () => {
  it('builds an encrypted, backed-up EFS in the data subnets and registers it as an efs data store', () => {
    const ctx = workloadContext({ fileSystems });
    fileSystemsFeature.apply(ctx);
    const template = Template.fromStack(ctx.stack);
    template.hasResource('AWS::EFS::FileSystem', {
      Properties: { Encrypted: true, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keydata'), 'Arn'] }, BackupPolicy: { Status: 'ENABLED' }, PerformanceMode: 'generalPurpose' },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::EFS::MountTarget', { SubnetId: { Ref: Match.stringLikeRegexp('VpcdataSubnet') } });
    template.hasResourceProperties('AWS::EFS::AccessPoint', { RootDirectory: Match.objectLike({ Path: '/training-data' }) });
    const store = ctx.registry.dataStores.get('fileSystems.training');
    expect(store).toMatchObject({ name: 'training', kind: 'efs', defaultPort: 2049, clients: ['trainer'] });
    template.hasOutput('FileSystemTrainingId', {});
  });

  it('admits a client function registered before it, and only that one', () => {
    const ctx = workloadContext({ fileSystems, functions });
    functionsFeature.apply(ctx);
    fileSystemsFeature.apply(ctx);
    const rules = ingressTo(Template.fromStack(ctx.stack), 'FileSystemtraining');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ FromPort: 2049, ToPort: 2049, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/Functiontrainer/), 'GroupId'] } });
  });

  it('admits a client function registered after it (order does not matter)', () => {
    const ctx = workloadContext({ fileSystems, functions });
    fileSystemsFeature.apply(ctx);
    functionsFeature.apply(ctx);
    const rules = ingressTo(Template.fromStack(ctx.stack), 'FileSystemtraining');
    expect(rules).toHaveLength(1);
    expect(JSON.stringify(rules[0].SourceSecurityGroupId)).toContain('Functiontrainer');
  });

  it('admits nobody when no workload is named', () => {
    const ctx = workloadContext({ fileSystems: fileSystemsSchema.parse({ shared: {} }) });
    ctx.registry.workloads.set('functions.x', { name: 'x', kind: 'lambda', connections: new ec2.Connections() });
    fileSystemsFeature.apply(ctx);
    expect(ingressTo(Template.fromStack(ctx.stack), 'FileSystemshared')).toHaveLength(0);
  });

  it('lets development environments delete the file system', () => {
    const ctx = workloadContext({ fileSystems }, 'development');
    fileSystemsFeature.apply(ctx);
    Template.fromStack(ctx.stack).hasResource('AWS::EFS::FileSystem', { DeletionPolicy: 'Delete' });
  });
});
