import { percentile } from './stats/percentile.js';

/** One arm's metrics over the judge's window (canary and stable use the same window). */
export interface ArmMetrics {
  /**
   * Page loads that started this arm's widget, failed ones included: the
   * denominator of every rate.
   */
  readonly loads: number;
  /** Loads that reported at least one error; a larger count is capped at `loads`. */
  readonly errors: number;
  /** Load-time sample in ms; when given, p95 is computed from it (type-7 percentile). */
  readonly loadTimesMs?: readonly number[];
  /** A precomputed p95 load time in ms, used when no sample is given. */
  readonly p95LoadMs?: number | null;
  /** Loads in which the visitor opened the widget (capped at `loads`). */
  readonly opens?: number;
  /** Loads that converted (capped at `loads`). */
  readonly conversions?: number;
}

/** The numbers the judge used for one arm; JSON-safe (null, never NaN or undefined). */
export interface ArmSummary {
  readonly loads: number;
  /** Errored loads after capping at `loads`. */
  readonly errors: number;
  /** The error count as reported, before capping. */
  readonly errorsReported: number;
  readonly errorRate: number | null;
  readonly p95LoadMs: number | null;
  /** Size of the load-time sample, or null when a precomputed p95 (or nothing) was given. */
  readonly loadTimeSamples: number | null;
  readonly opens: number | null;
  readonly openRate: number | null;
  readonly conversions: number | null;
  readonly conversionRate: number | null;
}

function assertCount(value: number, label: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${label} must be a finite number ≥ 0, got ${value}`);
}

function p95Of(metrics: ArmMetrics, label: string): number | null {
  if (metrics.loadTimesMs !== undefined && metrics.loadTimesMs.length > 0) return percentile(metrics.loadTimesMs, 95);
  const given = metrics.p95LoadMs ?? null;
  if (given !== null) assertCount(given, `${label}.p95LoadMs`);
  return given;
}

function capped(count: number | undefined, loads: number, label: string): number | null {
  if (count === undefined) return null;
  assertCount(count, label);
  return Math.min(count, loads);
}

/** Validates one arm's metrics (RangeError on negative or non-finite numbers) and derives its rates. */
export function summarizeArm(metrics: ArmMetrics, label: string): ArmSummary {
  const { loads } = metrics;
  assertCount(loads, `${label}.loads`);
  assertCount(metrics.errors, `${label}.errors`);
  const rate = (count: number | null): number | null => (count === null || loads === 0 ? null : count / loads);
  const errors = Math.min(metrics.errors, loads);
  const opens = capped(metrics.opens, loads, `${label}.opens`);
  const conversions = capped(metrics.conversions, loads, `${label}.conversions`);
  return {
    loads,
    errors,
    errorsReported: metrics.errors,
    errorRate: rate(errors),
    p95LoadMs: p95Of(metrics, label),
    loadTimeSamples: metrics.loadTimesMs !== undefined && metrics.loadTimesMs.length > 0 ? metrics.loadTimesMs.length : null,
    opens,
    openRate: rate(opens),
    conversions,
    conversionRate: rate(conversions),
  };
}
