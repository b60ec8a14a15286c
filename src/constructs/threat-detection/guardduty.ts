import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import { Construct } from 'constructs';

/** GuardDuty protection plans Haven can turn on, beyond the foundational CloudTrail/VPC/DNS analysis. */
export const GUARDDUTY_FEATURES = ['s3', 'eks-audit', 'rds-login', 'malware-ebs', 'runtime', 'lambda-network'] as const;
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

/** GuardDuty API names of each feature (DetectorFeatureConfiguration.Name). */
const FEATURE_NAMES: Readonly<Record<GuardDutyFeature, string>> = {
  's3': 'S3_DATA_EVENTS',
  'eks-audit': 'EKS_AUDIT_LOGS',
  'rds-login': 'RDS_LOGIN_EVENTS',
  'malware-ebs': 'EBS_MALWARE_PROTECTION',
  'runtime': 'RUNTIME_MONITORING',
  'lambda-network': 'LAMBDA_NETWORK_LOGS',
};

export interface ThreatDetectorProps {
  /** @default s3, eks-audit, rds-login, malware-ebs */
  readonly features?: readonly GuardDutyFeature[];
  /** How often updated findings are exported to EventBridge/Security Hub. @default 'FIFTEEN_MINUTES' */
  readonly findingPublishingFrequency?: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
}

/**
 * The account's GuardDuty detector in this region (one per region: deploying where one exists fails) with
 * protection plans set through `Features`, which replaced the older `DataSources`. Features not requested are
 * explicitly DISABLED so the template states the full configuration.
 */
export class ThreatDetector extends Construct {
  public readonly detector: guardduty.CfnDetector;
  public readonly features: readonly GuardDutyFeature[];

  constructor(scope: Construct, id: string, props: ThreatDetectorProps = {}) {
    super(scope, id);
    this.features = [...new Set<GuardDutyFeature>(props.features ?? ['s3', 'eks-audit', 'rds-login', 'malware-ebs'])];
    const enabled = new Set(this.features);
    this.detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
      features: GUARDDUTY_FEATURES.map((f) => ({
        name: FEATURE_NAMES[f],
        status: enabled.has(f) ? 'ENABLED' : 'DISABLED',
        // Runtime monitoring needs its agent; let GuardDuty manage it on ECS Fargate and EKS.
        additionalConfiguration: f === 'runtime' && enabled.has(f)
          ? [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }, { name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }]
          : undefined,
      })),
    });
  }
}
