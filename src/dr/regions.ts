import type { AwsRegion } from '../spec/common';

/** Regions in Canada: PIPEDA residency (Haven's default reading: Canadian personal data stays in Canada). */
export const CANADA_REGIONS: readonly AwsRegion[] = ['ca-central-1', 'ca-west-1'];

/** Regions in the European Union (eu-west-2 London and eu-central-2 Zurich are outside the EU). */
export const EU_REGIONS: readonly AwsRegion[] = ['eu-west-1', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-south-2'];

/** EEA/adequacy regions are not EU regions: GDPR transfers there need their own basis, so Haven treats them as outside. */
export const US_REGIONS: readonly AwsRegion[] = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'];

/**
 * Regions Haven accepts for HIPAA workloads. The AWS BAA covers eligible services in the commercial regions; the
 * opt-in regions (af-south-1, me-central-1) are left out because Haven has not verified every DR mechanism it uses
 * (cross-region automated backup replication, S3 RTC, Backup copy) there. Data, not code: extend when verified.
 */
export const HIPAA_REGIONS: readonly AwsRegion[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'ca-west-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'sa-east-1',
];

/** Services a DR design uses, each HIPAA-eligible (AWS HIPAA Eligible Services Reference). */
export const HIPAA_ELIGIBLE_DR_SERVICES: readonly string[] = [
  's3', 'rds', 'aurora', 'kms', 'backup', 'route53', 'elasticache', 'ecs', 'eks', 'lambda', 'ec2', 'efs',
];

export function isEuRegion(region: string): boolean {
  return (EU_REGIONS as readonly string[]).includes(region);
}
export function isCanadaRegion(region: string): boolean {
  return (CANADA_REGIONS as readonly string[]).includes(region);
}
export function isHipaaRegion(region: string, regions: readonly string[] = HIPAA_REGIONS): boolean {
  return regions.includes(region);
}
