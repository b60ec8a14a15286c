import { describe, expect, it } from 'vitest';
import { issuesOf } from '../issues';

const spec = (cache: string) => `project:
  name: demo
compliance:
  frameworks: [hipaa]
regions:
  primary: ca-central-1
network:
  cidr: 10.0.0.0/16
caches:
  sessions:
${cache}
environments:
  main:
    tier: production
`;


describe('caches.<name>.auth', () => {
  it('accepts IAM authentication on Redis OSS 7.0+ and Valkey 7.2+, and a token anywhere', () => {
    expect(issuesOf(spec('    engine: redis\n    version: "7.0"\n    auth: iam'))).toEqual([]);
    expect(issuesOf(spec('    engine: valkey\n    version: "7.2"\n    auth: iam'))).toEqual([]);
    expect(issuesOf(spec('    engine: redis\n    version: "6.2"\n    auth: token'))).toEqual([]);
  });

  it('rejects IAM authentication where the engine has none, at the auth field', () => {
    const issues = issuesOf(spec('    engine: redis\n    version: "6.2"\n    auth: iam'));
    expect(issues.map((i) => [i.path, i.line])).toEqual([['caches.sessions.auth', 13]]);
    expect(issues[0].message).toMatch(/IAM authentication needs Redis OSS 7.0\+ or Valkey 7.2\+, not redis 6.2/);
    expect(issuesOf(spec('    engine: valkey\n    version: "7.1"\n    auth: iam'))[0].path).toBe('caches.sessions.auth');
  });

  it('rejects a value other than iam or token', () => {
    expect(issuesOf(spec('    engine: redis\n    version: "7.1"\n    auth: password')).map((i) => i.path)).toEqual(['caches.sessions.auth']);
  });
});
