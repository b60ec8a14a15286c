import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveSecurity, securityFeature } from '../../../src/platform/features/security';
import { makeContext } from './baseline-context';

describe('security feature', () => {
  it('production HIPAA primary: 7-year retained trail with S3 data events, Config with global resources and the HIPAA pack, GuardDuty, Security Hub', () => {
    const ctx = makeContext();
    securityFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'cec-production-trail', IsMultiRegionTrail: true, EnableLogFileValidation: true,
      EventSelectors: Match.arrayWith([Match.objectLike({ DataResources: [Match.objectLike({ Type: 'AWS::S3::Object' })] })]),
    });
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2557, Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] })] } }),
    });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ RetentionInDays: 365 }) });
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true } });
    t.hasResourceProperties('AWS::Config::ConformancePack', { ConformancePackName: 'cec-production-config-hipaa-security' });
    t.hasResourceProperties('AWS::GuardDuty::Detector', { Features: Match.arrayWith([{ Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' }, { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' }]) });
    t.hasResourceProperties('AWS::SecurityHub::Standard', { StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0' });
    // Config history in production is retained too.
    const configBuckets = t.findResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    expect(Object.keys(configBuckets).length).toBeGreaterThanOrEqual(2);
    expect(ctx.registry.logGroups.get('cloudtrail')).toBeDefined();
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'cec-production-security-RootAccountUsage' });
    expect(ctx.registry.alarms.length).toBeGreaterThanOrEqual(14);
    t.hasOutput('CloudTrailArn', {});
  });

  it('DR region: no second trail, Config without global resources, detector and hub in that region', () => {
    const ctx = makeContext({ role: 'dr' });
    securityFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.resourceCountIs('AWS::CloudTrail::Trail', 0);
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false } });
    t.resourceCountIs('AWS::GuardDuty::Detector', 1);
    t.hasResourceProperties('AWS::SecurityHub::Standard', { StandardsArn: Match.stringLikeRegexp('^arn:aws:securityhub:us-west-2::standards/') });
  });

  it('with DR, the trail and Config buckets replicate to the DR region, whose replicas keep the same WORM retention', () => {
    const primary = makeContext();
    securityFeature.apply(primary);
    const p = Template.fromStack(primary.stack);
    for (const name of ['audit-trail', 'config']) {
      p.hasResourceProperties('AWS::S3::Bucket', {
        ReplicationConfiguration: { Rules: [Match.objectLike({ Destination: Match.objectLike({
          Bucket: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::cec-production-${name}-us-west-2`]] },
          EncryptionConfiguration: { ReplicaKmsKeyID: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-west-2:111111111111:alias/cec-production-dr-logs']] } },
        }) })] },
      });
    }
    const dr = makeContext({ role: 'dr' });
    securityFeature.apply(dr);
    const d = Template.fromStack(dr.stack);
    d.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/cec-production-dr-logs' });
    d.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'cec-production-audit-trail-us-west-2',
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } } },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2557 })] },
      }),
    });
    d.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'cec-production-config-us-west-2', VersioningConfiguration: { Status: 'Enabled' } });
  });

  it('without DR, nothing replicates', () => {
    const ctx = makeContext({ spec: { regions: { primary: 'us-east-1' } } });
    securityFeature.apply(ctx);
    const buckets = Object.values(Template.fromStack(ctx.stack).findResources('AWS::S3::Bucket'));
    expect(buckets.filter((b) => b.Properties.ReplicationConfiguration)).toEqual([]);
  });

  it('development GDPR: audit-tier retention, 90-day CloudWatch, no data events, baseline pack, Config bucket destroyable', () => {
    const ctx = makeContext({ env: 'development', spec: { compliance: { frameworks: ['gdpr'] } } });
    securityFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] } });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    const trail = Object.values(t.findResources('AWS::CloudTrail::Trail'))[0];
    expect(JSON.stringify(trail.Properties.EventSelectors ?? [])).not.toContain('AWS::S3::Object');
    t.hasResourceProperties('AWS::Config::ConformancePack', { ConformancePackName: 'cec-development-config-privacy-baseline' });
    t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 30 } })] } }) });
  });

  it('skips account singletons when another environment owns them, and honours explicit choices', () => {
    const ctx = makeContext({ spec: { security: { accountServices: false, cloudTrail: { retentionDays: 3000, cloudWatchRetentionDays: 2557 } } } });
    securityFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    t.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    t.resourceCountIs('AWS::GuardDuty::Detector', 0);
    t.resourceCountIs('AWS::SecurityHub::Hub', 0);
    t.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 3000 })] } });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 2557 });
  });

  it('rejects S3 data events for a bucket the spec does not define', () => {
    const ctx = makeContext({ spec: { security: { cloudTrail: { dataEvents: { s3: ['photos'] } } } } });
    expect(() => securityFeature.apply(ctx)).toThrow(/photos/);
  });

  it('maps frameworks to packs and standards', () => {
    const ctx = makeContext({ spec: { compliance: { frameworks: ['hipaa', 'pci', 'soc2', 'gdpr'] } } });
    const r = resolveSecurity(ctx.plan, 'primary');
    expect(r.config?.conformancePacks).toEqual(['hipaa', 'pci', 'baseline']);
    expect(r.securityHub?.standards).toEqual(['aws-foundational', 'pci-dss-4.0.1']);
    expect(r.cloudTrail?.dataEvents.s3).toBe(true);
    expect(resolveSecurity(ctx.plan, 'dr').cloudTrail).toBeUndefined();
  });

  it('keeps HIPAA\'s 7 years outside development only', () => {
    expect(resolveSecurity(makeContext({ env: 'staging' }).plan, 'primary').cloudTrail?.retentionDays).toBe(2557);
    expect(resolveSecurity(makeContext({ env: 'development' }).plan, 'primary').cloudTrail?.retentionDays).toBe(365);
  });

  it('is limited to primary and DR stacks', () => {
    expect(securityFeature.roles).toEqual(['primary', 'dr']);
  });
});
