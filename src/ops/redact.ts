/**
 * Redaction for evidence that leaves the account (committed to git, attached to audits): account ids
 * (also inside ARNs), access key ids, secret-like fields and the account-unique part of AWS endpoints.
 */
const SECRET_KEYS = /^(password|passwd|secret|secretstring|secretvalue|secretbinary|auth_?token|token|sessiontoken|secretaccesskey|private_?key|credentials?)$/i;

export function redactString(s: string): string {
  return s
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '[REDACTED-ACCESS-KEY]')
    .replace(/(?<![0-9])[0-9]{12}(?![0-9])/g, '[REDACTED-ACCOUNT]')
    // `name.cluster-abc123xyz.region.rds.amazonaws.com`: the random middle label identifies the account.
    .replace(/\b([a-z0-9-]+)\.([a-z0-9-]+)\.([a-z0-9-]+)\.(rds|cache)\.amazonaws\.com\b/gi, '$1.[REDACTED].$3.$4.amazonaws.com');
}

/** Deep copy with redaction applied; Dates become ISO strings. */
export function redact<T>(value: T): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (key && SECRET_KEYS.test(key) && v !== undefined && v !== null && typeof v !== 'object') return '[REDACTED]';
    if (typeof v === 'string') return redactString(v);
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value) as T;
}
