import { z } from 'zod';
import { FARGATE_CPU_VALUES, fargateMemoryChoices, isValidFargateSize } from '../../constructs/containers/fargate-size';
import type { CrossFieldIssue, CrossFieldRule } from '../rules/types';
import { hint } from '../rules/suggest';

const serviceName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'expected a short lower-case name');
const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');

/**
 * An image reference: an ECR repository name Haven manages (`api`, `api:1.4.2`), or a full image URI
 * (`123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2`, `public.ecr.aws/nginx/nginx:1.27`).
 * `{name}` is replaced by the service name, so one entry can serve a group of services.
 */
const imageRef = z.string().regex(/^[a-z0-9{][a-zA-Z0-9._/:{}@-]*$/, 'expected an ECR repository name (api, api:1.4.2) or an image URI');

const listOrOne = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const scalingSchema = z
  .strictObject({
    min: z.number().int().min(0).max(1000).describe('Fewest tasks.'),
    max: z.number().int().min(1).max(1000).describe('Most tasks.'),
    cpuTarget: z.number().int().min(10).max(95).default(70).describe('Average CPU % target tracking aims for.'),
    memoryTarget: z.number().int().min(10).max(95).default(75).describe('Average memory % target tracking aims for.'),
  })
  .refine((s) => s.max >= s.min, { message: 'scaling.max must be at least scaling.min', path: ['max'] });

export const canarySchema = z.strictObject({
  percent: z.number().int().min(1).max(99).describe('Share of production traffic shifted to green first.'),
  minutes: z.number().int().min(1).max(2880).describe('Minutes green serves that share before the rest moves.'),
});

export const deploymentSchema = z.strictObject({
  strategy: z.enum(['rolling', 'blue-green']).default('rolling').describe('rolling (ECS, circuit-breaker rollback) or blue-green (CodeDeploy).'),
  canary: canarySchema.optional().describe('Blue/green only: canary shift; all at once when absent.'),
  terminationWaitMinutes: z.number().int().min(0).max(2880).optional().describe('Blue/green only: minutes blue keeps running after the shift (default 60).'),
  testPort: z.number().int().min(1).max(65535).optional().describe('Blue/green only: test listener port the load balancer exposes for green (default 9000 + n).'),
});

export const publicSchema = z.strictObject({
  paths: listOrOne.optional().describe('Path patterns routed to this service, e.g. /api/*. `{name}` is the service name.'),
  hosts: listOrOne.optional().describe('Host headers routed to this service.'),
  priority: z.number().int().min(1).max(50000).optional().describe('Listener rule priority; assigned in spec order when absent.'),
});

export const serviceSchema = z
  .strictObject({
    names: z
      .array(serviceName)
      .min(1)
      .optional()
      .describe('Run one service per name from this single entry (e.g. 15 microservices with the same shape); the entry key is then only a group label.'),
    image: imageRef.optional().describe('ECR repository name (optionally :tag) or image URI; defaults to the service name (repository managed by Haven).'),
    cpu: z.number().int().default(256).describe(`Task CPU units: ${FARGATE_CPU_VALUES.join(', ')}.`),
    memory: z.number().int().default(512).describe('Task memory in MiB (must be a Fargate size for the CPU).'),
    port: z.number().int().min(1).max(65535).default(8080).describe('Container port; only the load balancer reaches it.'),
    count: z.number().int().min(0).max(1000).optional().describe('Desired tasks (default scaling.min, else 2).'),
    scaling: scalingSchema.optional(),
    environment: z.record(envVarName, z.string()).optional(),
    secrets: z
      .union([z.array(envVarName), z.record(envVarName, z.string().regex(/^[\w/+=.@-]+(:[\w.-]+)?$/, 'expected a secret name or store name, optionally :field'))])
      .optional()
      .describe(
        'Secrets injected as environment variables. A list names secrets `<project>-<env>/<service>/<NAME>`; a map gives VAR: source, ' +
          'where source is a database or cache name (its generated credentials) or a Secrets Manager secret name, optionally :field for one JSON key (main:password).',
      ),
    healthCheck: z
      .strictObject({
        command: z.string().min(1).optional().describe('Container health check (CMD-SHELL), e.g. curl -f http://localhost:8080/health || exit 1'),
        path: z.string().regex(/^\//, 'expected a path starting with /').default('/health').describe('Load balancer health check path.'),
      })
      .optional(),
    public: z.union([z.boolean(), publicSchema]).default(false).describe('Behind the load balancer (true: default route; or paths/hosts), else internal.'),
    connects: z.array(z.string()).optional().describe('Databases, caches, buckets and file systems this service uses; security groups and grants follow.'),
    deployment: deploymentSchema.optional(),
    user: z.string().regex(/^\d+(:\d+)?$/, 'expected a numeric uid or uid:gid').default('1000').describe('Non-root user the container runs as.'),
    readonlyRootFilesystem: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    if (!isValidFargateSize(s.cpu, s.memory)) ctx.addIssue({ code: 'custom', path: ['memory'], message: `cpu ${s.cpu} / memory ${s.memory} is not a Fargate size: ${fargateMemoryChoices(s.cpu)}` });
    const d = s.deployment;
    if (d && d.strategy !== 'blue-green') {
      for (const k of ['canary', 'terminationWaitMinutes', 'testPort'] as const) {
        if (d[k] !== undefined) ctx.addIssue({ code: 'custom', path: ['deployment', k], message: `${k} applies only to strategy: blue-green` });
      }
    }
    if (d?.strategy === 'blue-green' && s.public === false) {
      ctx.addIssue({ code: 'custom', path: ['deployment', 'strategy'], message: 'blue-green shifts load balancer traffic; the service must be public (behind the load balancer)' });
    }
    if (s.count !== undefined && s.scaling && (s.count < s.scaling.min || s.count > s.scaling.max)) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: `count ${s.count} is outside scaling ${s.scaling.min}-${s.scaling.max}` });
    }
    if (s.names && new Set(s.names).size !== s.names.length) ctx.addIssue({ code: 'custom', path: ['names'], message: 'names must be unique' });
  });

export const servicesSchema = z.record(serviceName, serviceSchema).superRefine((services, ctx) => {
  // Expanded names must be unique across all entries (a group member may not shadow another entry).
  const seen = new Map<string, string>();
  for (const [key, s] of Object.entries(services)) {
    for (const name of s.names ?? [key]) {
      const other = seen.get(name);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: [key, 'names'], message: `service ${name} is also defined by entry ${other}` });
      seen.set(name, key);
    }
  }
});
export type ServiceSpec = z.infer<typeof serviceSchema>;
export type ServicesSpec = z.infer<typeof servicesSchema>;

/** Extra ECR repositories and the lifecycle every Haven-managed repository gets. Top-level key: `ecr`. */
export const ecrSchema = z.strictObject({
  repositories: z.array(serviceName).optional().describe('Repositories to create besides those implied by services (e.g. for services not deployed yet).'),
  keepTaggedImages: z.number().int().min(1).max(1000).default(30).describe('Tagged images kept per repository.'),
  untaggedExpiryDays: z.number().int().min(1).max(365).default(7).describe('Days before untagged images expire.'),
  immutableTags: z.boolean().default(true).describe('Refuse to overwrite a tag (a deployed tag always means the same image).'),
  scanning: z
    .enum(['basic', 'enhanced'])
    .default('basic')
    .describe(
      'basic: ECR scans each image once, on push. enhanced: Amazon Inspector scans OS and language packages on push and rescans '
        + 'continuously as new CVEs are published. enhanced creates the registry scanning configuration, which is one per AWS account '
        + 'and region: environments sharing an account and region share it, one of them creating it for every environment there '
        + 'with enhanced scanning (`<project>-<environment>-*` each; repositories outside these prefixes stop being scanned). Amazon Inspector ECR scanning must '
        + 'be activated in the account (`aws inspector2 enable --resource-types ECR`); CloudFormation cannot do that.',
    ),
});
export type EcrSpec = z.infer<typeof ecrSchema>;

/** CI/CD: source → build image → scan → test → deploy, for the listed services. Top-level key: `pipeline`. */
export const pipelineSchema = z.strictObject({
  source: z.union([
    z.strictObject({
      connectionArn: z.string().regex(/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/, 'expected a CodeStar / CodeConnections connection ARN'),
      repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/repo'),
      branch: z.string().min(1).default('main'),
    }),
    z.strictObject({
      bucket: z.string().min(3).describe('Name of a bucket in `buckets` or an existing S3 bucket name holding the source zip.'),
      key: z.string().min(1),
    }),
  ]),
  services: z.array(serviceName).optional().describe('Services the pipeline builds and deploys (default: every service with a Haven-managed image).'),
  buildDirectory: z.string().min(1).default('.').describe('Docker build context in the source; `{name}` is the service name (e.g. services/{name}).'),
  testCommands: z.array(z.string().min(1)).optional().describe('Unit and integration test commands (default: none, stage skipped).'),
  failOnSeverity: z.enum(['CRITICAL', 'HIGH', 'MEDIUM']).default('CRITICAL').describe('Block the deploy when the ECR scan finds this severity or worse.'),
  manualApproval: z.boolean().optional().describe('Require a manual approval before deploy (default: production tier).'),
});
export type PipelineSpec = z.infer<typeof pipelineSchema>;

/** One concrete service after group expansion and `{name}` substitution: what the feature builds. */
export interface ResolvedService {
  readonly name: string;
  /** Entry key in `services` this came from (equals `name` for single entries). */
  readonly entry: string;
  /** Haven-managed ECR repository name, when the image is not a URI. */
  readonly repository?: string;
  readonly tag: string;
  /** Full image URI, when not Haven-managed. */
  readonly uri?: string;
  readonly spec: ServiceSpec;
  readonly public?: { readonly paths: string[]; readonly hosts: string[]; readonly priority?: number };
  readonly environment: Record<string, string>;
}

/** Splits an image reference into a Haven repository + tag, or a URI (registry host has a dot or a port). */
export function parseImage(image: string): { repository?: string; tag: string; uri?: string } {
  const firstSegment = image.split('/')[0];
  if (image.includes('/') && (firstSegment.includes('.') || firstSegment.includes(':') || firstSegment === 'localhost')) return { uri: image, tag: '' };
  const at = image.lastIndexOf(':');
  return at > 0 ? { repository: image.slice(0, at), tag: image.slice(at + 1) } : { repository: image, tag: 'latest' };
}

const sub = (text: string, name: string) => text.replaceAll('{name}', name);
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Expands group entries (`names`) into one service each, in spec order, substituting `{name}`. */
export function expandServices(services: ServicesSpec | undefined): ResolvedService[] {
  const out: ResolvedService[] = [];
  for (const [entry, spec] of Object.entries(services ?? {})) {
    const names = spec.names ?? [entry];
    names.forEach((name, i) => {
      const image = parseImage(sub(spec.image ?? name, name));
      const pub = spec.public;
      out.push({
        name,
        entry,
        ...image,
        spec,
        environment: Object.fromEntries(Object.entries(spec.environment ?? {}).map(([k, v]) => [k, sub(v, name)])),
        public:
          pub === false
            ? undefined
            : pub === true
              ? { paths: [], hosts: [] }
              : {
                  paths: asList(pub.paths).map((p) => sub(p, name)),
                  hosts: asList(pub.hosts).map((h) => sub(h, name)),
                  // A group's explicit priority is the first member's; the rest follow.
                  priority: pub.priority === undefined ? undefined : pub.priority + i,
                },
      });
    });
  }
  return out;
}

/** Cross-field rules for services: connects name real stores, one default route, distinct priorities (pipeline: rules/references.ts). */
export const servicesRules: CrossFieldRule[] = [
  (_spec, plans) => {
    const issues: CrossFieldIssue[] = [];
    for (const [environment, plan] of Object.entries(plans)) {
      const resolved = expandServices(plan.services);
      const known = new Set([...Object.keys(plan.databases ?? {}), ...Object.keys(plan.caches ?? {}), ...Object.keys(plan.buckets ?? {}), ...Object.keys((plan.fileSystems ?? {}) as object)]);
      for (const s of resolved) {
        (s.spec.connects ?? []).forEach((target, i) => {
          if (!known.has(target)) issues.push({ environment, path: ['services', s.entry, 'connects', i], message: `service ${s.name} connects to ${target}, which is not a database, cache, bucket or file system of this environment${hint(target, [...known], 'the spec')}` });
        });
      }
      const defaults = resolved.filter((s) => s.public && s.public.paths.length === 0 && s.public.hosts.length === 0);
      if (defaults.length > 1) {
        issues.push({ environment, path: ['services', defaults[1].entry, 'public'], message: `only one service can take the load balancer's default route; ${defaults.map((s) => s.name).join(', ')} all do (give paths or hosts)` });
      }
      const priorities = new Map<number, string>();
      for (const s of resolved) {
        const p = s.public?.priority;
        if (p === undefined) continue;
        const other = priorities.get(p);
        if (other) issues.push({ environment, path: ['services', s.entry, 'public', 'priority'], message: `services ${other} and ${s.name} both use listener priority ${p}` });
        priorities.set(p, s.name);
      }
    }
    return issues;
  },
];
