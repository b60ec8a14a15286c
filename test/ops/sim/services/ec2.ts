import { DescribeSecurityGroupsCommand, type DescribeSecurityGroupsCommandInput, EC2Client } from '@aws-sdk/client-ec2';
import { SimResource } from '../model';
import { ServiceModule, awsError, op } from '../service';
import { World } from '../world';

type Rule = { IpProtocol?: string; FromPort?: number; ToPort?: number; CidrIp?: string; CidrIpv6?: string; SourceSecurityGroupId?: string; Description?: string };

/** Inline SecurityGroupIngress plus the separate AWS::EC2::SecurityGroupIngress resources that target the group. */
function ingress(world: World, g: SimResource, region: string): Rule[] {
  const separate = world.resources('AWS::EC2::SecurityGroupIngress', region).filter((i) => world.prop(i, 'GroupId') === g.physicalId).map((i) => i.properties as Rule);
  return [...(world.prop<Rule[]>(g, 'SecurityGroupIngress') ?? []), ...separate];
}

function permission(r: Rule) {
  return {
    IpProtocol: String(r.IpProtocol), FromPort: r.FromPort === undefined ? undefined : Number(r.FromPort), ToPort: r.ToPort === undefined ? undefined : Number(r.ToPort),
    IpRanges: r.CidrIp ? [{ CidrIp: r.CidrIp, Description: r.Description }] : [], Ipv6Ranges: r.CidrIpv6 ? [{ CidrIpv6: r.CidrIpv6, Description: r.Description }] : [],
    UserIdGroupPairs: r.SourceSecurityGroupId ? [{ GroupId: r.SourceSecurityGroupId }] : [],
  };
}

export const ec2: ServiceModule = {
  client: EC2Client,
  operations: [
    // DescribeSecurityGroups: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
    op<DescribeSecurityGroupsCommandInput>(DescribeSecurityGroupsCommand, (world, input, region) => {
      const groups = world.resources('AWS::EC2::SecurityGroup', region).filter((g) => !input.GroupIds?.length || input.GroupIds.includes(g.physicalId));
      const unknown = (input.GroupIds ?? []).find((id) => !groups.some((g) => g.physicalId === id));
      if (unknown) throw awsError('InvalidGroup.NotFound', `The security group '${unknown}' does not exist`);
      return { SecurityGroups: groups.map((g) => ({ GroupId: g.physicalId, GroupName: world.prop(g, 'GroupName') ?? g.physicalId, VpcId: world.prop(g, 'VpcId'), IpPermissions: ingress(world, g, region).map(permission) })) };
    }),
  ],
};
