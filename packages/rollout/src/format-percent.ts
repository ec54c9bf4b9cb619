/** A rate (0..1) as a percentage: one decimal, two below 1 % so small rates stay distinct ("7.0%", "0.12%"). */
export function formatPercent(rate: number): string {
  const percent = rate * 100;
  const decimals = percent !== 0 && Math.abs(percent) < 1 ? 2 : 1;
  return `${percent.toFixed(decimals)}%`;
}
