import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * Haven runs the AWS Control Tower proactive controls with the cfn-guard binary and rules bundled in
 * @cdklabs/cdk-validator-cfnguard, but reads guard's output itself. Two reasons:
 * - the validator's own parser expects every failed check to carry `traversed.to.path`; the bundled guard reports
 *   checks of rules that call named sub-rules as nested `Rule` / `Clause` / `UnResolved` objects instead, and the
 *   validator then throws ("reading 'to'"). CDK turns that into a plugin failure with no violations, so every realistic
 *   Haven template silently produced zero guard findings;
 * - CDK hands validation plugins only top-level stack templates, never nested stack templates.
 */

/** One failed Control Tower control on one template, with the resources that fail it. */
export interface GuardViolation {
  /** Control Tower id (`CT.S3.PR.1`), or undefined for a rule whose message names none. */
  readonly controlId?: string;
  /** The guard rule's name, e.g. `s3_bucket_default_encryption_kms_check`. */
  readonly ruleName: string;
  /** `[CT.S3.PR.10]: Require …`, as the rule states it. */
  readonly description: string;
  readonly fix?: string;
  readonly templatePath: string;
  readonly logicalIds: readonly string[];
}

interface Located { logicalId: string; message?: string }

/** Every `/Resources/<id>` path in a failed check, with the nearest enclosing custom message. */
function collect(node: unknown, message: string | undefined, out: Located[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, message, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const custom = (obj.messages as { custom_message?: unknown } | undefined)?.custom_message;
  // Only the message naming a control counts: helper sub-rules add their own ("Local Stack reference was invalid").
  const here = typeof custom === 'string' && custom.includes('[CT.') ? custom : message;
  if (typeof obj.path === 'string') {
    const m = /^\/Resources\/([^/]+)/.exec(obj.path);
    if (m) out.push({ logicalId: m[1], message: here });
  }
  for (const [k, v] of Object.entries(obj)) {
    // {path, value} pairs carry the template's own data under `value`: never read resource properties as checks.
    if (k === 'value' && typeof obj.path === 'string') continue;
    if (k === 'messages') continue;
    collect(v, here, out);
  }
}

function splitMessage(message: string | undefined): { description?: string; fix?: string } {
  const lines = (message ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const fix = lines.find((l) => l.startsWith('[FIX]'))?.replace(/^\[FIX\]:\s*/, '');
  const description = lines.find((l) => !l.startsWith('[FIX]'));
  return { ...(description ? { description } : {}), ...(fix ? { fix } : {}) };
}

/** Guard's `--output-format json --structured` results, whatever shape each failed check takes. */
export function parseGuardOutput(results: unknown): GuardViolation[] {
  const out: GuardViolation[] = [];
  for (const result of Array.isArray(results) ? results : [results]) {
    const r = result as { name?: string; not_compliant?: unknown[] } | null;
    if (!r || !Array.isArray(r.not_compliant)) continue;
    for (const item of r.not_compliant) {
      // Older guard output is the rule itself; newer wraps it as { Rule: {...} }.
      const rule = ((item as { Rule?: unknown }).Rule ?? item) as { name?: string };
      const found: Located[] = [];
      collect(rule, undefined, found);
      // Locations reached outside the sub-rule that states the control still belong to it.
      const ruleMessage = found.find((f) => f.message?.includes('[CT.'))?.message;
      const byMessage = new Map<string, Set<string>>();
      for (const f of found) {
        const key = f.message ?? ruleMessage ?? '';
        if (!byMessage.has(key)) byMessage.set(key, new Set());
        byMessage.get(key)!.add(f.logicalId);
      }
      for (const [message, ids] of byMessage) {
        const { description, fix } = splitMessage(message);
        const text = description ?? rule.name ?? 'cfn-guard rule';
        out.push({
          ...(/^\[(CT\.[A-Z0-9.-]+)\]/.test(text) ? { controlId: /^\[(CT\.[A-Z0-9.-]+)\]/.exec(text)![1] } : {}),
          ruleName: rule.name ?? 'unknown',
          description: text,
          ...(fix ? { fix } : {}),
          templatePath: r.name ?? '',
          logicalIds: [...ids].sort(),
        });
      }
    }
  }
  return out;
}

export interface GuardRunOptions {
  /** Rule files or directories (default: the Control Tower rules bundled with the validator). */
  readonly rules?: readonly string[];
}

/** The cfn-guard binary and Control Tower rules bundled with @cdklabs/cdk-validator-cfnguard. */
export function bundledGuard(): { binary: string; rules: string } {
  const root = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
  const platform = process.platform === 'darwin' ? 'macos' : process.platform === 'linux' ? 'ubuntu' : undefined;
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : undefined;
  if (!platform || !arch) throw new Error(`cfn-guard is bundled for Linux and macOS on x64/arm64, not ${process.platform}/${process.arch}`);
  return { binary: path.join(root, 'bin', platform, arch, 'cfn-guard'), rules: path.join(root, 'rules', 'control-tower', 'cfn-guard') };
}

/** Run the Control Tower rules over templates (one guard process for all of them). */
export function runGuard(templatePaths: readonly string[], options: GuardRunOptions = {}): GuardViolation[] {
  if (templatePaths.length === 0) return [];
  const guard = bundledGuard();
  const args = ['validate', ...(options.rules ?? [guard.rules]).flatMap((r) => ['--rules', r]), ...templatePaths.flatMap((t) => ['--data', t]), '--output-format', 'json', '--show-summary', 'none', '--structured'];
  const proc = spawnSync(guard.binary, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (proc.error) throw proc.error;
  // guard exits 5 or 19 when a rule fails; anything else is guard itself failing.
  if (proc.status !== 0 && proc.status !== 5 && proc.status !== 19) {
    throw new Error(`cfn-guard exited with ${proc.status ?? proc.signal}: ${proc.stderr.slice(0, 500)}`);
  }
  const text = proc.stdout.trim();
  return text ? parseGuardOutput(JSON.parse(text)) : [];
}
