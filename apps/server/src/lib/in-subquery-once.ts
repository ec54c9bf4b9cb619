import { sql, type Column, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * `column IN (subquery)` with the subquery run exactly once. Claim queries (`UPDATE … WHERE id IN (SELECT
 * … LIMIT n FOR UPDATE SKIP LOCKED)`) need this: PostgreSQL may plan IN as a nested-loop semi join that
 * re-runs the subquery for every outer row, each run skips the rows this statement has already changed,
 * and the LIMIT bounds nothing (a claim of 10 took every due row). `= any(array(…))` is an InitPlan.
 */
export const inSubqueryOnce = (column: Column, subquery: SQLWrapper): SQL => sql`${column} = any(array(${subquery}))`;
