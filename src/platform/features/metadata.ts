import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Marks the CloudFormation resource behind a construct with the spec path it came from (`databases.main`), so
 * compliance findings, cost lines and acknowledgements speak the spec's language instead of construct paths.
 */
export function tagHavenResource(construct: IConstruct, specPath: string): void {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (resource instanceof CfnResource) resource.addMetadata('haven:resource', specPath);
}
