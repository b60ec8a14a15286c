import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ClientVpn, SessionManagerBastion } from '../../constructs/access';
import { cidrsOverlap } from '../../spec/common';
import type { PlatformContext, PlatformFeature } from '../context';
import { tagHavenResource } from './metadata';
import { registerWorkload } from './workload-wiring';
import { toRetentionDays } from '../../constructs/monitoring/log-retention';
import { logRetentionDaysFor } from '../../spec/rules/monitoring';
import { logRetentionPolicy } from './monitoring';

/** Administrative access: an SSM-only bastion (workload 'bastion') and an AWS Client VPN into the app subnets. */
export const accessFeature: PlatformFeature = {
  name: 'access',
  roles: ['primary'],
  apply(ctx: PlatformContext) {
    const access = ctx.plan.access;
    if (!access) return;
    const d = ctx.plan.defaults;

    if (access.bastion) {
      const options = access.bastion === true ? {} : access.bastion;
      const bastion = new SessionManagerBastion(ctx.stack, 'Bastion', {
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.app,
        instanceType: options.instanceType,
      });
      tagHavenResource(bastion.instance, 'access.bastion');
      // Data stores that list 'bastion' among their clients admit it (e.g. to investigate the database).
      registerWorkload(ctx, 'access.bastion', { name: 'bastion', kind: 'bastion', connections: bastion.connections });
      ctx.evidence('BastionInstanceId', bastion.instance.instanceId, 'Bastion instance (aws ssm start-session --target)');
    }

    if (access.clientVpn) {
      const vpnSpec = access.clientVpn;
      const vpcCidr = ctx.role === 'dr' ? ctx.plan.network.drCidr ?? ctx.plan.network.cidr : ctx.plan.network.cidr;
      if (cidrsOverlap(vpnSpec.cidr, vpcCidr)) {
        throw new Error(`access.clientVpn.cidr ${vpnSpec.cidr} overlaps the VPC ${vpcCidr}; Client VPN needs a separate client address pool`);
      }
      const vpn = new ClientVpn(ctx.stack, 'ClientVpn', {
        vpc: ctx.vpc,
        vpcSubnets: ctx.subnets.app,
        cidr: vpnSpec.cidr,
        serverCertificateArn: vpnSpec.serverCertificateArn,
        clientRootCertificateArn: vpnSpec.clientRootCertificateArn,
        samlProviderArn: vpnSpec.samlProviderArn,
        splitTunnel: vpnSpec.splitTunnel,
        allowedSourceCidrs: vpnSpec.allowedSourceCidrs,
        logKey: ctx.key('logs'),
        // Who connected when is audit evidence.
        logRetention: vpnSpec.logRetentionDays !== undefined ? toRetentionDays(logRetentionDaysFor(ctx.plan, vpnSpec.logRetentionDays)) : logRetentionPolicy(ctx.plan).retentionFor('audit'),
        removalPolicy: d.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      tagHavenResource(vpn.endpoint, 'access.clientVpn');
      ctx.evidence('ClientVpnEndpointId', vpn.endpoint.endpointId, 'Client VPN endpoint');
      if (vpn.connectionHandler) {
        // A failing allowlist handler refuses every VPN connection: registered as a Lambda workload so the monitoring
        // feature gives it the same error and throttle alarms (spec thresholds, OK actions, dashboard) as any function.
        registerWorkload(ctx, 'access.clientVpn.connectHandler', {
          name: 'client-vpn-connect', kind: 'lambda', connections: new ec2.Connections(),
          metricDimensions: { FunctionName: vpn.connectionHandler.functionName },
        });
      }
    }
  },
};
