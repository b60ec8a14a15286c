import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';

/** How often Amazon Inspector scans the matched repositories. */
export enum RegistryScanFrequency {
  /** Scan on push, then rescan whenever Amazon Inspector learns of a new vulnerability affecting the image. */
  CONTINUOUS = 'CONTINUOUS_SCAN',
  /** Scan once, when the image is pushed. */
  ON_PUSH = 'SCAN_ON_PUSH',
}

export interface RegistryScanningProps {
  /**
   * Repository name patterns the rule covers (`*` matches any characters), e.g. `['techcorp-production-*']`.
   * Repositories that match no pattern are not scanned at all while the registry is in enhanced mode.
   */
  readonly repositoryFilters: string[];
  /**
   * @default RegistryScanFrequency.CONTINUOUS
   */
  readonly frequency?: RegistryScanFrequency;
}

/**
 * ECR enhanced scanning (Amazon Inspector) for the private registry of this account and region: OS and
 * language-package CVE scans on push and, with continuous scanning, rescans as new CVEs are published.
 *
 * The registry scanning configuration is a singleton per account and region: create one per account+region, and
 * note that it replaces whatever configuration the registry had (repositories outside the filters stop being
 * scanned). Inspector's ECR scanning must be activated in the account (`aws inspector2 enable --resource-types
 * ECR`); CloudFormation has no resource for that, so the ECR configuration alone scans nothing until it is.
 * The repository-level scan-on-push setting is ignored while enhanced scanning is on.
 */
export class RegistryScanning extends Construct {
  public readonly configuration: ecr.CfnRegistryScanningConfiguration;

  constructor(scope: Construct, id: string, props: RegistryScanningProps) {
    super(scope, id);
    if (props.repositoryFilters.length === 0) throw new Error('RegistryScanning needs at least one repository filter');
    if (props.repositoryFilters.length > 100) throw new Error(`ECR accepts at most 100 repository filters per rule, got ${props.repositoryFilters.length}`);
    for (const f of props.repositoryFilters) {
      // ECR filter syntax: repository-name characters plus the `*` wildcard.
      if (!/^[a-z0-9*][a-z0-9._/*-]*$/.test(f) || f.length > 256) throw new Error(`invalid ECR repository filter '${f}'`);
    }
    this.configuration = new ecr.CfnRegistryScanningConfiguration(this, 'Resource', {
      scanType: 'ENHANCED',
      rules: [
        {
          scanFrequency: props.frequency ?? RegistryScanFrequency.CONTINUOUS,
          repositoryFilters: props.repositoryFilters.map((filter) => ({ filter, filterType: 'WILDCARD' })),
        },
      ],
    });
  }
}
