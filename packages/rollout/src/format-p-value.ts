/** A p-value for a sentence: "p = 0.0073", "p = 0.45", "p < 0.0001". */
export function formatPValue(p: number): string {
  return p < 0.0001 ? 'p < 0.0001' : `p = ${p.toPrecision(2)}`;
}
