import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface SessionManagerBastionProps {
  readonly vpc: ec2.IVpc;
  /** @default - private subnets with egress (SSM needs a route to its endpoints) */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * A Nitro type that encrypts traffic between instances in hardware (Control Tower CT.EC2.PR.19:
   * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/data-protection.html#encryption-transit), the smallest and
   * cheapest of them (Graviton, 1 vCPU, 2 GiB).
   * @default 'c7g.medium'
   */
  readonly instanceType?: string;
  /** @default - latest Amazon Linux 2023 for the instance type's architecture (the public SSM parameter, resolved at deploy time) */
  readonly machineImage?: ec2.IMachineImage;
  /** Root volume size in GiB. @default 8 */
  readonly rootVolumeGb?: number;
  /** Key for the root volume. @default - the AWS-managed EBS key */
  readonly volumeKey?: kms.IKey;
}

/** The default bastion type: see `SessionManagerBastionProps.instanceType`. */
const DEFAULT_BASTION_INSTANCE_TYPE = 'c7g.medium';

/**
 * A bastion reached only through SSM Session Manager: no public IP, no key pair, a security group with no ingress at
 * all (sessions are outbound HTTPS from the agent to SSM), IMDSv2 only, encrypted root volume. Access is controlled
 * and logged by IAM and CloudTrail (ssm:StartSession) instead of SSH keys.
 */
export class SessionManagerBastion extends Construct implements ec2.IConnectable {
  public readonly instance: ec2.Instance;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly role: iam.Role;
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: SessionManagerBastionProps) {
    super(scope, id);
    const vpcSubnets = props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    // No public IP: an instance launched without a network interface of its own gets a public address only when its
    // subnet maps one on launch (MapPublicIpOnLaunch,
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySubnetAttribute.html); private subnets do not
    // and have no internet gateway route, so refuse public ones.
    if (props.vpc.selectSubnets(vpcSubnets).hasPublic) throw new Error('SessionManagerBastion: place the bastion in private subnets; it must have no public IP');
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Bastion ${id}: no ingress; Session Manager is outbound HTTPS`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to SSM endpoints');

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Session Manager bastion instance role',
      // AWS-managed and maintained by SSM: exactly the ssm/ssmmessages/ec2messages calls the agent makes. Its
      // Resource "*" is inherent (the agent's channel APIs have no resource-level scoping), and it grants no data access.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });

    const instanceType = new ec2.InstanceType(props.instanceType ?? DEFAULT_BASTION_INSTANCE_TYPE);
    const cpuType = instanceType.architecture === ec2.InstanceArchitecture.ARM_64 ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64;
    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: props.vpc,
      // The subnet and security group sit on the instance itself (SubnetId, SecurityGroupIds), where the rule packs
      // look for the VPC (EC2InstancesInVPC). AWS takes the subnet either there or on a network interface, never both
      // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-instance.html#cfn-ec2-instance-subnetid),
      // so no interface is stated and the private subnet is what keeps the public IP away (above).
      vpcSubnets,
      instanceType,
      machineImage: props.machineImage ?? ec2.MachineImage.latestAmazonLinux2023({ cpuType }),
      securityGroup: this.securityGroup,
      role: this.role,
      // One-minute metrics: an access host is investigated quickly when something looks wrong.
      detailedMonitoring: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeGb ?? 8, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
            kmsKey: props.volumeKey,
          }),
        },
      ],
    });
    // IMDSv2 only, through a launch template (AWS::EC2::Instance has no metadata options of its own), which also
    // states detailed monitoring as the instance has it (Control Tower CT.EC2.PR.10 reads the template).
    const launchTemplate = new ec2.CfnLaunchTemplate(this, 'LaunchTemplate', {
      launchTemplateData: { metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 }, monitoring: { enabled: true } },
    });
    (this.instance.node.defaultChild as ec2.CfnInstance).launchTemplate = { launchTemplateId: launchTemplate.ref, version: launchTemplate.attrLatestVersionNumber };
    this.connections = this.instance.connections;
  }
}
