import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RegistryScanFrequency, RegistryScanning } from '../../../src/constructs/registry';

const stack = () => new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'us-east-1' } });

describe('RegistryScanning', () => {
  it('turns on enhanced (Inspector) continuous scanning for the filtered repositories', () => {
    const s = stack();
    new RegistryScanning(s, 'Scanning', { repositoryFilters: ['acme-prod-*'] });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 1);
    t.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'ENHANCED',
      Rules: [{ ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: 'acme-prod-*', FilterType: 'WILDCARD' }] }],
    });
  });

  it('can scan on push only', () => {
    const s = stack();
    new RegistryScanning(s, 'Scanning', { repositoryFilters: ['acme-*'], frequency: RegistryScanFrequency.ON_PUSH });
    Template.fromStack(s).hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', { Rules: [{ ScanFrequency: 'SCAN_ON_PUSH' }] });
  });

  it('rejects an empty filter list and malformed filters', () => {
    expect(() => new RegistryScanning(stack(), 'A', { repositoryFilters: [] })).toThrow(/at least one/);
    expect(() => new RegistryScanning(stack(), 'B', { repositoryFilters: ['Acme Prod'] })).toThrow(/invalid ECR repository filter/);
  });
});
