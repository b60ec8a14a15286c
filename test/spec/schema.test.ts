import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { havenJsonSchema } from '../../src/spec/schema';
import { REPO } from '../helpers';

describe('JSON Schema', () => {
  const schema = havenJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };

  it('is generated from the zod source with every top-level section and strict objects', () => {
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['project', 'compliance', 'regions', 'network', 'databases', 'caches', 'buckets', 'environments']));
    expect(schema.required).toEqual(expect.arrayContaining(['project', 'compliance', 'regions', 'network', 'environments']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('is committed up to date in schema/haven.schema.json (editors read that file)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(REPO, 'schema', 'haven.schema.json'), 'utf8'));
    expect(committed).toEqual(havenJsonSchema());
  });

  it('is referenced by every example for editor autocompletion', () => {
    for (const file of fs.readdirSync(path.join(REPO, 'examples')).filter((f) => f.endsWith('.yaml'))) {
      const first = fs.readFileSync(path.join(REPO, 'examples', file), 'utf8').split('\n')[0];
      expect(first, file).toBe('# yaml-language-server: $schema=../schema/haven.schema.json');
    }
  });
});
