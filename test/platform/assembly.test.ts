import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StackSelectionStrategy, Toolkit } from '@aws-cdk/toolkit-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeTo } from '../../src/cli/synthesize';
import { HavenIoHost } from '../../src/ops/deploy';
import { AVAILABILITY_ZONES, knownZoneNames } from '../../src/platform/availability-zones';
import { loadSpec, type LoadedSpec } from '../../src/spec/loader';

const EXAMPLES = fs.readdirSync(path.join(__dirname, '../../examples')).filter((f) => f.endsWith('.yaml')).sort();

interface Built {
  readonly loaded: LoadedSpec;
  readonly dir: string;
}
const built = new Map<string, Built>();

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };
interface ManifestArtifact { type: string; environment?: string; properties?: { templateFile?: string } }
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** Every template of a stack artifact, nested stacks included (through their asset path metadata). */
function templatesOf(dir: string, templateFile: string): Template[] {
  const t = readJson<Template>(path.join(dir, templateFile));
  const nested = Object.values(t.Resources ?? {})
    .filter((r) => r.Type === 'AWS::CloudFormation::Stack' && typeof r.Metadata?.['aws:asset:path'] === 'string')
    .flatMap((r) => templatesOf(dir, r.Metadata!['aws:asset:path'] as string));
  return [t, ...nested];
}

function stackArtifacts(dir: string): { id: string; region: string; templates: Template[] }[] {
  const manifest = readJson<{ artifacts: Record<string, ManifestArtifact> }>(path.join(dir, 'manifest.json'));
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => ({ id, region: a.environment!.split('/').pop()!, templates: templatesOf(dir, a.properties!.templateFile!) }));
}

beforeAll(() => {
  for (const file of EXAMPLES) {
    const loaded = loadSpec(path.join(__dirname, '../../examples', file));
    const dir = synthesizeTo(loaded, fs.mkdtempSync(path.join(os.tmpdir(), `haven-asm-${file}-`))).outdir;
    built.set(file, { loaded, dir });
  }
}, 240_000);

describe.each(EXAMPLES)('the cloud assembly of examples/%s deploys as synthesized', (file) => {
  it('has no missing context and no placeholder availability zones', () => {
    const { dir } = built.get(file)!;
    const manifest = readJson<{ missing?: unknown[] }>(path.join(dir, 'manifest.json'));
    expect(manifest.missing ?? []).toEqual([]);
    const offenders = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && /dummy1[abc]/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('spreads every environment\'s subnets over the first zones of its region, as many as the tier asks for', () => {
    const { dir, loaded } = built.get(file)!;
    const stacks = stackArtifacts(dir);
    let checked = 0;
    for (const plan of Object.values(loaded.plans)) {
      for (const [role, region] of [['primary', plan.regions.primary], ['dr', plan.regions.dr]] as const) {
        const stack = stacks.find((s) => s.id === `${plan.project.name}-${plan.name}-${region}`);
        if (!region || !stack) continue;
        const zones = stack.templates.flatMap((t) => Object.values(t.Resources ?? {}).filter((r) => r.Type === 'AWS::EC2::Subnet').map((r) => r.Properties?.AvailabilityZone));
        const pinned = role === 'primary' ? plan.network.availabilityZones : plan.network.drAvailabilityZones;
        const expected = (pinned ?? AVAILABILITY_ZONES[region].names).slice(0, plan.network.azs ?? plan.defaults.azs);
        expect(new Set(zones), `${stack.id}`).toEqual(new Set(expected));
        for (const zone of zones) expect(knownZoneNames(region)).toContain(zone);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(Object.keys(loaded.plans).length);
  });

  it('is accepted by toolkit-lib as an assembly directory (which refuses an assembly with missing context)', async () => {
    const { dir } = built.get(file)!;
    const toolkit = new Toolkit({ ioHost: new HavenIoHost(() => {}), emojis: false, color: false });
    const listed = await toolkit.list(await toolkit.fromAssemblyDirectory(dir), { stacks: { strategy: StackSelectionStrategy.ALL_STACKS } });
    expect(listed.map((s) => s.name).sort()).toEqual(stackArtifacts(dir).map((s) => s.id).sort());
  });
});

describe('toolkit-lib and missing context (control)', () => {
  it('refuses the same assembly once its manifest records a missing context lookup, as the old AZ lookup did', async () => {
    const { dir } = built.get(EXAMPLES[0])!;
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-asm-missing-'));
    fs.cpSync(dir, copy, { recursive: true });
    const manifestFile = path.join(copy, 'manifest.json');
    const manifest = readJson<Record<string, unknown>>(manifestFile);
    fs.writeFileSync(manifestFile, JSON.stringify({
      ...manifest,
      missing: [{ key: 'availability-zones:account=111111111111:region=ca-central-1', provider: 'availability-zones', props: { account: '111111111111', region: 'ca-central-1', dummyValue: ['dummy1a', 'dummy1b', 'dummy1c'] } }],
    }));
    const toolkit = new Toolkit({ ioHost: new HavenIoHost(() => {}), emojis: false, color: false });
    await expect(toolkit.list(await toolkit.fromAssemblyDirectory(copy), { stacks: { strategy: StackSelectionStrategy.ALL_STACKS } })).rejects.toThrow(/missing context/);
  });
});
