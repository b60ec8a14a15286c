import type { ControlRef, Framework } from '../types';

/**
 * What a Control Tower proactive control protects, in Haven's vocabulary. Each concern evidences the same framework
 * controls whichever service it is checked on, so the mapping below stays consistent across 237 rules.
 */
export type ControlTowerConcern =
  | 'encryption-at-rest' | 'key-management' | 'encryption-in-transit' | 'public-access' | 'network-boundary'
  | 'least-privilege' | 'authentication' | 'hardening' | 'configuration' | 'activity-logging' | 'audit-integrity'
  | 'log-retention' | 'monitoring' | 'alerting' | 'backup' | 'resilience' | 'deletion-protection' | 'patching'
  | 'vulnerability-scanning' | 'integrity' | 'data-lifecycle';

type Controls = Readonly<Partial<Record<Framework, readonly string[]>>>;

/**
 * Catalog control ids (the `id` of an entry in `catalogs/<framework>.ts`) each concern evidences. They follow the
 * catalogs' own choices for the Haven rule checking the same thing (encryption at rest as HAVEN-ENCRYPTION-AT-REST,
 * backups as HAVEN-BACKUP-COVERAGE, alarms as HAVEN-ALARM-COVERAGE…) and the HIPAA citations cdk-nag's HIPAA pack
 * makes for its equivalent rule. A framework is absent where none of its catalog's technical controls fits.
 */
export const CONCERN_CONTROLS: Readonly<Record<ControlTowerConcern, Controls>> = {
  'encryption-at-rest': { hipaa: ['164.312(a)(1)', '164.310(d)(1)'], soc2: ['CC6.1'], pci: ['3'], nist: ['SC-28', 'SC-13'], gdpr: ['Art.32(1)(a)', 'Art.5(1)(f)'], pipeda: ['4.7.3(c)'] },
  'key-management': { hipaa: ['164.312(a)(1)'], soc2: ['CC6.1'], pci: ['3'], nist: ['SC-12', 'SC-13'], gdpr: ['Art.32(1)(a)'], pipeda: ['4.7.3(c)'] },
  'encryption-in-transit': { hipaa: ['164.312(e)(1)'], soc2: ['CC6.7'], pci: ['4'], nist: ['SC-8', 'SC-13'], gdpr: ['Art.32(1)(a)', 'Art.5(1)(f)'], pipeda: ['4.7.3(c)'] },
  'public-access': { hipaa: ['164.308(a)(3)', '164.308(a)(4)', '164.312(a)(1)', '164.312(e)(1)'], soc2: ['CC6.1', 'CC6.6'], pci: ['1', '7'], nist: ['AC-3', 'AC-4', 'SC-7'], gdpr: ['Art.25', 'Art.5(1)(f)'], pipeda: ['4.7.1'] },
  'network-boundary': { hipaa: ['164.308(a)(4)', '164.312(e)(1)'], soc2: ['CC6.6'], pci: ['1'], nist: ['SC-7', 'AC-4'], gdpr: ['Art.25'], pipeda: ['4.7.1'] },
  'least-privilege': { hipaa: ['164.308(a)(3)', '164.308(a)(4)', '164.312(a)(1)'], soc2: ['CC6.1'], pci: ['7'], nist: ['AC-3', 'AC-6'], gdpr: ['Art.25', 'Art.5(1)(f)'], pipeda: ['4.7.1'] },
  'authentication': { hipaa: ['164.312(a)(1)'], soc2: ['CC6.1'], pci: ['8'], nist: ['AC-3', 'IA-5'], gdpr: ['Art.32(1)(b)'], pipeda: ['4.7.3(c)'] },
  'hardening': { hipaa: ['164.308(a)(3)', '164.308(a)(4)', '164.312(a)(1)'], soc2: ['CC6.1'], pci: ['2'], nist: ['CM-6', 'AC-6'], gdpr: ['Art.25'], pipeda: ['4.7.1'] },
  'configuration': { pci: ['2'], nist: ['CM-6', 'CM-2'] },
  'activity-logging': { hipaa: ['164.312(b)', '164.308(a)(1)'], soc2: ['CC7.2'], pci: ['10'], nist: ['AU-2', 'AU-12'], gdpr: ['Art.32(1)(b)'], pipeda: ['4.7 (detection)'] },
  'audit-integrity': { hipaa: ['164.312(b)', '164.312(c)(1)'], soc2: ['CC7.2'], pci: ['10'], nist: ['AU-9', 'AU-10'], gdpr: ['Art.5(1)(f)'], pipeda: ['4.7 (detection)'] },
  'log-retention': { hipaa: ['164.312(b)', '164.316(b)(1)'], soc2: ['CC7.2'], pci: ['10'], nist: ['AU-11', 'SI-12'] },
  'monitoring': { hipaa: ['164.308(a)(1)', '164.308(a)(6)'], soc2: ['CC7.2'], pci: ['10', '11'], nist: ['SI-4', 'CA-7'], gdpr: ['Art.32(1)(b)'], pipeda: ['4.7 (detection)'] },
  'alerting': { hipaa: ['164.308(a)(1)', '164.308(a)(6)'], soc2: ['CC7.2'], pci: ['11', '12'], nist: ['AU-6', 'CA-7', 'SI-4'], gdpr: ['Art.32(1)(b)'], pipeda: ['4.7 (detection)'] },
  'backup': { hipaa: ['164.308(a)(7)', '164.310(d)(1)', '164.312(c)(1)'], soc2: ['A1.2'], pci: ['12'], nist: ['CP-9'], gdpr: ['Art.32(1)(c)'], pipeda: ['4.7.1'] },
  'resilience': { hipaa: ['164.308(a)(7)'], soc2: ['A1.2'], nist: ['CP-10'], gdpr: ['Art.32(1)(b)', 'Art.32(1)(c)'], pipeda: ['4.7.1'] },
  'deletion-protection': { hipaa: ['164.308(a)(7)', '164.310(d)(1)', '164.312(c)(1)'], soc2: ['A1.2'], nist: ['CP-9'], gdpr: ['Art.32(1)(c)'], pipeda: ['4.7.1'] },
  // PCI DSS 6 (secure systems) is organizational in Haven's catalog, so patching evidences no PCI control here.
  'patching': { hipaa: ['164.308(a)(5)'], nist: ['SI-2'] },
  'vulnerability-scanning': { hipaa: ['164.308(a)(1)'], pci: ['11'], nist: ['SI-2'] },
  // SC-28 protects the integrity, not only the confidentiality, of information at rest.
  'integrity': { hipaa: ['164.312(c)(1)'], nist: ['SC-28'], gdpr: ['Art.5(1)(f)'], pipeda: ['4.7.1'] },
  'data-lifecycle': { soc2: ['C1.2'], pci: ['3'], nist: ['SI-12'], gdpr: ['Art.5(1)(e)'], pipeda: ['4.5'] },
};

export interface ControlTowerControl {
  /** Control Tower control id, as the cfn-guard rule names it: `CT.S3.PR.1`. */
  readonly id: string;
  /** Resource types the rule reports on. */
  readonly resourceTypes: readonly string[];
  /** The control's statement as shipped with @cdklabs/cdk-validator-cfnguard. */
  readonly title: string;
  readonly concerns: readonly ControlTowerConcern[];
  /** Catalog controls this control evidences beyond its concerns (CIS recommendations naming one service). */
  readonly also?: Controls;
}

/**
 * Every AWS Control Tower proactive control bundled with @cdklabs/cdk-validator-cfnguard 0.0.62
 * (rules/control-tower/cfn-guard/<service>/ct-*.guard), with what it protects. Decided from each rule's
 * "Description" and "Reports on" header; ids the validator adds later are reported as unmapped until listed here.
 */
export const CONTROL_TOWER_CONTROLS: readonly ControlTowerControl[] = [
  { id: 'CT.ACM.PR.1', resourceTypes: ['AWS::CertificateManager::Certificate'], title: 'Require an AWS Private CA certificate to have a single domain name', concerns: ['configuration'] },
  { id: 'CT.APIGATEWAY.PR.1', resourceTypes: ['AWS::ApiGateway::Stage'], title: 'Require an Amazon API Gateway REST and WebSocket API to have logging activated', concerns: ['activity-logging'] },
  { id: 'CT.APIGATEWAY.PR.2', resourceTypes: ['AWS::ApiGateway::Stage'], title: 'Require an Amazon API Gateway REST API stage to have AWS X-Ray tracing activated', concerns: ['monitoring'] },
  { id: 'CT.APIGATEWAY.PR.3', resourceTypes: ['AWS::ApiGateway::Stage'], title: 'Require that an Amazon API Gateway REST API stage has encryption at rest configured for cache data', concerns: ['encryption-at-rest'] },
  { id: 'CT.APIGATEWAY.PR.4', resourceTypes: ['AWS::ApiGatewayV2::Stage'], title: 'Require an Amazon API Gateway V2 stage to have access logging activated', concerns: ['activity-logging'] },
  { id: 'CT.APIGATEWAY.PR.5', resourceTypes: ['AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::ApiGatewayManagedOverrides'], title: 'Require Amazon API Gateway V2 Websocket and HTTP routes to specify an authorization type', concerns: ['authentication'] },
  { id: 'CT.APIGATEWAY.PR.6', resourceTypes: ['AWS::ApiGateway::DomainName'], title: 'Require an Amazon API Gateway REST domain to use a security policy that specifies a minimum TLS protocol version of TLSv1.2', concerns: ['encryption-in-transit'] },
  { id: 'CT.APPSYNC.PR.1', resourceTypes: ['AWS::AppSync::GraphQLApi'], title: 'Require an AWS AppSync GraphQL API to have logging enabled', concerns: ['activity-logging'] },
  { id: 'CT.APPSYNC.PR.2', resourceTypes: ['AWS::AppSync::GraphQLApi'], title: 'Require an AWS AppSync GraphQL API to be configured with private visibility', concerns: ['public-access'] },
  { id: 'CT.APPSYNC.PR.3', resourceTypes: ['AWS::AppSync::GraphQLApi'], title: 'Require that an AWS AppSync GraphQL API is not authenticated with API keys', concerns: ['authentication'] },
  { id: 'CT.APPSYNC.PR.4', resourceTypes: ['AWS::AppSync::ApiCache'], title: 'Require an AWS AppSync GraphQL API cache to have encryption in transit enabled', concerns: ['encryption-in-transit'] },
  { id: 'CT.APPSYNC.PR.5', resourceTypes: ['AWS::AppSync::ApiCache'], title: 'Require an AWS AppSync GraphQL API cache to have encryption at rest enabled', concerns: ['encryption-at-rest'] },
  { id: 'CT.ATHENA.PR.1', resourceTypes: ['AWS::Athena::WorkGroup'], title: 'Require an Amazon Athena workgroup to encrypt Athena query results at rest', concerns: ['encryption-at-rest'] },
  { id: 'CT.ATHENA.PR.2', resourceTypes: ['AWS::Athena::WorkGroup'], title: 'Require an Amazon Athena workgroup to encrypt Athena query results at rest with an AWS Key Management Service (KMS) key', concerns: ['encryption-at-rest', 'key-management'] },
  { id: 'CT.AUTOSCALING.PR.1', resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'], title: 'Require an Amazon EC2 Auto Scaling group to have multiple Availability Zones', concerns: ['resilience'] },
  { id: 'CT.AUTOSCALING.PR.2', resourceTypes: ['AWS::AutoScaling::LaunchConfiguration'], title: 'Require an Amazon EC2 Auto Scaling group launch configuration to configure Amazon EC2 instances for IMDSv2', concerns: ['hardening'] },
  { id: 'CT.AUTOSCALING.PR.3', resourceTypes: ['AWS::AutoScaling::LaunchConfiguration'], title: 'Require an Amazon EC2 Auto Scaling launch configuration to have a single-hop metadata response limit', concerns: ['hardening'] },
  { id: 'CT.AUTOSCALING.PR.4', resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'], title: 'Require an Amazon EC2 Auto Scaling group associated with an AWS Elastic Load Balancer (ELB) to have ELB health checks activated', concerns: ['resilience'] },
  { id: 'CT.AUTOSCALING.PR.5', resourceTypes: ['AWS::AutoScaling::LaunchConfiguration'], title: 'Require that an Amazon EC2 Auto Scaling group launch configuration does not have Amazon EC2 instances with public IP addresses', concerns: ['public-access'] },
  { id: 'CT.AUTOSCALING.PR.6', resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'], title: 'Require any Amazon EC2 Auto Scaling groups to use multiple instance types', concerns: ['resilience'] },
  { id: 'CT.AUTOSCALING.PR.8', resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'], title: 'Require an Amazon EC2 Auto Scaling group to have EC2 launch templates configured', concerns: ['configuration'] },
  { id: 'CT.AUTOSCALING.PR.9', resourceTypes: ['AWS::AutoScaling::LaunchConfiguration'], title: 'Require an Amazon EBS volume configured through an Amazon EC2 Auto Scaling launch configuration to encrypt data at rest', concerns: ['encryption-at-rest'] },
  { id: 'CT.AUTOSCALING.PR.10', resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'], title: 'Require an Amazon EC2 Auto Scaling group to use only AWS Nitro instance types when overriding a launch template', concerns: ['configuration'] },
  { id: 'CT.AUTOSCALING.PR.11', resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'], title: 'Require only AWS Nitro instance types that support network traffic encryption between instances to be added to an Amazon EC2 Auto Scaling group, when overriding a launch template', concerns: ['encryption-in-transit'] },
  { id: 'CT.CLOUDFRONT.PR.1', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require an Amazon CloudFront distribution to have a default root object configured', concerns: ['configuration'] },
  { id: 'CT.CLOUDFRONT.PR.3', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require an Amazon CloudFront distribution to have encryption in transit configured', concerns: ['encryption-in-transit'] },
  { id: 'CT.CLOUDFRONT.PR.4', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require an Amazon CloudFront distribution to have origin failover configured', concerns: ['resilience'] },
  { id: 'CT.CLOUDFRONT.PR.5', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require any Amazon CloudFront distribution to have logging enabled', concerns: ['activity-logging'] },
  { id: 'CT.CLOUDFRONT.PR.6', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require an Amazon CloudFront distribution to use custom SSL/TLS certificates', concerns: ['encryption-in-transit'] },
  { id: 'CT.CLOUDFRONT.PR.7', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require an Amazon CloudFront distribution to use SNI to serve HTTPS requests', concerns: ['configuration'] },
  { id: 'CT.CLOUDFRONT.PR.8', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require an Amazon CloudFront distribution to encrypt traffic to custom origins', concerns: ['encryption-in-transit'] },
  { id: 'CT.CLOUDFRONT.PR.9', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require an Amazon CloudFront distribution to have a security policy of TLSv1.2 as a minimum', concerns: ['encryption-in-transit'] },
  { id: 'CT.CLOUDFRONT.PR.10', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require any Amazon CloudFront distributions with Amazon S3 backed origins to have origin access control configured', concerns: ['public-access'] },
  { id: 'CT.CLOUDFRONT.PR.11', resourceTypes: ['AWS::CloudFront::Distribution'], title: 'Require an Amazon CloudFront distribution to use updated SSL protocols between edge locations and custom origins', concerns: ['encryption-in-transit'] },
  { id: 'CT.CLOUDTRAIL.PR.1', resourceTypes: ['AWS::CloudTrail::Trail'], title: 'Require an AWS CloudTrail trail to have encryption at rest activated', concerns: ['encryption-at-rest', 'key-management', 'audit-integrity'] },
  { id: 'CT.CLOUDTRAIL.PR.2', resourceTypes: ['AWS::CloudTrail::Trail'], title: 'Require an AWS CloudTrail trail to have log file validation activated', concerns: ['audit-integrity'] },
  { id: 'CT.CLOUDTRAIL.PR.3', resourceTypes: ['AWS::CloudTrail::Trail'], title: 'Require an AWS CloudTrail trail to have an Amazon CloudWatch log group configuration', concerns: ['activity-logging', 'monitoring'] },
  { id: 'CT.CLOUDTRAIL.PR.4', resourceTypes: ['AWS::CloudTrail::EventDataStore'], title: 'Require an AWS CloudTrail Lake event data store to enable encryption at rest with an AWS KMS key', concerns: ['encryption-at-rest', 'key-management', 'audit-integrity'] },
  { id: 'CT.CLOUDWATCH.PR.1', resourceTypes: ['AWS::CloudWatch::Alarm'], title: 'Require an Amazon CloudWatch alarm to have an action configured for the alarm state', concerns: ['alerting'], also: { cis: ['4.1-4.16'] } },
  { id: 'CT.CLOUDWATCH.PR.2', resourceTypes: ['AWS::Logs::LogGroup'], title: 'Require an Amazon CloudWatch log group to be retained for at least one year', concerns: ['log-retention'] },
  { id: 'CT.CLOUDWATCH.PR.3', resourceTypes: ['AWS::Logs::LogGroup'], title: 'Require an Amazon CloudWatch log group to be encrypted at rest with an AWS KMS key', concerns: ['encryption-at-rest', 'key-management', 'audit-integrity'] },
  { id: 'CT.CLOUDWATCH.PR.4', resourceTypes: ['AWS::CloudWatch::Alarm'], title: 'Require an Amazon CloudWatch alarm to have actions activated', concerns: ['alerting'], also: { cis: ['4.1-4.16'] } },
  { id: 'CT.CODEBUILD.PR.1', resourceTypes: ['AWS::CodeBuild::Project'], title: 'Require OAuth on GitHub or Bitbucket source repository URLs for AWS CodeBuild projects', concerns: ['authentication'] },
  { id: 'CT.CODEBUILD.PR.2', resourceTypes: ['AWS::CodeBuild::Project'], title: 'Require any AWS CodeBuild project environment variable to encrypt credentials in environment variables', concerns: ['authentication'] },
  { id: 'CT.CODEBUILD.PR.3', resourceTypes: ['AWS::CodeBuild::Project'], title: 'Require any AWS CodeBuild project environment to have logging configured', concerns: ['activity-logging'] },
  { id: 'CT.CODEBUILD.PR.4', resourceTypes: ['AWS::CodeBuild::Project'], title: 'Require any AWS CodeBuild project to deactivate privileged mode when running', concerns: ['hardening'] },
  { id: 'CT.CODEBUILD.PR.5', resourceTypes: ['AWS::CodeBuild::Project'], title: 'Require encryption on all AWS CodeBuild project artifacts', concerns: ['encryption-at-rest'] },
  { id: 'CT.CODEBUILD.PR.6', resourceTypes: ['AWS::CodeBuild::Project'], title: 'Require encryption on all Amazon S3 logs for AWS CodeBuild projects', concerns: ['encryption-at-rest'] },
  { id: 'CT.DAX.PR.1', resourceTypes: ['AWS::DAX::Cluster'], title: 'Require encryption at rest for all Amazon DynamoDB Accelerator (DAX) clusters', concerns: ['encryption-at-rest'] },
  { id: 'CT.DAX.PR.2', resourceTypes: ['AWS::DAX::Cluster'], title: 'Require an Amazon DAX cluster to deploy nodes to at least three Availability Zones', concerns: ['resilience'] },
  { id: 'CT.DAX.PR.3', resourceTypes: ['AWS::DAX::Cluster'], title: 'Require an Amazon DAX cluster to encrypt data in transit with Transport Layer Security (TLS)', concerns: ['encryption-in-transit'] },
  { id: 'CT.DMS.PR.1', resourceTypes: ['AWS::DMS::ReplicationInstance'], title: 'Require that a public AWS DMS replication instance is not public', concerns: ['public-access'] },
  { id: 'CT.DMS.PR.2', resourceTypes: ['AWS::DMS::Endpoint'], title: 'Require an AWS Database Migration Service (DMS) Endpoint to encrypt connections for source and target endpoints', concerns: ['encryption-in-transit'] },
  { id: 'CT.DOCUMENTDB.PR.1', resourceTypes: ['AWS::DocDB::DBCluster'], title: 'Require an Amazon DocumentDB cluster to be encrypted at rest', concerns: ['encryption-at-rest'] },
  { id: 'CT.DOCUMENTDB.PR.2', resourceTypes: ['AWS::DocDB::DBCluster'], title: 'Require an Amazon DocumentDB cluster to have a backup retention period greater than or equal to seven days', concerns: ['backup'] },
  { id: 'CT.DYNAMODB.PR.1', resourceTypes: ['AWS::DynamoDB::Table'], title: 'Require that point-in-time recovery for an Amazon DynamoDB table is activated', concerns: ['backup'] },
  { id: 'CT.DYNAMODB.PR.2', resourceTypes: ['AWS::DynamoDB::Table'], title: 'Require an Amazon DynamoDB table to be encrypted at rest using an AWS KMS key', concerns: ['encryption-at-rest', 'key-management'] },
  { id: 'CT.EC2.PR.1', resourceTypes: ['AWS::EC2::LaunchTemplate'], title: 'Require an Amazon EC2 launch template to have IMDSv2 configured', concerns: ['hardening'] },
  { id: 'CT.EC2.PR.2', resourceTypes: ['AWS::EC2::LaunchTemplate'], title: 'Require that Amazon EC2 launch templates restrict the token hop limit to a maximum of one', concerns: ['hardening'] },
  { id: 'CT.EC2.PR.3', resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'], title: 'Require that any Amazon EC2 security group rule does not use the source IP range 0.0.0.0/0 or ::/0 for ports other than 80 and 443', concerns: ['network-boundary'], also: { cis: ['5.2'] } },
  { id: 'CT.EC2.PR.4', resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'], title: 'Require that any Amazon EC2 security group rule does not use the source IP range 0.0.0.0/0 or ::/0 for specific high-risk ports', concerns: ['network-boundary'], also: { cis: ['5.2'] } },
  { id: 'CT.EC2.PR.5', resourceTypes: ['AWS::EC2::NetworkAclEntry'], title: 'Require any Amazon EC2 network ACL to prevent ingress from 0.0.0.0/0 to port 22 or port 3389', concerns: ['network-boundary'] },
  { id: 'CT.EC2.PR.6', resourceTypes: ['AWS::EC2::TransitGateway'], title: 'Require that Amazon EC2 transit gateways refuse automatic Amazon VPC attachment requests', concerns: ['network-boundary'] },
  { id: 'CT.EC2.PR.7', resourceTypes: ['AWS::EC2::Instance', 'AWS::EC2::Volume'], title: 'Require an Amazon EBS volume resource to be encrypted at rest when defined by means of the AWS::EC2::Instance BlockDeviceMappings property or AWS::EC2::Volume resource type', concerns: ['encryption-at-rest'] },
  { id: 'CT.EC2.PR.8', resourceTypes: ['AWS::EC2::Instance'], title: 'Require an Amazon EC2 instance to set AssociatePublicIpAddress to false on a new network interface created by means of the NetworkInterfaces property in the AWS::EC2::Instance resource', concerns: ['public-access'] },
  { id: 'CT.EC2.PR.9', resourceTypes: ['AWS::EC2::LaunchTemplate'], title: 'Require any Amazon EC2 launch template not to auto-assign public IP addresses to network interfaces', concerns: ['public-access'] },
  { id: 'CT.EC2.PR.10', resourceTypes: ['AWS::EC2::LaunchTemplate'], title: 'Require Amazon EC2 launch templates to have Amazon CloudWatch detailed monitoring activated', concerns: ['monitoring'] },
  { id: 'CT.EC2.PR.11', resourceTypes: ['AWS::EC2::Subnet'], title: 'Require that an Amazon EC2 subnet does not automatically assign public IP addresses', concerns: ['public-access'] },
  { id: 'CT.EC2.PR.12', resourceTypes: ['AWS::EC2::Instance'], title: 'Require an Amazon EC2 instance to specify at most one network interface by means of the NetworkInterfaces property in the AWS::EC2::Instance resource', concerns: ['network-boundary'] },
  { id: 'CT.EC2.PR.13', resourceTypes: ['AWS::EC2::Instance'], title: 'Require an Amazon EC2 instance to have detailed monitoring enabled', concerns: ['monitoring'] },
  { id: 'CT.EC2.PR.14', resourceTypes: ['AWS::EC2::LaunchTemplate'], title: 'Require an Amazon EBS volume configured through an Amazon EC2 launch template to encrypt data at rest', concerns: ['encryption-at-rest'] },
  { id: 'CT.EC2.PR.15', resourceTypes: ['AWS::EC2::LaunchTemplate'], title: 'Require an Amazon EC2 instance to use an AWS Nitro instance type when creating from the \'AWS::EC2::LaunchTemplate\' resource type', concerns: ['configuration'] },
  { id: 'CT.EC2.PR.16', resourceTypes: ['AWS::EC2::Instance'], title: 'Require an Amazon EC2 instance to use an AWS Nitro instance type when created using the \'AWS::EC2::Instance\' resource type', concerns: ['configuration'] },
  { id: 'CT.EC2.PR.17', resourceTypes: ['AWS::EC2::Host'], title: 'Require an Amazon EC2 dedicated host to use an AWS Nitro instance type', concerns: ['configuration'] },
  { id: 'CT.EC2.PR.18', resourceTypes: ['AWS::EC2::EC2Fleet'], title: 'Require an Amazon EC2 fleet to override only those launch templates with AWS Nitro instance types', concerns: ['configuration'] },
  { id: 'CT.EC2.PR.19', resourceTypes: ['AWS::EC2::Instance'], title: 'Require an EC2 instance to use an AWS Nitro instance type that supports encryption in-transit between instances when created using the AWS::EC2::Instance resource type', concerns: ['encryption-in-transit'] },
  { id: 'CT.EC2.PR.20', resourceTypes: ['AWS::EC2::EC2Fleet'], title: 'Require an Amazon EC2 fleet to override only those launch templates with AWS Nitro instance types that support encryption in transit between instances', concerns: ['encryption-in-transit'] },
  { id: 'CT.ECR.PR.1', resourceTypes: ['AWS::ECR::Repository'], title: 'Require Amazon ECR repositories to have a lifecycle policy configured', concerns: ['configuration'] },
  { id: 'CT.ECR.PR.2', resourceTypes: ['AWS::ECR::Repository'], title: 'Require Amazon ECR private repositories to have image scanning enabled', concerns: ['vulnerability-scanning'] },
  { id: 'CT.ECR.PR.3', resourceTypes: ['AWS::ECR::Repository'], title: 'Require Amazon ECR private repositories to have tag immutability enabled', concerns: ['integrity'] },
  { id: 'CT.ECS.PR.1', resourceTypes: ['AWS::ECS::Service'], title: 'Require AWS ECS Fargate Services to run on the latest Fargate platform version', concerns: ['patching'] },
  { id: 'CT.ECS.PR.2', resourceTypes: ['AWS::ECS::Cluster'], title: 'Require any Amazon ECS cluster to have container insights activated', concerns: ['monitoring'] },
  { id: 'CT.ECS.PR.3', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require any Amazon ECS task definition to specify a user that is not the root', concerns: ['hardening'] },
  { id: 'CT.ECS.PR.4', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require Amazon ECS tasks to use \'awsvpc\' networking mode', concerns: ['network-boundary'] },
  { id: 'CT.ECS.PR.5', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require an active Amazon ECS task definition to have a logging configuration', concerns: ['activity-logging'] },
  { id: 'CT.ECS.PR.6', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require Amazon ECS containers to allow read-only access to the root filesystem', concerns: ['hardening'] },
  { id: 'CT.ECS.PR.7', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require an Amazon ECS task definition to have a specific memory usage limit', concerns: ['configuration'] },
  { id: 'CT.ECS.PR.8', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require Amazon ECS task definitions to have secure networking modes and user definitions', concerns: ['hardening'] },
  { id: 'CT.ECS.PR.9', resourceTypes: ['AWS::ECS::Service'], title: 'Require Amazon ECS services not to assign public IP addresses automatically', concerns: ['public-access'] },
  { id: 'CT.ECS.PR.10', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require that Amazon ECS task definitions do not share the host\'s process namespace', concerns: ['hardening'] },
  { id: 'CT.ECS.PR.11', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require an Amazon ECS container to run as non-privileged', concerns: ['hardening'] },
  { id: 'CT.ECS.PR.12', resourceTypes: ['AWS::ECS::TaskDefinition'], title: 'Require that Amazon ECS task definitions do not pass secrets as container environment variables', concerns: ['authentication'] },
  { id: 'CT.EKS.PR.1', resourceTypes: ['AWS::EKS::Cluster'], title: 'Require an Amazon EKS cluster to be configured with public access disabled to the cluster Kubernetes API server endpoint', concerns: ['public-access'] },
  { id: 'CT.EKS.PR.2', resourceTypes: ['AWS::EKS::Cluster'], title: 'Require an Amazon EKS cluster to be configured with secret encryption using AWS Key Management Service (KMS) keys', concerns: ['encryption-at-rest', 'key-management'] },
  { id: 'CT.ELASTICACHE.PR.1', resourceTypes: ['AWS::ElastiCache::CacheCluster'], title: 'Require an Amazon ElastiCache for Redis cluster to have automatic backups activated', concerns: ['backup'] },
  { id: 'CT.ELASTICACHE.PR.2', resourceTypes: ['AWS::ElastiCache::CacheCluster'], title: 'Require an Amazon ElastiCache for Redis cluster to have automatic minor version upgrades activated', concerns: ['patching'] },
  { id: 'CT.ELASTICACHE.PR.3', resourceTypes: ['AWS::ElastiCache::ReplicationGroup'], title: 'Require an Amazon ElastiCache for Redis replication group to have automatic failover activated', concerns: ['resilience'] },
  { id: 'CT.ELASTICACHE.PR.4', resourceTypes: ['AWS::ElastiCache::ReplicationGroup'], title: 'Require an Amazon ElastiCache replication group to have encryption at rest activated', concerns: ['encryption-at-rest'] },
  { id: 'CT.ELASTICACHE.PR.5', resourceTypes: ['AWS::ElastiCache::ReplicationGroup'], title: 'Require an Amazon ElastiCache for Redis replication group to have encryption in transit activated', concerns: ['encryption-in-transit'] },
  { id: 'CT.ELASTICACHE.PR.6', resourceTypes: ['AWS::ElastiCache::CacheCluster'], title: 'Require an Amazon ElastiCache cache cluster to use a custom subnet group', concerns: ['network-boundary'] },
  { id: 'CT.ELASTICACHE.PR.7', resourceTypes: ['AWS::ElastiCache::ReplicationGroup'], title: 'Require an Amazon ElastiCache replication group of earlier Redis versions to have Redis AUTH activated', concerns: ['authentication'] },
  { id: 'CT.ELASTICACHE.PR.8', resourceTypes: ['AWS::ElastiCache::ReplicationGroup'], title: 'Require an Amazon ElastiCache replication group of later Redis versions to have RBAC authentication activated', concerns: ['authentication'] },
  { id: 'CT.ELASTICBEANSTALK.PR.1', resourceTypes: ['AWS::ElasticBeanstalk::Environment', 'AWS::ElasticBeanstalk::ConfigurationTemplate'], title: 'Require AWS Elastic Beanstalk environments to have enhanced health reporting enabled', concerns: ['monitoring'] },
  { id: 'CT.ELASTICBEANSTALK.PR.2', resourceTypes: ['AWS::ElasticBeanstalk::Environment', 'AWS::ElasticBeanstalk::ConfigurationTemplate'], title: 'Require an AWS Elastic Beanstalk environment to have managed platform updates configured', concerns: ['patching'] },
  { id: 'CT.ELASTICBEANSTALK.PR.3', resourceTypes: ['AWS::ElasticBeanstalk::Environment', 'AWS::ElasticBeanstalk::ConfigurationTemplate'], title: 'Require an AWS Elastic Beanstalk environment to have a logging configuration', concerns: ['activity-logging'] },
  { id: 'CT.ELASTICFILESYSYSTEM.PR.1', resourceTypes: ['AWS::EFS::FileSystem'], title: 'Require an Amazon EFS file system to encrypt file data at rest using AWS KMS', concerns: ['encryption-at-rest', 'key-management'], also: { cis: ['2.4.1'] } },
  { id: 'CT.ELASTICFILESYSYSTEM.PR.2', resourceTypes: ['AWS::EFS::FileSystem'], title: 'Require an Amazon EFS volume to have an automated backup plan', concerns: ['backup'] },
  { id: 'CT.ELASTICFILESYSYSTEM.PR.3', resourceTypes: ['AWS::EFS::AccessPoint'], title: 'Require Amazon EFS access points to have a root directory', concerns: ['least-privilege'] },
  { id: 'CT.ELASTICFILESYSYSTEM.PR.4', resourceTypes: ['AWS::EFS::AccessPoint'], title: 'Require Amazon EFS access points to enforce a user identity', concerns: ['least-privilege'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.1', resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'], title: 'Require any application load balancer listener default actions to redirect all HTTP requests to HTTPS', concerns: ['encryption-in-transit'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.2', resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerCertificate'], title: 'Require any Amazon ELB application or network load balancer to have an AWS Certificate Manager certificate', concerns: ['encryption-in-transit'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.3', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'], title: 'Require any application load balancer to have defensive or strictest desync mitigation mode activated', concerns: ['hardening'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.4', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'], title: 'Require that any application load balancer must be configured to drop HTTP headers', concerns: ['hardening'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.5', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'], title: 'Require that application load balancer deletion protection is activated', concerns: ['deletion-protection'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.6', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'], title: 'Require that application and network load balancer access logging is activated', concerns: ['activity-logging'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.7', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'], title: 'Require any classic load balancer to have multiple Availability Zones configured', concerns: ['resilience'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.8', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'], title: 'Require any classic load balancer SSL/HTTPS listener to have a certificate provided by AWS Certificate Manager', concerns: ['encryption-in-transit'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.9', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'], title: 'Require that an AWS ELB application or classic load balancer listener is configured with HTTPS or TLS termination', concerns: ['encryption-in-transit'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.10', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'], title: 'Require an ELB application or classic load balancer to have logging activated', concerns: ['activity-logging'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.11', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'], title: 'Require any ELB classic load balancer to have connection draining activated', concerns: ['resilience'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.12', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'], title: 'Require any ELB classic load balancer SSL/HTTPS listener to have a predefined security policy with a strong configuration', concerns: ['encryption-in-transit'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.13', resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'], title: 'Require any ELB classic load balancer to have cross-zone load balancing activated', concerns: ['resilience'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.14', resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'], title: 'Require a Network Load Balancer to have cross-zone load balancing activated', concerns: ['resilience'] },
  { id: 'CT.ELASTICLOADBALANCING.PR.15', resourceTypes: ['AWS::ElasticLoadBalancingV2::TargetGroup'], title: 'Require that an Elastic Load Balancing v2 target group does not explicitly disable cross-zone load balancing', concerns: ['resilience'] },
  { id: 'CT.EMR.PR.1', resourceTypes: ['AWS::EMR::SecurityConfiguration'], title: 'Require that an Amazon Elastic MapReduce (EMR) security configuration is configured to encrypt data at rest in Amazon S3', concerns: ['encryption-at-rest'] },
  { id: 'CT.EMR.PR.2', resourceTypes: ['AWS::EMR::SecurityConfiguration'], title: 'Require that an Amazon Elastic MapReduce (EMR) security configuration is configured to encrypt data at rest in Amazon S3 with an AWS KMS key', concerns: ['encryption-at-rest', 'key-management'] },
  { id: 'CT.EMR.PR.3', resourceTypes: ['AWS::EMR::SecurityConfiguration'], title: 'Require that an Amazon Elastic MapReduce (EMR) security configuration is configured with EBS volume local disk encryption using an AWS KMS key', concerns: ['encryption-at-rest', 'key-management'] },
  { id: 'CT.EMR.PR.4', resourceTypes: ['AWS::EMR::SecurityConfiguration'], title: 'Require that an Amazon Elastic MapReduce (EMR) security configuration is configured to encrypt data in transit', concerns: ['encryption-in-transit'] },
  { id: 'CT.GLUE.PR.1', resourceTypes: ['AWS::Glue::Job'], title: 'Require an AWS Glue job to have an associated security configuration', concerns: ['encryption-at-rest'] },
  { id: 'CT.GUARDDUTY.PR.1', resourceTypes: ['AWS::GuardDuty::Detector'], title: 'Require an Amazon GuardDuty detector to have Amazon S3 protection activated', concerns: ['monitoring'] },
  { id: 'CT.IAM.PR.1', resourceTypes: ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'], title: 'Require that an AWS Identity and Access Management (IAM) inline policy does not have a statement that includes "*" in the Action and Resource elements', concerns: ['least-privilege'], also: { cis: ['1.16'] } },
  { id: 'CT.IAM.PR.2', resourceTypes: ['AWS::IAM::ManagedPolicy'], title: 'Require that AWS Identity and Access Management (IAM) customer-managed policies do not contain a statement that includes "*" in the Action and Resource elements', concerns: ['least-privilege'], also: { cis: ['1.16'] } },
  { id: 'CT.IAM.PR.3', resourceTypes: ['AWS::IAM::ManagedPolicy'], title: 'Require that AWS Identity and Access Management (IAM) customer-managed policies do not have wildcard service actions', concerns: ['least-privilege'] },
  { id: 'CT.IAM.PR.4', resourceTypes: ['AWS::IAM::User', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'], title: 'Require that an AWS Identity and Access Management (IAM) user does not have an inline or managed policy attached attached', concerns: ['least-privilege'] },
  { id: 'CT.IAM.PR.5', resourceTypes: ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'], title: 'Require that AWS Identity and Access Management (IAM) inline policies do not have wildcard service actions', concerns: ['least-privilege'] },
  { id: 'CT.KINESIS.PR.1', resourceTypes: ['AWS::Kinesis::Stream'], title: 'Require any Amazon Kinesis data stream to have encryption at rest configured', concerns: ['encryption-at-rest'] },
  { id: 'CT.KMS.PR.1', resourceTypes: ['AWS::KMS::Key'], title: 'Require any AWS KMS key to have rotation configured', concerns: ['key-management'] },
  { id: 'CT.KMS.PR.2', resourceTypes: ['AWS::KMS::Key'], title: 'Require that an AWS KMS asymmetric key with RSA key material used for encryption has a key length greater than 2048 bits', concerns: ['key-management'] },
  { id: 'CT.KMS.PR.3', resourceTypes: ['AWS::KMS::Key'], title: 'Require an AWS KMS key policy to have a statement that limits creation of AWS KMS grants to AWS services', concerns: ['key-management', 'least-privilege'] },
  { id: 'CT.LAMBDA.PR.2', resourceTypes: ['AWS::Lambda::Permission'], title: 'Require AWS Lambda function policies to prohibit public access', concerns: ['public-access'] },
  { id: 'CT.LAMBDA.PR.3', resourceTypes: ['AWS::Lambda::Function'], title: 'Require an AWS Lambda function to be in a customer-managed Amazon Virtual Private Cloud (VPC)', concerns: ['network-boundary'] },
  { id: 'CT.LAMBDA.PR.4', resourceTypes: ['AWS::Lambda::LayerVersionPermission'], title: 'Require an AWS Lambda layer permission to grant access to an AWS organization or specific AWS account', concerns: ['public-access'] },
  { id: 'CT.LAMBDA.PR.5', resourceTypes: ['AWS::Lambda::Url'], title: 'Require an AWS Lambda function URL to use AWS IAM-based authentication', concerns: ['authentication'] },
  { id: 'CT.LAMBDA.PR.6', resourceTypes: ['AWS::Lambda::Url'], title: 'Require an AWS Lambda function URL CORS policy to restrict access to specific origins', concerns: ['hardening'] },
  { id: 'CT.MQ.PR.1', resourceTypes: ['AWS::AmazonMQ::Broker'], title: 'Require an Amazon MQ ActiveMQ broker to use use active/standby deployment mode for high availability', concerns: ['resilience'] },
  { id: 'CT.MQ.PR.2', resourceTypes: ['AWS::AmazonMQ::Broker'], title: 'Require an Amazon MQ Rabbit MQ broker to use Multi-AZ cluster mode for high availability', concerns: ['resilience'] },
  { id: 'CT.MSK.PR.1', resourceTypes: ['AWS::MSK::Cluster'], title: 'Require an Amazon Managed Streaming for Apache Kafka (MSK) cluster to enforce encryption in transit between cluster broker nodes', concerns: ['encryption-in-transit'] },
  { id: 'CT.MSK.PR.2', resourceTypes: ['AWS::MSK::Cluster'], title: 'Require an Amazon Managed Streaming for Apache Kafka (MSK) cluster to be configured with PublicAccess disabled', concerns: ['public-access'] },
  { id: 'CT.NEPTUNE.PR.1', resourceTypes: ['AWS::Neptune::DBCluster'], title: 'Require an Amazon Neptune DB cluster to have AWS Identity and Access Management (IAM) database authentication enabled', concerns: ['authentication'] },
  { id: 'CT.NEPTUNE.PR.2', resourceTypes: ['AWS::Neptune::DBCluster'], title: 'Require an Amazon Neptune DB cluster to have deletion protection enabled', concerns: ['deletion-protection'] },
  { id: 'CT.NEPTUNE.PR.3', resourceTypes: ['AWS::Neptune::DBCluster'], title: 'Require an Amazon Neptune DB cluster to have storage encryption enabled', concerns: ['encryption-at-rest'] },
  { id: 'CT.NEPTUNE.PR.4', resourceTypes: ['AWS::Neptune::DBCluster'], title: 'Require an Amazon Neptune DB cluster to enable Amazon CloudWatch log export for audit logs', concerns: ['activity-logging'] },
  { id: 'CT.NEPTUNE.PR.5', resourceTypes: ['AWS::Neptune::DBCluster'], title: 'Require an Amazon Neptune DB cluster to set a backup retention period greater than or equal to seven days', concerns: ['backup'] },
  { id: 'CT.NETWORK-FIREWALL.PR.1', resourceTypes: ['AWS::NetworkFirewall::FirewallPolicy'], title: 'Require any AWS Network Firewall firewall policy to have an associated rule group', concerns: ['network-boundary'] },
  { id: 'CT.NETWORK-FIREWALL.PR.2', resourceTypes: ['AWS::NetworkFirewall::FirewallPolicy'], title: 'Require any AWS Network Firewall firewall policy to drop or forward stateless full packets by default when they do not match a rule', concerns: ['network-boundary'] },
  { id: 'CT.NETWORK-FIREWALL.PR.3', resourceTypes: ['AWS::NetworkFirewall::FirewallPolicy'], title: 'Require any AWS Network Firewall firewall policy to drop or forward fragmented packets by default when they do not match a stateless rule', concerns: ['network-boundary'] },
  { id: 'CT.NETWORK-FIREWALL.PR.4', resourceTypes: ['AWS::NetworkFirewall::RuleGroup'], title: 'Require any AWS Network Firewall rule group to contain at least one rule', concerns: ['network-boundary'] },
  { id: 'CT.NETWORK-FIREWALL.PR.5', resourceTypes: ['AWS::NetworkFirewall::Firewall'], title: 'Require an AWS Network Firewall firewall to be deployed across multiple Availability Zones', concerns: ['resilience'] },
  { id: 'CT.OPENSEARCH.PR.1', resourceTypes: ['AWS::Elasticsearch::Domain'], title: 'Require an Elasticsearch domain to encrypt data at rest', concerns: ['encryption-at-rest'] },
  { id: 'CT.OPENSEARCH.PR.2', resourceTypes: ['AWS::Elasticsearch::Domain'], title: 'Require an Elasticsearch domain to be created in a user-specified Amazon VPC', concerns: ['public-access'] },
  { id: 'CT.OPENSEARCH.PR.3', resourceTypes: ['AWS::Elasticsearch::Domain'], title: 'Require an Elasticsearch domain to encrypt data sent between nodes', concerns: ['encryption-in-transit'] },
  { id: 'CT.OPENSEARCH.PR.4', resourceTypes: ['AWS::Elasticsearch::Domain'], title: 'Require an Elasticsearch domain to send error logs to Amazon CloudWatch Logs', concerns: ['monitoring'] },
  { id: 'CT.OPENSEARCH.PR.5', resourceTypes: ['AWS::Elasticsearch::Domain'], title: 'Require an Elasticsearch domain to send audit logs to Amazon CloudWatch Logs', concerns: ['activity-logging'] },
  { id: 'CT.OPENSEARCH.PR.6', resourceTypes: ['AWS::Elasticsearch::Domain'], title: 'Require an Elasticsearch domain to have zone awareness and at least three data nodes', concerns: ['resilience'] },
  { id: 'CT.OPENSEARCH.PR.7', resourceTypes: ['AWS::Elasticsearch::Domain'], title: 'Require an Elasticsearch domain to have at least three dedicated master nodes', concerns: ['resilience'] },
  { id: 'CT.OPENSEARCH.PR.8', resourceTypes: ['AWS::Elasticsearch::Domain'], title: 'Require an Elasticsearch Service domain to use TLSv1.2', concerns: ['encryption-in-transit'] },
  { id: 'CT.OPENSEARCH.PR.9', resourceTypes: ['AWS::OpenSearchService::Domain'], title: 'Require an Amazon OpenSearch Service domain to encrypt data at rest', concerns: ['encryption-at-rest'] },
  { id: 'CT.OPENSEARCH.PR.10', resourceTypes: ['AWS::OpenSearchService::Domain'], title: 'Require an Amazon OpenSearch Service domain to be created in a user-specified Amazon VPC', concerns: ['public-access'] },
  { id: 'CT.OPENSEARCH.PR.11', resourceTypes: ['AWS::OpenSearchService::Domain'], title: 'Require an Amazon OpenSearch Service domain to encrypt data sent between nodes', concerns: ['encryption-in-transit'] },
  { id: 'CT.OPENSEARCH.PR.12', resourceTypes: ['AWS::OpenSearchService::Domain'], title: 'Require an Amazon OpenSearch Service domain to send error logs to Amazon CloudWatch Logs', concerns: ['monitoring'] },
  { id: 'CT.OPENSEARCH.PR.13', resourceTypes: ['AWS::OpenSearchService::Domain'], title: 'Require an Amazon OpenSearch Service domain to send audit logs to Amazon CloudWatch Logs', concerns: ['activity-logging'] },
  { id: 'CT.OPENSEARCH.PR.14', resourceTypes: ['AWS::OpenSearchService::Domain'], title: 'Require an Amazon OpenSearch Service domain to have zone awareness and at least three data nodes', concerns: ['resilience'] },
  { id: 'CT.OPENSEARCH.PR.15', resourceTypes: ['AWS::OpenSearchService::Domain'], title: 'Require an Amazon OpenSearch Service domain to use fine-grained access control', concerns: ['least-privilege'] },
  { id: 'CT.OPENSEARCH.PR.16', resourceTypes: ['AWS::OpenSearchService::Domain'], title: 'Require an Amazon OpenSearch Service domain to use TLSv1.2', concerns: ['encryption-in-transit'] },
  { id: 'CT.RDS.PR.1', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require that an Amazon RDS database instance is configured with multiple Availability Zones', concerns: ['resilience'] },
  { id: 'CT.RDS.PR.2', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance or cluster to have enhanced monitoring configured', concerns: ['monitoring'] },
  { id: 'CT.RDS.PR.3', resourceTypes: ['AWS::RDS::DBCluster'], title: 'Require an Amazon RDS cluster to have deletion protection configured', concerns: ['deletion-protection'] },
  { id: 'CT.RDS.PR.4', resourceTypes: ['AWS::RDS::DBCluster'], title: 'Require an Amazon RDS database cluster to have AWS IAM database authentication configured', concerns: ['authentication'] },
  { id: 'CT.RDS.PR.5', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance to have minor version upgrades configured', concerns: ['patching'] },
  { id: 'CT.RDS.PR.6', resourceTypes: ['AWS::RDS::DBCluster'], title: 'Require an Amazon RDS database cluster to have backtracking configured', concerns: ['backup'] },
  { id: 'CT.RDS.PR.7', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require Amazon RDS database instances to have AWS IAM authentication configured', concerns: ['authentication'] },
  { id: 'CT.RDS.PR.8', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance to have automatic backups configured', concerns: ['backup'] },
  { id: 'CT.RDS.PR.9', resourceTypes: ['AWS::RDS::DBCluster'], title: 'Require an Amazon RDS database cluster to copy tags to snapshots', concerns: ['configuration'] },
  { id: 'CT.RDS.PR.10', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance to copy tags to snapshots', concerns: ['configuration'] },
  { id: 'CT.RDS.PR.11', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance to have a VPC configuration', concerns: ['network-boundary'] },
  { id: 'CT.RDS.PR.12', resourceTypes: ['AWS::RDS::EventSubscription'], title: 'Require an Amazon RDS event subscription to have critical cluster events configured', concerns: ['alerting'] },
  { id: 'CT.RDS.PR.13', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require any Amazon RDS instance to have deletion protection configured', concerns: ['deletion-protection'] },
  { id: 'CT.RDS.PR.14', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance to export logs to Amazon CloudWatch Logs by means of the EnableCloudwatchLogsExports property', concerns: ['activity-logging'] },
  { id: 'CT.RDS.PR.15', resourceTypes: ['AWS::RDS::DBSecurityGroup', 'AWS::RDS::DBInstance'], title: 'Require that an Amazon RDS instance does not create DB security groups', concerns: ['network-boundary'] },
  { id: 'CT.RDS.PR.16', resourceTypes: ['AWS::RDS::DBCluster'], title: 'Require an Amazon RDS database cluster to have encryption at rest configured', concerns: ['encryption-at-rest'], also: { cis: ['2.3.1'] } },
  { id: 'CT.RDS.PR.17', resourceTypes: ['AWS::RDS::EventSubscription'], title: 'Require an Amazon RDS event notification subscription to have critical database instance events configured', concerns: ['alerting'] },
  { id: 'CT.RDS.PR.18', resourceTypes: ['AWS::RDS::EventSubscription'], title: 'Require an Amazon RDS event notification subscription to have critical database parameter group events configured', concerns: ['alerting'] },
  { id: 'CT.RDS.PR.19', resourceTypes: ['AWS::RDS::EventSubscription'], title: 'Require an Amazon RDS event notifications subscription to have critical database security group events configured', concerns: ['alerting'] },
  { id: 'CT.RDS.PR.20', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance not to use a database engine default port', concerns: ['hardening'] },
  { id: 'CT.RDS.PR.21', resourceTypes: ['AWS::RDS::DBCluster'], title: 'Require an Amazon RDS DB cluster to have a unique administrator username', concerns: ['hardening'] },
  { id: 'CT.RDS.PR.22', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance to have a unique administrator username', concerns: ['hardening'] },
  { id: 'CT.RDS.PR.23', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance to not be publicly accessible', concerns: ['public-access'] },
  { id: 'CT.RDS.PR.24', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require an Amazon RDS database instance to have encryption at rest configured', concerns: ['encryption-at-rest'], also: { cis: ['2.3.1'] } },
  { id: 'CT.RDS.PR.25', resourceTypes: ['AWS::RDS::DBCluster'], title: 'Require an Amazon RDS database cluster to export logs to Amazon CloudWatch Logs by means of the EnableCloudwatchLogsExports property', concerns: ['activity-logging'] },
  { id: 'CT.RDS.PR.26', resourceTypes: ['AWS::RDS::DBProxy'], title: 'Require an Amazon RDS DB Proxy to require Transport Layer Security (TLS) connections', concerns: ['encryption-in-transit'] },
  { id: 'CT.RDS.PR.27', resourceTypes: ['AWS::RDS::DBClusterParameterGroup'], title: 'Require an Amazon RDS DB cluster parameter group to require Transport Layer Security (TLS) connections for supported engine types', concerns: ['encryption-in-transit'] },
  { id: 'CT.RDS.PR.28', resourceTypes: ['AWS::RDS::DBParameterGroup'], title: 'Require an Amazon RDS DB parameter group to require Transport Layer Security (TLS) connections for supported engine types', concerns: ['encryption-in-transit'] },
  { id: 'CT.RDS.PR.29', resourceTypes: ['AWS::RDS::DBCluster'], title: 'Require an Amazon RDS cluster not be configured to be publicly accessible by means of the \'PubliclyAccessible\' property', concerns: ['public-access'] },
  { id: 'CT.RDS.PR.30', resourceTypes: ['AWS::RDS::DBInstance'], title: 'Require that an Amazon RDS database instance has encryption at rest configured to use a KMS key that you specify for supported engine types', concerns: ['encryption-at-rest', 'key-management'], also: { cis: ['2.3.1'] } },
  { id: 'CT.REDSHIFT.PR.1', resourceTypes: ['AWS::Redshift::Cluster'], title: 'Require an Amazon Redshift cluster to prohibit public access', concerns: ['public-access'] },
  { id: 'CT.REDSHIFT.PR.2', resourceTypes: ['AWS::Redshift::Cluster'], title: 'Require an Amazon Redshift cluster to have automatic snapshots configured', concerns: ['backup'] },
  { id: 'CT.REDSHIFT.PR.3', resourceTypes: ['AWS::Redshift::Cluster'], title: 'Require an Amazon Redshift cluster to have audit logging configured', concerns: ['activity-logging'] },
  { id: 'CT.REDSHIFT.PR.4', resourceTypes: ['AWS::Redshift::Cluster'], title: 'Require an Amazon Redshift cluster to have automatic upgrades to major versions configured', concerns: ['patching'] },
  { id: 'CT.REDSHIFT.PR.5', resourceTypes: ['AWS::Redshift::Cluster'], title: 'Require an Amazon Redshift cluster to have enhanced VPC routing', concerns: ['network-boundary'] },
  { id: 'CT.REDSHIFT.PR.6', resourceTypes: ['AWS::Redshift::Cluster'], title: 'Require an Amazon Redshift cluster to have a unique administrator username', concerns: ['hardening'] },
  { id: 'CT.REDSHIFT.PR.7', resourceTypes: ['AWS::Redshift::Cluster'], title: 'Require an Amazon Redshift cluster to have a unique database name', concerns: ['hardening'] },
  { id: 'CT.REDSHIFT.PR.8', resourceTypes: ['AWS::Redshift::Cluster'], title: 'Require an Amazon Redshift cluster to be encrypted', concerns: ['encryption-at-rest'] },
  { id: 'CT.REDSHIFT.PR.9', resourceTypes: ['AWS::Redshift::ClusterParameterGroup'], title: 'Require that an Amazon Redshift cluster parameter group is configured to use Secure Sockets Layer (SSL) for encryption of data in transit', concerns: ['encryption-in-transit'] },
  { id: 'CT.S3.PR.1', resourceTypes: ['AWS::S3::Bucket'], title: 'Require an Amazon S3 bucket to have block public access settings configured', concerns: ['public-access'], also: { cis: ['2.1.4'] } },
  { id: 'CT.S3.PR.2', resourceTypes: ['AWS::S3::Bucket'], title: 'Require an Amazon S3 bucket to have server access logging configured', concerns: ['activity-logging'] },
  { id: 'CT.S3.PR.3', resourceTypes: ['AWS::S3::Bucket'], title: 'Require an Amazon S3 buckets to have versioning configured and a lifecycle policy', concerns: ['backup', 'data-lifecycle'] },
  { id: 'CT.S3.PR.4', resourceTypes: ['AWS::S3::Bucket'], title: 'Require an Amazon S3 bucket to have event notifications configured', concerns: ['monitoring'] },
  { id: 'CT.S3.PR.5', resourceTypes: ['AWS::S3::Bucket'], title: 'Require that an Amazon S3 bucket does not manage user access with an access control list (ACL)', concerns: ['least-privilege'] },
  { id: 'CT.S3.PR.6', resourceTypes: ['AWS::S3::Bucket'], title: 'Require an Amazon S3 bucket to have lifecycle policies configured', concerns: ['data-lifecycle'] },
  { id: 'CT.S3.PR.8', resourceTypes: ['AWS::S3::BucketPolicy'], title: 'Require that Amazon S3 bucket requests use Secure Sockets Layer', concerns: ['encryption-in-transit'], also: { cis: ['2.1.1'] } },
  { id: 'CT.S3.PR.9', resourceTypes: ['AWS::S3::Bucket'], title: 'Require that an Amazon S3 bucket has S3 Object Lock activated', concerns: ['integrity'] },
  { id: 'CT.S3.PR.10', resourceTypes: ['AWS::S3::Bucket'], title: 'Require an Amazon S3 bucket to have server-side encryption configured using an AWS KMS key', concerns: ['encryption-at-rest', 'key-management'] },
  { id: 'CT.S3.PR.11', resourceTypes: ['AWS::S3::Bucket'], title: 'Require an Amazon S3 bucket to have versioning enabled', concerns: ['backup', 'integrity'] },
  { id: 'CT.S3.PR.12', resourceTypes: ['AWS::S3::AccessPoint'], title: 'Require an Amazon S3 access point to have a Block Public Access (BPA) configuration with all options set to true', concerns: ['public-access'] },
  { id: 'CT.SAGEMAKER.PR.1', resourceTypes: ['AWS::SageMaker::NotebookInstance'], title: 'Require an Amazon SageMaker notebook instance to prevent direct internet access', concerns: ['public-access'] },
  { id: 'CT.SAGEMAKER.PR.2', resourceTypes: ['AWS::SageMaker::NotebookInstance'], title: 'Require Amazon SageMaker notebook instances to be deployed within a custom Amazon VPC', concerns: ['network-boundary'] },
  { id: 'CT.SAGEMAKER.PR.3', resourceTypes: ['AWS::SageMaker::NotebookInstance'], title: 'Require Amazon SageMaker notebook instances to have root access disallowed', concerns: ['hardening'] },
  { id: 'CT.SQS.PR.1', resourceTypes: ['AWS::SQS::Queue'], title: 'Require any Amazon SQS queue to have a dead-letter queue configured', concerns: ['resilience'] },
  { id: 'CT.SQS.PR.2', resourceTypes: ['AWS::SQS::Queue'], title: 'Require any Amazon SQS queue to have encryption at rest configured', concerns: ['encryption-at-rest'] },
  { id: 'CT.STEPFUNCTIONS.PR.1', resourceTypes: ['AWS::StepFunctions::StateMachine'], title: 'Require an AWS Step Functions state machine to have logging activated', concerns: ['activity-logging'] },
  { id: 'CT.STEPFUNCTIONS.PR.2', resourceTypes: ['AWS::StepFunctions::StateMachine'], title: 'Require an AWS Step Functions state machine to have AWS X-Ray tracing activated', concerns: ['monitoring'] },
  { id: 'CT.WAF-REGIONAL.PR.1', resourceTypes: ['AWS::WAFRegional::Rule'], title: 'Require any AWS WAF Classic regional rule to have a condition', concerns: ['network-boundary'] },
  { id: 'CT.WAF-REGIONAL.PR.2', resourceTypes: ['AWS::WAFRegional::WebACL'], title: 'Require any AWS WAF Classic regional web access control list (ACL) to have a rule or rule group', concerns: ['network-boundary'] },
  { id: 'CT.WAF.PR.1', resourceTypes: ['AWS::WAF::Rule'], title: 'Require any AWS WAF Classic global rule to have a condition', concerns: ['network-boundary'] },
  { id: 'CT.WAF.PR.2', resourceTypes: ['AWS::WAF::WebACL'], title: 'Require any AWS WAF Classic global web ACL to have a rule or rule group', concerns: ['network-boundary'] },
  { id: 'CT.WAFV2.PR.1', resourceTypes: ['AWS::WAFv2::WebACL'], title: 'Require an AWS WAF web ACL to be non-empty', concerns: ['network-boundary'] },
  { id: 'CT.WAFV2.PR.2', resourceTypes: ['AWS::WAFv2::RuleGroup'], title: 'Require an AWS WAF rule group to be non-empty', concerns: ['network-boundary'] },
];

const BY_ID = new Map(CONTROL_TOWER_CONTROLS.map((c) => [c.id, c]));

export function controlTowerControl(id: string): ControlTowerControl | undefined {
  return BY_ID.get(id);
}

/** Catalog controls a Control Tower control evidences in `frameworks`; undefined when Haven has no mapping for the id. */
export function controlTowerControlsFor(id: string, frameworks: readonly Framework[]): ControlRef[] | undefined {
  const ct = BY_ID.get(id);
  if (!ct) return undefined;
  const out: ControlRef[] = [];
  const seen = new Set<string>();
  for (const f of frameworks) {
    for (const source of [...ct.concerns.map((c) => CONCERN_CONTROLS[c]), ct.also ?? {}]) {
      for (const control of source[f] ?? []) {
        if (seen.has(`${f}|${control}`)) continue;
        seen.add(`${f}|${control}`);
        out.push({ framework: f, control });
      }
    }
  }
  return out;
}

/** The Control Tower controls that evidence one catalog control (for a pass when cfn-guard ran and found nothing). */
export function controlTowerIdsFor(framework: Framework, control: string): string[] {
  return CONTROL_TOWER_CONTROLS.filter((ct) => (controlTowerControlsFor(ct.id, [framework]) ?? []).some((r) => r.control === control)).map((ct) => ct.id);
}
