export interface RankedResult {
  readonly expected: string;
  /** Returned ids, best first. */
  readonly ranked: readonly string[];
}

export interface RankingReport {
  readonly total: number;
  /** Share of questions whose expected id came first. */
  readonly hitAt1: number;
  /** Share of questions whose expected id is among the first three. */
  readonly hitAt3: number;
  /** Mean reciprocal rank of the expected id (0 when missing). */
  readonly mrr: number;
}

export function rankingMetrics(results: readonly RankedResult[]): RankingReport {
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  for (const { expected, ranked } of results) {
    const position = ranked.indexOf(expected);
    if (position < 0) continue;
    if (position === 0) hit1++;
    if (position < 3) hit3++;
    reciprocal += 1 / (position + 1);
  }
  const total = results.length;
  const share = (count: number): number => (total === 0 ? 0 : count / total);
  return { total, hitAt1: share(hit1), hitAt3: share(hit3), mrr: share(reciprocal) };
}
