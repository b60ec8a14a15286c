/**
 * Traceability tables (examples/<name>.md) tie each statement of a seed document to the spec field that expresses
 * it and to the synthesized resource property that carries it. Evidence cells use a small, checkable syntax:
 *
 *   `staging: AWS::RDS::DBInstance DBInstanceClass=db.t4g.medium`
 *   `production@us-east-1: AWS::S3::Bucket ReplicationConfiguration`          (property present)
 *   `*: AWS::KMS::Key EnableKeyRotation=true; AWS::EC2::FlowLog TrafficType=ALL`  (several, any environment)
 *   `staging: AWS::EC2::NatGateway count=2`                                   (resource count in the stack(s))
 *   `staging: AWS::RDS::DBInstance MultiAZ=false; production: AWS::RDS::DBInstance MultiAZ=true`  (scope switch)
 *   `*: AWS::CloudWatch::Alarm AlarmName=x-rdsCpu & Threshold=80`              (both on the same resource)
 *
 * A row whose evidence is `—` states why it lies outside infrastructure.
 */
import { AWS_FACTS_START } from '../docs/aws-facts';

export interface Evidence {
  /** Environment name, or `*` for any. */
  readonly environment: string;
  /** Region restriction, when given as `env@region`. */
  readonly region?: string;
  readonly resourceType: string;
  /** Dotted property path under Properties (or `count`). */
  readonly property?: string;
  /** Expected value as written (compared as text, JSON-decoded when possible). */
  readonly expected?: string;
  /** Further conditions the same resource must meet (`Prop=a & Other=b`). */
  readonly and?: readonly Condition[];
}

export interface Condition {
  readonly property: string;
  readonly expected?: string;
}

export interface TraceRow {
  readonly line: number;
  readonly statement: string;
  readonly specField: string;
  readonly evidence: readonly Evidence[];
  /** Why the statement is outside infrastructure (evidence `—`). */
  readonly outside?: string;
}

export interface StackTemplate {
  readonly environment: string;
  readonly region: string;
  readonly template: { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
}

const CELL = /^`([^`]+)`$/;
/** `env[@region]: rest` at the start of a part; `AWS::` never matches (a colon follows the word directly). */
const SCOPE = /^([\w*-]+(?:@[\w-]+)?):\s+(.*)$/;

export function parseEvidence(cell: string): Evidence[] {
  const text = cell.trim();
  const m = CELL.exec(text);
  if (!m) throw new Error(`evidence must be a code span like \`staging: AWS::S3::Bucket VersioningConfiguration.Status=Enabled\`, got ${text}`);
  const [firstScope, rest] = splitOnce(m[1], ':', true);
  let [environment, region] = firstScope.trim().split('@');
  // `\;` keeps a semicolon inside a value (security group descriptions use them).
  return rest.split(/(?<!\\);/).map((raw) => {
    let part = raw.trim().replace(/\\;/g, ';');
    // A later part may switch scope (`staging: A; production@us-east-1: B`): statements that span environments or
    // the primary and DR regions stay on one row.
    const scoped = SCOPE.exec(part);
    if (scoped) {
      [environment, region] = scoped[1].split('@');
      part = scoped[2].trim();
    }
    const [resourceType, assertion] = splitOnce(part, ' ', false);
    if (!/^AWS::\w+::\w+$|^Custom::[\w-]+$/.test(resourceType)) throw new Error(`unknown resource type ${resourceType} in ${text}`);
    if (!assertion) return { environment, region, resourceType };
    const [first, ...rest] = assertion.split(' & ').map((c): Condition => {
      const [property, expected] = splitOnce(c.trim(), '=', false);
      return { property, expected: expected === '' ? undefined : expected };
    });
    return rest.length > 0 ? { environment, region, resourceType, ...first, and: rest } : { environment, region, resourceType, ...first };
  });
}

function splitOnce(text: string, sep: string, required: boolean): [string, string] {
  const i = text.indexOf(sep);
  if (i < 0) {
    if (required) throw new Error(`expected "${sep}" in ${text}`);
    return [text, ''];
  }
  return [text.slice(0, i), text.slice(i + 1)];
}

/**
 * Reads the rows of the Markdown tables with the columns Statement | Spec | Evidence; the generated AWS-facts section
 * (src/docs/aws-facts.ts), which has columns of its own, is not part of them.
 */
export function parseTraceTable(markdown: string): TraceRow[] {
  const rows: TraceRow[] = [];
  const facts = markdown.indexOf(AWS_FACTS_START);
  const lines = (facts < 0 ? markdown : markdown.slice(0, facts)).split('\n');
  lines.forEach((line, index) => {
    if (!line.startsWith('|') || /^\|\s*-/.test(line) || /^\|\s*Statement\s*\|/i.test(line)) return;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim().replace(/\\\|/g, '|'));
    if (cells.length < 3) return;
    const [statement, specField, evidenceCell, reason] = cells;
    if (evidenceCell === '—' || evidenceCell === '-') {
      rows.push({ line: index + 1, statement, specField, evidence: [], outside: reason ?? '' });
    } else {
      rows.push({ line: index + 1, statement, specField, evidence: parseEvidence(evidenceCell) });
    }
  });
  return rows;
}

/**
 * Every value at a dotted path. Arrays fan out (any rule, tag or statement may carry the value), and keys that
 * themselves contain dots (`rds.force_ssl`) are matched greedily.
 */
function valuesAt(node: unknown, parts: readonly string[]): unknown[] {
  if (parts.length === 0) return [node];
  if (Array.isArray(node)) {
    if (/^\d+$/.test(parts[0])) return valuesAt(node[Number(parts[0])], parts.slice(1));
    return node.flatMap((item) => valuesAt(item, parts));
  }
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  for (let take = parts.length; take >= 1; take--) {
    const key = parts.slice(0, take).join('.');
    if (key in record) return valuesAt(record[key], parts.slice(take));
  }
  return [];
}

function matches(actual: unknown, expected: string): boolean {
  if (Array.isArray(actual)) return actual.some((a) => matches(a, expected)) || JSON.stringify(actual) === expected;
  if (actual !== null && typeof actual === 'object') return JSON.stringify(actual) === expected;
  return String(actual) === expected;
}

function holds(properties: unknown, c: Condition): boolean {
  return valuesAt(properties, c.property.split('.')).some((v) => v !== undefined && (c.expected === undefined || matches(v, c.expected)));
}

function describe(c: Condition): string {
  return `${c.property}${c.expected !== undefined ? `=${c.expected}` : ''}`;
}

/** Evidence that no synthesized stack carries; empty when the table holds. */
export function missingEvidence(rows: readonly TraceRow[], stacks: readonly StackTemplate[]): string[] {
  const missing: string[] = [];
  for (const row of rows) {
    for (const ev of row.evidence) {
      const scope = stacks.filter((s) => (ev.environment === '*' || s.environment === ev.environment) && (!ev.region || s.region === ev.region));
      const resources = scope.flatMap((s) => Object.values(s.template.Resources ?? {}).filter((r) => r.Type === ev.resourceType));
      let ok: boolean;
      if (ev.property === 'count') ok = String(resources.length) === ev.expected;
      else if (!ev.property) ok = resources.length > 0;
      else {
        const conditions: Condition[] = [{ property: ev.property, expected: ev.expected }, ...(ev.and ?? [])];
        ok = resources.some((r) => conditions.every((c) => holds(r.Properties, c)));
      }
      if (!ok) missing.push(`line ${row.line} "${row.statement}": ${ev.environment}${ev.region ? `@${ev.region}` : ''}: ${ev.resourceType}${ev.property ? ` ${describe({ property: ev.property, expected: ev.expected })}` : ''}${(ev.and ?? []).map((c) => ` & ${describe(c)}`).join('')}`);
    }
  }
  return missing;
}
