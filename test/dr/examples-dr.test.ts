/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation template JSON is untyped */
import path from 'path';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/cost';
import { failoverProbe } from '../../src/dr/failover-probe';
import { drDesign } from '../../src/dr/strategy';
import { buildApp, synthesizedTemplates, type SynthesizedTemplate } from '../../src/platform/app';
import { loadSpec } from '../../src/spec/loader';
import { albAccess } from '../../src/spec/rules/edge';

/**
 * Every example with DR synthesizes a DR region that matches its strategy: backup-restore keeps no compute there,
 * pilot light defines the services at zero behind a load balancer, warm standby runs them (or its cluster's nodes)
 * at the standby minimum. Each example is built once (all its environments), the assertions read the templates.
 */
const EXAMPLES = path.join(__dirname, '../../examples');
const DR_EXAMPLES = ['berthcare', 'estate-kit', 'techcorp'];

const resources = (templates: SynthesizedTemplate[], type: string) =>
  templates.flatMap((t) => Object.values(t.template.Resources ?? {}).filter((r) => r.Type === type)) as any[];

describe.each(DR_EXAMPLES)('%s: the DR region matches its strategy', (example) => {
  const loaded = loadSpec(path.join(EXAMPLES, `${example}.yaml`));
  const built = buildApp(loaded, { scratch: true });
  const templates = synthesizedTemplates(built, built.app.synth().directory);

  for (const [env, plan] of Object.entries(loaded.plans)) {
    const design = drDesign(plan);
    if (!design.drRegion) continue;
    const dr = templates.filter((t) => t.environment === env && t.role === 'dr');
    it(`${env}: ${design.strategy} in ${design.drRegion}`, () => {
      expect(dr.length).toBeGreaterThan(0);
      const services = resources(dr, 'AWS::ECS::Service');
      const balancers = resources(dr, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      const compute = design.standbyCompute;
      if (compute === 'none') {
        expect(services).toHaveLength(0);
        expect(balancers).toHaveLength(0);
        expect(resources(dr, 'AWS::EKS::Nodegroup')).toHaveLength(0);
        return;
      }
      if (plan.edge?.alb) {
        expect(balancers).toHaveLength(1);
        expect(resources(dr, 'AWS::WAFv2::WebACLAssociation').length).toBe(plan.edge.waf ? 1 : 0);
      }
      const primaryServices = resources(templates.filter((t) => t.environment === env && t.role === 'primary'), 'AWS::ECS::Service');
      expect(services).toHaveLength(primaryServices.length);
      for (const s of services) {
        expect(s.Properties.DesiredCount).toBe(design.standbyMinCapacity);
        expect(s.Properties.DeploymentController).toEqual({ Type: 'ECS' });
      }
      for (const ng of resources(dr, 'AWS::EKS::Nodegroup')) expect(ng.Properties.ScalingConfig.MinSize).toBe(design.standbyMinCapacity);
      if (plan.dr?.failover) {
        expect(resources(dr, 'AWS::Route53::RecordSet').filter((r) => r.Properties.Failover).map((r) => [r.Properties.Failover, r.Properties.Type]).sort()).toEqual([['PRIMARY', 'A'], ['SECONDARY', 'A']]);
        // The endpoint child probes the ALB (HTTPS), or, behind a CloudFront-only ALB, watches the primary's
        // endpoint alarms (one per blue/green colour, under a calculated check when there are two); the PRIMARY's
        // check is calculated and the switch a metric check either way.
        const probe = albAccess(plan) === 'cloudfront' ? failoverProbe(plan) : undefined;
        const endpoint = !probe ? ['HTTPS'] : probe.colours.length > 1 ? ['CALCULATED', ...probe.colours.map(() => 'CLOUDWATCH_METRIC')] : ['CLOUDWATCH_METRIC'];
        expect(resources(dr, 'AWS::Route53::HealthCheck').map((h) => h.Properties.HealthCheckConfig.Type).sort()).toEqual(['CALCULATED', 'CLOUDWATCH_METRIC', ...endpoint].sort());
      }
    });

    it(`${env}: the cost estimate prices the DR region's services`, () => {
      if (design.standbyCompute === 'none' || !resources(dr, 'AWS::ECS::Service').length) return;
      const report = estimateCost({ stacks: templates.filter((t) => t.environment === env).map((t) => ({ name: t.name, region: t.region, environment: t.environment, template: t.template as any })), tier: plan.tier });
      const json = JSON.stringify(report);
      expect(report.environments[0].regions.map((r) => r.region)).toContain(design.drRegion);
      // Running standby tasks cost Fargate in the DR region; a pilot light at zero costs its load balancer there.
      expect(json).toMatch(new RegExp(design.standbyMinCapacity > 0 ? 'Fargate' : 'load balancer', 'i'));
    });
  }
});
