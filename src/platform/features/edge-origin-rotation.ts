import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { OriginSecretRotation } from '../../constructs/cdn/origin-secret-rotation';
import type { SecureLoadBalancer } from '../../constructs/loadbalancer';
import { drBuildsLoadBalancer } from '../../dr/dns-plan';
import type { PlatformContext } from '../context';
import { logRetentionPolicy } from './monitoring';
import { tagHavenResource } from './metadata';

/*
 * Rotation of the origin header secret (edge.alb.access 'cloudfront').
 *
 * Where each piece lives: the secret, the distribution (a global resource, managed in the primary stack beside the
 * buckets it serves, see edge.ts) and the primary ALB are in the primary stack, and so is the rotation function. The
 * DR region's ALB is in the DR stack, deployed after the primary one: it publishes its HTTPS listener's ARN in an
 * SSM parameter of its own region under a name both stacks derive from the environment, and the function reads it
 * there at rotation time (a parameter not yet created is a DR stack not yet deployed, which reads the current value
 * through its dynamic reference when it is). CloudFront's API is global, Elastic Load Balancing's regional: the
 * function calls each listener's region, read from its ARN.
 */

/** Days between rotations of the origin header. No spec field: the value guards nothing people type, and a month
 * keeps it short-lived (Secrets Manager allows 4 hours to 1000 days). */
export const ORIGIN_SECRET_ROTATION_DAYS = 30;

/** Physical name of an environment's ALB in a role, when it fits ELB's 32 characters (CloudFormation names it otherwise). */
export function albPhysicalName(ctx: Pick<PlatformContext, 'name'>, role: 'primary' | 'dr'): string | undefined {
  const name = ctx.name(role === 'dr' ? 'alb-dr' : 'alb');
  return name.length <= 32 ? name : undefined;
}

/** SSM parameter (in the DR region) holding the DR ALB's HTTPS listener ARN. */
export function originListenerParameterName(ctx: Pick<PlatformContext, 'name'>): string {
  return `/${ctx.name('edge')}/origin-listener`;
}

/** DR stack: publish the listener whose rules check the origin header, for the primary region's rotation. */
export function publishOriginListener(ctx: PlatformContext, alb: SecureLoadBalancer): void {
  new ssm.StringParameter(ctx.stack, 'EdgeOriginListener', {
    parameterName: originListenerParameterName(ctx),
    stringValue: alb.httpsListener.listenerArn,
    description: `HTTPS listener of ${ctx.name('alb-dr')}: the origin header rotation in ${ctx.plan.regions.primary} updates its rules`,
  });
}

/** Primary stack: rotate the origin header of `distributionId` and the listener rules checking it, in both regions. */
export function rotateOriginSecret(ctx: PlatformContext, secret: secretsmanager.ISecret, headerName: string, distributionId: string, alb: SecureLoadBalancer): OriginSecretRotation {
  const dr = drBuildsLoadBalancer(ctx.plan) ? ctx.plan.regions.dr : undefined;
  const rotation = new OriginSecretRotation(ctx.stack, 'EdgeOriginRotation', {
    secret,
    secretKey: ctx.key('secrets'),
    distributionId,
    headerName,
    listeners: [alb.httpsListener],
    rotateEvery: Duration.days(ORIGIN_SECRET_ROTATION_DAYS),
    remoteListeners: dr ? [{ region: dr, parameterName: originListenerParameterName(ctx), loadBalancerName: albPhysicalName(ctx, 'dr') }] : [],
    vpc: ctx.vpc,
    vpcSubnets: ctx.subnets.app,
    environmentKey: ctx.key('data'),
    logKey: ctx.key('logs'),
    logRetention: logRetentionPolicy(ctx.plan).retentionFor('audit'),
    alarmTopic: ctx.alarmTopic,
    removalPolicy: ctx.plan.defaults.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  tagHavenResource(rotation.handler.function, 'edge.alb.access');
  ctx.registry.alarms.push(rotation.errorAlarm, ...(rotation.handler.deadLetterAlarm ? [rotation.handler.deadLetterAlarm] : []));
  return rotation;
}
