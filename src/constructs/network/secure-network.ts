import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export type NatGatewayStrategy = 'none' | 'single' | 'per-az';

/** Explicit CIDR blocks per subnet tier, one per availability zone, in AZ order. */
export interface SubnetCidrs {
  readonly public?: readonly string[];
  readonly app?: readonly string[];
  readonly data?: readonly string[];
}

export interface SecureNetworkProps {
  /** VPC CIDR block. */
  readonly cidr: string;
  /** Number of availability zones, the first of the stack's zones (ignored when `availabilityZones` is given). @default 2 */
  readonly maxAzs?: number;
  /**
   * Zone names to spread the subnets over, in order; each must be one of the stack's `availabilityZones`.
   * @default - the first `maxAzs` of the stack's availability zones
   */
  readonly availabilityZones?: readonly string[];
  /** NAT gateways for the app tier's outbound traffic. @default 'per-az' */
  readonly natGateways?: NatGatewayStrategy;
  /** Explicit subnet CIDRs; derived from the VPC CIDR when absent. @default - derived */
  readonly subnetCidrs?: SubnetCidrs;
  /** Key encrypting the flow-log group. */
  readonly flowLogKey: kms.IKey;
  /** Flow-log retention. @default logs.RetentionDays.ONE_YEAR */
  readonly flowLogRetention?: logs.RetentionDays;
  /** Traffic captured by flow logs. @default ec2.FlowLogTrafficType.ALL */
  readonly flowLogTrafficType?: ec2.FlowLogTrafficType;
  /** Removal policy of the flow-log group. @default RemovalPolicy.RETAIN */
  readonly flowLogRemovalPolicy?: RemovalPolicy;
  /** Gateway endpoints to add (s3, dynamodb) and interface endpoints by service short name. @default - none */
  readonly endpoints?: readonly string[];
}

/** Subnet group names, used as `subnetGroupName` selections by other constructs. */
export const SUBNET_GROUPS = { public: 'public', app: 'app', data: 'data' } as const;

/** Hands CDK the spec's explicit subnet CIDRs in the order CDK asks for them (group by group, AZ by AZ). */
class ExplicitSubnetCidrs implements ec2.IIpAddresses {
  private readonly inner: ec2.IIpAddresses;
  constructor(vpcCidr: string, private readonly cidrs: Record<string, readonly string[] | undefined>) {
    this.inner = ec2.IpAddresses.cidr(vpcCidr);
  }
  allocateVpcCidr(): ec2.VpcIpamOptions {
    return this.inner.allocateVpcCidr();
  }
  allocateSubnetsCidr(input: ec2.AllocateCidrRequest): ec2.SubnetIpamOptions {
    const derived = this.inner.allocateSubnetsCidr(input);
    const counters: Record<string, number> = {};
    const allocatedSubnets = input.requestedSubnets.map((request, i) => {
      const group = request.configuration.name;
      const explicit = this.cidrs[group];
      const index = (counters[group] = (counters[group] ?? -1) + 1);
      return explicit?.[index] !== undefined ? { cidr: explicit[index] } : derived.allocatedSubnets[i];
    });
    return { allocatedSubnets };
  }
}

/**
 * A three-tier VPC: public subnets (load balancers, NAT; no automatic public IPs), app subnets (compute, outbound
 * through NAT) and isolated data subnets (databases, caches) behind a network ACL that admits only VPC traffic.
 * Flow logs go to a KMS-encrypted log group.
 */
export class SecureNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly flowLogGroup: logs.LogGroup;
  readonly publicSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.public };
  readonly appSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.app };
  readonly dataSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.data };

  constructor(scope: Construct, id: string, props: SecureNetworkProps) {
    super(scope, id);
    const maxAzs = props.availabilityZones?.length ?? props.maxAzs ?? 2;
    const strategy = props.natGateways ?? 'per-az';
    const natGateways = strategy === 'none' ? 0 : strategy === 'single' ? 1 : maxAzs;
    const prefix = Number(props.cidr.split('/')[1]);
    const explicit = props.subnetCidrs;
    const maskOf = (list: readonly string[] | undefined, fallback: number) => (list?.[0] ? Number(list[0].split('/')[1]) : fallback);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: explicit ? new ExplicitSubnetCidrs(props.cidr, { ...explicit }) : ec2.IpAddresses.cidr(props.cidr),
      ...(props.availabilityZones ? { availabilityZones: [...props.availabilityZones] } : { maxAzs }),
      natGateways,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      // CIS 5.4: the default security group admits nothing.
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: SUBNET_GROUPS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: maskOf(explicit?.public, Math.min(prefix + 8, 28)), mapPublicIpOnLaunch: false },
        {
          name: SUBNET_GROUPS.app,
          subnetType: natGateways > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: maskOf(explicit?.app, Math.min(prefix + 4, 27)),
        },
        { name: SUBNET_GROUPS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: maskOf(explicit?.data, Math.min(prefix + 8, 28)) },
      ],
    });

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: props.flowLogKey,
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: props.flowLogRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: props.flowLogTrafficType ?? ec2.FlowLogTrafficType.ALL,
    });

    // Data tier: only traffic from inside the VPC, in and out (replies use ephemeral ports).
    const dataAcl = new ec2.NetworkAcl(this, 'DataAcl', { vpc: this.vpc, subnetSelection: this.dataSubnets });
    dataAcl.addEntry('InFromVpc', { cidr: ec2.AclCidr.ipv4(props.cidr), ruleNumber: 100, traffic: ec2.AclTraffic.allTraffic(), direction: ec2.TrafficDirection.INGRESS });
    dataAcl.addEntry('OutToVpc', { cidr: ec2.AclCidr.ipv4(props.cidr), ruleNumber: 100, traffic: ec2.AclTraffic.allTraffic(), direction: ec2.TrafficDirection.EGRESS });

    for (const endpoint of props.endpoints ?? []) this.addEndpoint(endpoint);
  }

  private addEndpoint(name: string): void {
    if (name === 's3' || name === 'dynamodb') {
      const service = name === 's3' ? ec2.GatewayVpcEndpointAwsService.S3 : ec2.GatewayVpcEndpointAwsService.DYNAMODB;
      this.vpc.addGatewayEndpoint(`${name}Endpoint`, { service, subnets: [this.appSubnets, this.dataSubnets] });
      return;
    }
    const services: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      ecr: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      secretsmanager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      kms: ec2.InterfaceVpcEndpointAwsService.KMS,
      ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
      sts: ec2.InterfaceVpcEndpointAwsService.STS,
      monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
    };
    const service = services[name];
    if (!service) throw new Error(`unknown VPC endpoint ${name}; expected s3, dynamodb or one of ${Object.keys(services).join(', ')}`);
    this.vpc.addInterfaceEndpoint(`${name}Endpoint`, { service, subnets: this.appSubnets, privateDnsEnabled: true });
    if (name === 'ecr') this.vpc.addInterfaceEndpoint('ecrApiEndpoint', { service: ec2.InterfaceVpcEndpointAwsService.ECR, subnets: this.appSubnets });
  }
}
