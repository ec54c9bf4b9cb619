/** A 0..1 rate as a percentage, e.g. 0.0523 → "5.23%". */
export function formatPercent(rate: number | null | undefined, digits = 2): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A signed percentage-point or relative change, e.g. 0.012 → "+1.20%". */
export function formatSignedPercent(rate: number | null | undefined, digits = 2): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const text = formatPercent(rate, digits);
  return rate > 0 ? `+${text}` : text;
}

/** Milliseconds, e.g. 1234.5 → "1,235 ms". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A p-value: "< 0.001" for tiny values, otherwise three decimals. */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

/** A 95% confidence interval of an absolute difference in rates, e.g. "[−1.20%, +3.40%]". */
export function formatInterval([low, high]: readonly [number, number]): string {
  return `[${formatSignedPercent(low)}, ${formatSignedPercent(high)}]`;
}

/** Steps as written in the rollout form: "5, 25, 50, 100". */
export function formatSteps(steps: readonly number[]): string {
  return steps.join(', ');
}
