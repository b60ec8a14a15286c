/**
 * Acknowledgements Haven needs by design. Each names the rule, the resources it is limited to, and why the
 * finding is expected for a Haven platform. They are applied after the spec's own acknowledgements and always
 * shown in the report (as acknowledged, owner "haven"), never silently dropped.
 */
export interface BuiltinAcknowledgement {
  /** Rule id; a cdk-nag id without `[finding]` also covers each of its findings. */
  readonly rule: string;
  readonly resourceType?: string;
  /** Logical ids the acknowledgement is limited to. */
  readonly logicalId?: RegExp;
  readonly reason: string;
}

/** CDK's own singleton Lambda functions (custom-resource providers, log retention, bucket notifications, auto-delete). */
const CDK_INTERNAL_FUNCTION = /^(AWS[0-9a-f]{32}|CustomResourceProvider|CustomS3AutoDeleteObjects|CustomVpcRestrictDefaultSG|CustomCDKBucketDeployment|LogRetention[0-9a-f]{32}|BucketNotificationsHandler[0-9a-f]{32}|.*ProviderframeworkonEvent|.*Provider[A-Za-z]*Handler)/;

const IGW_ROUTE = 'A public subnet exists to hold the load balancers and NAT gateways; its default route to the internet gateway is what makes it public. Workloads and data stores live in private/isolated subnets.';
const CDK_FUNCTION = 'CDK-managed deployment-time function (custom resource provider); it runs only during deployments, holds no data and is not part of the workload.';

export const BUILTIN_ACKNOWLEDGEMENTS: readonly BuiltinAcknowledgement[] = [
  { rule: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW', resourceType: 'AWS::EC2::Route', logicalId: /public/i, reason: IGW_ROUTE },
  { rule: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW', resourceType: 'AWS::EC2::Route', logicalId: /public/i, reason: IGW_ROUTE },
  { rule: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', resourceType: 'AWS::EC2::Route', logicalId: /public/i, reason: IGW_ROUTE },
  { rule: 'PCI.DSS.321-VPCSubnetAutoAssignPublicIpDisabled', resourceType: 'AWS::EC2::Subnet', logicalId: /public/i, reason: 'Public subnets assign public addresses so that NAT gateways and internet-facing load balancers can work; no instance runs there.' },
  { rule: 'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled', resourceType: 'AWS::EC2::Subnet', logicalId: /public/i, reason: 'Public subnets assign public addresses so that NAT gateways and internet-facing load balancers can work; no instance runs there.' },
  { rule: 'HIPAA.Security-VPCSubnetAutoAssignPublicIpDisabled', resourceType: 'AWS::EC2::Subnet', logicalId: /public/i, reason: 'Public subnets assign public addresses so that NAT gateways and internet-facing load balancers can work; no instance runs there.' },
  ...['HIPAA.Security-LambdaConcurrency', 'HIPAA.Security-LambdaDLQ', 'HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaConcurrency', 'NIST.800.53.R5-LambdaDLQ', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC', 'AwsSolutions-L1', 'HAVEN-ALARM-COVERAGE'].map(
    (rule): BuiltinAcknowledgement => ({ rule, resourceType: 'AWS::Lambda::Function', logicalId: CDK_INTERNAL_FUNCTION, reason: CDK_FUNCTION }),
  ),
  { rule: 'AwsSolutions-IAM4', resourceType: 'AWS::IAM::Role', logicalId: CDK_INTERNAL_FUNCTION, reason: 'The CDK custom-resource provider role uses AWSLambdaBasicExecutionRole, which only writes its own logs.' },
];
