import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { renderReport, runCheck } from '../../src/compliance';
import { goldenInput } from './golden-platform';

/** Debian's chromium package; CI installs it too. */
function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => !!c && fs.existsSync(c));
}

const chromium = findChromium();
if (!chromium) console.warn('Skipping the HTML report browser test: chromium not found (apt-get install chromium, or set CHROMIUM_BIN).');

/** Load the file in headless Chromium and return the DOM after its script has run. */
function dumpDom(file: string, hash = ''): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-chromium-'));
  try {
    return execFileSync(chromium!, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--no-default-browser-check', `--user-data-dir=${profile}`, '--virtual-time-budget=5000',
      '--dump-dom', `file://${file}${hash}`,
    ], { encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function rows(dom: string, tbodyId: string): string[] {
  const m = new RegExp(`<tbody id="${tbodyId}">([\\s\\S]*?)</tbody>`).exec(dom);
  return m ? m[1].match(/<tr[\s\S]*?<\/tr>/g) ?? [] : [];
}

describe.skipIf(!chromium)('HTML report in headless Chromium', () => {
  const report = runCheck(goldenInput());
  const html = renderReport(report, 'html');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-html-'));
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);

  let plain: string | undefined;
  const dom_ = () => (plain ??= dumpDom(file));

  it('is one self-contained file: no external scripts, styles or fetches', () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|https?:\/\/[^"' ]+\.(js|css)/);
  });

  it('renders the control matrix with every control, its status and the verdict', () => {
    const dom = dom_();
    expect(dom).toContain('data-rendered="true"');
    const matrix = rows(dom, 'matrix-body');
    expect(matrix).toHaveLength(report.controls.length);
    const cc66 = matrix.find((r) => r.includes('data-control="CC6.6"'));
    expect(cc66).toContain('data-status="not_met"');
    expect(cc66).toContain('not met');
    expect(cc66).toContain('AwsSolutions-VPC7');
    const transfer = matrix.find((r) => r.includes('data-control="4.1.3"'));
    expect(transfer).toContain('Haven interpretation: Haven keeps personal data in Canadian regions');
    expect(dom).toMatch(/<span id="verdict" class="verdict fail">Failed: 4 unacknowledged error\(s\), 0 warning\(s\)<\/span>\.<\/div>/);
    expect(dom).toContain(`${report.controls.length} of ${report.controls.length} controls`);
  });

  it('shows the evidence of every finding: stack, resource, property and value', () => {
    const dom = dom_();
    const findings = rows(dom, 'findings-body');
    expect(findings).toHaveLength(report.findings.length);
    const enc = findings.find((r) => r.includes('HAVEN-ENCRYPTION-AT-REST'));
    expect(enc).toContain('golden-data/Uploads (buckets.uploads)');
    expect(enc).toContain('Properties.BucketEncryption = null');
    expect(enc).toContain('pipeda:4.7.1');
    const acked = findings.find((r) => r.includes('HAVEN-SECRET-ROTATION'));
    expect(acked).toContain('data-status="acknowledged"');
    expect(acked).toContain('acknowledged by security@example.com');
  });

  it('tells met, met with exception and not met apart, and lists Haven\'s acknowledgements apart from the spec\'s', () => {
    const dom = dom_();
    const matrix = rows(dom, 'matrix-body');
    const retention = matrix.find((r) => r.includes('data-control="4.5"'));
    expect(retention).toContain('data-status="met_with_exception"');
    expect(retention).toContain('met with exception');
    expect(matrix.find((r) => r.includes('data-control="CC8.1"'))).toContain('data-status="met"');
    const pipeda = report.summary.find((s) => s.framework === 'pipeda')!;
    expect(dom).toMatch(new RegExp(`<tr data-framework="pipeda"><td>[^<]+</td><td class="num">${pipeda.met}</td><td class="num">${pipeda.met_with_exception}</td><td class="num">${pipeda.not_met}</td>`));
    expect(dom).toContain(`${pipeda.met}/${pipeda.met + pipeda.met_with_exception + pipeda.not_met} (40%)`);
    const builtin = /<table id="builtin-acknowledgements">[\s\S]*?<\/table>/.exec(dom)?.[0] ?? '';
    expect(builtin).toContain('HAVEN-ALARM-COVERAGE');
    expect(builtin).toContain('href="https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.custom_resources-readme.html"');
    expect(builtin).not.toContain('security@example.com');
    const spec = /<table id="spec-acknowledgements">[\s\S]*?<\/table>/.exec(dom)?.[0] ?? '';
    expect(spec).toContain('security@example.com');
    expect(spec).toContain('legal@example.com');
    expect(spec).not.toContain('HAVEN-ALARM-COVERAGE');
  });

  it('applies the framework and status filters', () => {
    const dom = dumpDom(file, '#framework=soc2&status=not_met');
    const matrix = rows(dom, 'matrix-body');
    expect(matrix.map((r) => /data-control="([^"]+)"/.exec(r)![1])).toEqual(['CC6.1', 'CC6.6', 'CC6.7']);
    expect(dom).toContain(`3 of ${report.controls.length} controls`);
  });
});
