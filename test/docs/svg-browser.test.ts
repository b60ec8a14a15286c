import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { generateDocs } from '../../src/docs/generate';
import type { DocsInput } from '../../src/docs/types';
import { berthcareDr } from './fixtures';

function findChromium(): string | undefined {
  for (const bin of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

/** Width, height and inflated scanlines of a PNG (no dependency: zlib does the work). */
function readPng(file: string): { width: number; height: number; pixels: Buffer } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const len = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + len);
    if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + len;
  }
  return { width, height, pixels: zlib.inflateSync(Buffer.concat(idat)) };
}

const input: DocsInput = {
  project: { name: 'Browser check', frameworks: ['HIPAA'] },
  environments: [{ name: 'production', tier: 'production', regions: ['us-east-1'] }],
  stacks: [{
    name: 'app', region: 'us-east-1', environment: 'production',
    template: { Resources: {
      ...berthcareDr.template.Resources,
      Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: {} },
      Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [] } },
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
      Svc: { Type: 'AWS::ECS::Service', Properties: {} },
      Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { CacheNodeType: 'cache.r6g.large' } },
    } },
  }],
};

const chromium = findChromium();

describe('architecture SVG in a real browser', () => {
  it.skipIf(!chromium)('renders to a non-blank 1200x800 screenshot in headless Chromium', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-svg-'));
    try {
      const svgFile = path.join(dir, 'architecture.svg');
      const png = path.join(dir, 'shot.png');
      fs.writeFileSync(svgFile, generateDocs(input).get('architecture-production.svg') as string);
      execFileSync(chromium as string, [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        `--user-data-dir=${path.join(dir, 'profile')}`, `--screenshot=${png}`, '--window-size=1200,800', `file://${svgFile}`,
      ], { stdio: 'pipe', timeout: 90_000 });
      expect(fs.existsSync(png)).toBe(true);
      const { width, height, pixels } = readPng(png);
      expect([width, height]).toEqual([1200, 800]);
      // A blank or error page compresses to almost nothing and has few distinct byte values.
      expect(fs.statSync(png).size).toBeGreaterThan(10_000);
      expect(new Set(pixels).size).toBeGreaterThan(50);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a real Chromium binary, or says why the screenshot test is skipped', () => {
    if (!chromium) console.warn('SKIPPED browser screenshot: no chromium on PATH (apt-get install -y chromium)');
    else expect(fs.existsSync(chromium)).toBe(true);
  });
});
