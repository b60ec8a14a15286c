import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { SpecError, type SpecIssue } from '../../../src/spec/errors';
import { parseSpec } from '../../../src/spec/loader';
import { EXAMPLES } from '../../helpers';

const text = (name: string) => fs.readFileSync(path.join(EXAMPLES, `${name}.yaml`), 'utf8');
const lineOf = (t: string, needle: string) => t.split('\n').findIndex((l) => l.includes(needle)) + 1;

function issues(t: string, date: string): SpecIssue[] {
  try {
    parseSpec(t, 'spec.yaml', { date, specDirectory: EXAMPLES });
    return [];
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
}

describe('dated support: judged against the date given, located at the field', () => {
  it('Lambda runtimes: TechCorp is valid while its runtimes are supported, and names each deprecated one after', () => {
    const techcorp = text('techcorp');
    expect(issues(techcorp, '2027-04-30')).toEqual([]);
    const after = issues(techcorp, '2027-07-01');
    // nodejs22.x (functions.defaults, taken by the generated series) and python3.11 (each ML definition).
    expect(after.find((i) => i.path === 'functions.defaults.runtime')).toMatchObject({ line: lineOf(techcorp, 'runtime: nodejs22.x'), message: expect.stringMatching(/nodejs22\.x was deprecated on 2027-04-30 \(checked on 2027-07-01\)/) });
    expect(after.find((i) => i.path === 'functions.definitions.ml-score.runtime')).toMatchObject({ line: lineOf(techcorp, 'ml-score:'), message: expect.stringMatching(/python3\.11 was deprecated on 2027-06-30/) });
  });

  it('EKS: a cluster without a version gets the release default, which is valid until its standard support ends', () => {
    const estate = text('estate-kit');
    expect(issues(estate, '2027-03-27')).toEqual([]);
    const after = issues(estate, '2027-03-28').filter((i) => i.path.startsWith('clusters'));
    // No version key to point at: the cluster's own entry (its first line) is named.
    expect(after).toEqual([expect.objectContaining({ path: 'clusters.main.version', line: lineOf(estate, 'clusters:') + 4, message: expect.stringMatching(/EKS version 1\.35 reached end of standard support on 2027-03-27.*Haven's default version, so set clusters\.main\.version/) })]);
  });

  it('EKS: a version the spec names is checked against the date too', () => {
    const estate = text('estate-kit').replace('clusters:\n  main:\n', 'clusters:\n  main:\n    version: "1.34"\n');
    expect(issues(estate, '2026-12-02')).toEqual([]);
    expect(issues(estate, '2026-12-03')).toEqual([expect.objectContaining({ path: 'clusters.main.version', message: expect.stringMatching(/1\.34 reached end of standard support on 2026-12-02/) })]);
  });
});
