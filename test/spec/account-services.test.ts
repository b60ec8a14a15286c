import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { securityFeature, resolveSecurity } from '../../src/platform/features/security';
import { accountKey } from '../../src/spec/account-services';
import { loadSpec, parseSpec } from '../../src/spec/loader';
import { EXAMPLES, MINIMAL_SPEC } from '../helpers';
import { platformContext } from '../platform/features/platform-context';

const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));

/** Environments creating each singleton, by account and region, as the security feature resolves them. */
function creators(file: string): Map<string, string[]> {
  const loaded = loadSpec(path.join(EXAMPLES, file));
  const out = new Map<string, string[]>();
  for (const plan of Object.values(loaded.plans)) {
    for (const region of Object.keys(plan.accountShares ?? {})) {
      const resolved = resolveSecurity(plan, region === plan.regions.primary ? 'primary' : 'dr', region);
      for (const service of ['config', 'guardDuty', 'securityHub'] as const) {
        if (!resolved[service]) continue;
        const key = `${accountKey(plan)}/${region}/${service}`;
        out.set(key, [...(out.get(key) ?? []), plan.name]);
      }
    }
  }
  return out;
}

describe('account-and-region singletons', () => {
  it('Capitol Eye Care: three environments in one account and region, production creates the detector, recorder and hub once in each of its regions', () => {
    const loaded = loadSpec(path.join(EXAMPLES, 'capitol-eye-care.yaml'));
    expect(Object.keys(loaded.plans)).toEqual(['development', 'staging', 'production']);
    const share = loaded.plans.development.accountShares?.['us-east-1'];
    expect(share).toMatchObject({ environments: ['development', 'staging', 'production'], security: 'production' });
    expect([...creators('capitol-eye-care.yaml').entries()]).toEqual([
      ['default/us-east-1/config', ['production']],
      ['default/us-east-1/guardDuty', ['production']],
      ['default/us-east-1/securityHub', ['production']],
      // Production's DR region: only production has one, so it creates them there too.
      ['default/us-west-2/config', ['production']],
      ['default/us-west-2/guardDuty', ['production']],
      ['default/us-west-2/securityHub', ['production']],
    ]);
    expect(resolveSecurity(loaded.plans.staging, 'primary').sharedFrom).toBe('production');
    // Their own settings equal production's, so nothing is dropped and nothing is warned about.
    expect(loaded.warnings?.filter((w) => /created by environment/.test(w.message))).toEqual([]);
  });

  it.each(examples)('%s: every account and region gets at most one of each', (file) => {
    for (const [key, environments] of creators(file)) expect(environments, key).toHaveLength(1);
  });

  it('builds none of them in a sharing environment\'s stack, and says who does', () => {
    const plan = loadSpec(path.join(EXAMPLES, 'capitol-eye-care.yaml')).plans.staging;
    const ctx = platformContext(plan, { role: 'primary', stackId: 'Staging', encryptedTopic: true, namePrefix: 'capitol-eye-care-staging' });
    securityFeature.apply(ctx);
    const t = Template.fromStack(ctx.stack);
    for (const type of ['AWS::GuardDuty::Detector', 'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::SecurityHub::Hub', 'AWS::Config::ConformancePack']) t.resourceCountIs(type, 0);
    t.resourceCountIs('AWS::CloudTrail::Trail', 1);
    expect(JSON.stringify(t.findOutputs('*'))).toContain('created by environment production');
  });

  it('separate accounts each get their own; an environment that opts out leaves it to the next', () => {
    const two = `${MINIMAL_SPEC}  prod:\n    tier: production\n    account: "222222222222"\n`;
    const loaded = parseSpec(two, 'spec.yaml');
    expect(loaded.plans.dev.accountShares?.['us-east-1']?.security).toBe('dev');
    expect(loaded.plans.prod.accountShares?.['us-east-1']?.security).toBe('prod');
    const optOut = parseSpec(`${MINIMAL_SPEC}  prod:\n    tier: production\n    security: { accountServices: false }\n`, 'spec.yaml');
    expect(optOut.plans.prod.accountShares?.['us-east-1']?.security).toBe('dev');
  });

  it('one ECR scanning configuration per account and region, covering each environment with enhanced scanning', () => {
    const text = `${MINIMAL_SPEC.replace('environments:', 'services:\n  api: {}\necr: { scanning: enhanced }\nenvironments:')}  prod:\n    tier: production\n  other:\n    tier: staging\n    account: "222222222222"\n`;
    const plans = parseSpec(text, 'spec.yaml').plans;
    expect(plans.dev.accountShares?.['us-east-1']?.ecrScanning).toEqual({ owner: 'prod', filters: ['demo-prod-*', 'demo-dev-*'] });
    expect(plans.other.accountShares?.['us-east-1']?.ecrScanning).toEqual({ owner: 'other', filters: ['demo-other-*'] });
  });

  it('warns at the field when a sharing environment\'s own settings are not applied', () => {
    const text = `${MINIMAL_SPEC}    security:\n      guardDuty: { features: [s3] }\n  prod:\n    tier: production\n`;
    const warnings = parseSpec(text, 'spec.yaml').warnings ?? [];
    const warning = warnings.find((w) => /GuardDuty detector/.test(w.message));
    expect(warning?.path).toBe('environments.dev.security.guardDuty');
    expect(warning?.line).toBe(text.split('\n').findIndex((l) => l.includes('guardDuty:')) + 1);
    expect(warning?.message).toMatch(/created by environment prod .* dev's own guardDuty settings \(features: \[s3\]\) are not applied/);
  });
});
