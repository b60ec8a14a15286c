import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isSeq, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { formatDiffReport, type DiffReport } from '../../src/diff';
import { copyExample, editSpec, editedExample, tmpDir } from './edit';

async function haven(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

/** A git repository holding one committed example, under a sub-directory like a real project. */
function repoWith(example: string): { root: string; spec: string } {
  const root = tmpDir('haven-diff-git-');
  fs.mkdirSync(path.join(root, 'infra'));
  const spec = copyExample(example, path.join(root, 'infra'), 'haven.yaml');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'platform');
  return { root, spec };
}

/** The sequence item of an acknowledgement whose rule list names `rule` in `environment`. */
function dropAcknowledgement(doc: Document, rule: string, environment: string): void {
  const list = doc.getIn(['compliance', 'acknowledge']);
  if (!isSeq(list)) throw new Error('no acknowledge list');
  const index = list.items.findIndex((item) => isMap(item) && JSON.stringify(item.toJSON()).includes(rule) && item.get('environment') === environment);
  if (index < 0) throw new Error(`no acknowledgement of ${rule}`);
  list.items.splice(index, 1);
}

describe('haven diff on real edits of the examples', () => {
  it('git:REF — resizing the database class is an in-place change with an RDS cost delta (exit 0)', async () => {
    const { root, spec } = repoWith('berthcare');
    editSpec(spec, (doc) => doc.setIn(['databases', 'postgres', 'instanceClass'], 'db.t4g.large'));
    const out = path.join(root, 'diff.json');
    const r = await haven('diff', 'git:HEAD', spec, '--env', 'staging', '--no-nag', '--format', 'json', '--out', out);
    expect(r.err).not.toContain('error');
    expect(r.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as DiffReport;
    expect(report).toMatchObject({ schemaVersion: 1, base: 'git:HEAD:infra/haven.yaml', new: spec, exitCode: 0, blocking: [] });
    expect(report.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [staging, ...others] = report.environments;
    expect(others).toEqual([]);
    expect(staging.name).toBe('staging');
    const db = staging.resources.filter((x) => x.type === 'AWS::RDS::DBInstance');
    expect(db).toHaveLength(1);
    expect(db[0]).toMatchObject({ resource: 'databases.postgres', change: 'modify', dataLoss: false });
    expect(db[0].properties).toContainEqual({ name: 'DBInstanceClass', before: 'db.t4g.medium', after: 'db.t4g.large', replacement: 'none' });
    // The connections alarm follows the larger instance's max_connections; the dashboard annotates it.
    const alarm = staging.resources.find((x) => x.type === 'AWS::CloudWatch::Alarm')!;
    expect(alarm.properties).toContainEqual({ name: 'Threshold', before: 324, after: 648, replacement: 'none' });
    expect(staging.resources.map((x) => [x.type, x.change])).toEqual([['AWS::RDS::DBInstance', 'modify'], ['AWS::CloudWatch::Dashboard', 'modify'], ['AWS::CloudWatch::Alarm', 'modify']]);
    expect(staging.resources.some((x) => x.dataLoss)).toBe(false);
    // Only the RDS category moves, up, and it is the whole environment's change.
    expect(staging.cost.categories.map((c) => c.category)).toEqual(['RDS']);
    const rds = staging.cost.categories[0];
    expect(rds.delta).toBeGreaterThan(50);
    expect(staging.cost.delta).toBeCloseTo(rds.delta, 2);
    expect(staging.cost.after).toBeCloseTo(staging.cost.before + rds.delta, 2);
    expect(staging.dr.changed).toBe(false);

    const md = formatDiffReport(report, 'markdown');
    expect(md.split('\n')[0]).toMatch(/^✅ \*\*Haven diff — berthcare\*\*: 0 to add, 3 to modify, 0 to replace, 0 to remove · cost \+\$[\d,.]+\/month$/);
    expect(md).toMatch(/<details>\n<summary><b>staging<\/b> — resources: 0 added, 3 modified/);
    expect(md).toContain('`DBInstanceClass: db.t4g.medium → db.t4g.large`');
  });

  it('naming a bucket replaces it (create-only BucketName): flagged as data loss, exit 1', async () => {
    const dir = tmpDir();
    const base = copyExample('berthcare', dir, 'base.yaml');
    const next = editedExample('berthcare', dir, 'new.yaml', (doc) => doc.setIn(['buckets', 'photos', 'name'], 'berthcare-visit-photos'));
    const r = await haven('diff', base, next, '--env', 'staging', '--no-nag');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/REPLACE\s+buckets\.photos \(\w+\) AWS::S3::Bucket \[ca-central-1\] — DATA LOSS: new bucket starts empty; old one retained/);
    expect(r.out).toContain('BucketName: berthcare-photos-staging → berthcare-visit-photos [replaces]');
    // The bucket policy follows its bucket (BucketPolicy.Bucket is create-only) but holds no data.
    expect(r.out).toMatch(/REPLACE\s+BucketphotosBucketPolicy\w+ AWS::S3::BucketPolicy \[ca-central-1\]\n/);
    expect(r.out).toMatch(/FAIL \(exit 1\):\n {2}- staging: buckets\.photos \(bucket, AWS::S3::Bucket\) is replaced — the new one starts empty \(BucketName cannot change in place\)/);
  });

  it('an engine major version upgrade is in place (EngineVersion is mutable in CloudFormation); the new parameter group makes it a review item, exit 0', async () => {
    const dir = tmpDir();
    const base = copyExample('berthcare', dir, 'base.yaml');
    const next = editedExample('berthcare', dir, 'new.yaml', (doc) => doc.setIn(['databases', 'postgres', 'version'], '16'));
    const r = await haven('diff', base, next, '--env', 'staging', '--no-nag', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as DiffReport;
    const [staging] = report.environments;
    const group = staging.resources.find((x) => x.type === 'AWS::RDS::DBParameterGroup')!;
    expect(group).toMatchObject({ change: 'replace', dataLoss: false });
    expect(group.properties).toContainEqual({ name: 'Family', before: 'postgres15', after: 'postgres16', replacement: 'always' });
    const db = staging.resources.find((x) => x.type === 'AWS::RDS::DBInstance')!;
    expect(db).toMatchObject({ resource: 'databases.postgres', change: 'modify', replacement: 'conditional', dataLoss: false });
    expect(db.properties).toContainEqual({ name: 'EngineVersion', before: '15', after: '16', replacement: 'none' });
    expect(report.warnings).toEqual([expect.stringMatching(/^staging: databases\.postgres \(database\) may be replaced — conditional update behaviour of DBParameterGroupName/)]);
  });

  it('removing an acknowledgement brings the finding back: compliance delta, exit 1', async () => {
    const dir = tmpDir();
    const base = copyExample('capitol-eye-care', dir, 'base.yaml');
    const next = editedExample('capitol-eye-care', dir, 'new.yaml', (doc) => dropAcknowledgement(doc, 'HIPAA.Security-RDSMultiAZSupport', 'development'));
    expect(fs.readFileSync(next, 'utf8')).toContain('# RDS automated backups: 35 days'); // comments survive the edit
    const r = await haven('diff', base, next, '--env', 'development', '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as DiffReport;
    const [dev] = report.environments;
    expect(dev.resources).toEqual([]);
    expect(dev.cost.delta).toBe(0);
    const lost = dev.compliance.findings.filter((f) => f.transition === 'acknowledgement-lost');
    expect(lost.map((f) => [f.ruleId, f.resource, f.severity, f.after])).toEqual([['HIPAA.Security-RDSMultiAZSupport', 'databases.main', 'error', 'fail']]);
    expect(dev.compliance.introducedErrors).toBe(1);
    expect(dev.compliance.errorsAfter).toBe(dev.compliance.errorsBefore + 1);
    expect(dev.compliance.controls.some((c) => c.framework === 'hipaa' && c.after === 'not_met')).toBe(true);
    expect(report.blocking).toEqual(['development: 1 new unacknowledged error finding(s)']);
  });

  it('dropping the DR region removes the DR-region stacks and loses RPO/RTO', async () => {
    const dir = tmpDir();
    // BASE: capitol-eye-care development with a DR region; NEW: the example as it is.
    const base = editedExample('capitol-eye-care', dir, 'base.yaml', (doc) => {
      doc.setIn(['environments', 'development', 'regions'], doc.createNode({ dr: 'us-west-2' }));
      doc.setIn(['environments', 'development', 'network'], doc.createNode({ drCidr: '10.1.0.0/16' }));
    });
    const next = copyExample('capitol-eye-care', dir, 'new.yaml');
    const r = await haven('diff', base, next, '--env', 'development', '--no-nag', '--format', 'json');
    const report = JSON.parse(r.out) as DiffReport;
    const [dev] = report.environments;
    expect(dev.dr).toMatchObject({ changed: true, worse: true, before: { strategy: 'backup-restore', drRegion: 'us-west-2' }, after: { strategy: 'none', rpoMinutes: null, rtoMinutes: null } });
    expect(dev.dr.before!.rpoMinutes).toBeGreaterThan(0);
    const west = dev.resources.filter((x) => x.region === 'us-west-2');
    expect(west.length).toBeGreaterThan(0);
    expect(west.every((x) => x.change === 'remove')).toBe(true);
    expect(west.some((x) => x.type === 'AWS::Backup::BackupVault')).toBe(true);
    expect(dev.cost.regions.find((x) => x.region === 'us-west-2')).toMatchObject({ after: 0 });
    expect(dev.cost.delta).toBeLessThan(0);
    // The development tier keeps no Retain policy: the DR vault and its recovery points go with the region.
    expect(west.find((x) => x.type === 'AWS::Backup::BackupVault')).toMatchObject({ change: 'remove', dataKind: 'backup vault', dataLoss: true, oldResource: 'deleted' });
    expect(r.code).toBe(1);
    expect(report.blocking).toContainEqual(expect.stringMatching(/^development: (Backup)?DrVault\w+ \(backup vault, AWS::Backup::BackupVault\) is deleted with its data/));
    expect(formatDiffReport(report, 'markdown')).toMatch(/<summary><b>development<\/b> — recovery: RPO [^→]+ \(backup-restore, us-west-2\) → no DR region \(worse\)<\/summary>/);
  });
});

describe('haven diff: bad input is exit 2 and writes nothing', () => {
  const spec = path.join(__dirname, '..', '..', 'examples', 'berthcare.yaml');

  it('git:REF outside a git repository', async () => {
    const dir = tmpDir();
    const file = copyExample('berthcare', dir);
    const r = await haven('diff', 'git:main', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/haven: git:main: .* is not inside a git repository/);
  });

  it('an unknown git ref, and a path the revision does not have', async () => {
    const { root, spec: file } = repoWith('berthcare');
    const unknown = await haven('diff', 'git:no-such-branch', file);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('haven: git:no-such-branch: unknown revision');
    const added = path.join(root, 'infra', 'other.yaml');
    fs.copyFileSync(file, added);
    const missing = await haven('diff', 'git:main', added);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('haven: git:main: infra/other.yaml does not exist at main');
  });

  it('an invalid spec on either side, an unknown environment, a missing file, two git sides', async () => {
    const dir = tmpDir();
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, fs.readFileSync(spec, 'utf8').replace('cidr: 10.0.0.0/16', 'cidr: 10.0.0.0/33'));
    const out = path.join(dir, 'diff.md');
    const invalid = await haven('diff', spec, broken, '--out', out);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/broken\.yaml:\d+:\d+ network\.cidr/);
    expect(fs.existsSync(out)).toBe(false);
    const env = await haven('diff', spec, spec, '--env', 'qa');
    expect([env.code, env.err]).toEqual([2, 'haven: unknown environment qa; the specs define staging, production']);
    expect((await haven('diff', path.join(dir, 'nope.yaml'), spec)).code).toBe(2);
    expect((await haven('diff', 'git:main', 'git:HEAD')).err).toContain('at most one side may be git:REF');
    expect((await haven('diff', spec, spec, '--format', 'html')).code).toBe(2);
  });
});
