import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { accessFeature } from '../../../src/platform/features/access';
import { monitoringFeature } from '../../../src/platform/features/monitoring';
import { accessSchema } from '../../../src/spec/sections/access';
import { addDataStore, workloadContext } from './workload-context';

const vpn = {
  cidr: '10.100.0.0/22',
  serverCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/server',
  clientRootCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/client',
};

describe('access feature', () => {
  const ctx = workloadContext({ access: accessSchema.parse({ bastion: true, clientVpn: vpn }) });
  const auroraSg = addDataStore(ctx, 'aurora', 5432, ['bastion']);
  addDataStore(ctx, 'other', 5432, ['api']);
  accessFeature.apply(ctx);
  const template = Template.fromStack(ctx.stack);

  it('builds an SSM bastion in the app subnets with no public IP and no key pair', () => {
    template.hasResourceProperties('AWS::EC2::Instance', { SubnetId: { Ref: Match.stringLikeRegexp('VpcappSubnet') }, NetworkInterfaces: Match.absent() });
    const instance = Object.values(template.findResources('AWS::EC2::Instance'))[0];
    expect(instance.Properties.KeyName).toBeUndefined();
    // The app subnets assign no public address on launch: that is what keeps the bastion without one.
    const subnetId = (instance.Properties.SubnetId as { Ref: string }).Ref;
    expect(template.toJSON().Resources[subnetId].Properties.MapPublicIpOnLaunch).toBe(false);
    template.hasOutput('BastionInstanceId', {});
  });

  it('lets the bastion reach only the data stores that list it, and nothing reaches the bastion', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    expect(ingress).toHaveLength(1);
    expect(JSON.stringify(ingress[0].GroupId)).toContain(ctx.stack.getLogicalId(auroraSg.node.defaultChild as never));
    expect(JSON.stringify(ingress[0].SourceSecurityGroupId)).toContain('BastionSecurityGroup');
    expect(ctx.registry.workloads.get('access.bastion')).toMatchObject({ name: 'bastion', kind: 'bastion' });
  });

  it('builds the Client VPN in the app subnets with audit-length encrypted connection logs', () => {
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', { ClientCidrBlock: '10.100.0.0/22', SplitTunnel: true });
    template.hasResourceProperties('AWS::EC2::ClientVpnTargetNetworkAssociation', { SubnetId: { Ref: Match.stringLikeRegexp('VpcappSubnet') } });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 2557, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Keylogs'), 'Arn'] } });
    template.hasOutput('ClientVpnEndpointId', {});
  });
});

describe('access feature options', () => {
  it('honours a bastion instance type and builds no VPN when absent', () => {
    const ctx = workloadContext({ access: accessSchema.parse({ bastion: { instanceType: 't3.small' } }) });
    accessFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't3.small' });
    t.resourceCountIs('AWS::EC2::ClientVpnEndpoint', 0);
  });

  it('builds nothing for bastion: false', () => {
    const ctx = workloadContext({ access: accessSchema.parse({ bastion: false }) });
    accessFeature.apply(ctx);
    Template.fromStack(ctx.stack).resourceCountIs('AWS::EC2::Instance', 0);
  });

  it('an IP allowlist adds a connect handler whose errors page the alarm topic; without one, no handler and no alarm', () => {
    const ctx = workloadContext({ access: accessSchema.parse({ clientVpn: { ...vpn, allowedSourceCidrs: ['203.0.113.0/24'] } }), regions: { primary: 'us-east-1' } } as never);
    accessFeature.apply(ctx);
    expect(ctx.registry.workloads.get('access.clientVpn.connectHandler')).toMatchObject({ name: 'client-vpn-connect', kind: 'lambda' });
    // The monitoring feature (which runs last) alarms it like every function.
    monitoringFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-prod-alarm-client-vpn-connect-lambdaErrors',
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('ClientVpnConnectHandler') } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Alarms') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('Alarms') }],
    });
    const plain = workloadContext({ access: accessSchema.parse({ clientVpn: vpn }) });
    accessFeature.apply(plain);
    Template.fromStack(plain.stack).resourceCountIs('AWS::Lambda::Function', 0);
    expect(plain.registry.workloads.has('access.clientVpn.connectHandler')).toBe(false);
  });

  it('rejects a client CIDR overlapping the VPC', () => {
    const ctx = workloadContext({ access: accessSchema.parse({ clientVpn: { ...vpn, cidr: '10.0.0.0/22' } }) });
    expect(() => accessFeature.apply(ctx)).toThrow(/overlaps the VPC 10\.0\.0\.0\/16/);
  });
});
