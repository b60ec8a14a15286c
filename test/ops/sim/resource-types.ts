import { generatedName, hex, suffix, uuid } from './ids';

/** What a type rule sees of one resource while its identifiers are being computed. */
export interface ResourceContext {
  readonly type: string;
  readonly logicalId: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  /** Resolved property (intrinsics evaluated); undefined when absent. */
  prop(name: string): unknown;
  /** Physical id (what CloudFormation's ListStackResources reports as PhysicalResourceId). */
  readonly physicalId: string;
  /** The resource's ARN per its service's format. */
  arn(): string;
  /** Seed of the deterministic "random" parts of its identifiers (`<stackName>/<logicalId>`). */
  readonly seed: string;
}

/**
 * How CloudFormation names one resource type and what Ref / Fn::GetAtt return for it, per the resource type reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html, "Return values").
 */
export interface TypeRule {
  /** Property holding an explicit physical name; when set it wins over the generated name. */
  readonly nameProp?: string;
  /** Generated names are lowercase (S3, RDS, ElastiCache, ECR). */
  readonly lowercase?: boolean;
  readonly maxLength?: number;
  /** Physical id that is not a name (VPC ids, key ids, ...). */
  readonly id?: (r: ResourceContext) => string;
  readonly arn?: (r: ResourceContext) => string;
  /** What Ref returns. @default the physical id */
  readonly ref?: (r: ResourceContext) => string;
  readonly attrs?: Readonly<Record<string, (r: ResourceContext) => unknown>>;
}

const arnOf = (service: string, resource: (r: ResourceContext) => string, global = false) => (r: ResourceContext) => `arn:${r.partition}:${service}:${global ? '' : r.region}:${r.account}:${resource(r)}`;
const ec2Id = (prefix: string, n = 17) => (r: ResourceContext) => `${prefix}-${hex(r.seed, n)}`;
const asArn = (r: ResourceContext) => r.arn();

/** ELB hosted zone per region (https://docs.aws.amazon.com/general/latest/gr/elb.html). */
const ELB_ZONES: Record<string, string> = {
  'us-east-1': 'Z35SXDOTRQ7X7K', 'us-east-2': 'Z3AADJGX6KTTL2', 'us-west-2': 'Z1H1FL5HABSF5', 'ca-central-1': 'ZQSVJUPU6J1EY',
  'eu-west-1': 'Z32O12XQLNTSW2', 'eu-central-1': 'Z215JYRZR1TBD5', 'eu-west-2': 'ZHURV8PSTC4K8',
};

const ENGINE_PORTS: Record<string, number> = { postgres: 5432, 'aurora-postgresql': 5432, mysql: 3306, 'aurora-mysql': 3306, mariadb: 3306 };
const dbPort = (r: ResourceContext) => String(r.prop('Port') ?? ENGINE_PORTS[String(r.prop('Engine') ?? 'postgres')] ?? 5432);
const lbName = (r: ResourceContext) => r.physicalId;
const lbArn = (r: ResourceContext) => `arn:${r.partition}:elasticloadbalancing:${r.region}:${r.account}:loadbalancer/${r.prop('Type') === 'network' ? 'net' : 'app'}/${lbName(r)}/${hex(r.seed, 16)}`;

export const TYPE_RULES: Readonly<Record<string, TypeRule>> = {
  'AWS::S3::Bucket': {
    nameProp: 'BucketName', lowercase: true, maxLength: 63,
    arn: (r) => `arn:${r.partition}:s3:::${r.physicalId}`,
    attrs: {
      Arn: asArn, DomainName: (r) => `${r.physicalId}.s3.amazonaws.com`, RegionalDomainName: (r) => `${r.physicalId}.s3.${r.region}.amazonaws.com`,
      DualStackDomainName: (r) => `${r.physicalId}.s3.dualstack.${r.region}.amazonaws.com`, WebsiteURL: (r) => `http://${r.physicalId}.s3-website.${r.region}.amazonaws.com`,
    },
  },
  'AWS::RDS::DBInstance': {
    nameProp: 'DBInstanceIdentifier', lowercase: true, maxLength: 63,
    arn: arnOf('rds', (r) => `db:${r.physicalId}`),
    attrs: {
      'Endpoint.Address': (r) => `${r.physicalId}.${hex(r.account + r.region, 12)}.${r.region}.rds.amazonaws.com`, 'Endpoint.Port': dbPort,
      DBInstanceArn: asArn, DbiResourceId: (r) => `db-${suffix(r.seed, 26)}`,
    },
  },
  'AWS::RDS::DBCluster': {
    nameProp: 'DBClusterIdentifier', lowercase: true, maxLength: 63,
    arn: arnOf('rds', (r) => `cluster:${r.physicalId}`),
    attrs: {
      'Endpoint.Address': (r) => `${r.physicalId}.cluster-${hex(r.account + r.region, 12)}.${r.region}.rds.amazonaws.com`,
      'ReadEndpoint.Address': (r) => `${r.physicalId}.cluster-ro-${hex(r.account + r.region, 12)}.${r.region}.rds.amazonaws.com`,
      'Endpoint.Port': dbPort, DBClusterArn: asArn, DBClusterResourceId: (r) => `cluster-${suffix(r.seed, 26)}`,
    },
  },
  'AWS::RDS::DBParameterGroup': { nameProp: 'DBParameterGroupName', lowercase: true, maxLength: 255 },
  'AWS::RDS::DBClusterParameterGroup': { nameProp: 'DBClusterParameterGroupName', lowercase: true, maxLength: 255 },
  'AWS::RDS::DBSubnetGroup': { nameProp: 'DBSubnetGroupName', lowercase: true, maxLength: 255 },
  'AWS::RDS::GlobalCluster': { nameProp: 'GlobalClusterIdentifier', lowercase: true, maxLength: 63 },
  'AWS::CloudTrail::Trail': {
    nameProp: 'TrailName', maxLength: 128,
    arn: arnOf('cloudtrail', (r) => `trail/${r.physicalId}`),
    attrs: { Arn: asArn, SnsTopicArn: (r) => r.prop('SnsTopicName') },
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    nameProp: 'Name', maxLength: 32,
    arn: lbArn, ref: asArn,
    attrs: {
      LoadBalancerArn: asArn, LoadBalancerName: lbName, LoadBalancerFullName: (r) => r.arn().split(':loadbalancer/')[1],
      DNSName: (r) => `${r.prop('Scheme') === 'internal' ? 'internal-' : ''}${lbName(r)}-${BigInt(`0x${hex(r.seed, 10)}`).toString().slice(0, 10)}.${r.region}.elb.amazonaws.com`,
      CanonicalHostedZoneID: (r) => ELB_ZONES[r.region] ?? `Z${suffix(r.region, 13)}`, SecurityGroups: (r) => r.prop('SecurityGroups') ?? [],
    },
  },
  'AWS::ElasticLoadBalancingV2::Listener': {
    // A listener's ARN extends its load balancer's: ...:listener/app/<lb-name>/<lb-id>/<listener-id>.
    id: (r) => `${String(r.prop('LoadBalancerArn')).replace(':loadbalancer/', ':listener/')}/${hex(r.seed, 16)}`,
    arn: (r) => r.physicalId, attrs: { ListenerArn: asArn },
  },
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    nameProp: 'Name', maxLength: 32,
    arn: arnOf('elasticloadbalancing', (r) => `targetgroup/${r.physicalId}/${hex(r.seed, 16)}`), ref: asArn,
    attrs: { TargetGroupArn: asArn, TargetGroupName: (r) => r.physicalId, TargetGroupFullName: (r) => `targetgroup/${r.arn().split(':targetgroup/')[1]}`, LoadBalancerArns: () => [] },
  },
  'AWS::KMS::Key': { id: (r) => uuid(r.seed), arn: arnOf('kms', (r) => `key/${r.physicalId}`), attrs: { Arn: asArn, KeyId: (r) => r.physicalId } },
  'AWS::KMS::Alias': { nameProp: 'AliasName' },
  'AWS::SNS::Topic': {
    nameProp: 'TopicName', maxLength: 256,
    arn: arnOf('sns', (r) => r.physicalId), ref: asArn, attrs: { TopicArn: asArn, TopicName: (r) => r.physicalId },
  },
  'AWS::SNS::Subscription': { id: (r) => `${String(r.prop('TopicArn'))}:${uuid(r.seed)}`, arn: (r) => r.physicalId },
  'AWS::Backup::BackupVault': {
    nameProp: 'BackupVaultName', maxLength: 50,
    arn: arnOf('backup', (r) => `backup-vault:${r.physicalId}`), attrs: { BackupVaultArn: asArn, BackupVaultName: (r) => r.physicalId },
  },
  'AWS::Backup::BackupPlan': {
    id: (r) => uuid(r.seed), arn: arnOf('backup', (r) => `backup-plan:${r.physicalId}`),
    attrs: { BackupPlanId: (r) => r.physicalId, BackupPlanArn: asArn, VersionId: (r) => suffix(`${r.seed}/v`, 32) },
  },
  'AWS::Backup::BackupSelection': { id: (r) => uuid(r.seed), attrs: { SelectionId: (r) => r.physicalId, BackupPlanId: (r) => r.prop('BackupPlanId') } },
  'AWS::Route53::HealthCheck': { id: (r) => uuid(r.seed), attrs: { HealthCheckId: (r) => r.physicalId } },
  'AWS::Route53::HostedZone': { id: (r) => `Z${suffix(r.seed, 20)}`, attrs: { Id: (r) => r.physicalId, NameServers: () => ['ns-1.awsdns-01.org'] } },
  'AWS::Route53::RecordSet': { id: (r) => String(r.prop('Name')) },
  'AWS::CloudWatch::Alarm': { nameProp: 'AlarmName', maxLength: 255, arn: arnOf('cloudwatch', (r) => `alarm:${r.physicalId}`), attrs: { Arn: asArn } },
  'AWS::CloudWatch::CompositeAlarm': { nameProp: 'AlarmName', maxLength: 255, arn: arnOf('cloudwatch', (r) => `alarm:${r.physicalId}`), attrs: { Arn: asArn } },
  'AWS::CloudWatch::Dashboard': { nameProp: 'DashboardName' },
  'AWS::SecretsManager::Secret': {
    nameProp: 'Name', maxLength: 512,
    // Secrets Manager appends six random characters to the name in the ARN.
    arn: arnOf('secretsmanager', (r) => `secret:${r.physicalId}-${suffix(r.seed, 6)}`), ref: asArn, attrs: { Id: asArn },
  },
  // Ref of a SecretTargetAttachment is the secret's ARN.
  'AWS::SecretsManager::SecretTargetAttachment': { id: (r) => String(r.prop('SecretId')) },
  'AWS::ElastiCache::ReplicationGroup': {
    nameProp: 'ReplicationGroupId', lowercase: true, maxLength: 40,
    arn: arnOf('elasticache', (r) => `replicationgroup:${r.physicalId}`),
    attrs: {
      'PrimaryEndPoint.Address': (r) => `master.${r.physicalId}.${hex(r.seed, 6)}.${r.region}.cache.amazonaws.com`, 'PrimaryEndPoint.Port': (r) => String(r.prop('Port') ?? 6379),
      'ReaderEndPoint.Address': (r) => `replica.${r.physicalId}.${hex(r.seed, 6)}.${r.region}.cache.amazonaws.com`, 'ReaderEndPoint.Port': (r) => String(r.prop('Port') ?? 6379),
      'ConfigurationEndPoint.Address': (r) => `clustercfg.${r.physicalId}.${hex(r.seed, 6)}.${r.region}.cache.amazonaws.com`, 'ConfigurationEndPoint.Port': (r) => String(r.prop('Port') ?? 6379),
    },
  },
  'AWS::ElastiCache::SubnetGroup': { nameProp: 'CacheSubnetGroupName', lowercase: true },
  'AWS::EC2::VPC': { id: ec2Id('vpc'), attrs: { VpcId: (r) => r.physicalId, CidrBlock: (r) => r.prop('CidrBlock'), DefaultSecurityGroup: ec2Id('sg'), DefaultNetworkAcl: ec2Id('acl') } },
  'AWS::EC2::Subnet': { id: ec2Id('subnet'), attrs: { SubnetId: (r) => r.physicalId, AvailabilityZone: (r) => r.prop('AvailabilityZone'), CidrBlock: (r) => r.prop('CidrBlock') } },
  'AWS::EC2::SecurityGroup': { id: ec2Id('sg'), attrs: { GroupId: (r) => r.physicalId, VpcId: (r) => r.prop('VpcId') } },
  'AWS::EC2::EIP': { id: (r) => `3.${parseInt(hex(r.seed, 2), 16)}.${parseInt(hex(`${r.seed}/b`, 2), 16)}.${parseInt(hex(`${r.seed}/c`, 2), 16)}`, attrs: { AllocationId: ec2Id('eipalloc'), PublicIp: (r) => r.physicalId } },
  'AWS::EC2::NatGateway': { id: ec2Id('nat') },
  'AWS::EC2::InternetGateway': { id: ec2Id('igw'), attrs: { InternetGatewayId: (r) => r.physicalId } },
  'AWS::EC2::RouteTable': { id: ec2Id('rtb'), attrs: { RouteTableId: (r) => r.physicalId } },
  'AWS::EC2::NetworkAcl': { id: ec2Id('acl'), attrs: { Id: (r) => r.physicalId } },
  'AWS::EC2::FlowLog': { id: ec2Id('fl') },
  'AWS::EC2::Instance': { id: ec2Id('i'), attrs: { PrivateIp: () => '10.0.0.10', AvailabilityZone: (r) => `${r.region}a` } },
  'AWS::EC2::LaunchTemplate': { id: ec2Id('lt'), attrs: { LaunchTemplateId: (r) => r.physicalId, LatestVersionNumber: () => '1', DefaultVersionNumber: () => '1' } },
  'AWS::EC2::VPCEndpoint': { id: ec2Id('vpce') },
  'AWS::EC2::ClientVpnEndpoint': { id: ec2Id('cvpn-endpoint') },
  'AWS::EC2::TransitGateway': { id: ec2Id('tgw') },
  'AWS::IAM::Role': {
    nameProp: 'RoleName', maxLength: 64,
    arn: (r) => `arn:${r.partition}:iam::${r.account}:role${String(r.prop('Path') ?? '/')}${r.physicalId}`, attrs: { Arn: asArn, RoleId: (r) => `AROA${suffix(r.seed, 17)}` },
  },
  'AWS::IAM::ManagedPolicy': { nameProp: 'ManagedPolicyName', arn: (r) => `arn:${r.partition}:iam::${r.account}:policy/${r.physicalId}`, ref: asArn, attrs: { PolicyArn: asArn } },
  'AWS::IAM::InstanceProfile': { nameProp: 'InstanceProfileName', arn: (r) => `arn:${r.partition}:iam::${r.account}:instance-profile/${r.physicalId}`, attrs: { Arn: asArn } },
  'AWS::Lambda::Function': { nameProp: 'FunctionName', maxLength: 64, arn: arnOf('lambda', (r) => `function:${r.physicalId}`), attrs: { Arn: asArn } },
  'AWS::Logs::LogGroup': { nameProp: 'LogGroupName', arn: arnOf('logs', (r) => `log-group:${r.physicalId}:*`), attrs: { Arn: asArn } },
  'AWS::ECS::Cluster': { nameProp: 'ClusterName', arn: arnOf('ecs', (r) => `cluster/${r.physicalId}`), attrs: { Arn: asArn } },
  'AWS::ECS::Service': {
    nameProp: 'ServiceName',
    arn: (r) => `arn:${r.partition}:ecs:${r.region}:${r.account}:service/${String(r.prop('Cluster') ?? 'default').split('/').pop()}/${r.physicalId}`,
    ref: asArn, attrs: { Name: (r) => r.physicalId, ServiceArn: asArn },
  },
  'AWS::ECS::TaskDefinition': { id: (r) => `arn:${r.partition}:ecs:${r.region}:${r.account}:task-definition/${String(r.prop('Family') ?? r.logicalId)}:1`, arn: (r) => r.physicalId, attrs: { TaskDefinitionArn: asArn } },
  'AWS::ECR::Repository': {
    nameProp: 'RepositoryName', lowercase: true, maxLength: 256,
    arn: arnOf('ecr', (r) => `repository/${r.physicalId}`), attrs: { Arn: asArn, RepositoryUri: (r) => `${r.account}.dkr.ecr.${r.region}.amazonaws.com/${r.physicalId}` },
  },
  'AWS::CertificateManager::Certificate': { id: (r) => `arn:${r.partition}:acm:${r.region}:${r.account}:certificate/${uuid(r.seed)}`, arn: (r) => r.physicalId },
  'AWS::WAFv2::WebACL': {
    nameProp: 'Name', maxLength: 128,
    arn: (r) => `arn:${r.partition}:wafv2:${r.region}:${r.account}:${r.prop('Scope') === 'CLOUDFRONT' ? 'global' : 'regional'}/webacl/${r.physicalId}/${uuid(r.seed)}`,
    ref: (r) => `${r.physicalId}|${uuid(r.seed)}|${String(r.prop('Scope'))}`, attrs: { Arn: asArn, Id: (r) => uuid(r.seed) },
  },
  'AWS::CloudFront::Distribution': { id: (r) => `E${suffix(r.seed, 13)}`, attrs: { DomainName: (r) => `d${hex(r.seed, 13)}.cloudfront.net`, Id: (r) => r.physicalId } },
  'AWS::GuardDuty::Detector': { id: (r) => hex(r.seed, 32), attrs: { Id: (r) => r.physicalId } },
  'AWS::Config::ConfigurationRecorder': { nameProp: 'Name' },
  'AWS::Config::DeliveryChannel': { nameProp: 'Name' },
  'AWS::SecurityHub::Hub': { id: (r) => `arn:${r.partition}:securityhub:${r.region}:${r.account}:hub/default`, arn: (r) => r.physicalId, attrs: { ARN: asArn } },
  'AWS::SSM::Parameter': { nameProp: 'Name', attrs: { Type: (r) => r.prop('Type'), Value: (r) => r.prop('Value') } },
  'AWS::EFS::FileSystem': { id: ec2Id('fs'), arn: arnOf('elasticfilesystem', (r) => `file-system/${r.physicalId}`), attrs: { Arn: asArn, FileSystemId: (r) => r.physicalId } },
  'AWS::EKS::Cluster': {
    nameProp: 'Name', arn: arnOf('eks', (r) => `cluster/${r.physicalId}`),
    attrs: { Arn: asArn, Endpoint: (r) => `https://${hex(r.seed, 32).toUpperCase()}.gr7.${r.region}.eks.amazonaws.com`, ClusterSecurityGroupId: ec2Id('sg'), CertificateAuthorityData: () => 'LS0tLS1CRUdJTg==', OpenIdConnectIssuerUrl: (r) => `https://oidc.eks.${r.region}.amazonaws.com/id/${hex(r.seed, 32).toUpperCase()}` },
  },
  // Ref is `<cluster>/<nodegroup>`, the primary identifier (`Id`) Cloud Control addresses it by
  // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-nodegroup.html, "Return values").
  'AWS::EKS::Nodegroup': {
    nameProp: 'NodegroupName', maxLength: 63,
    arn: arnOf('eks', (r) => `nodegroup/${String(r.prop('ClusterName'))}/${r.physicalId}/${uuid(r.seed)}`),
    ref: (r) => `${String(r.prop('ClusterName'))}/${r.physicalId}`,
    attrs: { Arn: asArn, NodegroupName: (r) => r.physicalId, ClusterName: (r) => r.prop('ClusterName') },
  },
  'AWS::CodePipeline::Pipeline': { nameProp: 'Name' },
  'AWS::Budgets::Budget': { nameProp: 'BudgetName' /* in Budget.BudgetName; generated otherwise */ },
  // A nested stack's physical id is its own stack ARN (the model computes it); Outputs.<key> attributes come from its template.
  'AWS::CloudFormation::Stack': { arn: (r) => r.physicalId },
};

/** Rule for a type the table does not know: a generated name, a conventional ARN, placeholder attributes. */
export function ruleFor(type: string): TypeRule {
  return TYPE_RULES[type] ?? {};
}

export function physicalIdOf(rule: TypeRule, r: Omit<ResourceContext, 'physicalId' | 'arn'>, explicitName: unknown): string {
  // Services that store names in lowercase (RDS, ElastiCache) report an explicit name lowercased too.
  if (rule.nameProp && typeof explicitName === 'string' && explicitName) return rule.lowercase ? explicitName.toLowerCase() : explicitName;
  if (rule.id) return rule.id({ ...r, physicalId: '', arn: () => '' });
  return generatedName(r.stackName, r.logicalId, { maxLength: rule.maxLength, lowercase: rule.lowercase });
}

export function defaultArn(type: string, r: ResourceContext): string {
  const [, service = 'unknown', kind = 'resource'] = type.split('::');
  return `arn:${r.partition}:${service.toLowerCase()}:${r.region}:${r.account}:${kind.toLowerCase()}/${r.physicalId}`;
}
