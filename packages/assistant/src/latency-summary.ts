export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** Nearest-rank percentiles of latency samples in milliseconds; all zero for no samples. */
export function latencySummary(samplesMs: readonly number[]): LatencySummary {
  const sorted = samplesMs.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, mean: 0, max: 0 };
  const percentile = (p: number): number => sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))] ?? 0;
  return {
    count,
    p50: percentile(50),
    p90: percentile(90),
    p99: percentile(99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / count,
    max: sorted[count - 1] ?? 0,
  };
}
