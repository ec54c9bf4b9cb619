/**
 * The p-th percentile (p in 0..100) by linear interpolation between the two
 * nearest ranks: h = (n − 1)·p/100, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋]).
 * This is Hyndman & Fan type 7, the default of numpy, R and Excel PERCENTILE.INC.
 * Returns null for an empty sample. Throws RangeError on a non-finite value.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`p must be between 0 and 100, got ${p}`);
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`percentile needs finite values, got ${value}`);
  }
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const h = ((sorted.length - 1) * p) / 100;
  const lowIndex = Math.floor(h);
  const low = sorted[lowIndex] ?? 0;
  const high = sorted[Math.ceil(h)] ?? low;
  return low + (h - lowIndex) * (high - low);
}
