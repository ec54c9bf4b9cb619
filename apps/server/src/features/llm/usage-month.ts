/** The calendar month (UTC) an LLM call is counted in, as 'YYYY-MM'. */
export function usageMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}
