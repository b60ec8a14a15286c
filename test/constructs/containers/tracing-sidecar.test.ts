/* eslint-disable @typescript-eslint/no-explicit-any -- CloudFormation template JSON is untyped */
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { describe, expect, it } from 'vitest';
import {
  DeploymentStrategy, FargateService, TRACING_COLLECTOR_IMAGE, TRACING_CONTAINER_NAME, type FargateServiceProps,
} from '../../../src/constructs/containers';
import { fixture, statements } from './fixture';

function build(extra: Partial<FargateServiceProps> = {}) {
  const f = fixture();
  const repository = new ecr.Repository(f.stack, 'Repo');
  const svc = new FargateService(f.stack, 'Api', {
    cluster: f.cluster.cluster,
    serviceName: 'api',
    image: { repository, tag: 'v1' },
    environment: { NODE_ENV: 'production' },
    logKey: f.logKey,
    vpcSubnets: f.appSubnets,
    ...extra,
  });
  const template = Template.fromStack(f.stack);
  const td = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0] as any;
  return { ...f, svc, template, containers: td.Properties.ContainerDefinitions as any[] };
}

const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'];

describe('FargateService tracing sidecar', () => {
  it('adds a hardened, non-essential collector after the application container', () => {
    const { containers, svc } = build({ tracing: true });
    expect(containers.map((c) => c.Name)).toEqual(['api', TRACING_CONTAINER_NAME]);
    const collector = containers[1];
    expect(collector).toMatchObject({
      Image: TRACING_COLLECTOR_IMAGE,
      Essential: false,
      User: '10001',
      ReadonlyRootFilesystem: true,
      Privileged: false,
      PortMappings: [{ ContainerPort: 2000, Protocol: 'udp' }],
      Command: ['--config=env:HAVEN_COLLECTOR_CONFIG'],
      RestartPolicy: { Enabled: true },
    });
    // Pinned to a release, never a moving tag.
    expect(collector.Image).toMatch(/:v\d+\.\d+\.\d+$/);
    // Default task 256 CPU / 512 MiB: an eighth of the CPU, a quarter of the memory at most.
    expect(collector.Cpu).toBe(32);
    expect(collector.MemoryReservation).toBe(64);
    expect(collector.Memory).toBe(128);
    expect(svc.tracingContainer).toBeDefined();
  });

  it('gives every container a hard memory limit that together fit the task (CT.ECS.PR.7)', () => {
    const traced = build({ tracing: true, cpu: 512, memoryMiB: 1024 });
    expect(traced.containers.map((c) => c.Memory)).toEqual([1024 - 128, 128]);
    const plain = build({ cpu: 512, memoryMiB: 1024 });
    expect(plain.containers.map((c) => c.Memory)).toEqual([1024]);
  });

  it('receives X-Ray segments and OTLP on loopback only and exports to X-Ray', () => {
    const { containers } = build({ tracing: true });
    const env = Object.fromEntries((containers[1].Environment as any[]).map((e) => [e.Name, e.Value]));
    const config = env.HAVEN_COLLECTOR_CONFIG as string;
    expect(config).toContain('awsxray:\n    endpoint: 127.0.0.1:2000\n    transport: udp');
    expect(config).toContain('receivers: [awsxray, otlp]');
    expect(config).toContain('exporters: [awsxray]');
    expect(config).not.toMatch(/0\.0\.0\.0/);
    expect(env.GOMEMLIMIT).toBe('102MiB');
  });

  it('writes the collector logs to the service log group under their own stream prefix', () => {
    const { containers, stack, svc } = build({ tracing: true });
    expect(containers[1].LogConfiguration).toMatchObject({
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': stack.resolve(svc.logGroup.logGroupName), 'awslogs-stream-prefix': 'api-tracing' },
    });
  });

  it('points the application at the collector and starts the collector first', () => {
    const { containers } = build({ tracing: true });
    const env = Object.fromEntries((containers[0].Environment as any[]).map((e) => [e.Name, e.Value]));
    expect(env).toMatchObject({ AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', NODE_ENV: 'production' });
    expect(containers[0].DependsOn).toEqual([{ ContainerName: TRACING_CONTAINER_NAME, Condition: 'START' }]);
  });

  it('lets the service environment override a tracing default', () => {
    const { containers } = build({ tracing: true, environment: { AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:3000' } });
    const env = Object.fromEntries((containers[0].Environment as any[]).map((e) => [e.Name, e.Value]));
    expect(env.AWS_XRAY_DAEMON_ADDRESS).toBe('127.0.0.1:3000');
  });

  it('grants the task role exactly the X-Ray write and sampling actions (no resource form exists, hence "*")', () => {
    const { template, stack, svc } = build({ tracing: true });
    const xray = statements(template).filter((s) => [s.Action].flat().some((a: string) => a.startsWith('xray:')));
    expect(xray).toHaveLength(1);
    expect([xray[0].Action].flat().sort()).toEqual([...XRAY_ACTIONS].sort());
    expect(xray[0].Resource).toBe('*');
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    const owner = policies.find((p) => p.Properties.PolicyDocument.Statement.includes(xray[0]));
    expect(owner.Properties.Roles).toEqual([stack.resolve(svc.taskRole.roleName)]);
  });

  it('uses a replacement image and scales the reservation with a larger task', () => {
    const { containers } = build({ tracing: { image: '111111111111.dkr.ecr.us-east-1.amazonaws.com/mirror/otel:v0.49.0' }, cpu: 2048, memoryMiB: 4096 });
    expect(containers[1].Image).toBe('111111111111.dkr.ecr.us-east-1.amazonaws.com/mirror/otel:v0.49.0');
    expect(containers[1].Cpu).toBe(64);
    expect(containers[1].Memory).toBe(128);
  });

  it('is part of the blue/green task definition too', () => {
    const { containers } = build({ tracing: true, deploymentStrategy: DeploymentStrategy.BLUE_GREEN });
    expect(containers.map((c) => c.Name)).toEqual(['api', TRACING_CONTAINER_NAME]);
  });

  it('is off by default: one container, no tracing variables, no X-Ray permissions', () => {
    for (const tracing of [undefined, false]) {
      const { containers, template, svc } = build({ tracing });
      expect(containers).toHaveLength(1);
      expect((containers[0].Environment as any[]).map((e) => e.Name)).toEqual(['NODE_ENV']);
      expect(containers[0].DependsOn).toBeUndefined();
      expect(statements(template).flatMap((s) => [s.Action].flat()).some((a: string) => a.startsWith('xray:'))).toBe(false);
      expect(svc.tracingContainer).toBeUndefined();
    }
  });
});
