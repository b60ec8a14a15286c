import { Document, isScalar, isSeq, visit, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { currentLambdaRuntimes } from '../../constructs/functions/runtime-support';
import { startOfDay } from '../../spec/date';
import type { Tier } from '../../spec/common';
import { FUNCTION_RUNTIMES } from '../../spec/sections/functions';
import type { DrStrategy } from '../../spec/sections/dr';
import type { BucketAnswer, EnvironmentAnswer, InitAnswers } from './answers';
import { crossBorder } from './residency';

/** One top-level section of the written spec and the one-line comment that explains it. */
interface Section {
  readonly key: string;
  readonly value: unknown;
  readonly comment: string;
}

type Node = Record<string, unknown>;

const DATABASE = 'main';
const CACHE = 'cache';
const POSTGRES_VERSION = '16';
const REDIS_VERSION = '7.1';
/** Concurrent executions each scheduled function reserves (what Haven's own helper functions reserve). */
const FUNCTION_CONCURRENCY = 5;
/** Data classes whose buckets are copied to the DR region (the rule packs want data replicated; logs are not data). */
const REPLICATED_CLASSES = new Set(['phi', 'pii', 'confidential']);
/** Failover keeps a standby load balancer to send traffic to only with these strategies (src/dr/strategy.ts). */
const STANDBY_STRATEGIES = new Set<DrStrategy>(['pilot-light', 'warm-standby', 'aurora-global']);

const compact = (node: Node): Node => Object.fromEntries(Object.entries(node).filter(([, v]) => v !== undefined));

/** A day one year after `date` (YYYY-MM-DD), for the review date of a cross-border exception. */
export function oneYearAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** Aurora has no cross-region read replica or backup replication: a standby is a global database, else snapshots. */
function drStrategy(a: InitAnswers): DrStrategy {
  return a.database === 'aurora-postgresql' && a.strategy === 'warm-standby' ? 'aurora-global' : a.strategy;
}

function stores(a: InitAnswers): string[] {
  return [...(a.database === 'none' ? [] : [DATABASE]), ...(a.cache ? [CACHE] : []), ...a.buckets.map((b) => b.name)];
}

function replicated(a: InitAnswers, bucket: BucketAnswer): boolean {
  return a.dr !== undefined && a.strategy !== 'none' && REPLICATED_CLASSES.has(bucket.dataClass);
}

/** Each environment its own VPC range (and DR range), so environments never overlap and can be peered later. */
function cidrs(index: number): { cidr: string; drCidr: string } {
  return { cidr: `10.${index * 20}.0.0/16`, drCidr: `10.${index * 20 + 10}.0.0/16` };
}

function recordName(env: EnvironmentAnswer): string {
  return env.tier === 'production' ? 'app' : `app-${env.name}`;
}

function databases(a: InitAnswers): Node | undefined {
  if (a.database === 'none') return undefined;
  const clients = a.services.map((s) => s.name);
  return { [DATABASE]: compact({ engine: a.database, version: POSTGRES_VERSION, instanceClass: a.databaseClass, pgAudit: true, clients: clients.length ? clients : undefined }) };
}

function caches(a: InitAnswers): Node | undefined {
  if (!a.cache) return undefined;
  const clients = a.services.map((s) => s.name);
  // HIPAA's rule pack wants 15 days of automatic snapshots (HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup).
  return { [CACHE]: compact({ engine: 'redis', version: REDIS_VERSION, snapshotRetentionDays: 15, clients: clients.length ? clients : undefined }) };
}

function buckets(a: InitAnswers): Node | undefined {
  if (a.buckets.length === 0) return undefined;
  return Object.fromEntries(a.buckets.map((b) => [b.name, compact({ dataClass: b.dataClass, replicate: replicated(a, b) || undefined })]));
}

function edge(a: InitAnswers): Node | undefined {
  if (!a.domain) return undefined;
  return compact({
    domain: { name: a.domain, hostedZoneId: a.hostedZoneId },
    alb: a.services.some((s) => s.public) ? {} : undefined,
    waf: a.services.some((s) => s.public) ? {} : undefined,
  });
}

function services(a: InitAnswers): Node | undefined {
  if (a.services.length === 0) return undefined;
  const connects = stores(a);
  return Object.fromEntries(
    a.services.map((s) => [
      s.name,
      compact({
        cpu: s.cpu,
        memory: s.memory,
        public: s.public,
        connects: connects.length ? connects : undefined,
        secrets: a.database === 'none' ? undefined : { DATABASE_CREDENTIALS: DATABASE },
      }),
    ]),
  );
}

/**
 * The newest Node.js runtime the schema takes that Lambda has not deprecated on `date` (the date is an input, so
 * the same answers write the same spec). Runtimes and dates: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export function defaultNodeRuntime(date: string): string {
  const current = new Set(currentLambdaRuntimes(startOfDay(date)));
  const node = FUNCTION_RUNTIMES.filter((r) => r.startsWith('nodejs') && current.has(r));
  const newest = node.sort((x, y) => Number(/\d+/.exec(y)?.[0]) - Number(/\d+/.exec(x)?.[0]))[0];
  if (!newest) throw new Error(`no Node.js Lambda runtime Haven knows is supported on ${date}; a newer Haven is needed`);
  return newest;
}

/**
 * Scheduled functions with an inline placeholder handler (no code directory yet) and the newest Node.js runtime.
 * Each reserves a few concurrent executions: the HIPAA, PCI and NIST rule packs want a function-level limit
 * (HIPAA.Security-LambdaConcurrency), and a schedule needs few. Reserving needs 100 unreserved in the account:
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
function functions(a: InitAnswers, date: string): Node | undefined {
  if (a.functions.length === 0) return undefined;
  const runtime = defaultNodeRuntime(date);
  const fn = (schedule: string) => ({ runtime, reservedConcurrency: FUNCTION_CONCURRENCY, triggers: [{ schedule, timeZone: a.timeZone ?? 'UTC' }] });
  return { definitions: Object.fromEntries(a.functions.map((f) => [f.name, fn(f.schedule)])) };
}

function dr(a: InitAnswers, date: string): Node | undefined {
  if (!a.dr) return undefined;
  const strategy = drStrategy(a);
  const border = crossBorder(a.frameworks, a.primary, a.dr);
  return compact({
    strategy,
    // Aurora clusters reach the DR region as AWS Backup copies unless they are a global database.
    database: a.database === 'aurora-postgresql' && strategy !== 'aurora-global' && strategy !== 'none' ? { replication: 'snapshot-copy' } : undefined,
    // The reviewed exception the residency rule needs, in the owner's name, due for review in a year.
    crossBorder: border?.acknowledge ? { reason: a.crossBorderReason, approvedBy: a.owner, expires: oneYearAfter(date), regions: [a.dr] } : undefined,
  });
}

/**
 * What an environment states beyond the shared sections: its tier, VPC range, record name and tier-specific needs.
 * Development defaults leave Multi-AZ, deletion protection and enhanced monitoring off, which the rule packs check in
 * every environment; the written spec turns them on rather than acknowledging them.
 */
function environment(a: InitAnswers, env: EnvironmentAnswer, index: number): Node {
  const hasAlb = a.domain !== undefined && a.services.some((s) => s.public);
  const ranges = cidrs(index);
  const strategy = drStrategy(a);
  const failover = env.tier === 'production' && hasAlb && a.dr && STANDBY_STRATEGIES.has(strategy);
  return compact({
    tier: env.tier,
    network: index === 0 ? undefined : compact({ cidr: ranges.cidr, drCidr: a.dr ? ranges.drCidr : undefined }),
    edge: hasAlb ? { alb: compact({ recordName: recordName(env), deletionProtection: env.tier === 'development' ? true : undefined }) } : undefined,
    databases: env.tier === 'development' && a.database !== 'none' ? { [DATABASE]: { multiAz: true, deletionProtection: true, monitoringIntervalSeconds: 60 } } : undefined,
    caches: env.tier === 'development' && a.cache ? { [CACHE]: { multiAz: true, nodes: 2 } } : undefined,
    // Staging and development default to backups kept in the region; with a DR region they are copied there too.
    backup: a.dr && env.tier !== 'production' && strategy !== 'none' ? { plans: [{ name: 'daily', schedule: 'daily', retentionDays: backupDays(env.tier), continuous: true }] } : undefined,
    dr: failover ? { failover: { zoneName: a.domain, hostedZoneId: a.hostedZoneId, recordName: `${recordName(env)}.${a.domain}` } } : undefined,
  });
}

function backupDays(tier: Tier): number {
  return tier === 'staging' ? 35 : 7;
}

/** The spec as ordered sections, each with its comment: the data model the YAML is rendered from. */
export function specSections(a: InitAnswers, date: string): Section[] {
  const first = cidrs(0);
  const sections: (Section | undefined)[] = [
    { key: 'project', value: { name: a.name, owner: a.owner }, comment: 'Name prefixes every stack and resource; owner is tagged on everything.' },
    { key: 'compliance', value: { frameworks: [...a.frameworks] }, comment: '`haven check` proves the platform against these; exceptions go under acknowledge: (reason, owner, expires).' },
    { key: 'regions', value: compact({ primary: a.primary, dr: a.dr }), comment: a.dr ? 'Where every environment runs, and the disaster-recovery region its copies go to.' : 'Where every environment runs; add dr: (and a dr section) to survive a region loss.' },
    { key: 'network', value: compact({ cidr: first.cidr, drCidr: a.dr ? first.drCidr : undefined }), comment: 'VPC range of the first environment (the others set their own below); subnets, AZs and NAT follow the tier.' },
    { key: 'notifications', value: { emails: [a.owner] }, comment: 'Alarms, budget alerts and security findings are e-mailed here.' },
    section('databases', databases(a), 'PostgreSQL: encrypted, private, credentials in Secrets Manager (rotated); size, Multi-AZ and backups follow the tier.'),
    section('caches', caches(a), 'Redis: encrypted in transit and at rest, AUTH token in Secrets Manager.'),
    section('buckets', buckets(a), 'S3 buckets: KMS-encrypted, versioned, private; dataClass picks the key and whether copies go to the DR region.'),
    section('edge', edge(a), 'HTTPS load balancer with WAF; the certificate is issued and DNS-validated in this hosted zone.'),
    section('services', services(a), 'Fargate services (cpu units, memory MiB); public ones sit behind the load balancer; connects opens the way to stores.'),
    section('functions', functions(a, date), 'Lambda functions (an inline placeholder until code: names a directory) invoked by EventBridge Scheduler; timeZone reads cron in local time.'),
    section('dr', dr(a, date), 'How each environment survives a region loss (backup-restore, pilot-light, warm-standby, aurora-global).'),
    section('budget', a.budget === undefined ? undefined : { monthlyUsd: a.budget }, 'Monthly AWS Budget per environment (each environment gets its own); 80% and 100% notify.'),
    {
      key: 'environments',
      value: Object.fromEntries(a.environments.map((env, i) => [env.name, environment(a, env, i)])),
      comment: 'Each environment picks a tier (development, staging, production) for its defaults and overrides any section.',
    },
  ];
  return sections.filter((s): s is Section => s !== undefined);
}

function section(key: string, value: unknown, comment: string): Section | undefined {
  return value === undefined ? undefined : { key, value, comment };
}

/** The commented YAML of the spec, built with the yaml Document API (values are never spliced into text). */
export function renderSpec(a: InitAnswers, date: string): string {
  const sections = specSections(a, date);
  const doc = new Document(Object.fromEntries(sections.map((s) => [s.key, s.value])));
  doc.commentBefore = [
    ` ${a.name}: written by \`haven init\` on ${date}.`,
    ' Every field, its type and default: docs/spec.md in the Haven repository (or `haven schema --markdown`).',
    ' Check it with `haven validate` and `haven check --env <name>`; `haven plan` prices and documents it.',
  ].join('\n');
  const pairs = (doc.contents as YAMLMap).items as Pair<Scalar, unknown>[];
  pairs.forEach((pair, i) => {
    pair.key.commentBefore = ` ${sections[i].comment}`;
    pair.key.spaceBefore = i > 0;
  });
  // Lists of plain values read best on one line ([hipaa, soc2]).
  visit(doc, { Seq: (_key, node) => { if (isSeq(node) && node.items.every((item) => isScalar(item))) node.flow = true; } });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
