import {
  DescribeListenersCommand, type DescribeListenersCommandInput, DescribeLoadBalancersCommand, type DescribeLoadBalancersCommandInput,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ServiceModule, awsError, op } from '../service';

const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

export const elbv2: ServiceModule = {
  client: ElasticLoadBalancingV2Client,
  operations: [
    // DescribeLoadBalancers: https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html
    op<DescribeLoadBalancersCommandInput>(DescribeLoadBalancersCommand, (world, input, region) => {
      const lbs = world.resources(LB, region).filter((r) => !input.LoadBalancerArns?.length || input.LoadBalancerArns.includes(r.arn));
      if (input.LoadBalancerArns?.length && lbs.length < input.LoadBalancerArns.length) throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found', 400);
      return { LoadBalancers: lbs.map((r) => ({ LoadBalancerArn: r.arn, LoadBalancerName: r.physicalId, DNSName: r.attr('DNSName'), Scheme: world.prop(r, 'Scheme') ?? 'internet-facing', SecurityGroups: world.prop<string[]>(r, 'SecurityGroups') ?? [], State: { Code: 'active' } })) };
    }),
    // DescribeListeners: https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeListeners.html
    op<DescribeListenersCommandInput>(DescribeListenersCommand, (world, input, region) => {
      const lb = world.find(LB, region, (r) => r.arn === input.LoadBalancerArn);
      if (!lb) throw awsError('LoadBalancerNotFoundException', `Load balancer '${input.LoadBalancerArn}' not found`, 400);
      const listeners = world.resources('AWS::ElasticLoadBalancingV2::Listener', region).filter((l) => world.prop(l, 'LoadBalancerArn') === lb.arn);
      return {
        Listeners: listeners.map((l) => {
          const protocol = world.prop<string>(l, 'Protocol');
          const secure = protocol === 'HTTPS' || protocol === 'TLS';
          return {
            ListenerArn: l.physicalId, LoadBalancerArn: lb.arn, Port: Number(world.prop(l, 'Port')), Protocol: protocol,
            // Without SslPolicy, ELB applies its default policy to a secure listener.
            SslPolicy: secure ? world.prop<string>(l, 'SslPolicy') ?? 'ELBSecurityPolicy-2016-08' : undefined,
            Certificates: world.prop(l, 'Certificates'), DefaultActions: world.prop(l, 'DefaultActions'),
          };
        }),
      };
    }),
  ],
};
