/** Stack names: one per environment and region, readable in the CloudFormation console. */
export function stackName(project: string, environment: string, region: string): string {
  return `${project}-${environment}-${region}`;
}

/** Physical bucket name; the seeds' convention `<project>-<bucket>-<environment>`, suffixed in the DR region. */
export function bucketName(project: string, environment: string, bucket: string, role: 'primary' | 'dr' = 'primary'): string {
  return `${project}-${bucket}-${environment}${role === 'dr' ? '-dr' : ''}`;
}

/**
 * `main-db` → `MainDb`: construct ids and CloudFormation output keys (alphanumeric only). The ops layer reads
 * outputs by the same rule, so both sides use this one function.
 */
export function pascalCase(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}
