import { Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
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
  /**
   * Public source CIDRs allowed to connect (IP allowlisting). Enforced by a client connect handler that refuses any
   * other source address, after certificate (and SAML) authentication. @default - any source address
   */
  readonly allowedSourceCidrs?: readonly string[];
  /** DNS servers pushed to clients. @default - the VPC resolver (VPC base + 2) is not known for imported CIDRs, so none */
  readonly dnsServers?: readonly string[];
}

/** Allows a connection only from an allowlisted public source address; anything malformed is refused. */
const CONNECT_HANDLER = `import ipaddress, os

ALLOWED = [ipaddress.ip_network(c) for c in os.environ['ALLOWED_CIDRS'].split(',') if c]

def handler(event, context):
    try:
        source = ipaddress.ip_address(event.get('public-ip', ''))
        allow = any(source in net for net in ALLOWED)
    except ValueError:
        allow = False
    return {
        'allow': allow,
        'error-msg-on-denied-connection': '' if allow else 'Source address not on the allowlist',
        'posture-compliance-statuses': [],
        'schema-version': 'v1',
    }
`;

/**
 * AWS Client VPN for administrative access: mutual certificate authentication, split tunnel, connection logs to a
 * KMS-encrypted log group, access authorised to the VPC CIDR only, associated with the given (app) subnets.
 */
export class ClientVpn extends Construct implements ec2.IConnectable {
  public readonly endpoint: ec2.ClientVpnEndpoint;
  public readonly logGroup: logs.LogGroup;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly connections: ec2.Connections;
  /** The source-IP allowlist handler, when `allowedSourceCidrs` is set. */
  public readonly connectionHandler?: lambda.Function;

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
    if (props.allowedSourceCidrs && props.allowedSourceCidrs.length > 0) {
      this.connectionHandler = this.createConnectionHandler(props.allowedSourceCidrs, props.logKey, props.logRetention, props.removalPolicy);
    }
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
      clientConnectionHandler: this.connectionHandler,
      dnsServers: props.dnsServers ? [...props.dnsServers] : undefined,
      description: `Haven administrative VPN (${id})`,
    });
    this.connections = this.endpoint.connections;
  }

  private createConnectionHandler(cidrs: readonly string[], logKey: kms.IKey, retention?: logs.RetentionDays, removalPolicy?: RemovalPolicy): lambda.Function {
    const logGroup = new logs.LogGroup(this, 'ConnectHandlerLogs', {
      encryptionKey: logKey,
      retention: retention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: removalPolicy ?? RemovalPolicy.RETAIN,
    });
    return new lambda.Function(this, 'ConnectHandler', {
      // Client VPN only invokes handlers whose name starts with AWSClientVPN-.
      functionName: `AWSClientVPN-${Names.uniqueResourceName(this, { maxLength: 50 })}`,
      runtime: lambda.Runtime.PYTHON_3_13,
      handler: 'index.handler',
      timeout: Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: { ALLOWED_CIDRS: cidrs.join(',') },
      code: lambda.Code.fromInline(CONNECT_HANDLER),
    });
  }
}
