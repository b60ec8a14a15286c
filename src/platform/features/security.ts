import { type CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AuditTrail, auditRecordRetention } from '../../constructs/audit';
import { SHARED_ACCOUNT_SERVICES_OUTPUT } from '../../compliance/rules/audit/AuditServices';
import { SecurityEventAlarms, allowTopicPublishers } from '../../constructs/monitoring';
import { CONFORMANCE_PACKS, ConfigRecorder, ConformancePacks, type ConformancePackId } from '../../constructs/config';
import { SecurityHub, ThreatDetector, type GuardDutyFeature, type SecurityHubStandard } from '../../constructs/threat-detection';
import type { Framework } from '../../spec/sections/compliance';
import type { EnvironmentPlan } from '../../spec/resolve';
import type { PlatformContext, PlatformFeature, StackRole } from '../context';
import { OUTPUTS } from '../outputs';
import { auditReplicaBuckets, replicateAuditBucket, type AuditBucket } from './audit-replication';

/** The security section with every default filled in for one stack. */
export interface ResolvedSecurity {
  readonly accountServices: boolean;
  readonly cloudTrail?: {
    readonly retentionDays: number;
    readonly glacierAfterDays: number;
    readonly cloudWatchRetentionDays: number;
    readonly dataEvents: { readonly s3: boolean | readonly string[]; readonly lambda: boolean };
  };
  readonly config?: { readonly includeGlobalResources: boolean; readonly conformancePacks: readonly ConformancePackId[] };
  readonly guardDuty?: { readonly features: readonly GuardDutyFeature[] };
  readonly securityHub?: { readonly standards: readonly SecurityHubStandard[] };
  /** Another environment creates the account-and-region singletons this one would (see src/spec/account-services.ts). */
  readonly sharedFrom?: string;
}

const PACK_FOR_FRAMEWORK: Readonly<Record<Framework, ConformancePackId>> = {
  hipaa: 'hipaa', pci: 'pci', nist: 'nist', cis: 'cis', gdpr: 'baseline', pipeda: 'baseline', soc2: 'baseline',
};
const STANDARD_FOR_FRAMEWORK: Partial<Record<Framework, SecurityHubStandard>> = {
  cis: 'cis-3.0', pci: 'pci-dss-4.0.1', nist: 'nist-800-53',
};
/** HIPAA's six-year documentation rule (45 CFR 164.316(b)(2)) with margin: 7 years. */
export const HIPAA_AUDIT_RETENTION_DAYS = 2557;

/**
 * Fills the security section's defaults from tier and frameworks; pure, so docs and tests can use it. In `region`,
 * the Config recorder, GuardDuty detector and Security Hub are left to the environment that owns them there when
 * another environment deploys to the same account and region.
 */
export function resolveSecurity(plan: EnvironmentPlan, role: StackRole, region: string | undefined = role === 'primary' ? plan.regions.primary : plan.regions.dr): ResolvedSecurity {
  const spec = plan.security ?? {};
  const frameworks = plan.compliance.frameworks;
  const hipaa = frameworks.includes('hipaa');
  const owner = region !== undefined ? plan.accountShares?.[region]?.security : undefined;
  const sharedFrom = owner !== undefined && owner !== plan.name ? owner : undefined;
  const accountServices = (spec.accountServices ?? true) && sharedFrom === undefined;
  const production = plan.tier === 'production';

  // The trail is multi-region: one per environment, in the primary stack.
  const trailOn = role === 'primary' && (spec.cloudTrail?.enabled ?? true);
  // HIPAA's 7 years applies where PHI lives (staging and production); development keeps the tier's shorter audit retention.
  const hipaaRetention = hipaa && plan.tier !== 'development' ? HIPAA_AUDIT_RETENTION_DAYS : 0;
  const retentionDays = spec.cloudTrail?.retentionDays ?? Math.max(plan.defaults.logRetentionDays.audit, hipaaRetention);
  const cloudTrail = trailOn ? {
    retentionDays,
    glacierAfterDays: spec.cloudTrail?.glacierAfterDays ?? 90,
    cloudWatchRetentionDays: spec.cloudTrail?.cloudWatchRetentionDays ?? (plan.tier === 'development' ? 90 : 365),
    dataEvents: {
      s3: spec.cloudTrail?.dataEvents?.s3 ?? (production && (hipaa || frameworks.includes('pci'))),
      lambda: spec.cloudTrail?.dataEvents?.lambda ?? false,
    },
  } : undefined;

  const packs = spec.config?.conformancePacks ?? [...new Set(frameworks.map((f) => PACK_FOR_FRAMEWORK[f]))];
  const config = accountServices && (spec.config?.enabled ?? true)
    // Global resources (IAM) are recorded once, in the primary region.
    ? { includeGlobalResources: role === 'primary', conformancePacks: packs }
    : undefined;
  const guardDuty = accountServices && (spec.guardDuty?.enabled ?? true)
    ? { features: spec.guardDuty?.features ?? (['s3', 'eks-audit', 'rds-login', 'malware-ebs'] as GuardDutyFeature[]) }
    : undefined;
  const standards = spec.securityHub?.standards
    ?? [...new Set<SecurityHubStandard>(['aws-foundational', ...frameworks.flatMap((f) => STANDARD_FOR_FRAMEWORK[f] ?? [])])];
  const securityHub = accountServices && (spec.securityHub?.enabled ?? true) ? { standards } : undefined;
  return { accountServices, cloudTrail, config, guardDuty, securityHub, ...(sharedFrom ? { sharedFrom } : {}) };
}

function configRetentionDays(plan: EnvironmentPlan): number {
  return Math.max(plan.defaults.logRetentionDays.audit, 365);
}

function auditTrailBucket(t: { readonly retentionDays: number; readonly glacierAfterDays: number }): AuditBucket {
  return { name: 'audit-trail', retention: auditRecordRetention(t.retentionDays, t.glacierAfterDays) };
}

/** Config history: expires with the recorder's own bucket lifecycle (see ConfigRecorder). */
function configBucket(plan: EnvironmentPlan): AuditBucket {
  return { name: 'config', retention: { lifecycleRules: [{ expiration: Duration.days(configRetentionDays(plan)), noncurrentVersionExpiration: Duration.days(30) }] } };
}

/** Namespace of the environment's CloudTrail metric filters (SECURITY_EVENT_PATTERNS), one per environment. */
export function securityEventNamespace(ctx: PlatformContext): string {
  return `Haven/${ctx.name('cloudtrail')}`;
}

const trailLogGroups = new WeakMap<Construct, logs.ILogGroup>();

/** The CloudTrail log group the security feature created in this stack (for the monitoring feature's queries). */
export function trailLogGroupOf(ctx: PlatformContext): logs.ILogGroup | undefined {
  return ctx.registry.logGroups?.get('cloudtrail') ?? trailLogGroups.get(ctx.stack);
}

/** CloudTrail, Config (+ conformance packs), GuardDuty and Security Hub in every Haven region. */
export const securityFeature: PlatformFeature = {
  name: 'security',
  roles: ['primary', 'dr'],
  apply(ctx: PlatformContext): void {
    const resolved = resolveSecurity(ctx.plan, ctx.role, ctx.region);
    if (resolved.sharedFrom) {
      ctx.evidence(SHARED_ACCOUNT_SERVICES_OUTPUT, resolved.sharedFrom, `Config recorder, GuardDuty detector and Security Hub of this account and region are created by environment ${resolved.sharedFrom} (one of each per account and region)`);
    }
    const scope = new Construct(ctx.stack, 'SecurityBaseline');
    const removalPolicy = ctx.plan.defaults.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    if (resolved.cloudTrail) {
      const t = resolved.cloudTrail;
      let s3Events: boolean | s3.IBucket[] = false;
      if (Array.isArray(t.dataEvents.s3)) {
        s3Events = t.dataEvents.s3.map((name) => {
          const bucket = ctx.registry.buckets.get(name);
          if (!bucket) throw new Error(`security.cloudTrail.dataEvents.s3 names bucket ${name}, which the buckets section does not define`);
          return bucket;
        });
      } else {
        s3Events = t.dataEvents.s3 === true;
      }
      const trail = new AuditTrail(scope, 'AuditTrail', {
        trailName: ctx.name('trail'),
        encryptionKey: ctx.key('logs'),
        retentionDays: t.retentionDays,
        glacierAfterDays: t.glacierAfterDays,
        cloudWatchRetentionDays: t.cloudWatchRetentionDays,
        dataEvents: { s3: s3Events, lambda: t.dataEvents.lambda },
        accessLogBucket: ctx.logBucket,
        // Audit evidence is retained in every tier: a torn-down dev environment still had real access events.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      trailLogGroups.set(ctx.stack, trail.logGroup);
      ctx.registry.logGroups?.set('cloudtrail', trail.logGroup);
      // CIS monitoring controls: page on root use, IAM/CloudTrail/Config/network changes, failed or MFA-less logins.
      allowTopicPublishers(ctx.alarmTopic, ['cloudwatch.amazonaws.com']);
      const eventAlarms = new SecurityEventAlarms(scope, 'SecurityEventAlarms', {
        trailLogGroup: trail.logGroup, topic: ctx.alarmTopic, alarmNamePrefix: ctx.name('security'), metricNamespace: securityEventNamespace(ctx),
      });
      ctx.registry.alarms.push(...eventAlarms.alarms);
      ctx.evidence('CloudTrailArn', trail.trail.trailArn, 'Multi-region CloudTrail with log file validation and KMS encryption');
      // Ref of AWS::CloudTrail::Trail is its name: what GetTrailStatus takes.
      ctx.evidence(OUTPUTS.trailName, (trail.trail.node.defaultChild as CfnResource).ref, 'CloudTrail trail name (haven verify checks it is logging)');
      replicateAuditBucket(ctx, auditTrailBucket(t), trail.bucket);
      ctx.evidence('CloudTrailBucket', trail.bucket.bucketName, `CloudTrail bucket: Glacier after ${t.glacierAfterDays} days, expiry after ${t.retentionDays} days`);
    }

    if (resolved.config) {
      const recorder = new ConfigRecorder(scope, 'Config', {
        encryptionKey: ctx.key('logs'),
        includeGlobalResources: resolved.config.includeGlobalResources,
        retentionDays: configRetentionDays(ctx.plan),
        removalPolicy,
        accessLogBucket: ctx.logBucket,
      });
      replicateAuditBucket(ctx, configBucket(ctx.plan), recorder.bucket);
      if (resolved.config.conformancePacks.length > 0) {
        new ConformancePacks(scope, 'ConformancePacks', {
          namePrefix: ctx.name('config'),
          packs: resolved.config.conformancePacks.map((id) => CONFORMANCE_PACKS[id]),
          dependsOn: [recorder.recorder, recorder.deliveryChannel],
        });
      }
      ctx.evidence('ConfigRecorder', recorder.recorder.ref, `AWS Config recorder; packs: ${resolved.config.conformancePacks.join(', ') || 'none'}`);
    }

    // The DR region holds replicas of what the primary region's trail and recorder write.
    const primary = resolveSecurity(ctx.plan, 'primary');
    auditReplicaBuckets(ctx, [...(primary.cloudTrail ? [auditTrailBucket(primary.cloudTrail)] : []), ...(primary.config ? [configBucket(ctx.plan)] : [])]);

    if (resolved.guardDuty) {
      const detector = new ThreatDetector(scope, 'GuardDuty', { features: resolved.guardDuty.features });
      ctx.evidence('GuardDutyDetectorId', detector.detector.ref, `GuardDuty detector; features: ${resolved.guardDuty.features.join(', ')}`);
    }

    if (resolved.securityHub) {
      const hub = new SecurityHub(scope, 'SecurityHub', { standards: resolved.securityHub.standards });
      ctx.evidence('SecurityHubArn', hub.hub.ref, `Security Hub; standards: ${resolved.securityHub.standards.join(', ')}`);
    }
  },
};
