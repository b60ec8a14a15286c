import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateAccount } from '.';
import { drState, healthCheckHealthy } from './services/dr-state';

const ACCOUNT = '123456789012';

/** A primary stack holding an endpoint alarm, and a DR stack whose health checks watch it by region and name. */
function assembly(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-sim-r53-'));
  const primary = { Resources: { Endpoint: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'shop-prod-primary-endpoint-unhealthy', Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount' } } } };
  const check = (status: string) => ({ Type: 'AWS::Route53::HealthCheck', Properties: { HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Name: 'shop-prod-primary-endpoint-unhealthy', Region: 'ca-central-1' }, InsufficientDataHealthStatus: status } } });
  const dr = { Resources: { LastKnown: check('LastKnownStatus'), Unhealthy: check('Unhealthy'), Healthy: check('Healthy') } };
  fs.writeFileSync(path.join(dir, 'p.template.json'), JSON.stringify(primary));
  fs.writeFileSync(path.join(dir, 'd.template.json'), JSON.stringify(dr));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    version: '55.0.0',
    artifacts: {
      p: { type: 'aws:cloudformation:stack', environment: `aws://${ACCOUNT}/ca-central-1`, properties: { templateFile: 'p.template.json' } },
      d: { type: 'aws:cloudformation:stack', environment: `aws://${ACCOUNT}/us-east-1`, properties: { templateFile: 'd.template.json' } },
    },
  }));
  return dir;
}

describe('simulated Route 53: health checks monitoring a CloudWatch alarm in another region', () => {
  const status = () => {
    const { world } = account;
    const id = (logicalId: string) => world.resources('AWS::Route53::HealthCheck').find((r) => r.logicalId === logicalId)!.physicalId;
    return Object.fromEntries(['LastKnown', 'Unhealthy', 'Healthy'].map((c) => [c, healthCheckHealthy(world, id(c))]));
  };
  const account = simulateAccount(assembly());

  it('follow the alarm while its region answers', () => {
    expect(status()).toEqual({ LastKnown: true, Unhealthy: true, Healthy: true });
    const alarm = account.world.resources('AWS::CloudWatch::Alarm')[0];
    drState(account.world).alarms.set(alarm, { state: 'ALARM' });
    expect(status()).toEqual({ LastKnown: false, Unhealthy: false, Healthy: false });
    drState(account.world).alarms.set(alarm, { state: 'OK' });
  });

  it('with the alarm\'s region unreachable: InsufficientDataHealthStatus decides, LastKnownStatus keeps the last state', () => {
    const alarm = account.world.resources('AWS::CloudWatch::Alarm')[0];
    account.world.unreachable('ca-central-1');
    expect(status()).toEqual({ LastKnown: true, Unhealthy: false, Healthy: true });
    drState(account.world).alarms.set(alarm, { state: 'ALARM' });
    expect(status()).toEqual({ LastKnown: false, Unhealthy: false, Healthy: true });
  });
});
