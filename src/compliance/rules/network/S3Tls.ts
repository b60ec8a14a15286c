import type { HavenRule, RuleFinding } from '../../types';
import { asArray, at, evidence, prop, refersTo, resourcesOfType } from '../../template';

function deniesInsecureTransport(statement: unknown): boolean {
  if (at(statement, 'Effect') !== 'Deny') return false;
  const bool = (at(statement, 'Condition.Bool') as Record<string, unknown> | undefined)?.['aws:SecureTransport'];
  return bool === false || bool === 'false';
}

/** Buckets refuse plain-HTTP requests through their bucket policy. */
export const S3Tls: HavenRule = {
  id: 'HAVEN-S3-TLS',
  severity: 'error',
  title: 'Buckets accept TLS only',
  description: 'Every bucket has a bucket policy denying requests where aws:SecureTransport is false.',
  remediation: 'Set enforceSSL: true on the bucket (Haven buckets do).',
  evaluate(ctx) {
    const findings: RuleFinding[] = [];
    const buckets = resourcesOfType(ctx, 'AWS::S3::Bucket');
    const policies = resourcesOfType(ctx, 'AWS::S3::BucketPolicy');
    for (const ref of buckets) {
      const ok = policies.some(
        (p) => p.stack === ref.stack && refersTo(p.resource.Properties?.Bucket, ref.logicalId) && asArray(prop(p.resource, 'PolicyDocument.Statement')).some(deniesInsecureTransport),
      );
      if (!ok) findings.push({ message: `Bucket ${ref.logicalId} accepts requests without TLS`, evidence: evidence(ref, 'BucketPolicy.Statement[aws:SecureTransport=false].Deny', null) });
    }
    return { findings, checked: buckets.length };
  },
};
