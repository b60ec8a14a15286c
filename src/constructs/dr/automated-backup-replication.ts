import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface AutomatedBackupReplicationProps {
  /** ARN of the source DB instance in another region. */
  readonly sourceDbInstanceArn: string;
  /** Key in this (the destination) region the replicated backups are encrypted with. */
  readonly encryptionKey: kms.IKey;
  /**
   * Days replicated backups (and their transaction logs) are kept in this region.
   * @default 7
   */
  readonly retentionDays?: number;
}

/**
 * RDS cross-region automated backup replication: snapshots and transaction logs of the source instance are copied to
 * this region, so it can be restored here to any point within the retention. CloudFormation has no resource for
 * it, so a custom resource calls StartDBInstanceAutomatedBackupsReplication in this region (and Stop on delete).
 * Changing the retention needs a replace (change the construct id) because the API has no modify call.
 */
export class AutomatedBackupReplication extends Construct {
  public readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: AutomatedBackupReplicationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const retention = props.retentionDays ?? 7;
    if (!Number.isInteger(retention) || retention < 1 || retention > 35) throw new Error(`AutomatedBackupReplication: retentionDays must be 1-35, got ${retention}`);
    const stop: cr.AwsSdkCall = {
      service: 'RDS',
      action: 'stopDBInstanceAutomatedBackupsReplication',
      parameters: { SourceDBInstanceArn: props.sourceDbInstanceArn },
      region: stack.region,
      // Already stopped (or the source is gone) is the state delete wants.
      ignoreErrorCodesMatching: 'DBInstanceNotFound|DBInstanceAutomatedBackupNotFound|InvalidDBInstanceState',
    };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::RdsAutomatedBackupsReplication',
      installLatestAwsSdk: false,
      onCreate: {
        service: 'RDS',
        action: 'startDBInstanceAutomatedBackupsReplication',
        parameters: { SourceDBInstanceArn: props.sourceDbInstanceArn, BackupRetentionPeriod: retention, KmsKeyId: props.encryptionKey.keyArn },
        region: stack.region,
        physicalResourceId: cr.PhysicalResourceId.of(`backup-replication-${retention}`),
      },
      onDelete: stop,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['rds:StartDBInstanceAutomatedBackupsReplication', 'rds:StopDBInstanceAutomatedBackupsReplication'],
          resources: [props.sourceDbInstanceArn, stack.formatArn({ service: 'rds', resource: 'auto-backup', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
        // RDS creates a grant on the destination key to encrypt the replicated backups.
        new iam.PolicyStatement({ actions: ['kms:DescribeKey', 'kms:CreateGrant'], resources: [props.encryptionKey.keyArn] }),
      ]),
    });
  }
}
