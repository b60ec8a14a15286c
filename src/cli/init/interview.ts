import { TIER_DEFAULTS } from '../../spec/tiers';
import { FRAMEWORKS } from '../../spec/sections/compliance';
import { DR_STRATEGIES } from '../../spec/sections/dr';
import { UserError } from '../errors';
import {
  DATA_CLASSES, INIT_DATABASES, parseBucket, parseBudget, parseDatabase, parseDomain, parseEmail, parseEnvironments, parseFrameworks, parseFunction,
  parseHostedZone, parseName, parseRegion, parseService, parseStrategy, parseTimeZone, splitItems, type InitAnswers,
} from './answers';
import type { Prompter } from './prompt';
import { crossBorder, primaryChoices, proposeDr, wantsDr } from './residency';

type Draft = { -readonly [K in keyof InitAnswers]?: InitAnswers[K] };

/** One question: asked when its answer is still open and it applies; the flag that answers it without a terminal. */
interface Step {
  readonly key: keyof InitAnswers;
  readonly flag: string;
  readonly question: string | ((d: Draft) => string);
  readonly applies?: (d: Draft) => boolean;
  /** The default shown in brackets and taken by --yes; none means the answer is required. */
  readonly fallback?: (d: Draft) => string | undefined;
  /** Parses a typed answer into the draft; throws UserError (the question is asked again, or exit 2). */
  readonly parse: (text: string, d: Draft) => void;
  /** Guidance printed before the question. */
  readonly guide?: (d: Draft) => string | undefined;
}

const NONE = 'none';
const isNone = (text: string) => text.trim().toLowerCase() === NONE || text.trim() === '';
// Commas inside parentheses belong to the item (a cron list such as MON,FRI).
const many = <T>(text: string, parse: (item: string) => T): T[] => (isNone(text) ? [] : splitItems(text).map((s) => parse(s)));

const STEPS: readonly Step[] = [
  { key: 'name', flag: '--name', question: 'Project name (lower-case; prefixes every stack and resource)', parse: (t, d) => { d.name = parseName(t); } },
  { key: 'owner', flag: '--owner', question: 'Owner e-mail (tagged as Owner; alarms and budget alerts go here)', parse: (t, d) => { d.owner = parseEmail(t); } },
  {
    key: 'frameworks', flag: '--frameworks', question: `Compliance frameworks, comma-separated (${FRAMEWORKS.join(', ')})`,
    fallback: () => 'hipaa', parse: (t, d) => { d.frameworks = parseFrameworks(t); },
  },
  {
    key: 'primary', flag: '--primary', question: 'Primary region',
    guide: (d) => `Regions for ${d.frameworks!.join(', ')}, the jurisdiction's own first: ${primaryChoices(d.frameworks!).slice(0, 6).join(', ')}, …`,
    fallback: (d) => primaryChoices(d.frameworks!)[0], parse: (t, d) => { d.primary = parseRegion(t); },
  },
  {
    key: 'dr', flag: '--dr', question: `Disaster-recovery region, or ${NONE}`,
    guide: (d) => {
      const proposal = proposeDr(d.primary!);
      return proposal ? `Proposed in the same jurisdiction as ${d.primary}: ${proposal}${wantsDr(d.frameworks!) ? ' (HIPAA and PCI rule packs want data buckets replicated)' : ''}` : undefined;
    },
    fallback: (d) => proposeDr(d.primary!) ?? NONE,
    parse: (t, d) => {
      if (isNone(t)) return void (d.dr = undefined);
      const dr = parseRegion(t);
      if (dr === d.primary) throw new UserError(`the DR region must differ from the primary region (${d.primary})`);
      const border = crossBorder(d.frameworks!, d.primary!, dr);
      if (border && !border.acknowledge) throw new UserError(`${border.why}; choose ${proposeDr(d.primary!) ?? 'an EU region'} or ${NONE}`);
      d.dr = dr;
    },
  },
  {
    key: 'strategy', flag: '--strategy', question: `DR strategy (${DR_STRATEGIES.filter((s) => s !== 'none').join(', ')})`,
    applies: (d) => d.dr !== undefined, fallback: () => 'backup-restore', parse: (t, d) => { d.strategy = parseStrategy(t); },
  },
  {
    key: 'crossBorderReason', flag: '--cross-border-reason',
    question: 'Reason DR copies may leave the jurisdiction (at least 20 characters; written to dr.crossBorder, reviewed in a year)',
    applies: (d) => d.dr !== undefined && crossBorder(d.frameworks!, d.primary!, d.dr)?.acknowledge === true,
    guide: (d) => crossBorder(d.frameworks!, d.primary!, d.dr!)?.why,
    parse: (t, d) => {
      if (t.trim().length < 20) throw new UserError('the cross-border reason needs at least 20 characters (the validator requires a reviewed reason)');
      d.crossBorderReason = t.trim();
    },
  },
  {
    key: 'environments', flag: '--environments', question: 'Environments, comma-separated (prod… is production, stag… staging, others development; or name:tier)',
    fallback: () => 'staging,production', parse: (t, d) => { d.environments = parseEnvironments(t); },
  },
  { key: 'database', flag: '--database', question: `Database (${INIT_DATABASES.join(', ')})`, fallback: () => 'postgres', parse: (t, d) => { d.database = parseDatabase(t); } },
  {
    key: 'databaseClass', flag: '--database-class',
    question: `Database instance class, or Enter for the tier default (${TIER_DEFAULTS.staging.dbInstanceClass} in staging, ${TIER_DEFAULTS.production.dbInstanceClass} in production)`,
    applies: (d) => d.database !== 'none', fallback: () => '',
    parse: (t, d) => {
      if (t.trim() === '') return void (d.databaseClass = undefined);
      if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(t.trim())) throw new UserError(`database class ${JSON.stringify(t)}: expected an RDS instance class such as db.r6g.large`);
      d.databaseClass = t.trim();
    },
  },
  {
    key: 'cache', flag: '--cache', question: 'Redis cache (yes/no)', fallback: () => 'no',
    parse: (t, d) => {
      const v = t.trim().toLowerCase();
      if (!['yes', 'y', 'no', 'n', 'true', 'false'].includes(v)) throw new UserError(`cache ${JSON.stringify(t)}: answer yes or no`);
      d.cache = ['yes', 'y', 'true'].includes(v);
    },
  },
  {
    key: 'buckets', flag: '--bucket', question: `Buckets as NAME:CLASS, comma-separated (classes ${DATA_CLASSES.join(', ')}), or ${NONE}`,
    fallback: (d) => `documents:${d.frameworks!.includes('hipaa') ? 'phi' : 'pii'}`, parse: (t, d) => { d.buckets = many(t, parseBucket); },
  },
  { key: 'domain', flag: '--domain', question: `Domain the platform serves under (Route 53 hosted zone), or ${NONE}`, fallback: () => NONE, parse: (t, d) => { d.domain = isNone(t) ? undefined : parseDomain(t); } },
  { key: 'hostedZoneId', flag: '--hosted-zone', question: (d) => `Route 53 hosted zone id of ${d.domain}`, applies: (d) => d.domain !== undefined, parse: (t, d) => { d.hostedZoneId = parseHostedZone(t); } },
  {
    key: 'services', flag: '--service', question: `Services as NAME:CPU:MEMORY:public|internal, comma-separated, or ${NONE}`,
    fallback: (d) => `api:512:1024:${d.domain ? 'public' : 'internal'}`,
    parse: (t, d) => {
      const services = many(t, parseService);
      const open = services.find((s) => s.public);
      if (open && !d.domain) throw new UserError(`service ${open.name} is public: the load balancer serves HTTPS only, so it needs a domain (--domain, --hosted-zone); or make it internal`);
      d.services = services;
    },
  },
  {
    key: 'functions', flag: '--function',
    question: `Scheduled functions as NAME:SCHEDULE, comma-separated (e.g. sweep:rate(15 minutes), nightly-export:cron(0 3 * * ? *)), or ${NONE}`,
    fallback: () => NONE,
    parse: (t, d) => {
      const functions = many(t, parseFunction);
      const twice = functions.find((f, i) => functions.findIndex((g) => g.name === f.name) !== i);
      if (twice) throw new UserError(`function ${twice.name} is named twice`);
      d.functions = functions;
    },
  },
  {
    key: 'timeZone', flag: '--time-zone', question: 'Time zone the schedules are read in (IANA name such as Europe/London)',
    applies: (d) => (d.functions?.length ?? 0) > 0, fallback: () => 'UTC', parse: (t, d) => { d.timeZone = parseTimeZone(t); },
  },
  { key: 'budget', flag: '--budget', question: `Monthly budget per environment in USD, or ${NONE}`, fallback: () => NONE, parse: (t, d) => { d.budget = isNone(t) ? undefined : parseBudget(t); } },
];

/** Flag values as commander gives them: strings, and lists for the repeatable --bucket, --service and --function. */
export type InitFlags = Partial<Record<string, string | string[] | boolean>>;

/** Commander's attribute for a flag: --hosted-zone is hostedZone. */
function optionName(flag: string): string {
  return flag.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function flagText(value: string | string[] | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
}

/**
 * Collects the answers: each flag given is parsed (a bad one is exit 2), then each open question is asked through
 * `prompter`, or without one (`--yes`, no terminal) takes its default; a required answer without a default is exit 2
 * naming its flag. Questions follow each other's answers: the DR region is proposed from the primary, and so on.
 */
export async function collectAnswers(flags: InitFlags, prompter?: Prompter): Promise<InitAnswers> {
  const draft: Draft = { strategy: 'none' };
  for (const step of STEPS) {
    if (step.applies && !step.applies(draft)) continue;
    const given = flagText(flags[optionName(step.flag)]);
    if (given !== undefined) {
      step.parse(given, draft);
      continue;
    }
    const fallback = step.fallback?.(draft);
    if (!prompter) {
      if (fallback === undefined) throw new UserError(`${step.flag} is required without a terminal (${typeof step.question === 'string' ? step.question : step.question(draft)})`);
      step.parse(fallback, draft);
      continue;
    }
    await ask(step, draft, prompter, fallback);
  }
  if (flags.strategy !== undefined && draft.dr === undefined) throw new UserError('--strategy needs a DR region (--dr)');
  if (flags.timeZone !== undefined && draft.timeZone === undefined) throw new UserError('--time-zone needs a scheduled function (--function)');
  return draft as InitAnswers;
}

async function ask(step: Step, draft: Draft, prompter: Prompter, fallback: string | undefined): Promise<void> {
  const guide = step.guide?.(draft);
  if (guide) prompter.say(guide);
  const question = typeof step.question === 'string' ? step.question : step.question(draft);
  for (;;) {
    const text = await prompter.ask(question, fallback === '' ? undefined : fallback);
    try {
      step.parse(text === '' && fallback !== undefined ? fallback : text, draft);
      return;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      prompter.say(`  ${error.message}`);
    }
  }
}
