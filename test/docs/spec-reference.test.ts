import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { specReferenceMarkdown, typeOf } from '../../src/docs/spec-reference';
import { havenJsonSchema } from '../../src/spec/schema';
import { TIER_DEFAULTS } from '../../src/spec/tiers';
import { REPO } from '../helpers';

describe('spec reference (docs/spec.md)', () => {
  const markdown = specReferenceMarkdown();

  it('is committed up to date in docs/spec.md (regenerate with npm run schema:write)', () => {
    expect(fs.readFileSync(path.join(REPO, 'docs', 'spec.md'), 'utf8')).toBe(markdown);
  });

  it('has a section for every top-level key of the schema and a row for nested fields, with defaults and descriptions', () => {
    const schema = havenJsonSchema() as { properties: Record<string, unknown> };
    for (const key of Object.keys(schema.properties)) expect(markdown, key).toContain(`\n## ${key}\n`);
    expect(markdown).toMatch(/\| `databases\.<name>\.engine` \| one of `postgres`, `aurora-postgresql`, `aurora-postgresql-serverless` \| {2}\| `"postgres"` \|/);
    expect(markdown).toMatch(/\| `project\.name` \| string matching `[^`]+` \| yes \| {2}\| Short project name/);
    expect(markdown).toContain('| `services.<name>.public.paths` |');
    expect(markdown).toContain('| `budget.monthlyUsd` | number |');
    expect(markdown).toContain('| `environments.<name>.tier` | one of `development`, `staging`, `production` | yes |');
  });

  it('states the per-tier defaults from the tier table', () => {
    expect(markdown).toContain(`| \`dbInstanceClass\` | databases.<name>.instanceClass | ${TIER_DEFAULTS.development.dbInstanceClass} | ${TIER_DEFAULTS.staging.dbInstanceClass} | ${TIER_DEFAULTS.production.dbInstanceClass} |`);
    expect(markdown).toContain(`audit ${TIER_DEFAULTS.production.logRetentionDays.audit}`);
  });

  it('reads types as a person would, and keeps table cells intact', () => {
    expect(typeOf({ type: 'integer', minimum: 1, maximum: 6 })).toBe('integer 1–6');
    expect(typeOf({ type: 'array', items: { type: 'string', format: 'email' } })).toBe('list of string (email)');
    expect(typeOf({ anyOf: [{ type: 'boolean' }, { type: 'object', properties: {} }] })).toBe('boolean or object');
    expect(typeOf({ type: 'object', additionalProperties: { type: 'string' } })).toBe('map of name → string');
    // A regex alternation must not split a Markdown table row.
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| `'))) {
      expect(line.split(/(?<!\\)\|/).length, line).toBeGreaterThanOrEqual(5);
    }
  });
});
