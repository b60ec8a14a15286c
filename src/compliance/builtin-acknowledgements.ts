/**
 * Acknowledgements Haven needs by design. Each names the rule, the resources it is limited to, and why the
 * finding is expected for a Haven platform. They are applied after the spec's own acknowledgements and always
 * shown in the report (as acknowledged, owner "haven"), never silently dropped.
 */
export interface BuiltinAcknowledgement {
  /** Rule id; a cdk-nag id without `[finding]` also covers each of its findings. */
  readonly rule: string;
  /** Limits a cdk-nag rule to some of its findings, tested against the full finding id (`AwsSolutions-IAM5[Action::s3:List*]`). */
  readonly finding?: RegExp;
  readonly resourceType?: string;
  /** Logical ids the acknowledgement is limited to. */
  readonly logicalId?: RegExp;
  /** Stack names (artifact ids) the acknowledgement is limited to. */
  readonly stack?: RegExp;
  /** Limits it to resources whose synthesized properties satisfy this (e.g. only when a certificate is set). */
  readonly when?: (properties: Readonly<Record<string, unknown>>) => boolean;
  readonly reason: string;
  /** The AWS documentation of the fact the acknowledgement rests on (what AWS imposes, or how the rule reads the template). */
  readonly docs: string;
}

/** CDK's own singleton Lambda functions (custom-resource providers, log retention, bucket notifications, auto-delete). */
const CDK_INTERNAL_FUNCTION = /^(AWS[0-9a-f]{32}|CustomResourceProvider|CustomS3AutoDeleteObjects|CustomVpcRestrictDefaultSG|CustomCDKBucketDeployment|LogRetention[0-9a-f]{32}|BucketNotificationsHandler[0-9a-f]{32}|.*ProviderframeworkonEvent|.*Provider[A-Za-z]*Handler)/;

/** AWS documentation pages the acknowledgements below rest on. */
const DOCS = {
  igw: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
  albScheme: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme',
  customResources: 'https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.custom_resources-readme.html',
  lambdaBasicRole: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html',
  awsManagedPolicies: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies',
  inlinePolicies: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#inline-policies',
  cdkGrants: 'https://docs.aws.amazon.com/cdk/v2/guide/permissions.html#permissions-grants',
  s3Resources: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies',
  ecrAuth: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html',
  xrayActions: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html',
  elbActions: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html',
  ecsActions: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html',
  codeBuildRole: 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html',
  s3ReplicationKms: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html',
  s3Replication: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html',
  s3ReplicationRequirements: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html',
  codePipelineArtifactStores: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codepipeline-pipeline-artifactstoremap.html',
  rdsBackupReplication: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html',
  rdsCrossRegionReplica: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html',
  rdsSecurityGroups: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html',
  elastiCacheSecurityGroups: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/elasticache-vpc-accessing.html',
  elastiCacheAuth: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html#auth-modifyng-token',
  elastiCacheRbac: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html',
  albSecurityGroups: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html',
  albRedirect: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions',
  albAccessLogs: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html',
  networkAcls: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
  clientVpnHandler: 'https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html',
  securityGroupIngress: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroupingress.html',
  ecsBlueGreen: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html',
  codeBuildSource: 'https://docs.aws.amazon.com/codebuild/latest/userguide/sample-codepipeline.html',
  eksKubectl: 'https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_eks-readme.html',
  ec2Instance: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-instance.html#cfn-ec2-instance-subnetid',
  ecsSecrets: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data-secrets.html',
  auroraBackup: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-feature-availability.html',
  s3ServerLogs: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html',
  codeDeployRollback: 'https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html',
  configRecorder: 'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html',
  s3DataEvents: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html',
  s3ObjectLock: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
  guardDutyFeatures: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-feature-object-api-changes-march2023.html',
  containerInsights: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-container-insights.html',
  cloudFrontRootObject: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DefaultRootObject.html',
  cloudFrontOriginFailover: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html',
  cloudFrontCertificate: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html',
  logRetention: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention',
  codeBuildDocker: 'https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker.html',
} as const;

const IGW_ROUTE = 'A public subnet exists to hold the load balancers and NAT gateways; its default route to the internet gateway is what makes it public. Workloads and data stores live in private/isolated subnets.';
const CDK_FUNCTION = 'CDK-managed deployment-time function (custom resource provider); it runs only during deployments, holds no data and is not part of the workload.';

export const CDK_ACKNOWLEDGEMENTS: readonly BuiltinAcknowledgement[] = [
  { rule: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', resourceType: 'AWS::EC2::Route', logicalId: /public/i, reason: IGW_ROUTE, docs: DOCS.igw },
  { rule: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', resourceType: 'AWS::EC2::Route', logicalId: /public/i, reason: IGW_ROUTE, docs: DOCS.igw },
  { rule: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', resourceType: 'AWS::EC2::Route', logicalId: /public/i, reason: IGW_ROUTE, docs: DOCS.igw },
  { rule: 'PCI.DSS.321-VPCSubnetAutoAssignPublicIpDisabled', resourceType: 'AWS::EC2::Subnet', logicalId: /public/i, reason: 'Public subnets assign public addresses so that NAT gateways and internet-facing load balancers can work; no instance runs there.', docs: DOCS.albScheme },
  { rule: 'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled', resourceType: 'AWS::EC2::Subnet', logicalId: /public/i, reason: 'Public subnets assign public addresses so that NAT gateways and internet-facing load balancers can work; no instance runs there.', docs: DOCS.albScheme },
  { rule: 'HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled', resourceType: 'AWS::EC2::Subnet', logicalId: /public/i, reason: 'Public subnets assign public addresses so that NAT gateways and internet-facing load balancers can work; no instance runs there.', docs: DOCS.albScheme },
  // Reserved concurrency and a dead-letter queue are met for these by CdkFunctionBaseline (src/constructs/functions).
  ...['HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC', 'CT.LAMBDA.PR.3', 'AwsSolutions-L1', 'HAVEN-ALARM-COVERAGE'].map(
    (rule): BuiltinAcknowledgement => ({ rule, resourceType: 'AWS::Lambda::Function', logicalId: CDK_INTERNAL_FUNCTION, reason: CDK_FUNCTION, docs: DOCS.customResources }),
  ),
  { rule: 'AwsSolutions-IAM4', resourceType: 'AWS::IAM::Role', logicalId: CDK_INTERNAL_FUNCTION, reason: 'The CDK custom-resource provider role uses AWSLambdaBasicExecutionRole, which only writes its own logs.', docs: DOCS.lambdaBasicRole },
];

const SERVICE_ROLE = 'AWS service role policy the service documents as required for this role (AWS Backup, AWS Config, RDS enhanced monitoring, EKS, CodeDeploy, Lambda logging/VPC ENIs); AWS keeps it current as the service changes, which a copied customer policy would not.';
const CDK_GRANT_ACTIONS = 'Action group emitted by a CDK grant method (grantRead/grantReadWrite/grantPut on one bucket, grant(...) on one KMS key); the statement names that one bucket or key, so the wildcard only spans its object/key operations.';
const BUCKET_OBJECTS = 'Object-level grant on the objects of one named bucket (or one prefix of it); S3 object ARNs cannot be listed individually.';
const DR_REPLICA_ENCRYPTION = 'Cross-region read replica: it is encrypted, inheriting encryption from its source and re-encrypted under the DR region\'s KMS key (KmsKeyId). CloudFormation says not to set StorageEncrypted beside SourceDBInstanceIdentifier, the value being inherited (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-storageencrypted), and CDK\'s template validation refuses the pair (F3020), so the packs cannot see it.';
/**
 * Buckets left without S3 replication, and why; every other platform bucket replicates to the DR region (data buckets,
 * CloudTrail, Config history and access logs of the primary region of an environment with DR).
 */
const NOT_REPLICATED = {
  drRegion: 'Bucket in the DR region (a replica of a primary-region bucket, or the DR region\'s own access-log or Config bucket). S3 accepts a replication configuration only when the destination bucket exists and has versioning enabled (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html); on an environment\'s first deployment the DR stack is created first (foundation phase), because its buckets are the destinations the primary stack\'s replication names, so no primary-region bucket exists yet for it to replicate back to. Replicas are the second copy of their primary-region source.',
  noDrRegion: 'The environment names no DR region (regions.dr): S3 cross-region replication needs a destination bucket in a second Region, and the environment has none (same-region replication would keep both copies in the Region whose loss it guards against). With a DR region, the access-log, CloudTrail and Config buckets replicate there.',
  pipelineArtifacts: 'CodePipeline artifact store: CodePipeline needs an artifact store in the pipeline\'s own Region (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codepipeline-pipeline-artifactstoremap.html); it holds intermediate build outputs that every run recreates from the source revision, expired after 90 days, so a copy in another Region would restore nothing a rerun does not.',
} as const;

/** An audit bucket (CloudTrail, Config) of a DR stack: its access logs go to the DR region's log bucket (`Bucket<logs>dr…`). */
const logsToDrLogBucket = (p: Readonly<Record<string, unknown>>): boolean =>
  /"Bucketlogsdr/.test(JSON.stringify((p.LoggingConfiguration as { DestinationBucketName?: unknown } | undefined)?.DestinationBucketName ?? null));

const SERVICE_ROLE_POLICIES: readonly [RegExp, RegExp][] = [
  [/AWSBackupServiceRolePolicyFor(Backup|Restores)\]$/, /^BackupPlanSelectionRole/],
  [/service-role\/AWS_ConfigRole\]$/, /ConfigRole/],
  [/AmazonRDSEnhancedMonitoringRole\]$/, /MonitoringRole/],
  [/policy\/(AmazonEKSClusterPolicy|AmazonEKSWorkerNodePolicy|AmazonEKS_CNI_Policy|AmazonEC2ContainerRegistryReadOnly)\]$/, /^Cluster[A-Za-z0-9]*(ClusterRole|NodeGroupRole)/],
  [/policy\/AWSCodeDeployRoleForECS\]$/, /BlueGreenDeploymentGroupServiceRole/],
  [/service-role\/AWSLambda(BasicExecutionRole|VPCAccessExecutionRole)\]$/, /^(Function[A-Za-z0-9]*|ClientVpnConnectHandler|EdgeOriginRotationHandlerFunction)ServiceRole/],
];

const VPN_CONNECT_HANDLER = 'Client VPN connect handler: the VPN service invokes it synchronously with the connecting client\'s address and it answers from its allowlist; it reaches nothing in the VPC (so no VPC attachment or NAT path).';

export const HAVEN_PLATFORM_ACKNOWLEDGEMENTS: readonly BuiltinAcknowledgement[] = [
  { rule: 'AwsSolutions-SQS3', resourceType: 'AWS::SQS::Queue', logicalId: /^CdkFunctionDeadLettersQueue/, reason: 'False positive: this is the dead-letter queue of CDK\'s own functions (its RedriveAllowPolicy marks it as one); the pack only recognises a Lambda dead-letter target on CfnFunction, not on the plain function resources of CDK\'s core custom-resource providers.', docs: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html' },
  { rule: 'AwsSolutions-EC23', resourceType: 'AWS::EC2::SecurityGroup', logicalId: /^AlbSecurityGroup/, reason: 'The load balancer is public by the spec\'s choice (no CDN in front of it, or edge.alb.access: public): it accepts 443 (and 80, which only redirects to 443) from anywhere; services accept traffic only from this security group. Behind CloudFront it admits only the origin-facing prefix list, and this does not apply.', docs: DOCS.albSecurityGroups },
  ...['AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry'].map((resourceType): BuiltinAcknowledgement => ({
    rule: 'AwsSolutions-VPC3', resourceType, logicalId: /^NetworkDataAcl/,
    reason: 'Haven adds a network ACL to the data subnets on purpose, as a second boundary that only admits VPC-internal traffic to the data stores (defence in depth over security groups).', docs: DOCS.networkAcls,
  })),
  { rule: 'AwsSolutions-AEC5', resourceType: 'AWS::ElastiCache::ReplicationGroup', logicalId: /^Cache/, reason: 'The cache keeps the default Redis port: it is reachable only from its clients\' security groups in isolated subnets, requires TLS and authentication (IAM or an AUTH token), so a non-default port adds no protection.', docs: DOCS.elastiCacheSecurityGroups },
  { rule: 'AwsSolutions-AEC6', resourceType: 'AWS::ElastiCache::ReplicationGroup', logicalId: /^Cache/, when: (p) => Array.isArray(p.UserGroupIds) && p.UserGroupIds.length > 0 && p.AuthToken === undefined,
    reason: 'Clients authenticate through an RBAC user group with IAM authentication, which replaces the AUTH token the rule looks for: a replication group uses one or the other (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html, https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html).', docs: DOCS.elastiCacheRbac },
  ...['AwsSolutions-RDS11', 'CT.RDS.PR.20'].map((rule): BuiltinAcknowledgement => ({ rule, resourceType: 'AWS::RDS::DBInstance', logicalId: /^(Database|DrReplica)/, reason: 'The database keeps the default PostgreSQL port: it is reachable only from its clients\' security groups in isolated subnets and requires TLS, so a non-default port adds no protection.', docs: DOCS.rdsSecurityGroups })),
  ...SERVICE_ROLE_POLICIES.map(([finding, logicalId]): BuiltinAcknowledgement => ({ rule: 'AwsSolutions-IAM4', finding, resourceType: 'AWS::IAM::Role', logicalId, reason: SERVICE_ROLE, docs: DOCS.awsManagedPolicies })),
  { rule: 'AwsSolutions-IAM5', finding: /\[Action::(kms:GenerateDataKey\*|kms:ReEncrypt\*|s3:Abort\*|s3:DeleteObject\*|s3:GetBucket\*|s3:GetObject\*|s3:List\*|s3:PutObjectLegalHold|s3:PutObject\*)\]$/, resourceType: 'AWS::IAM::ManagedPolicy', reason: CDK_GRANT_ACTIONS, docs: DOCS.cdkGrants },
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::(<[A-Za-z0-9.]+>\/[A-Za-z0-9/]*\*|arn:<AWS::Partition>:s3:::[a-z0-9.-]+\/\*)\]$/, resourceType: 'AWS::IAM::ManagedPolicy', reason: BUCKET_OBJECTS, docs: DOCS.s3Resources },
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::\*\]$/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /ExecutionRoleDefaultPolicy/, reason: 'The ECS task execution role gets ecr:GetAuthorizationToken, which AWS only authorizes on "*"; image pulls and logs are scoped to the repository and log group.', docs: DOCS.ecrAuth },
  // Its reserved concurrency and dead-letter queue come from CdkFunctionBaseline, like CDK's own functions.
  ...['HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC', 'CT.LAMBDA.PR.3'].map((rule): BuiltinAcknowledgement => ({
    rule, resourceType: 'AWS::Lambda::Function', logicalId: /^ClientVpnConnectHandler[0-9A-F]{8}$/, reason: VPN_CONNECT_HANDLER, docs: DOCS.clientVpnHandler,
  })),
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::\*\]$/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /^(Function[A-Za-z0-9]*|ClientVpnConnectHandler)ServiceRoleDefaultPolicy/, reason: 'Lambda tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource type, AWS only authorizes them on "*".', docs: DOCS.xrayActions },
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::\*\]$/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /^EdgeOriginRotationHandlerFunctionServiceRoleDefaultPolicy/, reason: 'Origin header rotation: elasticloadbalancing:DescribeRules (reading the listener rules to rewrite) and Lambda tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) have no resource type, AWS only authorizes them on "*"; ModifyRule, CloudFront and the secret are scoped to their resources.', docs: DOCS.elbActions },
  { rule: 'AwsSolutions-IAM5', finding: /listener-rule\/.*\/\*\]$/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /^EdgeOriginRotationHandlerFunctionServiceRoleDefaultPolicy/, reason: 'Origin header rotation: ModifyRule on the rules of the environment\'s own HTTPS listener, and of its DR load balancer by name. Rule ARNs end in an id Elastic Load Balancing generates; the rules are created by each public service (some in nested stacks) and the DR region\'s by a stack deployed after this one in another region, which CloudFormation cannot reference from here.', docs: DOCS.elbActions },
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::\*\]$/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /FargateTaskRoleDefaultPolicy[0-9A-F]{8}$/, reason: 'Service tracing: the trace collector sidecar needs xray:PutTraceSegments, PutTelemetryRecords and the GetSampling* actions, which have no resource type; AWS only authorizes them on "*". Other task-role grants are scoped by CDK grants, and HAVEN-IAM-NO-WILDCARD still reports any other action on "*".', docs: DOCS.xrayActions },
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::\*\]$/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /^ServicesDelivery(Pipeline|Build|Scan|DeployRole)/, reason: 'ECS task-definition actions CDK grants the deploy actions (ecs:RegisterTaskDefinition; for rolling deploys also the ECS Describe/List/UpdateService group) and the build project (ecs:DescribeTaskDefinition) on "*": registering and describing task definitions take no resource. iam:PassRole is narrowed to the service\'s own task and execution roles by the deploy role.', docs: DOCS.ecsActions },
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::arn:<AWS::Partition>:(codebuild:[a-z0-9-]+:\d+:report-group|logs:[a-z0-9-]+:\d+:log-group:\/aws\/codebuild)\/<[A-Za-z0-9]+>/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /^ServicesDelivery(Build|Scan)RoleDefaultPolicy/, reason: 'CodeBuild\'s default role may write only its own project\'s report groups and log streams (names prefixed by the project name).', docs: DOCS.codeBuildRole },
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::arn:<AWS::Partition>:kms:[a-z0-9-]+:\d+:key\/\*\]$/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /^DrReplication[A-Za-z0-9]*RoleDefaultPolicy/, reason: 'S3 replication encrypts replicas under the DR region\'s key, which the source stack cannot reference; the grant is limited to keys of that one region and account and to kms:Encrypt via S3 in that region.', docs: DOCS.s3ReplicationKms },
  ...['HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled'].flatMap((rule): BuiltinAcknowledgement[] => [
    // First match wins: DR-region buckets, then what remains unreplicated only for want of a DR region.
    { rule, resourceType: 'AWS::S3::Bucket', logicalId: /^(BucketlogsdrBucket|DrReplica)/, reason: NOT_REPLICATED.drRegion, docs: DOCS.s3ReplicationRequirements },
    { rule, resourceType: 'AWS::S3::Bucket', logicalId: /^SecurityBaseline(AuditTrail|Config)Bucket/, when: logsToDrLogBucket, reason: NOT_REPLICATED.drRegion, docs: DOCS.s3ReplicationRequirements },
    { rule, resourceType: 'AWS::S3::Bucket', logicalId: /^(BucketlogsBucket|SecurityBaseline(AuditTrail|Config)Bucket)/, reason: NOT_REPLICATED.noDrRegion, docs: DOCS.s3Replication },
    { rule, resourceType: 'AWS::S3::Bucket', logicalId: /^ServicesDeliveryArtifacts/, reason: NOT_REPLICATED.pipelineArtifacts, docs: DOCS.codePipelineArtifactStores },
  ]),
  ...['HIPAA.Security-S3DefaultEncryptionKMS', 'PCI.DSS.321-S3DefaultEncryptionKMS', 'NIST.800.53.R5-S3DefaultEncryptionKMS', 'CT.S3.PR.10'].map((rule): BuiltinAcknowledgement => ({
    rule, resourceType: 'AWS::S3::Bucket', logicalId: /^Bucketlogs(dr)?Bucket/, reason: 'Access-log bucket: load balancer access logs can only be written to a bucket encrypted with SSE-S3, not a KMS key (the same bucket takes the S3 server access logs).', docs: DOCS.albAccessLogs,
  })),
  ...['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled', 'HAVEN-SECRET-ROTATION'].map((rule): BuiltinAcknowledgement => ({
    rule, resourceType: 'AWS::SecretsManager::Secret', logicalId: /^Cache[A-Za-z0-9]*AuthToken/,
    reason: 'ElastiCache AUTH token: Secrets Manager has no hosted rotation for it (a rotation must call ModifyReplicationGroup with the ROTATE strategy and update every client); it is rotated in a change window. Access also needs the cache security group and TLS.', docs: DOCS.elastiCacheAuth,
  })),
  ...['HIPAA.Security-ELBv2ACMCertificateRequired', 'PCI.DSS.321-ELBv2ACMCertificateRequired', 'NIST.800.53.R5-ELBv2ACMCertificateRequired'].map((rule): BuiltinAcknowledgement => ({
    rule, resourceType: 'AWS::ElasticLoadBalancingV2::Listener', logicalId: /^AlbHttp[0-9A-F]{8}$/, reason: 'The port 80 listener only answers with a permanent redirect to HTTPS; it carries no data and needs no certificate.', docs: DOCS.albRedirect,
  })),
  ...['PCI.DSS.321-CodeBuildProjectSourceRepoUrl', 'HIPAA.Security-CodeBuildProjectSourceRepoUrl'].map((rule): BuiltinAcknowledgement => ({
    rule, resourceType: 'AWS::CodeBuild::Project', logicalId: /^ServicesDelivery(Build|Scan)[0-9A-F]{8}$/,
    reason: 'False positive: the project\'s source type is CODEPIPELINE (the pipeline fetches the code through its connection), so it has no repository URL or credentials; the pack flags every project without Source.Auth.', docs: DOCS.codeBuildSource,
  })),
  { rule: 'AwsSolutions-IAM5', finding: /\[Resource::<[A-Za-z0-9]*KubectlProviderHandler[0-9A-F]{8}\.Arn>:\*\]$/, resourceType: 'AWS::IAM::ManagedPolicy', logicalId: /KubectlProvider[A-Za-z]*ServiceRoleDefaultPolicy/, reason: 'CDK\'s kubectl provider framework may invoke any version of its own handler function (ARN:*), nothing else.', docs: DOCS.eksKubectl },
  { rule: 'AwsSolutions-ECS2', resourceType: 'AWS::ECS::TaskDefinition', logicalId: /^(Services[A-Za-z0-9]*)?FargateTaskDefinition/, reason: 'Only non-secret configuration is passed as environment variables (tracing settings, the IAM user and replication group ids of caches clients sign in to with IAM); secrets are injected from Secrets Manager through the task definition\'s secrets.', docs: DOCS.ecsSecrets },
  ...['AwsSolutions-RDS2', 'HIPAA.Security-RDSStorageEncrypted', 'PCI.DSS.321-RDSStorageEncrypted', 'NIST.800.53.R5-RDSStorageEncrypted'].map((rule): BuiltinAcknowledgement => ({
    rule, resourceType: 'AWS::RDS::DBInstance', logicalId: /^DrReplica/, when: (p) => p.SourceDBInstanceIdentifier !== undefined && p.KmsKeyId !== undefined, reason: DR_REPLICA_ENCRYPTION, docs: DOCS.rdsCrossRegionReplica,
  })),
  ...['HIPAA.Security-RDSInBackupPlan', 'NIST.800.53.R5-RDSInBackupPlan'].map((rule): BuiltinAcknowledgement => ({
    rule, resourceType: 'AWS::RDS::DBInstance', logicalId: /^(Database[A-Za-z0-9]*Cluster(writer|reader)|DrGlobalSecondary[A-Za-z0-9]*Instance\d)/, reason: 'Aurora instance: AWS Backup protects the Aurora cluster (which is in the backup plan), not its individual instances.', docs: DOCS.auroraBackup,
  })),
  { rule: 'CT.S3.PR.2', resourceType: 'AWS::S3::Bucket', logicalId: /^Bucketlogs(dr)?Bucket/, reason: 'The access-log bucket is where the other buckets\' server access logs go; logging its own access into itself would loop (every log delivery is itself an access to log).', docs: DOCS.s3ServerLogs },
  { rule: 'HAVEN-AUDIT-SERVICES', resourceType: 'AWS::CloudFormation::Stack', stack: /-edge(-alarms)?$/,
    reason: 'The us-east-1 edge stack holds only the CloudFront certificate, WAF ACL and alarms, no data. The multi-region CloudTrail records it; GuardDuty and Config are one per account and region, so creating them here would collide with any environment whose primary region is us-east-1; they belong to the account baseline.', docs: DOCS.configRecorder },
];

/** A CloudFront viewer certificate given as a cross-region reference to the us-east-1 certificate (a token guard cannot follow). */
const hasViewerCertificate = (p: Readonly<Record<string, unknown>>): boolean => {
  const vc = (p.DistributionConfig as { ViewerCertificate?: { AcmCertificateArn?: unknown; SslSupportMethod?: unknown } } | undefined)?.ViewerCertificate;
  return vc?.AcmCertificateArn !== undefined && vc.SslSupportMethod === 'sni-only';
};


/**
 * AWS Control Tower proactive controls (all "Elective" guidance) whose premise Haven's design answers differently;
 * each says how. Controls Haven can meet outright are met in the templates instead (KMS grants, container memory
 * limits, bastion instance type and monitoring).
 */
export const CONTROL_TOWER_ACKNOWLEDGEMENTS: readonly BuiltinAcknowledgement[] = [
  // CT.S3.PR.4 and CT.S3.PR.9 are met by BucketBaseline (EventBridge notifications, Object Lock) except where S3 refuses Object Lock.
  { rule: 'CT.S3.PR.9', resourceType: 'AWS::S3::Bucket', logicalId: /^Bucketlogs(dr)?Bucket/, reason: 'Access-log bucket: S3 does not accept a bucket with Object Lock as the destination of server access logs (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html).', docs: DOCS.s3ServerLogs },
  { rule: 'CT.GUARDDUTY.PR.1', resourceType: 'AWS::GuardDuty::Detector', when: (p) => JSON.stringify(p.Features ?? []).includes('S3_DATA_EVENTS'), reason: 'S3 protection is on through the detector\'s Features (S3_DATA_EVENTS), the current GuardDuty API; the control reads the legacy DataSources.S3Logs, which CloudFormation refuses beside Features.', docs: DOCS.guardDutyFeatures },
  { rule: 'CT.ECS.PR.2', resourceType: 'AWS::ECS::Cluster', when: (p) => JSON.stringify(p.ClusterSettings ?? []).includes('"enhanced"'), reason: 'Container Insights runs in its enhanced mode (task- and container-level metrics), a superset of the "enabled" mode the control looks for.', docs: DOCS.containerInsights },
  { rule: 'CT.CLOUDFRONT.PR.1', resourceType: 'AWS::CloudFront::Distribution', when: (p) => (p.DistributionConfig as { DefaultRootObject?: unknown } | undefined)?.DefaultRootObject === undefined, reason: 'The application behind the ALB serves the distribution\'s default behavior; a default root object would rewrite the application\'s own "/" (distributions serving only buckets have one): https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DefaultRootObject.html', docs: DOCS.cloudFrontRootObject },
  { rule: 'CT.CLOUDFRONT.PR.4', resourceType: 'AWS::CloudFront::Distribution', reason: 'Regional failover is Haven\'s DR design (replicated buckets and Route 53 failover records, driven by `haven dr`), not a CloudFront origin group that would silently serve the DR copy.', docs: DOCS.cloudFrontOriginFailover },
  ...['CT.CLOUDFRONT.PR.6', 'CT.CLOUDFRONT.PR.7'].map((rule): BuiltinAcknowledgement => ({
    rule, resourceType: 'AWS::CloudFront::Distribution', when: hasViewerCertificate,
    reason: 'The distribution does use a custom ACM certificate with SNI: it is issued in us-east-1 and referenced across regions, a value the control cannot resolve in the template.', docs: DOCS.cloudFrontCertificate,
  })),
  // Production keeps every log group at least a year (tier defaults; validate refuses less), so this covers only shorter tiers.
  { rule: 'CT.CLOUDWATCH.PR.2', resourceType: 'AWS::Logs::LogGroup', when: (p) => typeof p.RetentionInDays === 'number' && p.RetentionInDays < 365, reason: 'Development and staging tiers keep application, system and flow logs for what the team needs to investigate (tier defaults, monitoring.logRetentionDays); production keeps every log group at least a year, which validate enforces.', docs: DOCS.logRetention },
  // CT.CLOUDWATCH.PR.3, CT.LAMBDA.PR.3 and CT.SQS.PR.2 in nested stacks are met: the parent's key and subnets reach
  // them as SSM dynamic references or a key alias, strings the template shows (src/platform/parent-values.ts).
  { rule: 'CT.CODEBUILD.PR.4', resourceType: 'AWS::CodeBuild::Project', logicalId: /^ServicesDeliveryBuild/, reason: 'The delivery pipeline\'s build step builds container images, which CodeBuild can only do with the Docker daemon of privileged mode; it runs only the repository\'s image build and pushes to the environment\'s own ECR repositories.', docs: DOCS.codeBuildDocker },
  // The bastion's default type meets CT.EC2.PR.19 (SessionManagerBastion); EC2InstancesInVPC is met with the subnet on the instance.
  { rule: 'CT.EC2.PR.8', resourceType: 'AWS::EC2::Instance', logicalId: /^Bastion/, when: (p) => p.SubnetId !== undefined && p.NetworkInterfaces === undefined,
    reason: 'The Session Manager bastion states its subnet on the instance (SubnetId), where the HIPAA, NIST and PCI packs see it is in the VPC; AWS takes the subnet there or on a network interface, never both, and the control asks for the interface. It has no public IP all the same: it launches only into a private subnet, which assigns none (MapPublicIpOnLaunch false; SessionManagerBastion refuses public subnets).', docs: DOCS.ec2Instance },
];

export const BUILTIN_ACKNOWLEDGEMENTS: readonly BuiltinAcknowledgement[] = [...CDK_ACKNOWLEDGEMENTS, ...HAVEN_PLATFORM_ACKNOWLEDGEMENTS, ...CONTROL_TOWER_ACKNOWLEDGEMENTS];
