import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CHECK_APP_CONTEXT } from '../../src/compliance';

export function newApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'haven-check-')), context: CHECK_APP_CONTEXT });
}

/**
 * The deliberately broken platform from the issue: an unencrypted bucket, a database asking for 40 days of
 * automated backups, a wildcard IAM policy, and PIPEDA data in us-east-1.
 */
export function brokenPlatform(app: App): Stack {
  const stack = new Stack(app, 'BrokenData', { env: { account: '111111111111', region: 'us-east-1' } });
  const records = new s3.CfnBucket(stack, 'Records', {});
  records.addMetadata('haven:resource', 'buckets.records');

  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: true, subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }, { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const db = new rds.DatabaseInstance(stack, 'Main', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    storageEncrypted: true,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    backupRetention: Duration.days(7),
  });
  const cfnDb = db.node.defaultChild as rds.CfnDBInstance;
  // The escape hatch the issue names: RDS itself rejects more than 35 days.
  cfnDb.addPropertyOverride('BackupRetentionPeriod', 40);
  cfnDb.addMetadata('haven:resource', 'databases.main');

  const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
  return stack;
}

/** A small platform that does things the Haven way, in Canada. */
export function compliantPlatform(app: App): Stack {
  const stack = new Stack(app, 'GoodData', { env: { account: '111111111111', region: 'ca-central-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  const bucket = new s3.Bucket(stack, 'Records', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, versioned: true, removalPolicy: RemovalPolicy.RETAIN });
  (bucket.node.defaultChild as s3.CfnBucket).addMetadata('haven:resource', 'buckets.records');
  const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  bucket.grantRead(role);
  return stack;
}
