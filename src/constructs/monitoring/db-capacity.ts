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

/**
 * Aurora PostgreSQL Serverless v2 default max_connections, per the Aurora user guide's table: it is a static value set
 * from the memory of the MAXIMUM capacity (not the current one), so one number holds whatever the instance scales to.
 * Documented points (max ACU -> connections): 1 -> 189, 4 -> 823, 8 -> 1669, 16 -> 3360, 32+ -> 5000; in between we
 * interpolate linearly, and a minimum of 0.5 ACU or less caps it at 2000.
 */
const SERVERLESS_V2_PG_MAX_CONNECTIONS: ReadonlyArray<readonly [number, number]> = [[1, 189], [4, 823], [8, 1669], [16, 3360], [32, 5000]];

export function auroraServerlessV2MaxConnections(minAcu: number, maxAcu: number): number {
  if (!(maxAcu > 0)) throw new Error(`maximum capacity must be positive, got ${maxAcu}`);
  const points = SERVERLESS_V2_PG_MAX_CONNECTIONS;
  let value: number;
  if (maxAcu <= points[0][0]) value = points[0][1];
  else if (maxAcu >= points[points.length - 1][0]) value = points[points.length - 1][1];
  else {
    const i = points.findIndex(([acu]) => acu >= maxAcu);
    const [a0, c0] = points[i - 1];
    const [a1, c1] = points[i];
    value = Math.floor(c0 + ((maxAcu - a0) / (a1 - a0)) * (c1 - c0));
  }
  return minAcu <= 0.5 ? Math.min(value, 2000) : value;
}
