import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ClientVpn, SessionManagerBastion } from '../../constructs/access';
import { cidrsOverlap } from '../../spec/common';
import type { PlatformContext, PlatformFeature } from '../context';
import { tagHavenResource } from './metadata';
import { registerWorkload } from './workload-wiring';
import { toRetentionDays } from '../../constructs/monitoring/log-retention';
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
        logRetention: vpnSpec.logRetentionDays !== undefined ? toRetentionDays(vpnSpec.logRetentionDays) : logRetentionPolicy(ctx.plan).retentionFor('audit'),
        removalPolicy: d.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      tagHavenResource(vpn.endpoint, 'access.clientVpn');
      ctx.evidence('ClientVpnEndpointId', vpn.endpoint.endpointId, 'Client VPN endpoint');
      if (vpn.connectionHandler) {
        // A failing allowlist handler refuses every VPN connection: page on its first errors.
        const alarm = new cloudwatch.Alarm(ctx.stack, 'ClientVpnConnectHandlerErrors', {
          alarmName: ctx.name('alarm-client-vpn-connect-errors'),
          alarmDescription: 'The Client VPN connect handler (source IP allowlist) is failing: VPN connections are being refused',
          metric: vpn.connectionHandler.metricErrors({ period: Duration.minutes(5) }),
          threshold: 0,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(new cwActions.SnsAction(ctx.alarmTopic));
        alarm.addOkAction(new cwActions.SnsAction(ctx.alarmTopic));
        ctx.registry.alarms.push(alarm);
      }
    }
  },
};
