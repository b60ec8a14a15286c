import * as fs from 'fs';
import * as path from 'path';
import { EKS_VERSIONS } from '../../constructs/kubernetes/versions';
import { cidrsOverlap } from '../common';
import type { EnvironmentPlan } from '../resolve';
import { expandFunctions, triggerKind, type FunctionSpec, type TriggerKind } from '../sections/functions';
import { expandServices } from '../sections/services';
import { DYNAMIC_REFERENCES_PER_TEMPLATE, functionParts, functionsPerTemplate, repositoryResourcesInEnvironmentStack, SERVICES_PER_TEMPLATE } from '../stack-layout';
import { albAccess } from './edge';
import { repeats } from './suggest';
import type { CrossFieldIssue, CrossFieldRule } from './types';

type Finding = Omit<CrossFieldIssue, 'environment'>;

/**
 * ALB listener rules take at most five condition values (match evaluations) per rule, and five wildcards:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
 */
export const ALB_RULE_CONDITION_VALUES = 5;
/** Values of the origin header condition during a rotation (current and pending; src/constructs/cdn/origin-rotation). */
const ORIGIN_HEADER_VALUES_ROTATING = 2;
/** A VPC block is /16 to /28 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html). */
const VPC_PREFIX = { min: 16, max: 28 } as const;

function serviceIssues(plan: EnvironmentPlan): Finding[] {
  const resolved = expandServices(plan.services);
  if (resolved.length === 0) return [];
  const issues: Finding[] = [];
  if (!plan.edge?.alb) {
    const entries = [...new Set(resolved.filter((s) => s.public).map((s) => s.entry))];
    for (const entry of entries) issues.push({ path: ['services', entry, 'public'], message: 'the service is public, but the environment has no load balancer: add edge.alb or set public: false' });
  }
  if (plan.monitoring?.tracing && (plan.network.natGateways ?? plan.defaults.natGateways) === 'none') {
    issues.push({ path: ['monitoring', 'tracing'], message: 'tracing needs outbound access from the services (network.natGateways single or per-az): the trace collector pulls its image from ECR Public and sends traces to the X-Ray API' });
  }
  const reported = new Set<string>();
  // Behind CloudFront each rule also checks the origin header, with two values while it rotates (old and new).
  const header = albAccess(plan) === 'cloudfront' ? ORIGIN_HEADER_VALUES_ROTATING : 0;
  const budget = ALB_RULE_CONDITION_VALUES - header;
  for (const s of resolved) {
    if (!s.public || reported.has(s.entry)) continue;
    const values = [...s.public.paths, ...s.public.hosts];
    const wildcards = values.join('').replace(/[^*?]/g, '').length;
    if (values.length > budget || wildcards > ALB_RULE_CONDITION_VALUES) {
      reported.add(s.entry);
      const why = header ? ` (behind CloudFront the secret origin header takes ${header} of the ${ALB_RULE_CONDITION_VALUES} while it rotates)` : '';
      issues.push({ path: ['services', s.entry, 'public', s.public.paths.length > 0 ? 'paths' : 'hosts'], message: `a load balancer rule matches at most ${budget} paths and hosts together${why}, with at most ${ALB_RULE_CONDITION_VALUES} wildcards; got ${values.length} values and ${wildcards} wildcards` });
    }
  }
  return issues;
}

function networkIssues(plan: EnvironmentPlan): Finding[] {
  const issues: Finding[] = [];
  const vpn = plan.access?.clientVpn;
  if (vpn && cidrsOverlap(vpn.cidr, plan.network.cidr)) {
    issues.push({ path: ['access', 'clientVpn', 'cidr'], message: `the Client VPN address pool ${vpn.cidr} overlaps the VPC ${plan.network.cidr}; give it a separate block` });
  }
  const drCidr = plan.network.drCidr;
  const prefix = drCidr ? Number(drCidr.split('/')[1]) : undefined;
  if (prefix !== undefined && (prefix < VPC_PREFIX.min || prefix > VPC_PREFIX.max)) {
    issues.push({ path: ['network', 'drCidr'], message: `a VPC block is /${VPC_PREFIX.min} to /${VPC_PREFIX.max}, got /${prefix}` });
  }
  for (const i of repeats(plan.network.endpoints ?? [])) issues.push({ path: ['network', 'endpoints', i], message: `VPC endpoint ${plan.network.endpoints![i]} is listed twice` });
  return issues;
}

function duplicateIssues(plan: EnvironmentPlan): Finding[] {
  const issues: Finding[] = [];
  const lists: Array<[readonly (string | number)[], readonly string[] | undefined, string]> = [
    [['notifications', 'emails'], plan.notifications?.emails, 'e-mail address'],
    [['budget', 'emails'], plan.budget?.emails, 'e-mail address'],
    [['edge', 'waf', 'managedRules'], plan.edge?.waf?.managedRules, 'WAF rule group'],
  ];
  for (const [at, list, what] of lists) {
    // SNS and Budgets refuse a second subscription of the same address; WAF a rule group twice in one ACL.
    for (const i of repeats(list ?? [], (v) => v.toLowerCase())) issues.push({ path: [...at, i], message: `${what} ${list![i]} is listed twice` });
  }
  return issues;
}

function dataIssues(plan: EnvironmentPlan): Finding[] {
  const issues: Finding[] = [];
  for (const [name, fsSpec] of Object.entries(plan.fileSystems ?? {})) {
    // Elastic throughput is only for General Purpose file systems (EFS performance modes and throughput modes).
    if (fsSpec.performanceMode === 'max-io' && (fsSpec.throughputMode ?? 'elastic') === 'elastic') {
      issues.push({ path: ['fileSystems', name, fsSpec.throughputMode ? 'throughputMode' : 'performanceMode'], message: 'EFS elastic throughput (the default) requires performanceMode general-purpose; with max-io choose throughputMode bursting or provisioned' });
    }
  }
  for (const [name, cluster] of Object.entries(plan.clusters ?? {})) {
    if (cluster.version !== undefined && !Object.hasOwn(EKS_VERSIONS, cluster.version)) {
      issues.push({ path: ['clusters', name, 'version'], message: `EKS version ${cluster.version} is unknown to Haven; known versions: ${Object.keys(EKS_VERSIONS).join(', ')}` });
    }
  }
  return issues;
}

/** Function code directories exist, relative to the spec file (as the schema says). */
function codeIssues(plan: EnvironmentPlan): Finding[] {
  const base = plan.specDirectory;
  if (!base || !plan.functions) return [];
  const issues: Finding[] = [];
  const check = (at: readonly (string | number)[], code: string | undefined) => {
    if (code === undefined) return;
    const dir = path.resolve(base, code);
    let ok = false;
    try {
      ok = fs.statSync(dir).isDirectory();
    } catch {
      ok = false;
    }
    if (!ok) issues.push({ path: at, message: `function code directory ${code} does not exist (looked for ${dir}, relative to the spec file)` });
  };
  check(['functions', 'defaults', 'code'], plan.functions.defaults?.code);
  for (const [name, fn] of Object.entries(plan.functions.definitions ?? {})) check(['functions', 'definitions', name, 'code'], fn.code);
  return issues;
}

/**
 * CloudFormation refuses a stack of more than 500 resources (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 * Two templates grow with the spec. The functions' nested stacks (parts of at most `functionsPerTemplate`
 * functions, src/spec/stack-layout.ts): each function is 7 resources there with a
 * dead-letter queue (measured: 1 function 7, 11 functions 77), plus its triggers (a schedule 2, a queue 4 with its
 * dead-letter queue, a bucket or pattern rule 2). The environment stack: ~110 resources for a minimal environment,
 * plus per function 2 alarms, per service its nested stack (in a fleet) and repository, and per pipeline service
 * about 6 (measured on TechCorp: 98 IAM roles and policies for 15 services). These are lower bounds (TechCorp's
 * environment stack measures 378 where they give 308), so a spec is refused only when it surely fails.
 */
export const CLOUDFORMATION_MAX_RESOURCES = 500;
export const RESOURCES_PER_FUNCTION = 7;
const RESOURCES_PER_TRIGGER: Readonly<Record<TriggerKind, number>> = { schedule: 2, queue: 4, bucket: 2, eventPattern: 2 };
const ENVIRONMENT_STACK_BASE = 110;
const PIPELINE_RESOURCES_PER_SERVICE = 6;

function triggerResources(fn: FunctionSpec): number {
  return (fn.triggers ?? []).reduce((n, t) => n + RESOURCES_PER_TRIGGER[triggerKind(t)], 0);
}

/** The functions' templates hold at most `functionsPerTemplate` each (dynamic references), so each is estimated on its own. */
function functionStackIssues(plan: EnvironmentPlan): Finding[] {
  const functions = Object.values(expandFunctions(plan.functions));
  const appSubnets = plan.network.azs ?? plan.defaults.azs;
  const estimates = functionParts(functions, appSubnets).map((part) => ({ count: part.length, resources: part.reduce((n, fn) => n + RESOURCES_PER_FUNCTION + triggerResources(fn), 0) }));
  const largest = estimates.reduce((a, b) => (b.resources > a.resources ? b : a), { count: 0, resources: 0 });
  if (largest.resources <= CLOUDFORMATION_MAX_RESOURCES) return [];
  const at = plan.functions?.generated ? ['functions', 'generated', 'count'] : ['functions'];
  return [{ path: at, message: `${largest.count} functions need about ${largest.resources} resources in one functions stack (it holds at most ${functionsPerTemplate(appSubnets)} functions, for the ${DYNAMIC_REFERENCES_PER_TEMPLATE} dynamic references a template may hold); CloudFormation allows ${CLOUDFORMATION_MAX_RESOURCES} per stack: fewer triggers per function` }];
}

function environmentStackIssues(plan: EnvironmentPlan): Finding[] {
  const services = expandServices(plan.services);
  const functions = Object.keys(expandFunctions(plan.functions)).length;
  const managed = services.filter((s) => s.repository);
  const piped = plan.pipeline ? (plan.pipeline.services?.length ?? managed.length) : 0;
  const parts = {
    base: ENVIRONMENT_STACK_BASE,
    'function alarms': 2 * functions,
    'service stacks': services.length > SERVICES_PER_TEMPLATE ? services.length : 0,
    repositories: repositoryResourcesInEnvironmentStack(new Set(managed.map((s) => s.repository)).size),
    pipeline: PIPELINE_RESOURCES_PER_SERVICE * piped,
  };
  const estimate = Object.values(parts).reduce((a, b) => a + b, 0);
  if (estimate <= CLOUDFORMATION_MAX_RESOURCES) return [];
  const detail = Object.entries(parts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  return [{ path: piped > 0 ? ['pipeline'] : ['services'], message: `this environment's stack needs at least ${estimate} resources (${detail}); CloudFormation allows ${CLOUDFORMATION_MAX_RESOURCES} per stack: fewer services${piped > 0 ? ' or pipeline services' : ''} or functions, or split the project into two specs` }];
}

function sizeIssues(plan: EnvironmentPlan): Finding[] {
  return [...functionStackIssues(plan), ...environmentStackIssues(plan)];
}

/** Workload settings that CDK, CloudFormation or the service itself would refuse. */
export const workloadRule: CrossFieldRule = (_spec, plans) =>
  Object.entries(plans).flatMap(([environment, plan]) =>
    [...serviceIssues(plan), ...networkIssues(plan), ...duplicateIssues(plan), ...dataIssues(plan), ...codeIssues(plan), ...sizeIssues(plan)].map((issue) => ({ ...issue, environment })));
