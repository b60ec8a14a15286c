import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';

export const REPO = path.resolve(__dirname, '..');
export const EXAMPLES = path.join(REPO, 'examples');

/** A stack in a concrete account and region, as Haven's stacks always are. */
export function testStack(region = 'ca-central-1'): Stack {
  return new Stack(new App(), 'Test', { env: { account: '123456789012', region } });
}

/** The smallest valid spec: one development environment with nothing but the baseline. */
export const MINIMAL_SPEC = `project:
  name: demo
compliance:
  frameworks: [hipaa]
regions:
  primary: us-east-1
network:
  cidr: 10.0.0.0/16
environments:
  dev:
    tier: development
`;

/**
 * Copies what the examples name by a path relative to the spec file (BerthCare's CloudFront public key) into `dir`,
 * for a test that copies an example spec there.
 */
export function copyExampleFiles(dir: string): void {
  fs.cpSync(path.join(EXAMPLES, 'keys'), path.join(dir, 'keys'), { recursive: true });
}
