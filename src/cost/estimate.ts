import type { Tier } from '../spec/common';
import type { UsageSpec } from '../spec/sections/usage';
import { INVOCATIONS_METADATA } from './metadata';
import { resolveUsage, type ResolvedUsage, type UsageAssumption } from './assumptions';
import { PRICE_TABLE, type PriceTable, type RegionPrices } from './prices';
import type {
  BudgetComparison, CfnResource, CostCategory, CostInput, CostLineItem, CostReport, EnvironmentCost, SavingsOpportunity, StackInput,
} from './types';

/** Reads a CloudFormation scalar (CDK often renders numbers as strings); tokens (objects) fall back. */
export function cfnNumber(value: unknown, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fallback;
}
export function cfnBool(value: unknown): boolean {
  return value === true || value === 'true';
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function refId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') return o.Ref;
    const ga = o['Fn::GetAtt'];
    if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
  }
  return undefined;
}
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Guesses the tier from an environment name when the caller does not say. */
export function guessTier(environment: string): Tier {
  if (/prod/i.test(environment)) return 'production';
  if (/stag|uat|preprod|qa/i.test(environment)) return 'staging';
  return 'development';
}

const SIZE_UNITS: Record<string, number> = { nano: 0.125, micro: 0.25, small: 0.5, medium: 1, large: 2, xlarge: 4 };
function sizeUnits(size: string): number | undefined {
  if (SIZE_UNITS[size] !== undefined) return SIZE_UNITS[size];
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? Number(m[1]) * 4 : undefined;
}
/** vCPUs of an instance class (what Performance Insights bills on). */
export function vcpus(instanceClass: string): number {
  const size = instanceClass.split('.').pop() ?? '';
  if (['micro', 'small', 'medium', 'large', 'nano'].includes(size)) return 2;
  if (size === 'xlarge') return 4;
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? Number(m[1]) * 4 : 2;
}

/**
 * Hourly rate of an instance class; an unlisted size of a listed family is scaled linearly from a listed
 * size (AWS prices sizes of a family proportionally), anything else is reported and priced at 0.
 */
function instanceRate(table: Readonly<Record<string, number>>, cls: string, warn: (m: string) => void, what: string): number {
  if (table[cls] !== undefined) return table[cls];
  const parts = cls.split('.');
  const size = parts.pop() ?? '';
  const family = parts.join('.') + '.';
  const units = sizeUnits(size);
  const known = Object.entries(table).find(([k]) => k.startsWith(family) && sizeUnits(k.slice(family.length)) !== undefined);
  if (units !== undefined && known) {
    const rate = (known[1] / (sizeUnits(known[0].slice(family.length)) as number)) * units;
    warn(`${what} ${cls} is not in the price table; scaled from ${known[0]} to $${rate.toFixed(4)}/h`);
    return rate;
  }
  warn(`${what} ${cls} is not in the price table and was priced at $0; add it or run --refresh-prices`);
  return 0;
}

const X86_TO_GRAVITON: Record<string, string> = { t3: 't4g', m5: 'm6g', m6i: 'm7g', r5: 'r6g', r6i: 'r7g', c5: 'c6g', c6i: 'c7g', m7i: 'm7g' };
/** Graviton equivalent of an x86 class (db.r5.large → db.r6g.large), or undefined. */
export function gravitonEquivalent(cls: string): string | undefined {
  const parts = cls.split('.');
  const famIndex = parts.length === 3 ? 1 : 0;
  const to = X86_TO_GRAVITON[parts[famIndex]];
  if (!to) return undefined;
  parts[famIndex] = to;
  return parts.join('.');
}

/** CDK's own helper functions (custom-resource providers, log retention) cost next to nothing. */
export function isCdkInternalFunction(id: string, res: CfnResource): boolean {
  const path = str(res.Metadata?.['aws:cdk:path']) ?? '';
  return /^(AWS[0-9a-fA-F]{32}|LogRetention[0-9a-fA-F]+|CustomResourceProvider|Custom[A-Za-z0-9]*(Provider|Handler|AutoDelete)|BucketNotificationsHandler|SingletonLambda)/.test(id)
    || /\/Custom::|Provider\/framework|\/Handler\/ServiceRole/.test(path)
    || str(res.Properties?.Handler) === 'framework.onEvent';
}

interface EnvContext {
  readonly env: string;
  readonly tier: Tier;
  readonly usage: ResolvedUsage;
  readonly assumptions: UsageAssumption[];
  readonly stacks: StackInput[];
  /** How many resources of a type the environment has, for splitting environment-wide usage. */
  readonly counts: Record<string, number>;
  /** Account-level free allowances left, shared by every environment of one estimate. */
  readonly free: { dashboards: number };
}

/**
 * CloudWatch gives each account 3 dashboards (up to 50 metrics each) a month free
 * (https://aws.amazon.com/cloudwatch/pricing/). Applied once per estimate, to the first dashboards priced.
 */
export const FREE_DASHBOARDS_PER_ACCOUNT = 3;

function countTypes(stacks: readonly StackInput[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of stacks) {
    for (const [id, r] of Object.entries(s.template.Resources ?? {})) {
      const key = r.Type === 'AWS::Lambda::Function' && isCdkInternalFunction(id, r) ? 'cdk-internal-function' : r.Type;
      counts[key] = (counts[key] ?? 0) + 1;
      if (r.Type === 'AWS::EC2::VPCEndpoint' && str(r.Properties?.VpcEndpointType) === 'Interface') counts['interface-endpoint'] = (counts['interface-endpoint'] ?? 0) + 1;
    }
  }
  return counts;
}

function mergeUsage(a: UsageSpec | undefined, b: UsageSpec | undefined): UsageSpec | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = (a as Record<string, unknown>)[k];
    out[k] = v && typeof v === 'object' && prev && typeof prev === 'object' ? { ...prev, ...v } : v;
  }
  return out as UsageSpec;
}

/**
 * Monthly estimate of the synthesized platform: one line per priced dimension of every resource Haven creates,
 * rolled up per environment, region and category, compared with the budget, with savings and their effect.
 */
export function estimateCost(input: CostInput): CostReport {
  const table = input.prices ?? PRICE_TABLE;
  const warnings: string[] = [];
  const warn = (m: string): void => { if (!warnings.includes(m)) warnings.push(m); };
  const stacks = input.stacks.filter((s) => !input.environment || s.environment === input.environment);
  if (input.environment && stacks.length === 0) warn(`no stack belongs to environment ${input.environment}`);

  const envNames = [...new Set(stacks.map((s) => s.environment))];
  const lines: CostLineItem[] = [];
  const savings: SavingsOpportunity[] = [];
  const environments: EnvironmentCost[] = [];
  let hoursPerMonth = 730;
  const free = { dashboards: FREE_DASHBOARDS_PER_ACCOUNT };

  for (const env of envNames) {
    const tier: Tier = typeof input.tier === 'string' ? input.tier : input.tier?.[env] ?? guessTier(env);
    const { usage, assumptions } = resolveUsage(tier, mergeUsage(input.usage, input.usageByEnvironment?.[env]));
    hoursPerMonth = usage.hoursPerMonth;
    const envStacks = stacks.filter((s) => s.environment === env);
    const ctx: EnvContext = { env, tier, usage, assumptions, stacks: envStacks, counts: countTypes(envStacks), free };
    const envLines: CostLineItem[] = [];
    for (const stack of envStacks) {
      let prices: RegionPrices | undefined = table.regions[stack.region];
      if (!prices) {
        warn(`no prices for region ${stack.region} (stack ${stack.name}); used us-east-1 rates`);
        prices = table.regions['us-east-1'];
      }
      envLines.push(...priceStack(ctx, stack, prices, warn));
    }
    envLines.push(...priceEnvironmentTransfer(ctx, table, warn));
    lines.push(...envLines);
    savings.push(...findSavings(ctx, envLines, table));

    const regions = [...new Set(envLines.map((l) => l.region))].map((region) => ({
      region, monthlyUsd: round2(envLines.filter((l) => l.region === region).reduce((a, l) => a + l.monthlyUsd, 0)),
    }));
    const categories: Partial<Record<CostCategory, number>> = {};
    for (const l of envLines) categories[l.category] = round2((categories[l.category] ?? 0) + l.monthlyUsd);
    environments.push({ name: env, tier, monthlyUsd: round2(envLines.reduce((a, l) => a + l.monthlyUsd, 0)), regions, categories, assumptions });
  }

  const monthlyUsd = round2(environments.reduce((a, e) => a + e.monthlyUsd, 0));
  const budgets: BudgetComparison[] = [];
  const compare = (scope: string, limitUsd: number, estimateUsd: number): void => {
    budgets.push({ scope, limitUsd, estimateUsd, withinBudget: estimateUsd <= limitUsd, percentUsed: limitUsd > 0 ? Math.round((estimateUsd / limitUsd) * 1000) / 10 : Infinity });
  };
  if (typeof input.budgetUsd === 'number') compare('*', input.budgetUsd, monthlyUsd);
  else if (input.budgetUsd) {
    for (const [env, limit] of Object.entries(input.budgetUsd)) {
      if (env === '*') {
        compare('*', limit, monthlyUsd);
        continue;
      }
      const e = environments.find((x) => x.name === env);
      if (e) compare(env, limit, e.monthlyUsd);
    }
  }
  for (const b of budgets) if (!b.withinBudget) warn(`estimate $${b.estimateUsd.toFixed(2)} exceeds the ${b.scope === '*' ? '' : b.scope + ' '}budget of $${b.limitUsd.toFixed(2)}`);

  return {
    priceTable: { asOf: table.asOf, source: table.source, currency: table.currency, notes: table.notes },
    hoursPerMonth,
    monthlyUsd,
    environments,
    lineItems: lines,
    budgets,
    savings: savings.filter((s) => s.monthlySavingsUsd >= 0.01).sort((a, b) => b.monthlySavingsUsd - a.monthlySavingsUsd),
    warnings,
  };
}

type S3Class = keyof RegionPrices['s3']['storageGbMonth'];
const S3_CLASSES: readonly S3Class[] = ['STANDARD', 'INTELLIGENT_TIERING', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'];

/**
 * Storage class the bucket's data sits in at steady state: a lifecycle transition on day 0 (archive and
 * log buckets) moves everything; later transitions are left at Standard, which overstates the first year a little.
 */
export function bucketStorageClass(props: Record<string, unknown>): S3Class {
  const rules = ((props.LifecycleConfiguration as Record<string, unknown> | undefined)?.Rules ?? []) as Array<Record<string, unknown>>;
  for (const rule of rules) {
    if (rule.Status === 'Disabled' || rule.Prefix || (rule.Filter as Record<string, unknown> | undefined)?.Prefix) continue;
    for (const t of (rule.Transitions ?? []) as Array<Record<string, unknown>>) {
      const cls = (t.StorageClass === 'GLACIER_IR' ? 'GLACIER_IR' : t.StorageClass) as S3Class;
      if (cfnNumber(t.TransitionInDays, -1) === 0 && S3_CLASSES.includes(cls)) return cls;
    }
  }
  return Array.isArray(props.IntelligentTieringConfigurations) ? 'INTELLIGENT_TIERING' : 'STANDARD';
}

function priceStack(ctx: EnvContext, stack: StackInput, p: RegionPrices, warn: (m: string) => void): CostLineItem[] {
  const out: CostLineItem[] = [];
  const H = ctx.usage.hoursPerMonth;
  const u = ctx.usage;
  const resources = stack.template.Resources ?? {};
  const share = (type: string): number => 1 / Math.max(1, ctx.counts[type] ?? 1);
  const add = (id: string, type: string, category: CostCategory, description: string, quantity: number, unit: string, unitPriceUsd: number, usageKeys?: string[]): void => {
    const monthlyUsd = round2(quantity * unitPriceUsd);
    if (quantity <= 0 || unitPriceUsd <= 0) return;
    out.push({ environment: ctx.env, region: stack.region, stack: stack.name, resourceId: id, resourceType: type, category, description, quantity: Math.round(quantity * 1000) / 1000, unit, unitPriceUsd, monthlyUsd, ...(usageKeys ? { usageKeys } : {}) });
  };

  // Protected storage per stack, for the backup default.
  let protectedGb = 0;

  for (const [id, r] of Object.entries(resources)) {
    const props = (r.Properties ?? {}) as Record<string, unknown>;
    switch (r.Type) {
      case 'AWS::RDS::DBInstance': {
        const cls = str(props.DBInstanceClass) ?? 'db.t4g.medium';
        const clusterId = refId(props.DBClusterIdentifier);
        if (clusterId || typeof props.DBClusterIdentifier === 'string') {
          if (cls === 'db.serverless') {
            const cluster = clusterId ? resources[clusterId] : undefined;
            const sv2 = (cluster?.Properties?.ServerlessV2ScalingConfiguration ?? {}) as Record<string, unknown>;
            const min = cfnNumber(sv2.MinCapacity, 0.5);
            const max = cfnNumber(sv2.MaxCapacity, Math.max(min, 4));
            const acus = u.aurora.averageAcus ?? min + 0.25 * (max - min);
            add(id, r.Type, 'RDS', `Aurora Serverless v2 instance, ${acus} ACU average`, acus * H, 'ACU-hours', p.rds.auroraAcuHour, ['aurora.averageAcus']);
          } else {
            add(id, r.Type, 'RDS', `Aurora instance ${cls}`, H, 'instance-hours', instanceRate(p.rds.auroraInstanceHour, cls, warn, 'Aurora instance class'));
          }
          break;
        }
        const engine = str(props.Engine) ?? 'postgres';
        if (/oracle|sqlserver|db2/.test(engine)) warn(`${id}: ${engine} priced at PostgreSQL rates (licence not included)`);
        const multiAz = cfnBool(props.MultiAZ);
        const copies = multiAz ? 2 : 1;
        const replica = props.SourceDBInstanceIdentifier !== undefined;
        add(id, r.Type, 'RDS', `${cls}${multiAz ? ' Multi-AZ' : ' Single-AZ'}${replica ? ' read replica' : ''} (${engine})`, H * copies, 'instance-hours', instanceRate(p.rds.instanceHour, cls, warn, 'DB instance class'));
        const gb = cfnNumber(props.AllocatedStorage, replica ? 0 : 20);
        const storageType = (str(props.StorageType) ?? 'gp2') as keyof RegionPrices['rds']['storageGbMonth'];
        add(id, r.Type, 'RDS', `${gb} GB ${storageType} storage${multiAz ? ' x2 (Multi-AZ)' : ''}`, gb * copies, 'GB-months', p.rds.storageGbMonth[storageType] ?? p.rds.storageGbMonth.gp2);
        if (storageType === 'io1' || storageType === 'io2') add(id, r.Type, 'RDS', 'provisioned IOPS', cfnNumber(props.Iops, 1000) * copies, 'IOPS-months', p.rds.piopsMonth);
        if (cfnBool(props.EnablePerformanceInsights) && cfnNumber(props.PerformanceInsightsRetentionPeriod, 7) > 7) {
          add(id, r.Type, 'RDS', `Performance Insights long-term retention (${vcpus(cls)} vCPU)`, vcpus(cls) * H, 'vCPU-hours', p.rds.performanceInsightsVcpuHour);
        }
        if (!replica) protectedGb += gb;
        break;
      }
      case 'AWS::RDS::DBCluster': {
        add(id, r.Type, 'RDS', 'Aurora storage', u.aurora.storageGb, 'GB-months', p.rds.auroraStorageGbMonth, ['aurora.storageGb']);
        add(id, r.Type, 'RDS', 'Aurora I/O requests', u.aurora.ioMillions, 'million requests', p.rds.auroraIoPerMillion, ['aurora.ioMillions']);
        protectedGb += u.aurora.storageGb;
        break;
      }
      case 'AWS::ElastiCache::ReplicationGroup': {
        const type = str(props.CacheNodeType) ?? 'cache.t4g.micro';
        const nodes = props.NumCacheClusters !== undefined
          ? cfnNumber(props.NumCacheClusters, 1)
          : cfnNumber(props.NumNodeGroups, 1) * (cfnNumber(props.ReplicasPerNodeGroup, 0) + 1);
        // Valkey node-based clusters are priced 20% below Redis OSS.
        const valkey = str(props.Engine) === 'valkey';
        add(id, r.Type, 'ElastiCache', `${nodes} x ${type}${valkey ? ' (Valkey)' : ''}`, nodes * H, 'node-hours', instanceRate(p.elasticache.nodeHour, type, warn, 'cache node type') * (valkey ? 0.8 : 1));
        break;
      }
      case 'AWS::ElastiCache::CacheCluster': {
        const type = str(props.CacheNodeType) ?? 'cache.t4g.micro';
        const nodes = cfnNumber(props.NumCacheNodes, 1);
        add(id, r.Type, 'ElastiCache', `${nodes} x ${type}`, nodes * H, 'node-hours', instanceRate(p.elasticache.nodeHour, type, warn, 'cache node type'));
        break;
      }
      case 'AWS::ElastiCache::ServerlessCache': {
        add(id, r.Type, 'ElastiCache', 'serverless data stored', u.cacheServerless.dataGb * H, 'GB-hours', p.elasticache.serverlessGbHour, ['cacheServerless.dataGb']);
        add(id, r.Type, 'ElastiCache', 'serverless ECPUs', u.cacheServerless.ecpuMillions, 'million ECPUs', p.elasticache.serverlessEcpuPerMillion, ['cacheServerless.ecpuMillions']);
        break;
      }
      case 'AWS::EC2::NatGateway': {
        add(id, r.Type, 'NAT Gateway', 'NAT gateway hours', H, 'hours', p.ec2.natHour);
        // Per-GB processing is a traffic charge: grouped with data transfer, as the seeds' tables do.
        add(id, r.Type, 'Data transfer', 'NAT gateway data processed', u.network.natDataGb * share(r.Type), 'GB', p.ec2.natGb, ['network.natDataGb']);
        break;
      }
      case 'AWS::EC2::EIP':
        add(id, r.Type, 'Networking', 'public IPv4 address', H, 'hours', p.ec2.publicIpv4Hour);
        break;
      case 'AWS::EC2::VPCEndpoint': {
        if (str(props.VpcEndpointType) !== 'Interface') break; // gateway endpoints (S3, DynamoDB) are free
        const azs = Array.isArray(props.SubnetIds) ? props.SubnetIds.length : 2;
        const service = JSON.stringify(props.ServiceName ?? '').match(/\.([a-z0-9.-]+)"?\]*\]*\}*$/)?.[1] ?? 'interface';
        add(id, r.Type, 'Networking', `interface endpoint ${service} in ${azs} AZs`, azs * H, 'endpoint-AZ-hours', p.ec2.interfaceEndpointHour);
        add(id, r.Type, 'Data transfer', 'interface endpoint data processed', u.network.vpcEndpointDataGb * share('interface-endpoint'), 'GB', p.ec2.interfaceEndpointGb, ['network.vpcEndpointDataGb']);
        break;
      }
      case 'AWS::EC2::ClientVpnEndpoint': {
        const assoc = Object.values(resources).filter((x) => x.Type === 'AWS::EC2::ClientVpnTargetNetworkAssociation' && refId(x.Properties?.ClientVpnEndpointId) === id).length || 1;
        add(id, r.Type, 'Networking', `Client VPN ${assoc} subnet association(s)`, assoc * H, 'association-hours', p.ec2.clientVpnAssociationHour);
        add(id, r.Type, 'Networking', 'Client VPN connections', u.clientVpn.connections * u.clientVpn.hoursPerConnection, 'connection-hours', p.ec2.clientVpnConnectionHour, ['clientVpn.connections', 'clientVpn.hoursPerConnection']);
        break;
      }
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
        const type = str(props.Type) ?? 'application';
        if (type === 'gateway') break;
        const alb = type === 'application';
        add(id, r.Type, 'Load balancing', `${alb ? 'Application' : 'Network'} Load Balancer hours`, H, 'hours', alb ? p.elb.albHour : p.elb.nlbHour);
        add(id, r.Type, 'Load balancing', `${alb ? 'LCU' : 'NLCU'}s (${u.loadBalancer.lcus} average)`, u.loadBalancer.lcus * H, 'LCU-hours', alb ? p.elb.albLcuHour : p.elb.nlbLcuHour, ['loadBalancer.lcus']);
        break;
      }
      case 'AWS::ECS::Service': {
        // A rolling service references its task definition; a CodeDeploy (blue/green) one names its family.
        const tdId = refId(props.TaskDefinition)
          ?? Object.keys(resources).find((k) => resources[k].Type === 'AWS::ECS::TaskDefinition' && typeof props.TaskDefinition === 'string' && resources[k].Properties?.Family === props.TaskDefinition);
        const td = tdId ? resources[tdId] : undefined;
        const tdProps = (td?.Properties ?? {}) as Record<string, unknown>;
        const compat = Array.isArray(tdProps.RequiresCompatibilities) ? tdProps.RequiresCompatibilities : [];
        const fargate = str(props.LaunchType) === 'FARGATE' || compat.includes('FARGATE') || Array.isArray(props.CapacityProviderStrategy);
        if (!fargate) break; // EC2 launch type: the instances are priced instead
        if (!td) warn(`ECS service ${id}: task definition not found in its template; priced at the smallest Fargate size (0.25 vCPU, 0.5 GB)`);
        const count = cfnNumber(props.DesiredCount, 1);
        const cpu = cfnNumber(tdProps.Cpu, 256) / 1024;
        const gb = cfnNumber(tdProps.Memory, 512) / 1024;
        const arm = str((tdProps.RuntimePlatform as Record<string, unknown> | undefined)?.CpuArchitecture) === 'ARM64';
        add(id, r.Type, 'Compute', `Fargate ${count} task(s) x ${cpu} vCPU${arm ? ' (ARM64)' : ''}`, count * cpu * H, 'vCPU-hours', arm ? p.fargate.armVcpuHour : p.fargate.vcpuHour);
        add(id, r.Type, 'Compute', `Fargate ${count} task(s) x ${gb} GB`, count * gb * H, 'GB-hours', arm ? p.fargate.armGbHour : p.fargate.gbHour);
        break;
      }
      case 'AWS::EKS::Cluster':
      case 'Custom::AWSCDK-EKS-Cluster':
        add(id, r.Type, 'Compute', 'EKS cluster control plane', H, 'cluster-hours', p.eks.clusterHour);
        break;
      case 'AWS::EKS::Nodegroup': {
        const types = Array.isArray(props.InstanceTypes) ? (props.InstanceTypes as string[]) : ['t3.medium'];
        const scaling = (props.ScalingConfig ?? {}) as Record<string, unknown>;
        const n = cfnNumber(scaling.DesiredSize, cfnNumber(scaling.MinSize, 2));
        add(id, r.Type, 'Compute', `EKS nodes ${n} x ${types[0]}`, n * H, 'instance-hours', instanceRate(p.ec2.instanceHour, types[0], warn, 'EC2 instance type'));
        add(id, r.Type, 'Compute', `EKS node volumes ${n} x ${cfnNumber(props.DiskSize, 20)} GB`, n * cfnNumber(props.DiskSize, 20), 'GB-months', p.ec2.ebsGp3GbMonth);
        break;
      }
      case 'AWS::AutoScaling::AutoScalingGroup': {
        const lt = (props.LaunchTemplate ?? {}) as Record<string, unknown>;
        const ltRes = resources[refId(lt.LaunchTemplateId) ?? ''] ?? resources[refId(props.LaunchConfigurationName) ?? ''];
        const ltData = (ltRes?.Properties?.LaunchTemplateData ?? ltRes?.Properties ?? {}) as Record<string, unknown>;
        const type = str(ltData.InstanceType) ?? 't3.medium';
        const n = cfnNumber(props.DesiredCapacity, cfnNumber(props.MinSize, 1));
        add(id, r.Type, 'Compute', `Auto Scaling group ${n} x ${type}`, n * H, 'instance-hours', instanceRate(p.ec2.instanceHour, type, warn, 'EC2 instance type'));
        break;
      }
      case 'AWS::EC2::Instance': {
        const type = str(props.InstanceType) ?? 't3.micro';
        add(id, r.Type, 'Compute', `EC2 ${type}`, H, 'instance-hours', instanceRate(p.ec2.instanceHour, type, warn, 'EC2 instance type'));
        break;
      }
      case 'AWS::Lambda::Function': {
        if (isCdkInternalFunction(id, r)) break;
        const memGb = cfnNumber(props.MemorySize, 128) / 1024;
        const arm = Array.isArray(props.Architectures) && props.Architectures.includes('arm64');
        // A function whose triggers imply a rate (a schedule, a stated events-a-month) is charged that rate.
        const triggered = r.Metadata?.[INVOCATIONS_METADATA];
        const fromTriggers = typeof triggered === 'number' && Number.isFinite(triggered) && triggered >= 0;
        const req = fromTriggers ? triggered / 1e6 : u.lambda.requestsMillions;
        const reqLabel = fromTriggers ? `${triggered.toLocaleString('en-US')} a month from its triggers` : `${req}M`;
        const reqUsage = fromTriggers ? [] : ['lambda.requestsMillions'];
        add(id, r.Type, 'Compute', `Lambda requests (${reqLabel})`, req, 'million requests', p.lambda.requestPerMillion, reqUsage);
        add(id, r.Type, 'Compute', `Lambda compute ${memGb * 1024} MB x ${u.lambda.durationMs} ms${arm ? ' (arm64)' : ''}`, req * 1e6 * (u.lambda.durationMs / 1000) * memGb, 'GB-seconds', arm ? p.lambda.armGbSecond : p.lambda.gbSecond, [...reqUsage, 'lambda.durationMs']);
        break;
      }
      case 'AWS::S3::Bucket': {
        const gb = u.s3.storageGb * share(r.Type);
        const cls = bucketStorageClass(props);
        add(id, r.Type, 'S3', `${cls} storage`, gb, 'GB-months', p.s3.storageGbMonth[cls], ['s3.storageGb']);
        // Archive classes bill a minimum object size and retrieval; the estimate counts storage only and says so.
        if (cls === 'GLACIER' || cls === 'DEEP_ARCHIVE') warn(`${id}: ${cls} priced for storage only (retrievals and per-object overhead not included)`);
        add(id, r.Type, 'S3', 'PUT/POST/LIST requests', u.s3.putRequestsThousands * share(r.Type), 'thousand requests', p.s3.putPer1000, ['s3.putRequestsThousands']);
        add(id, r.Type, 'S3', 'GET requests', u.s3.getRequestsThousands * share(r.Type), 'thousand requests', p.s3.getPer1000, ['s3.getRequestsThousands']);
        break;
      }
      case 'AWS::CloudFront::Distribution': {
        add(id, r.Type, 'CloudFront', 'data transfer out to viewers', u.cloudfront.dataGb * share(r.Type), 'GB', p.cloudfront.dataGb, ['cloudfront.dataGb']);
        add(id, r.Type, 'CloudFront', 'HTTPS requests', (u.cloudfront.requestsMillions * 100) * share(r.Type), '10k requests', p.cloudfront.httpsPer10k, ['cloudfront.requestsMillions']);
        break;
      }
      case 'AWS::WAFv2::WebACL': {
        const rules = Array.isArray(props.Rules) ? props.Rules.length : 0;
        add(id, r.Type, 'WAF', 'web ACL', 1, 'ACL-months', p.waf.aclMonth);
        add(id, r.Type, 'WAF', `${rules} rule(s) / managed rule groups`, rules, 'rule-months', p.waf.ruleMonth);
        add(id, r.Type, 'WAF', 'requests inspected', u.waf.requestsMillions, 'million requests', p.waf.requestPerMillion, ['waf.requestsMillions']);
        break;
      }
      case 'AWS::KMS::Key':
        add(id, r.Type, 'KMS & secrets', 'customer managed key', 1, 'key-months', p.kms.keyMonth);
        add(id, r.Type, 'KMS & secrets', 'KMS requests', u.kms.requestsThousands / 10, '10k requests', p.kms.requestPer10k, ['kms.requestsThousands']);
        break;
      case 'AWS::SecretsManager::Secret':
        add(id, r.Type, 'KMS & secrets', 'secret', 1, 'secret-months', p.secretsManager.secretMonth);
        add(id, r.Type, 'KMS & secrets', 'Secrets Manager API calls', u.secretsManager.apiCallsThousands / 10, '10k calls', p.secretsManager.apiPer10k, ['secretsManager.apiCallsThousands']);
        break;
      case 'AWS::CloudWatch::Alarm': {
        const metrics = Array.isArray(props.Metrics) ? props.Metrics.filter((m) => (m as Record<string, unknown>).MetricStat !== undefined).length : 1;
        const highRes = cfnNumber(props.Period, 60) < 60;
        add(id, r.Type, 'CloudWatch', `${highRes ? 'high-resolution ' : ''}alarm${metrics > 1 ? ` on ${metrics} metrics` : ''}`, Math.max(1, metrics), 'alarm-metric-months', highRes ? p.cloudwatch.highResAlarmMonth : p.cloudwatch.alarmMonth);
        break;
      }
      case 'AWS::CloudWatch::CompositeAlarm':
        add(id, r.Type, 'CloudWatch', 'composite alarm', 1, 'alarm-months', p.cloudwatch.compositeAlarmMonth);
        break;
      case 'AWS::CloudWatch::Dashboard':
        // Within the account's free dashboards: nothing to bill (zero-priced lines are not listed).
        if (ctx.free.dashboards > 0) ctx.free.dashboards -= 1;
        else add(id, r.Type, 'CloudWatch', 'dashboard', 1, 'dashboard-months', p.cloudwatch.dashboardMonth);
        break;
      case 'AWS::Logs::LogGroup': {
        const ingest = u.logs.ingestGb * share(r.Type);
        // Stored volume at steady state: ingest x retention (capped at a year for "never expire"), compressed ~15%.
        const months = Math.min(cfnNumber(props.RetentionInDays, 365) / 30, 12);
        add(id, r.Type, 'CloudWatch', 'log ingestion', ingest, 'GB', p.cloudwatch.logIngestGb, ['logs.ingestGb']);
        add(id, r.Type, 'CloudWatch', `log storage (${Math.round(months * 10) / 10} months retained, compressed)`, ingest * months * 0.15, 'GB-months', p.cloudwatch.logStorageGbMonth, ['logs.ingestGb']);
        break;
      }
      case 'AWS::CloudTrail::Trail': {
        const selectors = Array.isArray(props.EventSelectors) ? (props.EventSelectors as Record<string, unknown>[]) : [];
        const advanced = JSON.stringify(props.AdvancedEventSelectors ?? '');
        const dataEvents = selectors.some((s) => Array.isArray(s.DataResources) && s.DataResources.length > 0) || /"Data"/.test(advanced);
        // The first copy of management events is free; data events are not.
        if (dataEvents) add(id, r.Type, 'Audit & threat detection', 'CloudTrail data events', u.cloudtrail.dataEventsMillions * 10, '100k events', p.cloudtrail.dataEventsPer100k, ['cloudtrail.dataEventsMillions']);
        break;
      }
      case 'AWS::Config::ConfigurationRecorder':
        add(id, r.Type, 'Audit & threat detection', 'AWS Config items recorded', u.config.itemsRecorded, 'items', p.config.itemRecorded, ['config.itemsRecorded']);
        break;
      case 'AWS::Config::ConfigRule':
        add(id, r.Type, 'Audit & threat detection', 'AWS Config rule evaluations', u.config.ruleEvaluations, 'evaluations', p.config.ruleEvaluation, ['config.ruleEvaluations']);
        break;
      case 'AWS::Config::ConformancePack':
        add(id, r.Type, 'Audit & threat detection', 'conformance pack evaluations', u.config.conformancePackEvaluations, 'evaluations', p.config.conformancePackEvaluation, ['config.conformancePackEvaluations']);
        break;
      case 'AWS::GuardDuty::Detector':
        add(id, r.Type, 'Audit & threat detection', 'GuardDuty CloudTrail events analysed', u.guardduty.cloudtrailEventsMillions, 'million events', p.guardduty.cloudtrailEventsPerMillion, ['guardduty.cloudtrailEventsMillions']);
        add(id, r.Type, 'Audit & threat detection', 'GuardDuty VPC flow / DNS logs analysed', u.guardduty.flowLogGb, 'GB', p.guardduty.flowLogGb, ['guardduty.flowLogGb']);
        add(id, r.Type, 'Audit & threat detection', 'GuardDuty S3 data events analysed', u.guardduty.s3EventsMillions, 'million events', p.guardduty.s3EventsPerMillion, ['guardduty.s3EventsMillions']);
        break;
      case 'AWS::EFS::FileSystem': {
        const oneZone = props.AvailabilityZoneName !== undefined;
        add(id, r.Type, 'EFS', `${oneZone ? 'One Zone' : 'Standard'} storage`, u.efs.storageGb, 'GB-months', oneZone ? p.efs.oneZoneGbMonth : p.efs.standardGbMonth, ['efs.storageGb']);
        protectedGb += u.efs.storageGb;
        break;
      }
      case 'AWS::Route53::HostedZone':
        add(id, r.Type, 'Route 53', 'hosted zone', 1, 'zone-months', p.route53.hostedZoneMonth);
        add(id, r.Type, 'Route 53', 'standard queries', u.route53.queriesMillions, 'million queries', p.route53.queriesPerMillion, ['route53.queriesMillions']);
        break;
      case 'AWS::Route53::HealthCheck': {
        const cfg = (props.HealthCheckConfig ?? {}) as Record<string, unknown>;
        const type = str(cfg.Type) ?? 'HTTP';
        const options = (/HTTPS/.test(type) ? 1 : 0) + (/STR_MATCH/.test(type) ? 1 : 0) + (cfnNumber(cfg.RequestInterval, 30) === 10 ? 1 : 0) + (cfnBool(cfg.MeasureLatency) ? 1 : 0);
        add(id, r.Type, 'Route 53', `health check (${type})`, 1, 'check-months', p.route53.healthCheckMonth + options * p.route53.healthCheckOptionMonth);
        break;
      }
      case 'AWS::ECR::RegistryScanningConfiguration': {
        // Enhanced scanning bills through Amazon Inspector; basic scanning is free.
        if (str(props.ScanType) !== 'ENHANCED') break;
        const rates = (p as Partial<RegionPrices>).inspector;
        if (!rates) { warn('the price table has no Amazon Inspector rates; ECR enhanced scanning is priced at $0 (run --refresh-prices)'); break; }
        const rules = (Array.isArray(props.Rules) ? props.Rules : []) as Array<Record<string, unknown>>;
        add(id, r.Type, 'Audit & threat detection', 'Inspector scan of each pushed image (ECR enhanced scanning)', u.ecrScanning.imagesPushed, 'images', rates.ecrImageScan, ['ecrScanning.imagesPushed']);
        if (rules.some((rule) => rule.ScanFrequency === 'CONTINUOUS_SCAN')) {
          add(id, r.Type, 'Audit & threat detection', 'Inspector rescans as new CVEs are published (continuous scanning)', u.ecrScanning.imageRescans, 'rescans', rates.ecrImageRescan, ['ecrScanning.imageRescans']);
        }
        break;
      }
      // No standing charge. SQS bills per request (https://aws.amazon.com/sqs/pricing/) and a dead-letter queue only
      // receives failed events; IAM policies are free (https://aws.amazon.com/iam/faqs/). Their alarms are priced above.
      case 'AWS::SQS::Queue':
      case 'AWS::IAM::ManagedPolicy':
        break;
      default:
        break;
    }
  }

  // AWS Backup: storage of the recovery points, and copies to another region when a rule copies.
  const plans = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Backup::BackupPlan');
  if (plans.length > 0) {
    const [planId] = plans[0];
    const gb = u.backup.storageGb ?? protectedGb;
    add(planId, 'AWS::Backup::BackupPlan', 'Backup', `backup storage (${u.backup.storageGb === undefined ? 'protected storage once' : 'from usage'})`, gb, 'GB-months', p.backup.warmGbMonth, ['backup.storageGb']);
    const copies = JSON.stringify(plans.map(([, r]) => r.Properties)).includes('CopyActions');
    if (copies) {
      add(planId, 'AWS::Backup::BackupPlan', 'Backup', 'copy of recovery points in the destination vault', gb, 'GB-months', p.backup.warmGbMonth, ['backup.storageGb']);
      add(planId, 'AWS::Backup::BackupPlan', 'Data transfer', 'backup copy transfer to another region', u.backup.crossRegionCopyGb ?? gb * 0.3, 'GB', p.transfer.crossRegionGb, ['backup.crossRegionCopyGb']);
    }
  }
  return out;
}

/** Inter-AZ, internet and cross-region transfer: usage-driven, one set per environment and region. */
function priceEnvironmentTransfer(ctx: EnvContext, table: PriceTable, warn: (m: string) => void): CostLineItem[] {
  const out: CostLineItem[] = [];
  const u = ctx.usage;
  const byRegion = new Map<string, StackInput[]>();
  for (const s of ctx.stacks) byRegion.set(s.region, [...(byRegion.get(s.region) ?? []), s]);
  const has = (stacks: StackInput[], ...types: string[]): boolean => stacks.some((s) => Object.values(s.template.Resources ?? {}).some((r) => types.includes(r.Type)));
  const vpcRegions = [...byRegion].filter(([, s]) => has(s, 'AWS::EC2::VPC'));
  const egressRegions = [...byRegion].filter(([, s]) => has(s, 'AWS::EC2::NatGateway', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::EC2::Instance'));
  const item = (region: string, stack: string, id: string, description: string, quantity: number, unitPriceUsd: number, key: string): void => {
    if (quantity <= 0) return;
    out.push({ environment: ctx.env, region, stack, resourceId: id, resourceType: 'Data transfer', category: 'Data transfer', description, quantity, unit: 'GB', unitPriceUsd, monthlyUsd: round2(quantity * unitPriceUsd), usageKeys: [key] });
  };
  const pricesOf = (region: string): RegionPrices => {
    const p = table.regions[region];
    if (!p) warn(`no prices for region ${region}; used us-east-1 rates`);
    return p ?? table.regions['us-east-1'];
  };
  for (const [region, stacks] of vpcRegions) {
    // Billed $0.01/GB on each side of the AZ boundary.
    item(region, stacks[0].name, 'transfer:inter-az', 'inter-AZ transfer (charged in and out)', u.network.interAzGb / vpcRegions.length, pricesOf(region).transfer.interAzGb * 2, 'network.interAzGb');
  }
  for (const [region, stacks] of egressRegions) {
    item(region, stacks[0].name, 'transfer:internet', 'data transfer out to the internet', u.network.internetEgressGb / egressRegions.length, pricesOf(region).transfer.internetEgressGb, 'network.internetEgressGb');
  }
  const replicates = ctx.stacks.some((s) => Object.values(s.template.Resources ?? {}).some((r) => r.Type === 'AWS::S3::Bucket' && r.Properties?.ReplicationConfiguration !== undefined));
  if (byRegion.size > 1 || replicates) {
    const primary = ctx.stacks[0];
    item(primary.region, primary.name, 'transfer:cross-region', 'cross-region replication transfer', u.network.crossRegionGb, pricesOf(primary.region).transfer.crossRegionGb, 'network.crossRegionGb');
  }
  return out;
}

function findSavings(ctx: EnvContext, lines: CostLineItem[], table: PriceTable): SavingsOpportunity[] {
  const out: SavingsOpportunity[] = [];
  const env = ctx.env;
  // Graviton: same size, ARM class, usually 10-20% cheaper for the same work.
  const gv: string[] = [];
  let gvSave = 0;
  for (const l of lines) {
    const p = table.regions[l.region] ?? table.regions['us-east-1'];
    const m = /^(\d+ x )?((db|cache)\.[a-z0-9]+\.[a-z0-9]+|[a-z][0-9][a-z]*\.[a-z0-9]+)/.exec(l.description.replace(/^EKS nodes |^EC2 |^Auto Scaling group /, ''));
    if (!m || !/instance-hours|node-hours/.test(l.unit)) continue;
    const cls = m[2];
    const to = gravitonEquivalent(cls);
    if (!to) continue;
    const tbl = cls.startsWith('cache.') ? p.elasticache.nodeHour : cls.startsWith('db.') ? (l.description.startsWith('Aurora') ? p.rds.auroraInstanceHour : p.rds.instanceHour) : p.ec2.instanceHour;
    if (tbl[to] === undefined) continue;
    const save = l.monthlyUsd - l.quantity * tbl[to];
    if (save > 0) { gvSave += save; gv.push(`${l.resourceId} ${cls} → ${to}`); }
  }
  const resources = gv.map((g) => g.split(' ')[0]);
  // Fargate services in a fleet share logical ids across their nested stacks: name them by stack path, list once.
  const fargate: string[] = [];
  for (const l of lines.filter((x) => /vCPU-hours/.test(x.unit) && /Fargate/.test(x.description) && !/ARM64/.test(x.description))) {
    const p = table.regions[l.region] ?? table.regions['us-east-1'];
    gvSave += l.monthlyUsd * (1 - p.fargate.armVcpuHour / p.fargate.vcpuHour);
    fargate.push(l.stack.includes('/') ? `${l.stack.split('/').slice(1).join('/')}/${l.resourceId}` : l.resourceId);
  }
  if (fargate.length === 1) gv.push(`${fargate[0]} Fargate → ARM64`);
  else if (fargate.length > 1) gv.push(`${fargate.length} Fargate services → ARM64 (${fargate.slice(0, 3).join(', ')}${fargate.length > 3 ? ', …' : ''})`);
  if (gv.length) out.push({ id: 'graviton', environment: env, title: 'Move to Graviton (ARM) classes', detail: gv.join('; '), monthlySavingsUsd: round2(gvSave), resources: [...resources, ...fargate] });

  // VPC endpoints: S3/DynamoDB gateway endpoints are free, so AWS-bound traffic stops paying NAT processing.
  const natData = lines.filter((l) => l.description === 'NAT gateway data processed');
  const hasS3Gateway = ctx.stacks.some((s) => Object.values(s.template.Resources ?? {}).some((r) => r.Type === 'AWS::EC2::VPCEndpoint' && str(r.Properties?.VpcEndpointType) !== 'Interface'));
  if (natData.length && !hasS3Gateway) {
    const save = natData.reduce((a, l) => a + l.monthlyUsd, 0) * ctx.usage.network.awsServiceTrafficShare;
    out.push({ id: 'vpc-endpoints', environment: env, title: 'Send AWS-service traffic through VPC endpoints instead of NAT', detail: `S3/DynamoDB gateway endpoints are free; ${Math.round(ctx.usage.network.awsServiceTrafficShare * 100)}% of NAT traffic assumed AWS-bound (usage.network.awsServiceTrafficShare)`, monthlySavingsUsd: round2(save), resources: natData.map((l) => l.resourceId) });
  }

  // One NAT gateway outside production: accept an AZ dependency for egress where an outage is tolerable.
  const natHours = lines.filter((l) => l.description === 'NAT gateway hours');
  if (ctx.tier !== 'production' && natHours.length > 1) {
    const save = natHours.slice(1).reduce((a, l) => a + l.monthlyUsd, 0);
    out.push({ id: 'single-nat', environment: env, title: `Use one NAT gateway outside production (${env})`, detail: `${natHours.length} NAT gateways → 1; egress then depends on one AZ`, monthlySavingsUsd: round2(save), resources: natHours.slice(1).map((l) => l.resourceId) });
  }

  // Commitments: steady databases, caches and compute.
  if (ctx.tier !== 'development') {
    const reservable = lines.filter((l) => (l.category === 'RDS' || l.category === 'ElastiCache') && /instance-hours|node-hours/.test(l.unit));
    const compute = lines.filter((l) => l.category === 'Compute' && /vCPU-hours|GB-hours|instance-hours|GB-seconds/.test(l.unit));
    // ~31% for 1-year no-upfront RDS / ElastiCache reserved nodes; ~20% for a 1-year Compute Savings Plan.
    const save = reservable.reduce((a, l) => a + l.monthlyUsd, 0) * 0.31 + compute.reduce((a, l) => a + l.monthlyUsd, 0) * 0.2;
    if (save > 0) out.push({ id: 'commitment', environment: env, title: '1-year reserved instances / Compute Savings Plan', detail: 'reserved DB and cache nodes (about 31% off, no upfront) and a Compute Savings Plan for Fargate/EC2/Lambda (about 20%); 3-year terms save about 50%', monthlySavingsUsd: round2(save), resources: [...reservable, ...compute].map((l) => l.resourceId) });
  }

  // Storage classes: Intelligent-Tiering moves cold objects to cheaper tiers without retrieval fees.
  const standard = lines.filter((l) => l.description === 'STANDARD storage');
  if (standard.length) {
    const save = standard.reduce((a, l) => {
      const p = (table.regions[l.region] ?? table.regions['us-east-1']).s3.storageGbMonth;
      // Assume half the data goes a month unread and moves to the infrequent tier.
      return a + l.quantity * 0.5 * (p.STANDARD - p.STANDARD_IA);
    }, 0);
    out.push({ id: 'storage-class', environment: env, title: 'S3 Intelligent-Tiering (or lifecycle to Standard-IA / Glacier) for buckets without it', detail: 'assumes half the stored data is cold after 30 days; archive lifecycles already in place save more over years', monthlySavingsUsd: round2(save), resources: standard.map((l) => l.resourceId) });
  }

  // Development databases can be stopped outside working hours (ElastiCache cannot be stopped).
  if (ctx.tier === 'development') {
    const dbs = lines.filter((l) => l.category === 'RDS' && l.unit === 'instance-hours' && !l.description.startsWith('Aurora'));
    const save = dbs.reduce((a, l) => a + l.monthlyUsd, 0) * 0.5;
    if (save > 0) out.push({ id: 'stop-off-hours', environment: env, title: 'Stop development databases outside working hours', detail: 'about 50% of instance hours (nights and weekends); storage is still billed', monthlySavingsUsd: round2(save), resources: dbs.map((l) => l.resourceId) });
  }
  return out;
}
