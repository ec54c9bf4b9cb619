/** The judge's latest decision, read from the loosely typed `lastVerdict` / deployment metrics. */
export interface Verdict {
  /** e.g. promote, hold, rollback. */
  verdict: string;
  reasons: string[];
  at: string | null;
  /** Everything else the judge recorded (metrics). */
  details: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

/** Tolerates the shapes a judge may record: `{ verdict|decision|outcome|action, reasons[]|reason, at|decidedAt }`. */
export function parseVerdict(value: unknown): Verdict | null {
  if (typeof value === 'string') return { verdict: value, reasons: [], at: null, details: {} };
  if (!isRecord(value)) return null;
  const verdict = firstString(value, ['verdict', 'decision', 'outcome', 'action', 'kind']);
  if (verdict === null) return null;
  const reasons: string[] = [];
  const list = value.reasons;
  if (Array.isArray(list)) {
    for (const r of list) {
      if (typeof r === 'string') reasons.push(r);
      else if (isRecord(r)) {
        const text = firstString(r, ['message', 'reason', 'text', 'code']);
        if (text !== null) reasons.push(text);
      }
    }
  }
  const single = firstString(value, ['reason']);
  if (single !== null && !reasons.includes(single)) reasons.push(single);
  const at = firstString(value, ['at', 'decidedAt', 'time']);
  const skip = new Set(['verdict', 'decision', 'outcome', 'action', 'kind', 'reasons', 'reason', 'at', 'decidedAt', 'time']);
  const details = Object.fromEntries(Object.entries(value).filter(([k]) => !skip.has(k)));
  return { verdict, reasons, at, details };
}

/** Badge class of a verdict. */
export function verdictTone(verdict: string): 'good' | 'bad' | 'neutral' {
  const v = verdict.toLowerCase();
  if (v.includes('roll') || v.includes('abort') || v.includes('fail')) return 'bad';
  if (v.includes('promote') || v.includes('complete') || v.includes('pass')) return 'good';
  return 'neutral';
}
