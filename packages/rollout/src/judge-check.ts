export type CheckStatus = 'pass' | 'fail' | 'skipped';

/** One health check of the judge: its outcome and a sentence with the numbers. */
export interface JudgeCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly reason: string;
}
