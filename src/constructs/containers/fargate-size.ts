/**
 * Fargate's valid task sizes (CPU units → memory MiB). ECS rejects anything else at deploy time, so we reject it
 * at synth time instead. Pure data: the spec validator imports it too.
 */
const SIZES: ReadonlyArray<readonly [cpu: number, min: number, max: number, step: number]> = [
  [256, 512, 2048, 512],
  [512, 1024, 4096, 1024],
  [1024, 2048, 8192, 1024],
  [2048, 4096, 16384, 1024],
  [4096, 8192, 30720, 1024],
  [8192, 16384, 61440, 4096],
  [16384, 32768, 122880, 8192],
];

export const FARGATE_CPU_VALUES: readonly number[] = SIZES.map(([cpu]) => cpu);

export function isValidFargateSize(cpu: number, memoryMiB: number): boolean {
  const row = SIZES.find(([c]) => c === cpu);
  if (!row) return false;
  const [, min, max, step] = row;
  // 256 CPU accepts exactly 512, 1024 and 2048 (not 1536); every other row steps evenly.
  if (cpu === 256) return memoryMiB === 512 || memoryMiB === 1024 || memoryMiB === 2048;
  return memoryMiB >= min && memoryMiB <= max && (memoryMiB - min) % step === 0;
}

/** Human-readable list of the memory values a CPU size accepts, for error messages. */
export function fargateMemoryChoices(cpu: number): string {
  const row = SIZES.find(([c]) => c === cpu);
  if (!row) return `cpu must be one of ${FARGATE_CPU_VALUES.join(', ')}`;
  if (cpu === 256) return 'memory for cpu 256 must be 512, 1024 or 2048 MiB';
  const [, min, max, step] = row;
  return `memory for cpu ${cpu} must be ${min}-${max} MiB in steps of ${step}`;
}
