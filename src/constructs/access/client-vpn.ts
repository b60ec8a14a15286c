import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface ClientVpnProps {
  readonly vpc: ec2.IVpc;
  /** Subnets the endpoint associates with (one per AZ). @default - private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Client address pool, /12 to /22, must not overlap the VPC. */
  readonly cidr: string;
  /** ACM certificate ARN of the server certificate. */
  readonly serverCertificateArn: string;
  /** ACM certificate ARN of the client root CA (mutual TLS). */
  readonly clientRootCertificateArn: string;
  /**
   * SAML identity provider ARN: when set, users also sign in through the IdP (where MFA is enforced) on top of the
   * client certificate. @default - certificate only
   */
  readonly samlProviderArn?: string;
  /** Only VPC-bound traffic enters the tunnel. @default true */
  readonly splitTunnel?: boolean;
  /** Key encrypting the connection log group. */
  readonly logKey: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** DNS servers pushed to clients. @default - the VPC resolver (VPC base + 2) is not known for imported CIDRs, so none */
  readonly dnsServers?: readonly string[];
}

/**
 * AWS Client VPN for administrative access: mutual certificate authentication, split tunnel, connection logs to a
 * KMS-encrypted log group, access authorised to the VPC CIDR only, associated with the given (app) subnets.
 */
export class ClientVpn extends Construct implements ec2.IConnectable {
  public readonly endpoint: ec2.ClientVpnEndpoint;
  public readonly logGroup: logs.LogGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: ClientVpnProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'ConnectionLogs', {
      encryptionKey: props.logKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Client VPN ${id}: traffic from VPN clients into the VPC`,
      // Never anything outside the VPC (split tunnel keeps internet traffic local); targets still gate by their own SGs.
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.allTcp(), 'VPN clients to the VPC only');
    const saml = props.samlProviderArn ? iam.SamlProvider.fromSamlProviderArn(this, 'Saml', props.samlProviderArn) : undefined;
    this.endpoint = new ec2.ClientVpnEndpoint(this, 'Endpoint', {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      cidr: props.cidr,
      serverCertificateArn: props.serverCertificateArn,
      clientCertificateArn: props.clientRootCertificateArn,
      userBasedAuthentication: saml ? ec2.ClientVpnUserBasedAuthentication.federated(saml) : undefined,
      splitTunnel: props.splitTunnel ?? true,
      logging: true,
      logGroup: this.logGroup,
      securityGroups: [this.securityGroup],
      authorizeAllUsersToVpcCidr: true,
      dnsServers: props.dnsServers ? [...props.dnsServers] : undefined,
      description: `Haven administrative VPN (${id})`,
    });
    this.connections = this.endpoint.connections;
  }
}
