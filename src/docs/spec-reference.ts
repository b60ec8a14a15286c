import { havenJsonSchema, overridableSections } from '../spec/schema';
import { TIER_DEFAULTS, type TierDefaults } from '../spec/tiers';
import { TIERS } from '../spec/common';

/** The slice of JSON Schema (draft 7, as zod emits it) the reference reads. */
interface JsonSchema {
  readonly type?: string | string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description?: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function variants(s: JsonSchema): readonly JsonSchema[] | undefined {
  return s.anyOf ?? s.oneOf;
}

/** A map (zod record): an object whose entries are all described by additionalProperties. */
function mapValue(s: JsonSchema): JsonSchema | undefined {
  return !s.properties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

function range(s: JsonSchema): string {
  if (s.minimum !== undefined && s.maximum !== undefined) return ` ${s.minimum}–${s.maximum}`;
  if (s.minimum !== undefined) return ` ≥ ${s.minimum}`;
  if (s.maximum !== undefined) return ` ≤ ${s.maximum}`;
  return '';
}

/** A short human reading of a schema's type: `one of a, b`, `integer 1–6`, `list of string`, `map of name → object`. */
export function typeOf(s: JsonSchema): string {
  const alternatives = variants(s);
  if (alternatives) return alternatives.map(typeOf).join(' or ');
  if (s.enum) return `one of ${s.enum.map((v) => code(String(v))).join(', ')}`;
  if (s.const !== undefined) return code(JSON.stringify(s.const));
  const value = mapValue(s);
  if (value) return `map of name → ${typeOf(value)}`;
  const type = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  if (type === 'array') return `list of ${s.items ? typeOf(s.items) : 'any'}`;
  if (type === 'string') return s.format ? `string (${s.format})` : s.pattern ? `string matching ${code(s.pattern)}` : 'string';
  if (type === 'integer' || type === 'number') return `${type}${range(s)}`;
  return type;
}

/** Every field under `path`, depth first: objects by property, maps as `<name>`, lists as `[]`, unions by variant. */
function rows(s: JsonSchema, path: string, required: boolean, out: Row[]): void {
  out.push({ path, type: typeOf(s), required, default: s.default, description: s.description });
  for (const child of children(s, path)) rows(child.schema, child.path, child.required, out);
}

function children(s: JsonSchema, path: string): { schema: JsonSchema; path: string; required: boolean }[] {
  if (s.properties) {
    return Object.entries(s.properties).map(([key, child]) => ({ schema: child, path: `${path}.${key}`, required: (s.required ?? []).includes(key) }));
  }
  const value = mapValue(s);
  if (value) return children(value, `${path}.<name>`);
  if (s.items) return children(s.items, `${path}[]`);
  return (variants(s) ?? []).flatMap((v) => children(v, path));
}

function table(list: readonly Row[]): string[] {
  return [
    '| field | type | required | default | description |',
    '| --- | --- | --- | --- | --- |',
    ...list.map((r) => `| ${code(r.path)} | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${r.default === undefined ? '' : code(JSON.stringify(r.default))} | ${cell(r.description ?? '')} |`),
  ];
}

/** One line per top-level section (the schema describes fields, not sections). */
const SECTION_SUMMARY: Readonly<Record<string, string>> = {
  project: 'Name, owner, account and tags of the platform.',
  compliance: 'Frameworks `haven check` proves, and reviewed, expiring acknowledgements.',
  regions: 'Primary and disaster-recovery regions.',
  network: 'VPC range (and DR range), availability zones, NAT, subnets, flow logs, endpoints.',
  notifications: 'Who receives alarms, budget alerts and findings.',
  databases: 'PostgreSQL (RDS) and Aurora PostgreSQL databases.',
  caches: 'Redis / Valkey (ElastiCache) caches.',
  buckets: 'S3 buckets, their data class, lifecycle and replication.',
  monitoring: 'Alarms, dashboards, log retention, queries and tracing.',
  edge: 'Domain, certificates, load balancer, WAF, CloudFront and DNS health checks.',
  services: 'Fargate services.',
  ecr: 'Container repositories and their lifecycle.',
  pipeline: 'CI/CD pipeline building and deploying the services.',
  functions: 'Lambda functions.',
  clusters: 'EKS clusters.',
  backup: 'AWS Backup vault, plans and vault lock.',
  dr: 'Disaster-recovery strategy, objectives, failover DNS and cross-border acknowledgement.',
  security: 'CloudTrail, Config, GuardDuty and Security Hub.',
  budget: 'Monthly AWS Budget and its alerts, per environment.',
  usage: 'Usage assumptions the cost estimate prices.',
  fileSystems: 'EFS file systems.',
  access: 'Operator access: SSM bastion and Client VPN.',
  environments: 'The environments, each with a tier and overrides of any per-environment section.',
};

const TIER_FIELDS: Record<keyof TierDefaults, string> = {
  azs: 'network.azs',
  natGateways: 'network.natGateways',
  multiAz: 'databases.<name>.multiAz, caches.<name>.multiAz',
  deletionProtection: 'databases.<name>.deletionProtection, edge.alb.deletionProtection',
  retainData: 'data stores and keys kept (databases: snapshot) when removed from the stack',
  backupRetentionDays: 'databases.<name>.backupRetentionDays',
  cacheSnapshotRetentionDays: 'caches.<name>.snapshotRetentionDays',
  performanceInsights: 'databases.<name>.performanceInsights',
  monitoringIntervalSeconds: 'databases.<name>.monitoringIntervalSeconds',
  dbInstanceClass: 'databases.<name>.instanceClass',
  cacheNodeType: 'caches.<name>.nodeType',
  logRetentionDays: 'monitoring.logRetentionDays',
  flowLogRetentionDays: 'network.flowLogs.retentionDays',
};

function tierValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return String(value);
}

function tierTable(): string[] {
  return [
    `| default | applies to | ${TIERS.join(' | ')} |`,
    `| --- | --- | ${TIERS.map(() => '---').join(' | ')} |`,
    ...(Object.keys(TIER_FIELDS) as (keyof TierDefaults)[]).map((key) => `| ${code(key)} | ${cell(TIER_FIELDS[key])} | ${TIERS.map((t) => cell(tierValue(TIER_DEFAULTS[t][key]))).join(' | ')} |`),
  ];
}

/**
 * docs/spec.md: every field of haven.yaml with its type, whether it is required, its default and description,
 * generated from the same zod schema the loader validates with (through its JSON Schema), plus the per-tier defaults
 * from src/spec/tiers.ts. `haven schema --markdown` prints it; test/docs/spec-reference.test.ts keeps the file current.
 */
export function specReferenceMarkdown(): string {
  const schema = havenJsonSchema() as JsonSchema;
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const overridable = new Set(Object.keys(overridableSections));
  const lines = [
    '# haven.yaml reference',
    '',
    '<!-- Generated by `haven schema --markdown` from the zod schema in src/spec; do not edit by hand. -->',
    '',
    'Every field of the spec, generated from the schema `haven validate` checks against. Types read as in the schema:',
    '`map of name → …` is an object whose keys you choose (shown as `<name>` in paths), `[]` an element of a list.',
    'Cross-field rules (CIDRs, residency, DR objectives, engine limits) are checked on top of these; `haven validate`',
    'names every problem with file:line:col. `haven init` writes a first spec; `haven schema` prints the JSON Schema for editors.',
    '',
    '## Sections',
    '',
    '| section | required | per environment | description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(properties).map(([key, s]) => `| [${code(key)}](#${key.toLowerCase()}) | ${required.includes(key) ? 'yes' : ''} | ${overridable.has(key) ? 'yes' : ''} | ${cell(s.description ?? SECTION_SUMMARY[key] ?? '')} |`),
    '',
    'Sections marked *per environment* may be overridden under `environments.<name>`: the override states only what',
    'differs (every field optional), is merged over the shared section, and lists replace lists whole.',
    '',
    '## Tier defaults',
    '',
    'What an environment\'s `tier` means when the spec does not say otherwise (src/spec/tiers.ts).',
    '',
    ...tierTable(),
  ];
  for (const [key, s] of Object.entries(properties)) {
    const list: Row[] = [];
    if (key === 'environments') {
      // An environment's own fields; its section overrides are the sections above, every field optional.
      const env = mapValue(s)!;
      for (const [field, child] of Object.entries(env.properties ?? {})) {
        if (!overridable.has(field)) list.push({ path: `environments.<name>.${field}`, type: typeOf(child), required: (env.required ?? []).includes(field), description: child.description });
      }
      list.push({ path: 'environments.<name>.<section>', type: 'object', required: false, description: `Override of a shared section (${[...overridable].join(', ')}); every field optional.` });
    } else {
      rows(s, key, required.includes(key), list);
    }
    lines.push('', `## ${key}`, '', ...table(list));
  }
  return `${lines.join('\n')}\n`;
}
