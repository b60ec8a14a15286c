import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Key policy statement that refuses KMS grants except those AWS services create on a resource's behalf (RDS, EBS,
 * ElastiCache, Backup do this; CreateGrant then carries kms:GrantIsForAWSResource) or make as service principals.
 * A grant is a second, policy-invisible path to the key; nobody else needs one. The form is the one AWS Control
 * Tower's proactive control CT.KMS.PR.3 checks for.
 */
export function grantsOnlyForAwsServices(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'GrantsOnlyForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
}

/** Adds `grantsOnlyForAwsServices` to a key Haven creates. */
export function restrictGrantsToAwsServices(key: kms.IKey): void {
  key.addToResourcePolicy(grantsOnlyForAwsServices());
}
