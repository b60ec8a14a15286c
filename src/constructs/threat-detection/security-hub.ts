import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';

/** Security Hub standards by Haven name. */
export const SECURITY_HUB_STANDARDS = ['aws-foundational', 'cis-1.2', 'cis-1.4', 'cis-3.0', 'pci-dss-3.2.1', 'pci-dss-4.0.1', 'nist-800-53'] as const;
export type SecurityHubStandard = (typeof SECURITY_HUB_STANDARDS)[number];

/**
 * The standards ARN for a region. Standards are region-scoped (`arn:aws:securityhub:<region>::standards/...`)
 * except CIS 1.2.0, which predates that and is a global `ruleset` ARN.
 */
export function securityHubStandardArn(standard: SecurityHubStandard, region: string, partition: string = 'aws'): string {
  const std = (path: string) => `arn:${partition}:securityhub:${region}::standards/${path}`;
  switch (standard) {
    case 'aws-foundational': return std('aws-foundational-security-best-practices/v/1.0.0');
    case 'cis-1.2': return `arn:${partition}:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0`;
    case 'cis-1.4': return std('cis-aws-foundations-benchmark/v/1.4.0');
    case 'cis-3.0': return std('cis-aws-foundations-benchmark/v/3.0.0');
    case 'pci-dss-3.2.1': return std('pci-dss/v/3.2.1');
    case 'pci-dss-4.0.1': return std('pci-dss/v/4.0.1');
    case 'nist-800-53': return std('nist-800-53/v/5.0.0');
  }
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export interface SecurityHubProps {
  /** @default ['aws-foundational'] */
  readonly standards?: readonly SecurityHubStandard[];
}

/**
 * Security Hub in this region with explicitly chosen standards (AWS defaults off, so the template is the whole truth)
 * and consolidated control findings (one finding per control across standards).
 */
export class SecurityHub extends Construct {
  public readonly hub: securityhub.CfnHub;
  public readonly standards: securityhub.CfnStandard[] = [];

  constructor(scope: Construct, id: string, props: SecurityHubProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    // Prefer the literal region so ARNs are readable and testable; fall back to the pseudo parameter.
    const literal = !Token.isUnresolved(stack.region);
    const region = literal ? stack.region : Aws.REGION;
    const partition = literal ? partitionOf(stack.region) : Aws.PARTITION;
    this.hub = new securityhub.CfnHub(this, 'Hub', {
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    for (const standard of [...new Set<SecurityHubStandard>(props.standards ?? ['aws-foundational'])]) {
      const cfn = new securityhub.CfnStandard(this, `Standard-${standard}`, {
        standardsArn: securityHubStandardArn(standard, region, partition),
      });
      // A standard can only be enabled once the hub exists.
      cfn.addResourceDependency(this.hub);
      this.standards.push(cfn);
    }
  }
}
