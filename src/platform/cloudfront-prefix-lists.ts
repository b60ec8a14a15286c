/**
 * Ids of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` per region (data only: spec
 * validation reads it without loading CDK), so synthesis never asks AWS (no context lookup; the assembly deploys as
 * is). The list is global in content but has its own id in each region; AWS keeps its CIDRs current.
 *
 * Source: "Limit access to your origins using the AWS-managed prefix list for Amazon CloudFront"
 * (aws.amazon.com/blogs/networking-and-content-delivery/limit-access-to-your-origins-using-the-aws-managed-prefix-list-for-amazon-cloudfront/)
 * and `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`,
 * as published in public infrastructure code (the ids have not changed since the list launched in 2022).
 * A region missing here (or an id AWS changed) is given in the spec: `edge.alb.cloudfrontPrefixLists`.
 *
 * Weight: the list counts as 55 rules against the security group's rules quota (default 60), so a group can hold it
 * once: https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html
 */
export const AS_OF = '2026-12-02';

export const CLOUDFRONT_ORIGIN_FACING: Readonly<Record<string, string>> = {
  'us-east-1': 'pl-3b927c52',
  'us-east-2': 'pl-b6a144df',
  'us-west-1': 'pl-4ea04527',
  'us-west-2': 'pl-82a045eb',
  'ca-central-1': 'pl-38a64351',
  'eu-west-1': 'pl-4fa04526',
  'eu-west-2': 'pl-93a247fa',
  'eu-west-3': 'pl-75b1541c',
  'eu-central-1': 'pl-a3a144ca',
  'eu-north-1': 'pl-fab65393',
  'ap-northeast-1': 'pl-58a04531',
  'ap-northeast-2': 'pl-22a6434b',
  'ap-northeast-3': 'pl-31a14458',
  'ap-south-1': 'pl-9aa247f3',
  'ap-southeast-1': 'pl-31a34658',
  'ap-southeast-2': 'pl-b8a742d1',
  'sa-east-1': 'pl-5da64334',
};

/** The origin-facing prefix list id in `region`: the spec's override first, then the table. */
export function cloudfrontPrefixListFor(region: string, overrides?: Readonly<Record<string, string>>): string | undefined {
  return overrides?.[region] ?? CLOUDFRONT_ORIGIN_FACING[region];
}
