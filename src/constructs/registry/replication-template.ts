import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface ReplicatedRepositoryTemplateProps {
  /**
   * Namespace the template applies to: ECR appends `/` to a prefix, so `prod` covers `prod/...` repositories only;
   * `ROOT` covers every repository of the registry (this account and region) no other template covers.
   * @default 'ROOT' - Haven's repository names (`<project>-<env>-<name>`) have no namespace
   */
  readonly prefix?: string;
  /** Names of the repositories replication will create here (the creation role may create only these). */
  readonly repositoryNames: readonly string[];
  /** Customer-managed key of this region that encrypts the replicated images. */
  readonly encryptionKey: kms.IKey;
  /** @default 30 */
  readonly keepTaggedImages?: number;
  /** @default 7 */
  readonly untaggedExpiryDays?: number;
  /** @default true */
  readonly immutableTags?: boolean;
}

/**
 * Settings of the repositories ECR creates in this region when it replicates images here. Without a template ECR
 * creates them with AES-256 (SSE-S3), mutable tags and no lifecycle policy; with one (AppliedFor REPLICATION) it
 * applies the template's KMS key, tag immutability and lifecycle policy to each new repository. A template with a
 * customer-managed key needs a creation role ECR assumes (ecr.amazonaws.com), allowed to create and tag the
 * repositories and to create grants on the key.
 * - https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html
 * - https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create-iam.html
 * - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecr-repositorycreationtemplate.html
 * A template has no scanning setting: scan on push of replicated repositories follows the registry's scanning
 * configuration in this region (one per account and region, like the replication configuration itself).
 * Only repositories created after the template exists get its settings.
 */
export class ReplicatedRepositoryTemplate extends Construct {
  public readonly template: ecr.CfnRepositoryCreationTemplate;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ReplicatedRepositoryTemplateProps) {
    super(scope, id);
    const keep = props.keepTaggedImages ?? 30;
    const untaggedDays = props.untaggedExpiryDays ?? 7;
    const prefix = props.prefix ?? 'ROOT';
    if (!props.repositoryNames.length) throw new Error('ReplicatedRepositoryTemplate: no repository names');
    // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepositoryCreationTemplate.html (prefix: "an assumed / applied to the end")
    const outside = prefix === 'ROOT' ? [] : props.repositoryNames.filter((n) => !n.startsWith(`${prefix}/`));
    if (outside.length) throw new Error(`ReplicatedRepositoryTemplate: ${outside.join(', ')} are not in the namespace ${prefix}/`);

    this.role = new iam.Role(this, 'CreationRole', {
      assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com'),
      description: `ECR creates the replicated repositories (${prefix}) with this region's key`,
    });
    const stack = Stack.of(this);
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource'],
      resources: props.repositoryNames.map((n) => stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: n })),
    }));
    props.encryptionKey.grant(this.role, 'kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey');

    this.template = new ecr.CfnRepositoryCreationTemplate(this, 'Template', {
      prefix,
      appliedFor: ['REPLICATION'],
      description: 'Replicated repositories: KMS with this region\'s customer key, immutable tags, lifecycle',
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: props.encryptionKey.keyArn },
      imageTagMutability: props.immutableTags === false ? 'MUTABLE' : 'IMMUTABLE',
      customRoleArn: this.role.roleArn,
      lifecyclePolicy: JSON.stringify({
        rules: [
          { rulePriority: 1, description: `Expire untagged images after ${untaggedDays} days`, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedDays }, action: { type: 'expire' } },
          { rulePriority: 2, description: `Keep the last ${keep} tagged images`, selection: { tagStatus: 'tagged', tagPatternList: ['*'], countType: 'imageCountMoreThan', countNumber: keep }, action: { type: 'expire' } },
        ],
      }),
    });
    // The role (and its key grant) must exist before ECR can use the template.
    this.template.node.addDependency(this.role);
  }
}
