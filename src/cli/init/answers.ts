import { isValidFargateSize, fargateMemoryChoices } from '../../constructs/containers/fargate-size';
import { AWS_REGIONS, TIERS, type AwsRegion, type Tier } from '../../spec/common';
import { bucketSchema } from '../../spec/sections/buckets';
import { isTimeZone, parseSchedule } from '../../spec/schedule';
import { FRAMEWORKS, type Framework } from '../../spec/sections/compliance';
import { DR_STRATEGIES, type DrStrategy } from '../../spec/sections/dr';
import { UserError } from '../errors';

/** What `haven init` asks; every field is also a flag. The spec is built from this, never from raw text. */
export interface InitAnswers {
  readonly name: string;
  readonly owner: string;
  readonly frameworks: readonly Framework[];
  readonly primary: AwsRegion;
  readonly dr?: AwsRegion;
  readonly strategy: DrStrategy;
  /** Reason for DR copies outside the residency jurisdiction (PIPEDA); becomes dr.crossBorder. */
  readonly crossBorderReason?: string;
  readonly environments: readonly EnvironmentAnswer[];
  readonly database: InitDatabase;
  readonly databaseClass?: string;
  readonly cache: boolean;
  readonly buckets: readonly BucketAnswer[];
  readonly services: readonly ServiceAnswer[];
  readonly functions: readonly FunctionAnswer[];
  /** IANA time zone the functions' schedules are read in (default UTC). */
  readonly timeZone?: string;
  readonly domain?: string;
  readonly hostedZoneId?: string;
  readonly budget?: number;
}

export const INIT_DATABASES = ['postgres', 'aurora-postgresql', 'none'] as const;
export type InitDatabase = (typeof INIT_DATABASES)[number];

export const DATA_CLASSES = bucketSchema.shape.dataClass.unwrap().options;
export type DataClass = (typeof DATA_CLASSES)[number];

export interface EnvironmentAnswer {
  readonly name: string;
  readonly tier: Tier;
}
export interface BucketAnswer {
  readonly name: string;
  readonly dataClass: DataClass;
}
export interface ServiceAnswer {
  readonly name: string;
  readonly cpu: number;
  readonly memory: number;
  readonly public: boolean;
}

/** A Lambda function invoked on an EventBridge Scheduler schedule. */
export interface FunctionAnswer {
  readonly name: string;
  readonly schedule: string;
}

const NAME = /^[a-z][a-z0-9-]{0,20}$/;

function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`${what} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
}

export function parseFrameworks(text: string): Framework[] {
  const frameworks = list(text).map((f) => oneOf(f.toLowerCase(), FRAMEWORKS, 'framework'));
  if (frameworks.length === 0) throw new UserError(`name at least one framework (${FRAMEWORKS.join(', ')})`);
  return [...new Set(frameworks)];
}

export function parseRegion(text: string): AwsRegion {
  return oneOf(text.trim(), AWS_REGIONS, 'region');
}

export function parseStrategy(text: string): DrStrategy {
  return oneOf(text.trim(), DR_STRATEGIES, 'DR strategy');
}

export function parseDatabase(text: string): InitDatabase {
  return oneOf(text.trim(), INIT_DATABASES, 'database');
}

/** The tier a bare environment name implies: prod… is production, stag… staging, anything else development. */
export function tierOf(name: string): Tier {
  if (name.startsWith('prod')) return 'production';
  if (name.startsWith('stag')) return 'staging';
  return 'development';
}

/** `staging,production` or `qa:staging,live:production`. */
export function parseEnvironments(text: string): EnvironmentAnswer[] {
  const envs = list(text).map((item) => {
    const [name, tier] = item.split(':');
    if (!/^[a-z][a-z0-9-]{0,15}$/.test(name)) throw new UserError(`environment ${JSON.stringify(name)}: expected a short lower-case name`);
    return { name, tier: tier === undefined ? tierOf(name) : oneOf(tier, TIERS, `environment ${name}: tier`) };
  });
  if (envs.length === 0) throw new UserError('name at least one environment, e.g. staging,production');
  if (new Set(envs.map((e) => e.name)).size !== envs.length) throw new UserError('an environment is named twice');
  return envs;
}

/** `NAME:CLASS`, e.g. `documents:phi`. */
export function parseBucket(text: string): BucketAnswer {
  const [name, dataClass, ...rest] = text.trim().split(':');
  if (!NAME.test(name ?? '') || dataClass === undefined || rest.length) throw new UserError(`bucket ${JSON.stringify(text)}: expected NAME:CLASS such as documents:phi (CLASS one of ${DATA_CLASSES.join(', ')})`);
  return { name, dataClass: oneOf(dataClass, DATA_CLASSES, `bucket ${name}: data class`) };
}

/** `NAME:CPU:MEMORY:public|internal`, e.g. `api:512:1024:public`; the size must be a Fargate size. */
export function parseService(text: string): ServiceAnswer {
  const parts = text.trim().split(':');
  const [name, cpu, memory, exposure] = [parts[0], Number(parts[1]), Number(parts[2]), parts[3]];
  if (parts.length !== 4 || !NAME.test(name) || !Number.isInteger(cpu) || !Number.isInteger(memory)) {
    throw new UserError(`service ${JSON.stringify(text)}: expected NAME:CPU:MEMORY:public|internal such as api:512:1024:public`);
  }
  if (!isValidFargateSize(cpu, memory)) throw new UserError(`service ${name}: cpu ${cpu} / memory ${memory} is not a Fargate size: ${fargateMemoryChoices(cpu)}`);
  return { name, cpu, memory, public: oneOf(exposure, ['public', 'internal'] as const, `service ${name}: exposure`) === 'public' };
}

/**
 * Splits a comma-separated answer at the commas outside parentheses, so a cron list such as
 * `report:cron(0 8 ? * MON,FRI *)` stays one item.
 */
export function splitItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    current += ch;
  }
  return [...items, current].map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * `NAME:SCHEDULE`, split at the first colon (a schedule has none), e.g. `sweep:rate(15 minutes)` or
 * `nightly-export:cron(0 3 * * ? *)`; the schedule is checked by the spec's own parser.
 */
export function parseFunction(text: string): FunctionAnswer {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text.trim() : text.slice(0, colon).trim();
  const schedule = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(name) || schedule === '') {
    throw new UserError(`function ${JSON.stringify(text)}: expected NAME:SCHEDULE such as sweep:rate(15 minutes) or nightly-export:cron(0 3 * * ? *)`);
  }
  const parsed = parseSchedule(schedule);
  if ('problem' in parsed) throw new UserError(`function ${name}: schedule ${JSON.stringify(schedule)}: ${parsed.problem}`);
  return { name, schedule };
}

export function parseTimeZone(text: string): string {
  if (!isTimeZone(text.trim())) throw new UserError(`time zone ${JSON.stringify(text)}: expected an IANA time zone name such as UTC, Europe/London or America/New_York`);
  return text.trim();
}

export function parseBudget(text: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new UserError(`budget ${JSON.stringify(text)}: expected a monthly amount in USD such as 6000`);
  return value;
}

export function parseEmail(text: string): string {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.trim())) throw new UserError(`${JSON.stringify(text)} is not an e-mail address`);
  return text.trim();
}

export function parseName(text: string): string {
  if (!/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/.test(text.trim())) throw new UserError(`project name ${JSON.stringify(text)}: expected 2-32 lower-case letters, digits or hyphens, starting with a letter`);
  return text.trim();
}

export function parseDomain(text: string): string {
  const domain = text.trim().toLowerCase().replace(/\.$/, '');
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) throw new UserError(`domain ${JSON.stringify(text)}: expected a domain name such as example.com`);
  return domain;
}

export function parseHostedZone(text: string): string {
  if (!/^Z[A-Z0-9]{1,32}$/.test(text.trim())) throw new UserError(`hosted zone ${JSON.stringify(text)}: expected a Route 53 hosted zone id such as Z0123456789ABC`);
  return text.trim();
}
