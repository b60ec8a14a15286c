import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface ImageRepositoryProps {
  /**
   * Physical repository name.
   * @default - CloudFormation generates a name
   */
  readonly repositoryName?: string;
  /** Customer-managed key that encrypts the images at rest. */
  readonly encryptionKey: kms.IKey;
  /**
   * How many tagged images to keep; older ones expire.
   * @default 30
   */
  readonly keepTaggedImages?: number;
  /**
   * Days after which untagged images (superseded layers, failed pushes) expire.
   * @default 7
   */
  readonly untaggedExpiryDays?: number;
  /**
   * Refuse to overwrite an existing tag, so a deployed tag always names the same image (audit trail, rollback).
   * @default true
   */
  readonly immutableTags?: boolean;
  /**
   * What happens to the repository when it leaves the stack.
   * @default RemovalPolicy.RETAIN - images are release evidence and rollback targets
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A private ECR repository for one service's images: scanned on push, KMS-encrypted with a customer key,
 * immutable tags, bounded by lifecycle rules, and retained when removed from the stack.
 */
export class ImageRepository extends Construct {
  public readonly repository: ecr.Repository;
  public readonly repositoryName: string;
  public readonly repositoryUri: string;
  public readonly repositoryArn: string;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    const keep = props.keepTaggedImages ?? 30;
    const untaggedDays = props.untaggedExpiryDays ?? 7;
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`keepTaggedImages must be a positive integer, got ${keep}`);
    if (!Number.isInteger(untaggedDays) || untaggedDays < 1) throw new Error(`untaggedExpiryDays must be a positive integer, got ${untaggedDays}`);

    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      // Basic scan on push. When the registry uses enhanced scanning (see RegistryScanning), ECR ignores this
      // setting and Inspector's rules apply; it stays on so the repository is still scanned if the registry reverts.
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: props.encryptionKey,
      imageTagMutability: props.immutableTags === false ? ecr.TagMutability.MUTABLE : ecr.TagMutability.IMMUTABLE,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          rulePriority: 1,
          description: `Expire untagged images after ${untaggedDays} days`,
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: Duration.days(untaggedDays),
        },
        {
          rulePriority: 2,
          description: `Keep the last ${keep} tagged images`,
          tagStatus: ecr.TagStatus.TAGGED,
          tagPatternList: ['*'],
          maxImageCount: keep,
        },
      ],
    });
    this.repositoryName = this.repository.repositoryName;
    this.repositoryUri = this.repository.repositoryUri;
    this.repositoryArn = this.repository.repositoryArn;
  }

  /** Lets a build role push images (and read them back for layer reuse); scoped to this repository. */
  public grantPush(grantee: iam.IGrantable): iam.Grant {
    return this.repository.grantPullPush(grantee);
  }

  /** Lets a task execution role pull images from this repository only. */
  public grantPull(grantee: iam.IGrantable): iam.Grant {
    return this.repository.grantPull(grantee);
  }
}
