/** Stack names: one per environment and region, readable in the CloudFormation console. */
export function stackName(project: string, environment: string, region: string): string {
  return `${project}-${environment}-${region}`;
}

/** Physical bucket name; the seeds' convention `<project>-<bucket>-<environment>`, suffixed in the DR region. */
export function bucketName(project: string, environment: string, bucket: string, role: 'primary' | 'dr' = 'primary'): string {
  return `${project}-${bucket}-${environment}${role === 'dr' ? '-dr' : ''}`;
}
