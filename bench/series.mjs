// Generated spec for the benchmark series: N services in one `services` group, 1-3 regions, 1-3 environments.
// regions: 1 = primary only; 2 = + DR region (warm standby); 3 = + CloudFront in front of the load balancer, which
// adds the us-east-1 edge stack (the primary is eu-west-1 so the edge stack is a region of its own).
const ENVIRONMENTS = [
  ['production', 'production', '10.0'],
  ['staging', 'staging', '10.2'],
  ['development', 'development', '10.4'],
];

export function seriesSpec({ services, regions, environments }) {
  const names = Array.from({ length: services }, (_, i) => `svc-${String(i + 1).padStart(3, '0')}`);
  const lines = [
    'project:',
    '  name: bench',
    '  owner: bench@example.com',
    `  description: Generated benchmark spec (${services} services, ${regions} regions, ${environments} environments)`,
    'compliance:',
    '  frameworks: [hipaa]',
    'regions:',
    '  primary: eu-west-1',
    ...(regions >= 2 ? ['  dr: eu-central-1'] : []),
    'network:',
    '  cidr: 10.0.0.0/16',
    ...(regions >= 2 ? ['  drCidr: 10.1.0.0/16'] : []),
    '  azs: 2',
    'notifications:',
    '  emails: [bench@example.com]',
    'databases:',
    '  main:',
    '    engine: aurora-postgresql',
    '    version: "15"',
    `    clients: [${names.join(', ')}]`,
    'buckets:',
    '  data:',
    '    purpose: Customer data',
    '    dataClass: phi',
    ...(regions >= 2 ? ['    replicate: true'] : []),
    'edge:',
    '  domain:',
    '    name: bench.example.com',
    '    hostedZoneId: Z0BENCH0000000000001',
    '  alb: {}',
    ...(regions >= 3 ? ['  cdn:', '    origins: [alb]'] : []),
    'services:',
    '  fleet:',
    `    names: [${names.join(', ')}]`,
    // One Haven-managed ECR repository per service, as a fleet built by Haven's pipeline has; above 60 they live in
    // nested registry stacks, so 200 services stay within a template's 500-resource and 200-output limits.
    "    image: '{name}'",
    '    cpu: 256',
    '    memory: 512',
    '    public: { paths: "/{name}/*" }',
    '    connects: [data]',
    ...(regions >= 2 ? ['dr:', '  strategy: warm-standby', '  objectives: { rpoMinutes: 15, rtoMinutes: 60 }'] : []),
    'environments:',
  ];
  ENVIRONMENTS.slice(0, environments).forEach(([name, tier, prefix], i) => {
    lines.push(`  ${name}:`, `    tier: ${tier}`);
    if (i === 0) return;
    lines.push('    network:', `      cidr: ${prefix}.0.0/16`, ...(regions >= 2 ? [`      drCidr: ${prefix.replace(/\d+$/, (n) => String(Number(n) + 1))}.0.0/16`] : []));
    // Environments share the hosted zone: each claims its own names (validation refuses two claims on one name).
    lines.push('    edge:', `      alb: { recordName: ${name}.app }`, ...(regions >= 3 ? [`      cdn: { recordName: ${name}.cdn }`] : []));
  });
  return lines.join('\n') + '\n';
}
