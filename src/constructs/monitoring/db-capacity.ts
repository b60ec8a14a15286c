/** Memory (GiB) of common RDS instance classes, to derive PostgreSQL's default max_connections. */
const SIZE_MEMORY_GIB: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  // Burstable classes
  t3: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 },
  t4g: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32 },
  // General purpose: 4 GiB per vCPU, large = 2 vCPU
  m5: { large: 8, xlarge: 16, '2xlarge': 32, '4xlarge': 64, '8xlarge': 128 },
  m6g: { large: 8, xlarge: 16, '2xlarge': 32, '4xlarge': 64, '8xlarge': 128 },
  m6i: { large: 8, xlarge: 16, '2xlarge': 32, '4xlarge': 64, '8xlarge': 128 },
  m7i: { large: 8, xlarge: 16, '2xlarge': 32, '4xlarge': 64, '8xlarge': 128 },
  m7g: { large: 8, xlarge: 16, '2xlarge': 32, '4xlarge': 64, '8xlarge': 128 },
  // Memory optimised: 8 GiB per vCPU
  r5: { large: 16, xlarge: 32, '2xlarge': 64, '4xlarge': 128, '8xlarge': 256 },
  r6g: { large: 16, xlarge: 32, '2xlarge': 64, '4xlarge': 128, '8xlarge': 256 },
  r6i: { large: 16, xlarge: 32, '2xlarge': 64, '4xlarge': 128, '8xlarge': 256 },
  r7i: { large: 16, xlarge: 32, '2xlarge': 64, '4xlarge': 128, '8xlarge': 256 },
  r7g: { large: 16, xlarge: 32, '2xlarge': 64, '4xlarge': 128, '8xlarge': 256 },
};

/** Memory in GiB of an instance class such as `db.r6g.large`, or undefined when unknown. */
export function instanceClassMemoryGiB(instanceClass: string): number | undefined {
  const m = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceClass);
  if (!m) return undefined;
  return SIZE_MEMORY_GIB[m[1]]?.[m[2]];
}
