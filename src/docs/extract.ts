import type { CfnResource, StackInput } from '../cost/types';
import { cfnBool, cfnNumber, isCdkInternalFunction } from '../cost/estimate';
import type { AlarmFact } from './types';

/** Renders a CloudFormation value (literal or intrinsic) as short readable text. */
export function cfnText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(cfnText).join(', ');
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return `{Ref ${o.Ref}}`;
  if (Array.isArray(o['Fn::GetAtt'])) return `{${(o['Fn::GetAtt'] as unknown[]).map(cfnText).join('.')}}`;
  if (Array.isArray(o['Fn::Join'])) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return Array.isArray(parts) ? parts.map(cfnText).join(sep) : '';
  }
  if (o['Fn::Sub'] !== undefined) return cfnText(Array.isArray(o['Fn::Sub']) ? o['Fn::Sub'][0] : o['Fn::Sub']);
  if (o['Fn::ImportValue'] !== undefined) return `{import ${cfnText(o['Fn::ImportValue'])}}`;
  if (o['Fn::Select'] !== undefined) return `{select ${cfnText(o['Fn::Select'])}}`;
  return JSON.stringify(value);
}

export const COMPARISON_SYMBOL: Readonly<Record<string, string>> = {
  GreaterThanThreshold: '>', GreaterThanOrEqualToThreshold: '>=', LessThanThreshold: '<', LessThanOrEqualToThreshold: '<=',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside band', LessThanLowerThreshold: '< lower band', GreaterThanUpperThreshold: '> upper band',
};

/** Every AWS::CloudWatch::Alarm with its metric, threshold, period and comparison. */
export function extractAlarms(stacks: readonly StackInput[]): AlarmFact[] {
  const out: AlarmFact[] = [];
  for (const s of stacks) {
    for (const [id, r] of Object.entries(s.template.Resources ?? {})) {
      if (r.Type !== 'AWS::CloudWatch::Alarm') continue;
      const p = (r.Properties ?? {}) as Record<string, unknown>;
      let namespace = cfnText(p.Namespace);
      let metric = cfnText(p.MetricName);
      let statistic = cfnText(p.Statistic ?? p.ExtendedStatistic);
      let period = cfnNumber(p.Period, 0);
      if (Array.isArray(p.Metrics)) {
        // Metric math: document the expression and the metrics it reads.
        const metrics = p.Metrics as Array<Record<string, unknown>>;
        const expr = metrics.find((m) => m.Expression !== undefined);
        const stats = metrics.map((m) => m.MetricStat as Record<string, unknown> | undefined).filter((m): m is Record<string, unknown> => !!m);
        const first = stats[0]?.Metric as Record<string, unknown> | undefined;
        namespace = cfnText(first?.Namespace);
        metric = expr ? `${cfnText(expr.Expression)} (${stats.map((m) => cfnText((m.Metric as Record<string, unknown>)?.MetricName)).join(', ')})` : cfnText(first?.MetricName);
        statistic = cfnText(stats[0]?.Stat);
        period = cfnNumber(stats[0]?.Period ?? expr?.Period, 0);
      }
      const evaluationPeriods = cfnNumber(p.EvaluationPeriods, 1);
      out.push({
        environment: s.environment, region: s.region, stack: s.name, id,
        name: typeof p.AlarmName === 'string' ? p.AlarmName : id,
        namespace, metric, statistic,
        comparison: COMPARISON_SYMBOL[cfnText(p.ComparisonOperator)] ?? cfnText(p.ComparisonOperator),
        threshold: formatThreshold(metric, p.Threshold),
        periodSeconds: period, evaluationPeriods,
        datapointsToAlarm: cfnNumber(p.DatapointsToAlarm, evaluationPeriods),
        ...(typeof p.AlarmDescription === 'string' ? { description: p.AlarmDescription } : {}),
      });
    }
  }
  return out;
}

/** Thresholds in bytes read better in GiB (FreeStorageSpace 10737418240 → 10 GiB). */
function formatThreshold(metric: string, value: unknown): string {
  const n = cfnNumber(value, NaN);
  if (Number.isNaN(n)) return cfnText(value);
  if (/Storage|Memory|Bytes/i.test(metric) && !/Percentage/i.test(metric) && n >= 1024 ** 3) return `${Math.round((n / 1024 ** 3) * 100) / 100} GiB`;
  return String(n);
}

/** Friendly names for the resource types an inventory lists. */
export const TYPE_LABELS: Readonly<Record<string, string>> = {
  'AWS::EC2::VPC': 'VPC', 'AWS::EC2::Subnet': 'Subnet', 'AWS::EC2::NatGateway': 'NAT gateway', 'AWS::EC2::InternetGateway': 'Internet gateway',
  'AWS::EC2::VPCEndpoint': 'VPC endpoint', 'AWS::EC2::FlowLog': 'VPC flow log', 'AWS::EC2::SecurityGroup': 'Security group', 'AWS::EC2::ClientVpnEndpoint': 'Client VPN endpoint',
  'AWS::EC2::Instance': 'EC2 instance', 'AWS::EC2::EIP': 'Elastic IP',
  'AWS::RDS::DBInstance': 'RDS instance', 'AWS::RDS::DBCluster': 'Aurora cluster', 'AWS::ElastiCache::ReplicationGroup': 'ElastiCache replication group',
  'AWS::ElastiCache::CacheCluster': 'ElastiCache cluster', 'AWS::ElastiCache::ServerlessCache': 'ElastiCache serverless cache',
  'AWS::S3::Bucket': 'S3 bucket', 'AWS::CloudFront::Distribution': 'CloudFront distribution', 'AWS::WAFv2::WebACL': 'WAF web ACL',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Load balancer', 'AWS::ECS::Cluster': 'ECS cluster', 'AWS::ECS::Service': 'ECS service',
  'AWS::EKS::Cluster': 'EKS cluster', 'Custom::AWSCDK-EKS-Cluster': 'EKS cluster', 'AWS::EKS::Nodegroup': 'EKS node group', 'AWS::Lambda::Function': 'Lambda function',
  'AWS::KMS::Key': 'KMS key', 'AWS::SecretsManager::Secret': 'Secret', 'AWS::CloudWatch::Alarm': 'CloudWatch alarm', 'AWS::CloudWatch::Dashboard': 'CloudWatch dashboard',
  'AWS::Logs::LogGroup': 'Log group', 'AWS::CloudTrail::Trail': 'CloudTrail trail', 'AWS::Config::ConfigurationRecorder': 'Config recorder',
  'AWS::Config::ConfigRule': 'Config rule', 'AWS::Config::ConformancePack': 'Config conformance pack', 'AWS::GuardDuty::Detector': 'GuardDuty detector',
  'AWS::Backup::BackupPlan': 'Backup plan', 'AWS::Backup::BackupVault': 'Backup vault', 'AWS::EFS::FileSystem': 'EFS file system',
  'AWS::Route53::HostedZone': 'Route 53 hosted zone', 'AWS::Route53::HealthCheck': 'Route 53 health check', 'AWS::Route53::RecordSet': 'DNS record',
  'AWS::SNS::Topic': 'SNS topic', 'AWS::ECR::Repository': 'ECR repository',
};

export interface InventoryRow { readonly type: string; readonly label: string; readonly id: string; readonly detail: string; readonly retained: boolean }

/** The resources worth listing (plumbing such as routes and policies is left out), with their key settings. */
export function inventory(stack: StackInput): InventoryRow[] {
  const rows: InventoryRow[] = [];
  for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
    const label = TYPE_LABELS[r.Type];
    if (!label || (r.Type === 'AWS::Lambda::Function' && isCdkInternalFunction(id, r))) continue;
    rows.push({ type: r.Type, label, id, detail: describe(r), retained: r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'Snapshot' || r.DeletionPolicy === 'RetainExceptOnCreate' });
  }
  return rows.sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
}

function tag(r: CfnResource, key: string): string | undefined {
  const tags = r.Properties?.Tags;
  if (!Array.isArray(tags)) return undefined;
  const t = (tags as Array<{ Key?: string; Value?: unknown }>).find((x) => x.Key === key);
  return t ? cfnText(t.Value) : undefined;
}

function describe(r: CfnResource): string {
  const p = (r.Properties ?? {}) as Record<string, unknown>;
  const bits: string[] = [];
  switch (r.Type) {
    case 'AWS::EC2::VPC': bits.push(cfnText(p.CidrBlock)); break;
    case 'AWS::EC2::Subnet': bits.push(tag(r, 'aws-cdk:subnet-type') ?? '', cfnText(p.CidrBlock), cfnText(p.AvailabilityZone)); break;
    case 'AWS::RDS::DBInstance':
      bits.push(cfnText(p.DBInstanceClass), cfnText(p.Engine), p.EngineVersion ? `v${cfnText(p.EngineVersion)}` : '', cfnBool(p.MultiAZ) ? 'Multi-AZ' : (p.DBClusterIdentifier ? 'cluster member' : 'Single-AZ'),
        p.AllocatedStorage ? `${cfnText(p.AllocatedStorage)} GB ${cfnText(p.StorageType ?? 'gp2')}` : '', cfnBool(p.StorageEncrypted) ? 'encrypted' : '', p.BackupRetentionPeriod ? `backups ${cfnText(p.BackupRetentionPeriod)} d` : '',
        cfnBool(p.DeletionProtection) ? 'deletion protection' : '');
      break;
    case 'AWS::RDS::DBCluster': bits.push(cfnText(p.Engine), cfnBool(p.StorageEncrypted) ? 'encrypted' : '', p.BackupRetentionPeriod ? `backups ${cfnText(p.BackupRetentionPeriod)} d` : ''); break;
    case 'AWS::ElastiCache::ReplicationGroup':
      bits.push(cfnText(p.Engine ?? 'redis'), cfnText(p.CacheNodeType), p.NumCacheClusters !== undefined ? `${cfnText(p.NumCacheClusters)} nodes` : `${cfnText(p.NumNodeGroups ?? 1)} shard(s)`,
        cfnBool(p.MultiAZEnabled) ? 'Multi-AZ' : '', cfnBool(p.AtRestEncryptionEnabled) ? 'encrypted at rest' : '', cfnBool(p.TransitEncryptionEnabled) ? 'TLS' : '');
      break;
    case 'AWS::S3::Bucket': {
      const enc = JSON.stringify(p.BucketEncryption ?? '');
      bits.push(/aws:kms/.test(enc) ? 'SSE-KMS' : /AES256/.test(enc) ? 'SSE-S3' : 'default encryption',
        (p.VersioningConfiguration as Record<string, unknown> | undefined)?.Status === 'Enabled' ? 'versioned' : '',
        p.PublicAccessBlockConfiguration ? 'public access blocked' : '', p.LifecycleConfiguration ? 'lifecycle' : '', p.ReplicationConfiguration ? 'replicated' : '',
        p.ObjectLockEnabled ? 'object lock' : '');
      break;
    }
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': bits.push(cfnText(p.Type ?? 'application'), cfnText(p.Scheme ?? 'internet-facing')); break;
    case 'AWS::ECS::Service': bits.push(`desired ${cfnText(p.DesiredCount ?? 1)}`, cfnText(p.LaunchType)); break;
    case 'AWS::EKS::Nodegroup': bits.push(cfnText(p.InstanceTypes), `desired ${cfnText((p.ScalingConfig as Record<string, unknown> | undefined)?.DesiredSize)}`); break;
    case 'AWS::Lambda::Function': bits.push(cfnText(p.Runtime), `${cfnText(p.MemorySize ?? 128)} MB`); break;
    case 'AWS::KMS::Key': bits.push(cfnBool(p.EnableKeyRotation) ? 'rotation on' : 'rotation off'); break;
    case 'AWS::Logs::LogGroup': bits.push(p.RetentionInDays ? `${cfnText(p.RetentionInDays)} d retention` : 'never expires', p.KmsKeyId ? 'KMS' : ''); break;
    case 'AWS::CloudTrail::Trail': bits.push(cfnBool(p.IsMultiRegionTrail) ? 'multi-region' : 'single-region', cfnBool(p.EnableLogFileValidation) ? 'log file validation' : '', p.KMSKeyId ? 'KMS' : ''); break;
    case 'AWS::Config::ConfigRule': bits.push(cfnText((p.Source as Record<string, unknown> | undefined)?.SourceIdentifier)); break;
    case 'AWS::EC2::VPCEndpoint': bits.push(cfnText(p.VpcEndpointType ?? 'Gateway'), cfnText(p.ServiceName).replace(/^.*amazonaws\.[a-z0-9-]*\.?/, '').replace(/^com\./, '')); break;
    case 'AWS::EFS::FileSystem': bits.push(cfnBool(p.Encrypted) ? 'encrypted' : '', p.AvailabilityZoneName ? 'One Zone' : 'Regional'); break;
    case 'AWS::CloudWatch::Alarm': bits.push(`${cfnText(p.MetricName ?? 'metric math')} ${COMPARISON_SYMBOL[cfnText(p.ComparisonOperator)] ?? ''} ${formatThreshold(cfnText(p.MetricName), p.Threshold)}`); break;
    default: break;
  }
  return bits.filter(Boolean).join(', ');
}

export interface Topology {
  readonly vpc: boolean;
  readonly azs: readonly string[];
  readonly subnets: { readonly public: number; readonly private: number; readonly isolated: number };
  readonly nat: number;
  readonly edge: readonly string[];
  readonly entry: readonly string[];
  readonly compute: readonly string[];
  readonly data: readonly string[];
  readonly regional: readonly string[];
}

/** What the architecture diagrams draw, read from one stack. */
export function topology(stack: StackInput): Topology {
  const res = Object.entries(stack.template.Resources ?? {});
  const count = (t: string): number => res.filter(([, r]) => r.Type === t).length;
  const subnetType = (r: CfnResource): string => (tag(r, 'aws-cdk:subnet-type') ?? '').toLowerCase();
  const subnets = res.filter(([, r]) => r.Type === 'AWS::EC2::Subnet').map(([, r]) => r);
  const azs = [...new Set(subnets.map((r) => cfnText(r.Properties?.AvailabilityZone)).filter(Boolean))].sort();
  const label = (n: number, text: string): string[] => (n === 0 ? [] : [n > 1 ? `${text} x${n}` : text]);
  const named = (t: string, text: string): string[] => label(count(t), text);
  // Aurora members are drawn as their cluster; standalone instances (and replicas) as RDS.
  const instances = res.filter(([, r]) => r.Type === 'AWS::RDS::DBInstance' && !r.Properties?.DBClusterIdentifier);
  const functions = res.filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && !isCdkInternalFunction(id, r));
  return {
    vpc: count('AWS::EC2::VPC') > 0,
    azs,
    subnets: {
      public: subnets.filter((r) => subnetType(r) === 'public').length,
      private: subnets.filter((r) => subnetType(r) === 'private').length,
      isolated: subnets.filter((r) => subnetType(r) === 'isolated').length,
    },
    nat: count('AWS::EC2::NatGateway'),
    edge: [...named('AWS::Route53::HostedZone', 'Route 53'), ...named('AWS::CloudFront::Distribution', 'CloudFront'), ...named('AWS::WAFv2::WebACL', 'WAF')],
    entry: [...named('AWS::ElasticLoadBalancingV2::LoadBalancer', 'Load balancer'), ...named('AWS::EC2::ClientVpnEndpoint', 'Client VPN')],
    compute: [...named('AWS::ECS::Service', 'ECS Fargate service'), ...named('AWS::EKS::Cluster', 'EKS'), ...named('Custom::AWSCDK-EKS-Cluster', 'EKS'), ...named('AWS::EC2::Instance', 'EC2')],
    data: [
      ...named('AWS::RDS::DBCluster', 'Aurora'),
      ...label(instances.length, 'RDS'),
      ...named('AWS::ElastiCache::ReplicationGroup', 'ElastiCache'), ...named('AWS::ElastiCache::ServerlessCache', 'ElastiCache Serverless'), ...named('AWS::EFS::FileSystem', 'EFS'),
    ],
    regional: [
      ...named('AWS::S3::Bucket', 'S3'), ...label(functions.length, 'Lambda'), ...named('AWS::KMS::Key', 'KMS'), ...named('AWS::SecretsManager::Secret', 'Secrets Manager'),
      ...named('AWS::CloudTrail::Trail', 'CloudTrail'), ...named('AWS::Config::ConfigurationRecorder', 'AWS Config'), ...named('AWS::GuardDuty::Detector', 'GuardDuty'),
      ...named('AWS::Backup::BackupPlan', 'AWS Backup'), ...(count('AWS::CloudWatch::Alarm') + count('AWS::CloudWatch::Dashboard') + count('AWS::Logs::LogGroup') > 0 ? ['CloudWatch'] : []),
    ],
  };
}
