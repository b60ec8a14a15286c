import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { buildApp, synthesizedTemplates } from '../../src/platform/app';
import { loadSpec } from '../../src/spec/loader';
import { missingEvidence, parseEvidence, parseTraceTable, type StackTemplate } from '../../src/trace/traceability';
import { EXAMPLES } from '../helpers';

/**
 * Top-level and nested stack templates of one example: services and functions live in nested stacks, so their
 * task definitions, alarms and roles are only traceable when the nested templates are read too.
 */
const cache = new Map<string, StackTemplate[]>();
function synthesized(example: string): StackTemplate[] {
  const hit = cache.get(example);
  if (hit) return hit;
  const built = buildApp(loadSpec(path.join(EXAMPLES, example)));
  const assembly = built.app.synth();
  const stacks = synthesizedTemplates(built, assembly.directory).map((t) => ({ environment: t.environment, region: t.region, template: t.template }));
  cache.set(example, stacks);
  return stacks;
}

describe('traceability evidence syntax', () => {
  it('parses environment, region, type, property and value', () => {
    expect(parseEvidence('`production@us-east-1: AWS::S3::Bucket VersioningConfiguration.Status=Enabled; AWS::KMS::Key`')).toEqual([
      { environment: 'production', region: 'us-east-1', resourceType: 'AWS::S3::Bucket', property: 'VersioningConfiguration.Status', expected: 'Enabled' },
      { environment: 'production', region: 'us-east-1', resourceType: 'AWS::KMS::Key' },
    ]);
  });

  it('accepts CDK custom resource types with hyphens and rejects unknown type syntax', () => {
    expect(parseEvidence('`*: Custom::AWSCDK-EKS-KubernetesResource Manifest`')).toEqual([
      { environment: '*', region: undefined, resourceType: 'Custom::AWSCDK-EKS-KubernetesResource', property: 'Manifest', expected: undefined },
    ]);
    expect(() => parseEvidence('`*: EKS::Cluster Version=1.35`')).toThrow(/unknown resource type/);
  });

  it('lets a later part switch environment and region', () => {
    expect(parseEvidence('`production@ca-central-1: AWS::S3::Bucket ReplicationConfiguration; production@us-east-1: AWS::S3::Bucket BucketName=x; AWS::KMS::Key; dev: AWS::EC2::SecurityGroup GroupDescription=Redis: admits`')).toEqual([
      { environment: 'production', region: 'ca-central-1', resourceType: 'AWS::S3::Bucket', property: 'ReplicationConfiguration', expected: undefined },
      { environment: 'production', region: 'us-east-1', resourceType: 'AWS::S3::Bucket', property: 'BucketName', expected: 'x' },
      { environment: 'production', region: 'us-east-1', resourceType: 'AWS::KMS::Key' },
      { environment: 'dev', region: undefined, resourceType: 'AWS::EC2::SecurityGroup', property: 'GroupDescription', expected: 'Redis: admits' },
    ]);
  });

  it('keeps an escaped semicolon inside a value', () => {
    expect(parseEvidence('`*: AWS::EC2::SecurityGroup GroupDescription=a\\; b; AWS::KMS::Key`')).toEqual([
      { environment: '*', resourceType: 'AWS::EC2::SecurityGroup', property: 'GroupDescription', expected: 'a; b' },
      { environment: '*', resourceType: 'AWS::KMS::Key' },
    ]);
  });

  it('binds `&`-joined conditions to one resource', () => {
    const stacks: StackTemplate[] = [{ environment: 'dev', region: 'us-east-1', template: { Resources: {
      A: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'cpu', Threshold: 80 } },
      B: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'mem', Threshold: 90 } },
    } } }];
    const table = (cell: string) => parseTraceTable(`| Statement | Spec | Evidence |\n| --- | --- | --- |\n| cpu | x | \`${cell}\` |\n`);
    expect(parseEvidence('`dev: AWS::CloudWatch::Alarm AlarmName=cpu & Threshold=80`')[0].and).toEqual([{ property: 'Threshold', expected: '80' }]);
    expect(missingEvidence(table('dev: AWS::CloudWatch::Alarm AlarmName=cpu & Threshold=80'), stacks)).toEqual([]);
    // Each value exists on some alarm, but not together on one.
    expect(missingEvidence(table('dev: AWS::CloudWatch::Alarm AlarmName=cpu & Threshold=90'), stacks)).toEqual(['line 3 "cpu": dev: AWS::CloudWatch::Alarm AlarmName=cpu & Threshold=90']);
  });

  it('finds missing evidence', () => {
    const rows = parseTraceTable('| Statement | Spec | Evidence |\n| --- | --- | --- |\n| two NAT | network.natGateways | `dev: AWS::EC2::NatGateway count=2` |\n');
    const stacks: StackTemplate[] = [{ environment: 'dev', region: 'us-east-1', template: { Resources: { A: { Type: 'AWS::EC2::NatGateway' } } } }];
    expect(missingEvidence(rows, stacks)).toEqual(['line 3 "two NAT": dev: AWS::EC2::NatGateway count=2']);
  });
});

/** Every examples/<name>.md table must still be carried by what Haven synthesizes from examples/<name>.yaml. */
describe('seed traceability tables', () => {
  const tables = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.md'));
  it.each(tables)('%s: every listed resource/property exists in the synthesized platform', (table) => {
    const rows = parseTraceTable(fs.readFileSync(path.join(EXAMPLES, table), 'utf8'));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.evidence.length > 0 || (row.outside ?? '').length > 0, `row at line ${row.line} needs evidence or a reason`).toBe(true);
    expect(missingEvidence(rows, synthesized(table.replace(/\.md$/, '.yaml')))).toEqual([]);
  });
});

describe('synthesized() helper', () => {
  it('includes nested stack templates, so services in nested stacks can be traced', () => {
    const stacks = synthesized('techcorp.yaml');
    const types = (s: StackTemplate) => Object.values(s.template.Resources ?? {}).map((r) => r.Type);
    const withService = stacks.filter((s) => types(s).includes('AWS::ECS::Service'));
    // TechCorp's 15 services each live in their own nested stack; none sits in a top-level template. Production and
    // eu each with a pilot-light copy in the DR region, staging and development without DR: 6 × 15.
    expect(withService.length).toBe(90);
    expect(stacks.filter((s) => types(s).includes('AWS::CloudFormation::Stack')).every((s) => !types(s).includes('AWS::ECS::Service'))).toBe(true);
    expect(missingEvidence(parseTraceTable('| Statement | Spec | Evidence |\n| --- | --- | --- |\n| 15 services | services | `production@us-east-1: AWS::ECS::Service count=15` |\n'), stacks)).toEqual([]);
  });
});
