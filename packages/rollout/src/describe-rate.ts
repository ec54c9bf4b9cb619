import { formatCount } from './format-count.js';
import { formatPercent } from './format-percent.js';

/** "7.0% (14/200)": a rate with the counts behind it. */
export function describeRate(successes: number, trials: number): string {
  const rate = trials > 0 ? successes / trials : 0;
  return `${formatPercent(rate)} (${formatCount(successes)}/${formatCount(trials)})`;
}
